/** The React face of the store: a provider and a narrow-selector hook. The only React file in src/store. */
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './appStore';
import { displaySafe } from './displaySafe';
import {
  selectAllLanes,
  selectChanged,
  selectCurrentStep,
  selectOutcome,
  selectPipeline,
  selectProcesses,
  selectProcessLanes,
  selectRmap,
  selectStepSource,
  selectSteps,
  selectStructPages,
  selectTimeline,
  selectXarray,
} from './selectors';
import { selectFirstCompound, selectStructPageFocus } from './structPagesModel';
import { selectThreads } from './threadsModel';

/**
 * The view models whose strings carry a scenario's text (a comm, a path, dmesg lines, step summaries): what
 * useApp returns for them has its control characters escaped (displaySafe.ts). A new selector that shows
 * a scenario's strings belongs here.
 */
const VIEW_MODELS = new Set<unknown>([
  selectAllLanes,
  selectChanged,
  selectCurrentStep,
  selectOutcome,
  selectPipeline,
  selectProcessLanes,
  selectProcesses,
  selectRmap,
  selectStepSource,
  selectSteps,
  selectStructPages,
  selectTimeline,
  selectXarray,
  selectThreads,
  selectStructPageFocus,
  selectFirstCompound,
]);

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreProvider>');
  return store;
}

/**
 * Subscribe to one slice of the state; re-renders only when the slice changes (Object.is). A view model
 * (VIEW_MODELS) comes with its control characters escaped, the same object as long as the model is.
 */
export function useApp<T>(selector: (s: AppState) => T): T {
  const value = useStore(useAppStore(), selector);
  return VIEW_MODELS.has(selector) ? displaySafe(value) : value;
}

/**
 * Every step of the run as it is (not escaped): for a view that shows a window of them and escapes the rows
 * it shows with `safeRow` (bench A: escaping all 13,027 steps at once took 0.3–0.6 s of the first render).
 */
export const selectStepsUnescaped = (s: AppState) => selectSteps(s);

/** One row of a whole-run list, escaped as useApp escapes a view model (the same object while the row is). */
export const safeRow = <T,>(row: T): T => displaySafe(row);

/** A view model read outside a render (the step copied as text): escaped as useApp escapes it. */
export function safeViewModel<T>(selector: (s: AppState) => T, s: AppState): T {
  return displaySafe(selector(s));
}
