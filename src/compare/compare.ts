/**
 * Two runs of one scenario — two kernel variants, or a run and its what-if — with their steps aligned
 * and their outcomes diffed. The one entry point for the CLI's --compare and the compare view.
 */
import { resolvedMachine } from '../pipeline/machine';
import { parseFlips } from '../pipeline/runtime';
import type { Simulation } from '../pipeline/simulate';
import type { ScenarioIssue } from '../scenario/issues';
import { type RunOptions, simulateScenario } from '../session/simulate';
import { type AlignedColumn, alignRuns } from './align';
import { type DiffEntry, diffReports } from './diff';

/** One side: a kernel variant (the scenario's own when absent) and the decisions it flips. */
export interface Side {
  kernel?: string;
  flips?: readonly string[];
}

export interface Comparison {
  scenario: string;
  a: Simulation;
  b: Simulation;
  /** the steps of a and b, aligned by kernel function per event */
  columns: AlignedColumn[];
  diff: DiffEntry[];
}

export type ComparisonResult =
  | { ok: true; cmp: Comparison }
  /** `side` says which run's input was refused */
  | { ok: false; side: 'a' | 'b'; issues: ScenarioIssue[] };

const runOpts = (s: Side): RunOptions => ({
  ...(s.kernel === undefined ? {} : { kernel: s.kernel }),
  ...(s.flips?.length ? { flips: s.flips } : {}),
});

export function compareScenario(input: unknown, a: Side, b: Side): ComparisonResult {
  const ra = simulateScenario(input, runOpts(a));
  if (!ra.ok) return { ok: false, side: 'a', issues: ra.issues };
  const rb = simulateScenario(input, runOpts(b));
  if (!rb.ok) return { ok: false, side: 'b', issues: rb.issues };
  return { ok: true, cmp: compareSimulations(ra.sim, rb.sim) };
}

export function compareSimulations(a: Simulation, b: Simulation): Comparison {
  return {
    scenario: a.report.scenario,
    a,
    b,
    columns: alignRuns(a.rt.steps, b.rt.steps),
    diff: diffReports(a.report, b.report),
  };
}

/** The flips a run asked for that never happened (no such step, one branch only, or no such branch). */
export function unappliedFlips(sim: Simulation, asked: readonly string[]): string[] {
  const done = new Set(sim.rt.flipped.map((f) => f.step));
  return [...parseFlips(asked).keys()].filter((id) => !done.has(id));
}

/** The branches a step of this run could have taken: what a flip may choose from. */
export function branchesAt(sim: Simulation, stepIndex: number): string[] {
  const step = sim.rt.steps[stepIndex];
  if (!step) return [];
  return Object.keys(resolvedMachine(sim.report.kernel).states[step.state]?.next ?? {});
}
