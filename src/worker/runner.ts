/**
 * How a store gets a job done: in a Web Worker (the browser: the page stays responsive and a job can be
 * cancelled), or at once in the caller's thread (unit tests and node, where the result is synchronous).
 */
import type { Job, JobResult, Progress } from './jobs';
import type { WorkerReply, WorkerRequest } from './simulation.worker';

export type { Job, JobResult, Progress };

export type Started =
  /** finished already (the inline runner) */
  | { done: JobResult }
  /** running: `result` settles when it ends; after cancel() it never settles */
  | { result: Promise<JobResult>; cancel(): void };

export type Runner = (job: Job, onProgress: (p: Progress) => void) => Started;

/** Run a job where the caller is: for tests and node. Imports the simulator; a page should not use it. */
export function inlineRunner(runJob: (job: Job, onProgress: (p: Progress) => void) => JobResult): Runner {
  return (job, onProgress) => ({ done: runJob(job, onProgress) });
}

/**
 * One worker, reused from job to job (its code is loaded and compiled once); cancel() terminates it and
 * the next job starts a fresh one. A job started while another runs cancels that one: the stores only
 * ever want the latest.
 */
export function workerRunner(create: () => Worker): Runner {
  let worker: Worker | null = null;
  let nextId = 1;
  let current: { id: number; cancel(): void } | null = null;
  return (job, onProgress) => {
    current?.cancel();
    const id = nextId++;
    worker ??= create();
    const w = worker;
    let settle: { ok: (r: JobResult) => void; fail: (e: Error) => void } | null = null;
    const result = new Promise<JobResult>((ok, fail) => {
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
      stop();
      if (m.type === 'failed') return settle?.fail(new Error(m.message));
      // the kernel classes the run is revived with load with the first result, not with the page; a task
      // of its own, apart from the message's deserialisation, so neither holds the main thread for both
      void Promise.all([import('./transfer'), new Promise((r) => setTimeout(r, 0))]).then(
        ([{ comparisonFromTransfer, fromTransfer }]) => {
          const r = m.result;
          if (r.kind === 'run' && r.ok) fromTransfer(r);
          if (r.kind === 'compare' && r.cmp) comparisonFromTransfer(r.cmp);
          settle?.ok(r);
        },
        settle?.fail,
      );
    };
    const onError = (e: ErrorEvent) => {
      stop();
      settle?.fail(new Error(e.message || 'the simulation worker failed'));
    };
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    const cancel = () => {
      stop();
      w.terminate();
      if (worker === w) worker = null;
    };
    current = { id, cancel };
    w.postMessage({ id, job } satisfies WorkerRequest);
    return { result, cancel };
  };
}

/** The browser's runner: src/worker/simulation.worker.ts as a module worker (Vite bundles it apart). */
export const browserRunner = (): Runner =>
  workerRunner(
    () => new Worker(new URL('./simulation.worker.ts', import.meta.url), { type: 'module', name: 'simulation' }),
  );
