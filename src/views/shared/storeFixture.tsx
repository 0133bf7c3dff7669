/** For component tests: a store on a built-in scenario, moved to just after a named step, and a provider around a view. */
import type { ReactNode } from 'react';
import type { AppStore } from '../../store/appStore';
import { createAppStore } from '../../store/inlineStore';
import { StoreProvider } from '../../store/react';

export function storeAt(scenario: string, opts: { step?: string; selection?: string | null } = {}): AppStore {
  const store = createAppStore({ scenario, selection: opts.selection ?? null });
  if (opts.step) {
    const s = store.getState();
    if (s.load.status !== 'ready') throw new Error(`${scenario} did not load`);
    const index = s.load.sim.rt.steps.findIndex((st) => st.id === opts.step);
    if (index < 0) throw new Error(`${scenario} has no step ${opts.step}`);
    s.stepTo(index + 1);
  }
  return store;
}

export const withStore = (store: AppStore, view: ReactNode) => <StoreProvider store={store}>{view}</StoreProvider>;
