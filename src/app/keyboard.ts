/**
 * Space play/pause, ←/→ step, Home/End first/last, O step over, D next decision, N next event, PgDn/PgUp the
 * tour's next/previous stop (the next/previous event without a tour), F focus the view, Shift+F full screen,
 * P presentation mode, ? the key map, Escape restores the layout then clears the selection; ignored while
 * typing. Controls used with the mouse give the focus back, so the keys keep working after a click.
 */
import type { AppStore } from '../store/appStore';
import { toggleFullscreen, useWorkspaceUi, viewOf } from '../views/shared/workspaceUi';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

const isRange = (t: HTMLElement | null) => t?.tagName === 'INPUT' && (t as HTMLInputElement).type === 'range';

export function startKeyboard(store: AppStore): () => void {
  // whether the last input was the pointer: a select changed with its own arrow keys keeps the focus
  let byPointer = false;
  const onPointerDown = () => {
    byPointer = true;
  };
  const onAnyKey = () => {
    byPointer = false;
  };
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement | null;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // the scrubber keeps its native arrows/Home/End (they step too); Space on it plays
    if (isRange(t) && e.key !== ' ') return;
    if (t && !isRange(t) && (TYPING.has(t.tagName) || t.isContentEditable)) return;
    if (t?.closest('dialog')) return;
    // a focused button or canvas handles its own Space/arrows
    if (t?.closest('[data-keys="own"]')) return;
    if (e.key === ' ' && t?.tagName === 'BUTTON') return;
    const ui = workspaceAction(e, t);
    const action = ui ? null : actionFor(e.key);
    if (!ui && !action) return;
    e.preventDefault();
    if (ui) ui();
    else action?.(store.getState());
  };
  // a control used with the mouse hands the focus back to the page: a click (detail > 0; keyboard
  // activation has detail 0) on a button or link, a choice made in a select, the scrubber released
  const giveBack = (el: Element | null) => {
    if (el instanceof HTMLElement && el !== document.body && !el.closest('[data-keys="own"]')) el.blur();
  };
  const onClick = (e: MouseEvent) => {
    const t = (e.target as Element | null)?.closest('button, a, summary');
    if (e.detail > 0 && t) giveBack(t);
  };
  const onChange = (e: Event) => {
    const t = e.target as HTMLElement;
    if (t.tagName === 'SELECT' && byPointer) giveBack(t);
  };
  const onPointerUp = (e: PointerEvent) => {
    const t = e.target as HTMLElement;
    if (isRange(t)) giveBack(t);
  };
  window.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('keydown', onAnyKey, true);
  window.addEventListener('keydown', onKey);
  window.addEventListener('click', onClick);
  window.addEventListener('change', onChange);
  window.addEventListener('pointerup', onPointerUp);
  return () => {
    window.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('keydown', onAnyKey, true);
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('click', onClick);
    window.removeEventListener('change', onChange);
    window.removeEventListener('pointerup', onPointerUp);
  };
}

/** the workspace's keys (focus, full screen, presentation, key map, Escape out of focus/presentation) */
function workspaceAction(e: KeyboardEvent, t: HTMLElement | null): (() => void) | null {
  const ui = useWorkspaceUi.getState();
  switch (e.key) {
    case 'f':
      return () => {
        const v = ui.focused ?? viewOf(t) ?? viewOf(document.querySelector('[data-view]:hover')) ?? 'pipeline';
        ui.toggleFocus(v);
      };
    case 'F':
      return toggleFullscreen;
    case 'p':
    case 'P':
      return () => ui.setPresenting(!ui.presenting);
    case '?':
      return () => ui.setKeysOpen(true);
    case 'Escape':
      if (ui.focused) return () => ui.setFocused(null);
      if (ui.presenting) return () => ui.setPresenting(false);
      return null;
    default:
      return null;
  }
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
