/** Keep the address bar in step with the store (replaceState: stepping does not flood history). */
import type { AppStore } from '../store/appStore';
import { encodePermalink } from '../store/permalink';

export function startUrlSync(store: AppStore): () => void {
  const write = () => {
    const s = store.getState();
    if (s.load.status !== 'ready') return;
    const search = encodePermalink({
      scenario: s.load.source === 'builtin' ? s.load.id : null,
      step: s.cursor,
      selection: s.selection,
    });
    if (search !== window.location.search)
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  };
  write();
  return store.subscribe((s) => [s.load, s.cursor, s.selection] as const, write, {
    equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2],
  });
}
