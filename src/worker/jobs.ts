/**
 * The work the explorer hands to its simulation worker, and what comes back. The same `runJob` runs in
 * the worker (src/worker/simulation.worker.ts) and, for tests and for node, in the caller's own thread
 * (src/worker/runner.ts `inlineRunner`).
 */
import { type Comparison, compareSimulations, unappliedFlips } from '../compare/compare';
import { DEFAULT_VARIANT } from '../kernel/variants/variants';
import { machineGraph, type PipelineGraph } from '../pipeline/graph';
import { createMemoryFailureMachine } from '../pipeline/machine';
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';
import { BUILTIN_SCENARIOS, builtinScenario } from '../scenario/builtins';
import type { ScenarioIssue } from '../scenario/issues';
import { simulateScenario } from '../session/simulate';
import type { CompareLink } from '../store/compareLink';

export type Job =
  /** a built-in by id, on its own kernel or on `kernel` */
  | { kind: 'builtin'; id: string; kernel?: string }
  /** a scenario file's text (or parsed JSON), on its own kernel or on `kernel` */
  | { kind: 'input'; input: unknown; kernel?: string }
  /** compare mode: the link's scenario on its two kernels, or with its flips */
  | { kind: 'compare'; link: CompareLink };

export type JobResult =
  | {
      kind: 'run';
      ok: true;
      sim: Simulation;
      built: BuiltScenario;
      source: 'builtin' | 'file';
      /** the run's pipeline machine as a graph, for the pipeline view (xstate stays in the worker) */
      graph: PipelineGraph;
    }
  | { kind: 'run'; ok: false; issues: ScenarioIssue[] }
  | { kind: 'compare'; cmp: Comparison | null; problems: string[] };

/** What a running job reports: building the scenario (no count), then steps taken. */
export interface Progress {
  phase: 'building' | 'simulating';
  steps: number;
}

export function runJob(job: Job, onProgress: (p: Progress) => void = () => {}): JobResult {
  const progress = (steps: number) => onProgress({ phase: 'simulating', steps });
  onProgress({ phase: 'building', steps: 0 });
  if (job.kind === 'compare') return { kind: 'compare', ...compareRun(job.link, progress) };
  let input = job.kind === 'input' ? job.input : undefined;
  if (job.kind === 'builtin') {
    input = builtinScenario(job.id);
    if (!input)
      return {
        kind: 'run',
        ok: false,
        issues: [
          {
            path: 'scenario',
            message: `no built-in scenario "${job.id}" (have: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')})`,
          },
        ],
      };
  }
  try {
    const r = simulateScenario(input, { onProgress: progress, ...(job.kernel ? { kernel: job.kernel } : {}) });
    if (!r.ok) return { kind: 'run', ok: false, issues: r.issues };
    return {
      kind: 'run',
      ok: true,
      sim: r.sim,
      built: r.built,
      source: job.kind === 'builtin' ? 'builtin' : 'file',
      graph: pipelineGraph(r.sim.report.kernel),
    };
  } catch (e) {
    // a built-in that does not run, or a simulator bug: reported like a refused file, never thrown
    return { kind: 'run', ok: false, issues: [{ path: 'scenario', message: (e as Error).message }] };
  }
}

function compareRun(
  link: CompareLink,
  onProgress: (steps: number) => void,
): { cmp: Comparison | null; problems: string[] } {
  const input = builtinScenario(link.scenario ?? '');
  if (!input) return { cmp: null, problems: [`no built-in scenario "${link.scenario ?? ''}"`] };
  const kernel = link.kernel ?? DEFAULT_VARIANT;
  // compareScenario() without its progress: side a, then side b, both counted in one figure
  const ra = simulateScenario(input, { kernel, onProgress });
  if (!ra.ok) return { cmp: null, problems: ra.issues.map((i) => `side a: ${i.path}: ${i.message}`) };
  const stepsA = ra.sim.rt.steps.length;
  const rb = simulateScenario(input, {
    kernel: link.vs ?? kernel,
    ...(link.flips.length ? { flips: link.flips } : {}),
    onProgress: (n) => onProgress(stepsA + n),
  });
  if (!rb.ok) return { cmp: null, problems: rb.issues.map((i) => `side b: ${i.path}: ${i.message}`) };
  const r = { cmp: compareSimulations(ra.sim, rb.sim) };
  const missed = unappliedFlips(r.cmp.b, link.flips);
  const problems = missed.length ? [`flip ${missed.join(', ')}: no such step with another branch in this run`] : [];
  return { cmp: r.cmp, problems };
}

const graphs = new Map<string, PipelineGraph>();
/** The pipeline graph of a kernel variant's machine, built once per variant. */
export function pipelineGraph(variant: string): PipelineGraph {
  let g = graphs.get(variant);
  if (!g) {
    g = machineGraph(createMemoryFailureMachine(variant));
    graphs.set(variant, g);
  }
  return g;
}
