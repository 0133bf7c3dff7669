/**
 * Space play/pause, ←/→ step, Home/End first/last, O step over, D next decision, N next event, PgDn/PgUp the
 * tour's next/previous stop (the next/previous event without a tour), Escape clears the selection; ignored
 * while typing.
 */
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

/** the first step of the current event, or of the one before when already there */
function prevEventTarget(s: ReturnType<AppStore['getState']>): number {
  const all = s.load.status === 'ready' ? s.load.sim.rt.steps : [];
  const ev = s.cursor > 1 ? all[s.cursor - 2].event : -1;
  const first = all.findIndex((st) => st.event === ev);
  return first < 0 ? 0 : first + 1;
}

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
    case 'o':
    case 'O':
      return (s) => s.stepOver();
    case 'd':
    case 'D':
      return (s) => s.nextDecision();
    case 'n':
    case 'N':
      return (s) => s.nextEvent();
    case 'PageDown':
      return (s) => (s.tour ? s.tourGo(s.tour.stop + 1) : s.nextEvent());
    case 'PageUp':
      return (s) => (s.tour ? s.tourGo(s.tour.stop - 1) : s.stepTo(prevEventTarget(s)));
    case 'Escape':
      return (s) => s.select(null);
    default:
      return null;
  }
}
