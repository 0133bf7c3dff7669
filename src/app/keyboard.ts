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
    if (e.key === ' ' && t?.tagName === 'BUTTON') return;
    const action = actionFor(e.key);
    if (!action) return;
    e.preventDefault();
    action(store.getState());
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}

type Action = (s: ReturnType<AppStore['getState']>) => void;

function actionFor(key: string): Action | null {
  switch (key) {
    case ' ':
      return (s) => s.togglePlay();
    case 'ArrowRight':
      return (s) => s.next();
    case 'ArrowLeft':
      return (s) => s.prev();
    case 'Home':
      return (s) => s.first();
    case 'End':
      return (s) => s.last();
    case 'Escape':
      return (s) => s.select(null);
    default:
      return null;
  }
}
