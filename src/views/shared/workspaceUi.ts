/**
 * The workspace's own UI state (not the kernel's, not in the URL): the focused view, presentation mode and the
 * key map. A separate tiny store so the app store stays about the run.
 */
import { create } from 'zustand';

export const VIEW_IDS = ['pipeline', 'processes', 'structPages', 'xarray', 'rmap', 'outcome'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

interface WorkspaceUi {
  /** the maximised view, or null for the whole layout */
  focused: ViewId | null;
  presenting: boolean;
  keysOpen: boolean;
  setFocused: (v: ViewId | null) => void;
  toggleFocus: (v: ViewId) => void;
  setPresenting: (on: boolean) => void;
  setKeysOpen: (open: boolean) => void;
}

export const useWorkspaceUi = create<WorkspaceUi>((set) => ({
  focused: null,
  presenting: false,
  keysOpen: false,
  setFocused: (focused) => set({ focused }),
  toggleFocus: (v) => set((s) => ({ focused: s.focused === v ? null : v })),
  setPresenting: (presenting) => set({ presenting, focused: null }),
  setKeysOpen: (keysOpen) => set({ keysOpen }),
}));

/** the view holding the keyboard focus (or under the last pointer), for `F` */
export function viewOf(el: Element | null): ViewId | null {
  const id = el?.closest('[data-view]')?.getAttribute('data-view');
  return (VIEW_IDS as readonly string[]).includes(id ?? '') ? (id as ViewId) : null;
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}
