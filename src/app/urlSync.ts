/** Keep the address bar in step with the store (replaceState: stepping does not flood history). */
import type { AppStore } from '../store/appStore';
import { encodePermalink } from '../store/permalink';

export function startUrlSync(store: AppStore): () => void {
  const write = () => {
    const s = store.getState();
    if (s.load.status !== 'ready') return;
    let search = encodePermalink({
      scenario: s.load.source === 'builtin' ? s.load.id : null,
      kernel: s.kernel,
      step: s.cursor,
      selection: s.selection,
    });
    // embed mode's own parameters stay: a reload is still the same locked embed
    const kept = new URLSearchParams(window.location.search);
    const embed = ['embed', 'from', 'to']
      .filter((k) => kept.has(k))
      .map((k) => `${k}=${encodeURIComponent(kept.get(k) ?? '')}`);
    if (kept.get('embed') === '1') search += `${search ? '&' : '?'}${embed.join('&')}`;
    if (search !== window.location.search)
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  };
  write();
  return store.subscribe((s) => [s.load, s.cursor, s.selection, s.kernel] as const, write, {
    equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3],
  });
}
