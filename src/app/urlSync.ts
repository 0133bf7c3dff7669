/**
 * Keep the address bar in step with the store (replaceState: stepping does not flood history). A built-in
 * is named in the query; any other scenario travels whole in the fragment (src/store/shareLink.ts). The
 * address is written once the state has stayed put for QUIET_MS, and at least every MAX_WAIT_MS while playing
 * or holding an arrow key; a long one (a large scenario in the fragment) only after LONG_QUIET_MS of quiet. A
 * write costs a step's frame 2-20 ms here (replaceState, and the browser fetching the page's icon again), a
 * long address tens of ms on the busy test VM.
 */
import type { AppStore } from '../store/appStore';
import { linkParts } from '../store/shareLink';

const QUIET_MS = 300;
const LONG_QUIET_MS = 600;
const MAX_WAIT_MS = 2000;
/** addresses longer than this are written when stepping pauses, not while it goes on */
const LONG_URL = 16 * 1024;

export function startUrlSync(
  store: AppStore,
  mineKey: () => string | null = () => null,
): (() => void) & { write: () => void } {
  const write = () => {
    const s = store.getState();
    const parts = linkParts(s, mineKey());
    if (!parts) return;
    let search = parts.search;
    // embed mode's own parameters stay: a reload is still the same locked embed
    const kept = new URLSearchParams(window.location.search);
    const embed = ['embed', 'from', 'to']
      .filter((k) => kept.has(k))
      .map((k) => `${k}=${encodeURIComponent(kept.get(k) ?? '')}`);
    if (kept.get('embed') === '1') search += `${search ? '&' : '?'}${embed.join('&')}`;
    long = search.length + parts.hash.length > LONG_URL;
    if (search !== window.location.search || parts.hash !== window.location.hash)
      window.history.replaceState(null, '', `${window.location.pathname}${search}${parts.hash}`);
  };
  let long = false;
  write();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** when the oldest change not yet written was made (null: none pending) */
  let pendingSince: number | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pendingSince = null;
    write();
  };
  const debounced = () => {
    const now = performance.now();
    pendingSince ??= now;
    if (timer !== null) clearTimeout(timer);
    // a long address waits for the quiet alone
    const wait = long ? LONG_QUIET_MS : Math.min(QUIET_MS, pendingSince + MAX_WAIT_MS - now);
    timer = setTimeout(flush, Math.max(0, wait));
  };
  // a pending write is made before the page goes (a reload or a copied link has the last state)
  window.addEventListener('pagehide', () => timer !== null && flush());
  const unsub = store.subscribe((s) => [s.load, s.cursor, s.selection, s.kernel] as const, debounced, {
    equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3],
  });
  // `write` is immediate: a caller that needs the link now (Copy link, a saved edit) must not wait
  return Object.assign(unsub, { write: flush });
}
