/**
 * The page's side of per-step queries (issue 11): a cache of the steps' view data asked of the run
 * (src/worker/runner.ts RunQuery), requests in flight shared, and prefetches around the cursor so that
 * stepping finds the next step here already. The inline runner answers at once: then so does this.
 */
import type { RunQuery } from '../worker/runner';
import type { StepViews, ViewRequest } from './stepViews';

export interface ViewFetcher {
  /** the views of `req`: cached, at once from an inline run, or later from the worker */
  fetch(req: ViewRequest): StepViews | Promise<StepViews>;
  /** cached already? */
  cached(req: ViewRequest): StepViews | undefined;
  /** ask for these ahead (the worker answers them after every request for the step shown) */
  prefetch(reqs: ViewRequest[]): void;
}

/** The cache key of a request (a null focus: the defaults, resolved where the run is). */
export const requestKey = (r: ViewRequest): string =>
  JSON.stringify([
    r.cursor,
    r.selection,
    r.focus?.namespace,
    r.focus?.mapping,
    r.focus === null,
    r.allLanes,
    !!r.dropMissingSelection,
  ]);

/** The key the same views are asked for later: with the focus they resolved to. */
const resolvedKey = (v: StepViews): string =>
  requestKey({ cursor: v.cursor, selection: v.selection, focus: v.focus, allLanes: v.allLanes });

/** prefetch requests at the worker at once */
const PREFETCHES_IN_FLIGHT = 8;

export function createViewFetcher(run: RunQuery, size = 400): ViewFetcher {
  const cache = new Map<string, StepViews>();
  const flying = new Map<string, Promise<StepViews>>();
  const keep = (key: string, v: StepViews) => {
    // least recently used out: a Map iterates in insertion order
    cache.delete(key);
    cache.set(key, v);
    const rk = resolvedKey(v);
    if (rk !== key) {
      cache.delete(rk);
      cache.set(rk, v);
    }
    while (cache.size > size) cache.delete(cache.keys().next().value as string);
  };
  const ask = (req: ViewRequest, prefetch: boolean): StepViews | Promise<StepViews> => {
    const key = requestKey(req);
    const hit = cache.get(key);
    if (hit) {
      keep(key, hit);
      return hit;
    }
    const inFlight = flying.get(key);
    if (inFlight) return inFlight;
    const answer = run.views(req, { prefetch });
    if (!(answer instanceof Promise)) {
      keep(key, answer);
      return answer;
    }
    const p = answer.then(
      (v) => {
        flying.delete(key);
        keep(key, v);
        return v;
      },
      (e: Error) => {
        flying.delete(key);
        throw e;
      },
    );
    flying.set(key, p);
    return p;
  };
  // Prefetches go to the worker a few at a time: it answers faster than the page takes the answers in, and
  // answers already posted are not overtaken, so a flood of them would queue the step the user asked for
  // behind every prefetch (seconds on a loaded machine).
  let waiting: ViewRequest[] = [];
  let prefetching = 0;
  const pump = () => {
    while (prefetching < PREFETCHES_IN_FLIGHT && waiting.length) {
      const v = ask(waiting.shift() as ViewRequest, true);
      if (!(v instanceof Promise)) continue;
      prefetching++;
      const done = () => {
        prefetching--;
        pump();
      };
      v.then(done, done); // a prefetch nobody waits for: its failure is nobody's
    }
  };
  return {
    fetch: (req) => ask(req, false),
    cached: (req) => cache.get(requestKey(req)),
    prefetch(reqs) {
      if (run.local) return;
      // the newest batch replaces what is still waiting (it was asked for another step or selection)
      waiting = [...reqs];
      pump();
    },
  };
}
