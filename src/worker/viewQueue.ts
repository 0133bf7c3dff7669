/**
 * The simulation worker's queue of view requests (issue 11): one answered per task, so a request that
 * arrives meanwhile can overtake the rest. A request for the step shown that a newer one overtook before
 * it was started is dropped (answered SUPERSEDED); prefetches wait behind every request for the step shown,
 * and are answered in the order they came. Pure: the worker gives it how to compute, post and schedule.
 */
import type { StepViews, ViewRequest } from '../store/stepViews';
import { SUPERSEDED } from './superseded';

export interface QueuedRequest {
  id: number;
  req: ViewRequest;
  prefetch: boolean;
  /** the id of a reply the page holds, that the answer may be a delta of (src/worker/viewDelta.ts) */
  base?: number | null;
}
export type QueueReply<V = StepViews> =
  | { id: number; type: 'views'; views: V }
  | { id: number; type: 'views'; error: string };

export function createViewQueue<V = StepViews>(
  compute: (req: ViewRequest, q: QueuedRequest) => V,
  post: (reply: QueueReply<V>) => void,
  later: (fn: () => void) => void,
): (q: QueuedRequest) => void {
  const queue: QueuedRequest[] = [];
  let scheduled = false;
  const schedule = () => {
    if (scheduled || !queue.length) return;
    scheduled = true;
    later(drain);
  };
  function drain() {
    scheduled = false;
    const shows = queue.filter((q) => !q.prefetch);
    const next = shows.at(-1) ?? queue[0];
    if (!next) return;
    for (const q of shows.slice(0, -1)) post({ id: q.id, type: 'views', error: SUPERSEDED });
    for (let i = queue.length - 1; i >= 0; i--) if (!queue[i].prefetch || queue[i] === next) queue.splice(i, 1);
    try {
      post({ id: next.id, type: 'views', views: compute(next.req, next) });
    } catch (err) {
      post({ id: next.id, type: 'views', error: (err as Error).message });
    }
    schedule();
  }
  return (q) => {
    queue.push(q);
    schedule();
  };
}
