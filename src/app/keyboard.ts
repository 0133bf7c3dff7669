/** Space play/pause, ←/→ step, Home/End first/last, Escape clears the selection; ignored while typing. */
import type { AppStore } from '../store/appStore';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function startKeyboard(store: AppStore): () => void {
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (t && (TYPING.has(t.tagName) || t.isContentEditable)) return;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // a focused button or canvas handles its own Space/arrows
    if (t?.closest('[data-keys="own"]')) return;
    const s = store.getState();
    const map: Record<string, () => void> = {
      ' ': s.togglePlay,
      ArrowRight: s.next,
      ArrowLeft: s.prev,
      Home: s.first,
      End: s.last,
      Escape: () => s.select(null),
    };
    const fn = map[e.key];
    if (!fn) return;
    if (e.key === ' ' && t?.tagName === 'BUTTON') return;
    e.preventDefault();
    fn();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
