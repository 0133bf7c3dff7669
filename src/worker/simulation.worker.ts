/**
 * The simulation worker: runs one job (src/worker/jobs.ts) off the main thread and reports its progress.
 * A finished run stays here (issue 11): the page gets its summary, then asks for one step's view data at a
 * time (src/store/stepViews.ts), queued by src/worker/viewQueue.ts (overtaken requests dropped). A
 * comparison is posted whole (src/worker/transfer.ts). The page cancels a job or frees a run by
 * terminating the worker.
 */

import { runFacts } from '../store/runFacts';
import type { LocalReady } from '../store/selectors';
import { computeStepViews, type ViewRequest } from '../store/stepViews';
import { type Chunk, splitLong } from './chunks';
import { type Job, runJob } from './jobs';
import type { Loaded } from './runner';
import { builtSummary, runSummary } from './summary';
import { comparisonToTransfer } from './transfer';
import { diffViews, digestsOf, type SentDigests, type ViewsDelta } from './viewDelta';
import { createViewQueue } from './viewQueue';

export type WorkerRequest =
  | { type: 'job'; id: number; job: Job }
  | { type: 'views'; id: number; req: ViewRequest; prefetch: boolean; base: number | null };
export type WorkerReply =
  | { id: number; type: 'progress'; phase: 'building' | 'simulating'; steps: number }
  | { id: number; type: 'done'; result: Exclude<Loaded, { kind: 'run'; ok: true }> | RunReply }
  | { id: number; type: 'failed'; message: string }
  | { id: number; type: 'chunk'; chunk: Chunk }
  | { id: number; type: 'views'; views: ViewsDelta }
  | { id: number; type: 'views'; error: string };
type RunReply = Omit<Extract<Loaded, { kind: 'run'; ok: true }>, 'run'>;

const post = (m: WorkerReply) => (self as unknown as Worker).postMessage(m);

let run: LocalReady | null = null;
/** the digests of the last bundles sent, by reply id: the page asks for a delta of one it holds */
const sent = new Map<number, SentDigests>();
const SENT_KEPT = 64;
const enqueue = createViewQueue<ViewsDelta>(
  (req, q) => {
    if (!run) throw new Error('no run in this worker');
    const views = computeStepViews(run, req);
    const base = q.base ?? null;
    const delta = diffViews(base, base === null ? null : (sent.get(base) ?? null), views);
    sent.set(q.id, digestsOf(views));
    if (sent.size > SENT_KEPT) sent.delete(sent.keys().next().value as number);
    return delta;
  },
  post,
  (fn) => setTimeout(fn, 0),
);

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  if (m.type === 'views') {
    return enqueue(m);
  }
  const { id, job } = m;
  try {
    const result = runJob(job, (p) => post({ id, type: 'progress', ...p }));
    if (result.kind === 'run' && result.ok) {
      run = { status: 'ready', sim: result.sim, built: result.built, graph: result.graph };
      // the summary: what the page reads of the whole run; the kernel and its journal stay here
      const sim = runSummary(result.sim);
      const built = builtSummary(result.built);
      const facts = runFacts(result.graph, result.sim.rt.steps);
      const whole = {
        kind: 'run' as const,
        ok: true as const,
        sim,
        built,
        source: result.source,
        graph: result.graph,
        facts,
      };
      // the long arrays first, in chunks: the page deserialises each in a task of its own
      post({ id, type: 'done', result: splitLong(whole, (chunk) => post({ id, type: 'chunk', chunk })) });
      return;
    }
    if (result.kind === 'compare' && result.cmp) comparisonToTransfer(result.cmp);
    post({ id, type: 'done', result });
  } catch (err) {
    post({ id, type: 'failed', message: (err as Error).message });
  }
};
