/**
 * Keep the address bar in step with the store (replaceState: stepping does not flood history). A built-in
 * is named in the query; any other scenario travels whole in the fragment (src/store/shareLink.ts). At most
 * one write per THROTTLE_MS while playing or holding an arrow key, the last one always made: replaceState
 * cost ~10 ms a call on a loaded machine, a large share of a step's frame. A long address (a large scenario
 * in the fragment) costs more per call (bench A's: tens of ms on the busy test VM): it is written once the
 * state has stayed put for QUIET_MS instead.
 */
import type { AppStore } from '../store/appStore';
import { linkParts } from '../store/shareLink';

const THROTTLE_MS = 250;
const QUIET_MS = 600;
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
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    last = performance.now();
    write();
  };
  const throttled = () => {
    if (long) {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(flush, QUIET_MS);
      return;
    }
    if (timer !== null) return;
    const wait = last + THROTTLE_MS - performance.now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
  // a pending write is made before the page goes (a reload or a copied link has the last state)
  window.addEventListener('pagehide', () => timer !== null && flush());
  const unsub = store.subscribe((s) => [s.load, s.cursor, s.selection, s.kernel] as const, throttled, {
    equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3],
  });
  // `write` is immediate: a caller that needs the link now (Copy link, a saved edit) must not wait
  return Object.assign(unsub, { write: flush });
}
