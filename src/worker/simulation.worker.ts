/**
 * The simulation worker: runs one job at a time (src/worker/jobs.ts) off the main thread, reports its
 * progress, and posts the finished run back as a structured clone (src/worker/transfer.ts). The page
 * cancels a job by terminating the worker.
 */
import { type Job, runJob } from './jobs';
import { comparisonToTransfer, toTransfer } from './transfer';

export type WorkerRequest = { id: number; job: Job };
export type WorkerReply =
  | { id: number; type: 'progress'; phase: 'building' | 'simulating'; steps: number }
  | { id: number; type: 'done'; result: ReturnType<typeof runJob> }
  | { id: number; type: 'failed'; message: string };

const post = (m: WorkerReply) => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const { id, job } = e.data;
  try {
    const result = runJob(job, (p) => post({ id, type: 'progress', ...p }));
    if (result.kind === 'run' && result.ok) toTransfer(result);
    if (result.kind === 'compare' && result.cmp) comparisonToTransfer(result.cmp);
    post({ id, type: 'done', result });
  } catch (err) {
    post({ id, type: 'failed', message: (err as Error).message });
  }
};
