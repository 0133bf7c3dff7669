/**
 * Keep the address bar in step with the store (replaceState: stepping does not flood history). A built-in
 * is named in the query; any other scenario travels whole in the fragment (src/store/shareLink.ts).
 */
import type { AppStore } from '../store/appStore';
import { linkParts } from '../store/shareLink';

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
    if (search !== window.location.search || parts.hash !== window.location.hash)
      window.history.replaceState(null, '', `${window.location.pathname}${search}${parts.hash}`);
  };
  write();
  const unsub = store.subscribe((s) => [s.load, s.cursor, s.selection, s.kernel] as const, write, {
    equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3],
  });
  return Object.assign(unsub, { write });
}
