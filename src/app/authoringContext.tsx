/** The React face of the authoring session and of Mine (src/store/authoring.ts, src/store/mine.ts). */
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AuthoringState, AuthoringStore } from '../store/authoring';
import type { MineState, MineStore } from '../store/mine';

interface Stores {
  authoring: AuthoringStore;
  mine: MineStore;
}

const Context = createContext<Stores | null>(null);

export function AuthoringProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <Context.Provider value={stores}>{children}</Context.Provider>;
}

export function useAuthoringStores(): Stores {
  const s = useContext(Context);
  if (!s) throw new Error('authoring hooks outside <AuthoringProvider>');
  return s;
}

export function useAuthoring<T>(selector: (s: AuthoringState) => T): T {
  return useStore(useAuthoringStores().authoring, selector);
}

export function useMine<T>(selector: (s: MineState) => T): T {
  return useStore(useAuthoringStores().mine, selector);
}
