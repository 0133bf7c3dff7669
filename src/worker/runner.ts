/**
 * How a store gets a job done: in a Web Worker (the browser: the page stays responsive and a job can be
 * cancelled), or at once in the caller's thread (unit tests and node, where the result is synchronous).
 *
 * A run stays where it was simulated (issue 11): the store gets its summary (steps, report, graph, the
 * scenario) and a `RunQuery` that answers for one step's view data (src/store/stepViews.ts): at once
 * inline, by a message to the run's worker in the browser. Each run has its own worker, which lives while
 * the run is shown (`dispose()` ends it); cancelling a load ends only the load's worker.
 */
import type { Comparison } from '../compare/compare';
import type { PipelineGraph } from '../pipeline/graph';
import type { ScenarioIssue } from '../scenario/issues';
import type { BuiltSummary, RunSummary } from '../store/appStore';
import type { RunFacts } from '../store/runFacts';
import type { LocalReady } from '../store/selectors';
import type { StepViews, ViewRequest } from '../store/stepViews';
import { chunkCollector } from './chunks';
import type { Job, JobResult, Progress } from './jobs';
import type { WorkerReply, WorkerRequest } from './simulation.worker';
import { builtSummary, runSummary } from './summary';
import { applyDelta } from './viewDelta';

export type { Job, Progress };

/** One step's view data of a run, asked of where the run is. */
export interface RunQuery {
  /** the inline runner answers at once; a worker answers later (the promise rejects if the run is gone) */
  views(req: ViewRequest, opts?: { prefetch?: boolean }): StepViews | Promise<StepViews>;
  /** the run is no longer shown: free it (its worker ends) */
  dispose(): void;
  /** answers at once (inline): nothing to prefetch */
  local?: boolean;
}

/** A job's result as the store holds it: a run is its summary and a query, the kernel stays where it ran. */
export type Loaded =
  | {
      kind: 'run';
      ok: true;
      sim: RunSummary;
      built: BuiltSummary;
      source: 'builtin' | 'file';
      /** the run's pipeline machine as a graph, for the pipeline view (xstate stays in the worker) */
      graph: PipelineGraph;
      run: RunQuery;
      /** facts of the whole trace, made where the run is (a worker); absent: the page makes them */
      facts?: RunFacts;
    }
  | { kind: 'run'; ok: false; issues: ScenarioIssue[] }
  | { kind: 'compare'; cmp: Comparison | null; problems: string[] };

export type Started =
  /** finished already (the inline runner) */
  | { done: Loaded }
  /** running: `result` settles when it ends; after cancel() it never settles */
  | { result: Promise<Loaded>; cancel(): void };

export type Runner = (job: Job, onProgress: (p: Progress) => void) => Started;

/**
 * A job's result held in this thread: a run answers its view queries at once (`computeViews`, passed in
 * so that this module does not import the simulator).
 */
export function localLoaded(r: JobResult, computeViews: (local: LocalReady, req: ViewRequest) => StepViews): Loaded {
  if (r.kind !== 'run' || !r.ok) return r;
  const local: LocalReady = { status: 'ready', sim: r.sim, built: r.built, graph: r.graph };
  return {
    kind: 'run',
    ok: true,
    sim: runSummary(r.sim),
    built: builtSummary(r.built),
    source: r.source,
    graph: r.graph,
    run: { views: (req) => computeViews(local, req), dispose: () => {}, local: true },
  };
}

/** Run a job where the caller is: for tests and node. Imports the simulator; a page should not use it. */
export function inlineRunner(
  runJob: (job: Job, onProgress: (p: Progress) => void) => JobResult,
  computeViews: Parameters<typeof localLoaded>[1],
): Runner {
  return (job, onProgress) => ({ done: localLoaded(runJob(job, onProgress), computeViews) });
}

/**
 * One worker per job; the worker of a run stays to answer its view queries until the run is disposed.
 * A spare worker is started beside the one in use, so the next job does not wait for the module to load.
 * A job started while another runs cancels that one: the stores only ever want the latest.
 */
export function workerRunner(create: () => Worker): Runner {
  let spare: Worker | null = null;
  let nextId = 1;
  let current: { id: number; cancel(): void } | null = null;
  const take = () => {
    const w = spare ?? create();
    spare = null;
    return w;
  };
  return (job, onProgress) => {
    current?.cancel();
    const id = nextId++;
    const w = take();
    let settle: { ok: (r: Loaded) => void; fail: (e: Error) => void } | null = null;
    const chunks = chunkCollector();
    const result = new Promise<Loaded>((ok, fail) => {
      settle = { ok, fail };
    });
    const stop = () => {
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      if (current?.id === id) current = null;
    };
    const onMessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') return onProgress({ phase: m.phase, steps: m.steps });
      if (m.type === 'chunk') return chunks.add(m.chunk);
      if (m.type !== 'done' && m.type !== 'failed') return;
      stop();
      if (m.type === 'failed') {
        w.terminate();
        return settle?.fail(new Error(m.message));
      }
      const r = m.result;
      if (r.kind === 'run' && r.ok) return settle?.ok({ ...chunks.finish(r), run: workerQuery(w) });
      if (r.kind === 'run') {
        w.terminate();
        return settle?.ok(r);
      }
      // a comparison crosses whole (compare mode steps both kernels on the page): revive it in a task of its own
      void Promise.all([import('./transfer'), new Promise((ok) => setTimeout(ok, 0))]).then(
        ([{ comparisonFromTransfer }]) => {
          w.terminate();
          if (r.cmp) comparisonFromTransfer(r.cmp);
          settle?.ok(r);
        },
        settle?.fail,
      );
    };
    const onError = (e: ErrorEvent) => {
      stop();
      w.terminate();
      settle?.fail(new Error(e.message || 'the simulation worker failed'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const cancel = () => {
      stop();
      w.terminate();
    };
    current = { id, cancel };
    w.postMessage({ type: 'job', id, job } satisfies WorkerRequest);
    // the next job's worker loads its code meanwhile (after this job's message is on its way)
    setTimeout(() => {
      spare ??= create();
    }, 0);
    return { result, cancel };
  };
}

/** A run held by worker `w`: each view request is a message, its answer the reply with the same id. */
function workerQuery(w: Worker): RunQuery {
  let nextId = 1;
  let gone: Error | null = null;
  // the last bundle received: the next requests ask for a delta of it (src/worker/viewDelta.ts)
  let last: { id: number; views: StepViews } | null = null;
  const waiting = new Map<
    number,
    { ok: (v: StepViews) => void; fail: (e: Error) => void; base: { id: number; views: StepViews } | null }
  >();
  const failAll = (e: Error) => {
    gone = e;
    for (const p of waiting.values()) p.fail(e);
    waiting.clear();
  };
  w.addEventListener('message', (e: MessageEvent<WorkerReply>) => {
    const m = e.data;
    if (m.type !== 'views') return;
    const p = waiting.get(m.id);
    if (!p) return;
    waiting.delete(m.id);
    if (!('views' in m)) return p.fail(new Error(m.error));
    let views: StepViews;
    try {
      views = applyDelta(m.views.base === p.base?.id ? p.base.views : null, m.views);
    } catch (e) {
      return p.fail(e as Error);
    }
    last = { id: m.id, views };
    p.ok(views);
  });
  w.addEventListener('error', (e) => failAll(new Error(e.message || 'the simulation worker failed')));
  return {
    views(req, opts) {
      if (gone) return Promise.reject(gone);
      const id = nextId++;
      const base = last;
      const answer = new Promise<StepViews>((ok, fail) => waiting.set(id, { ok, fail, base }));
      w.postMessage({
        type: 'views',
        id,
        req,
        prefetch: !!opts?.prefetch,
        base: base?.id ?? null,
      } satisfies WorkerRequest);
      return answer;
    },
    dispose() {
      failAll(new Error('the run was closed'));
      w.terminate();
    },
  };
}

/** The browser's runner: src/worker/simulation.worker.ts as a module worker (Vite bundles it apart). */
export const browserRunner = (): Runner =>
  workerRunner(
    () => new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'simulation' }),
  );
