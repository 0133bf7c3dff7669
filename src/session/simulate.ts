/**
 * Scenario in, simulation out: the one place that joins the scenario layer and the pipeline, for the
 * CLI, the app and the tests.
 */
import { type Simulation, simulate } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';
import { BUILTIN_SCENARIOS, builtinScenario } from '../scenario/builtins';
import type { ScenarioIssue } from '../scenario/issues';
import { type LoadOptions, loadScenario } from '../scenario/parse';

export type SimulationResult =
  | { ok: true; sim: Simulation; built: BuiltScenario }
  | { ok: false; issues: ScenarioIssue[] };

export interface RunOptions extends LoadOptions {
  /** step ids whose decision is forced the other way (what if, issue 6 §4) */
  flips?: readonly string[];
  /** steps taken so far, now and then (src/pipeline/simulate.ts) */
  onProgress?: (steps: number) => void;
  /** record the journal (default true); see SimulateOptions.journal */
  journal?: boolean;
  /** keep each step's decisions and touched ids (default true); see SimulateOptions.stepDetails */
  stepDetails?: boolean;
  /** list every process in the report (default true); see SimulateOptions.longLists */
  longLists?: boolean;
}

export function simulateScenario(input: unknown, opts: RunOptions = {}): SimulationResult {
  const loaded = loadScenario(input, opts);
  if (!loaded.ok) return loaded;
  const built = loaded.value;
  return {
    ok: true,
    built,
    sim: simulate(built.scenario.id, built.k, built.events, {
      flips: opts.flips,
      onProgress: opts.onProgress,
      journal: opts.journal,
      stepDetails: opts.stepDetails,
      longLists: opts.longLists,
    }),
  };
}

/** Run a built-in scenario; throws if the id is unknown or the built-in is broken (a bug, not input). */
export function simulateBuiltin(id: string): Simulation & { built: BuiltScenario } {
  const scenario = builtinScenario(id);
  if (!scenario)
    throw new Error(`no built-in scenario "${id}" (have: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')})`);
  const r = simulateScenario(scenario);
  if (!r.ok) throw new Error(`built-in ${id} is invalid: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return { ...r.sim, built: r.built };
}
