/**
 * The workspace's first render in slices (issue 6 §6: no main-thread task over 50 ms while a large run
 * loads): the views of a large run mount one per task, each after the page has painted the one before, so no
 * task renders, lays out and paints every view at once (bench A: one task of 1.4–1.9 s did). A small run
 * (every built-in) mounts whole, as before. The page says its views are drawn once every one is mounted
 * (`data-drawn` on the workspace).
 */
import { useEffect, useState } from 'react';
import { inTurnAfterPaint } from '../views/shared/afterPaint';

/** a run with more steps than this has its views mounted one per task (bench A: 13,027 steps) */
export const STAGGER_STEPS = 1000;

/**
 * How many of `total` views to mount: all at once unless `stagger`, else one more per painted frame, from 0
 * again whenever `run` changes (a new run's views replace the old ones view by view, not in one task).
 */
export function useStaggeredMount(total: number, run: unknown, stagger: boolean): number {
  const [state, setState] = useState({ run, n: stagger ? 0 : total });
  let n = state.n;
  if (state.run !== run) {
    // a new run: start over (React's way of resetting state when an input changes, during render)
    n = stagger ? 0 : total;
    setState({ run, n });
  }
  useEffect(() => {
    if (n >= total) return;
    return inTurnAfterPaint(() => setState((s) => (s.run === run ? { run, n: s.n + 1 } : s)));
  }, [n, total, run]);
  return Math.min(n, total);
}
