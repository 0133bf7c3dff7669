/**
 * A part of a view drawn in a task of its own, after the view around it has been painted, while the workspace
 * mounts a large run's views in slices (src/app/staggeredMount.ts). A view that lays out hundreds of elements
 * (the outcome's tables, the rmap's record table) was one long task on its own (bench A: 80 ms of CPU for the
 * outcome); its parts in separate tasks are each under 50 ms. Outside a staggered mount (every built-in, a
 * focused view) the part is drawn at once.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { inTurnAfterPaint } from './afterPaint';

/** true while the workspace mounts a large run's views one per task */
export const DeferParts = createContext(false);

export function Deferred({ children }: { children: ReactNode }) {
  const defer = useContext(DeferParts);
  const [ready, setReady] = useState(!defer);
  useEffect(() => {
    if (!ready) return inTurnAfterPaint(() => setReady(true));
  }, [ready]);
  return ready ? children : null;
}
