/**
 * What the page holds of a finished run (issue 11): plain data about the whole run — its steps, events,
 * outcomes, report and scenario — and no kernel. The kernel stays where the run was simulated.
 */
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';
import type { BuiltSummary, RunSummary } from '../store/appStore';

export function runSummary(sim: Simulation): RunSummary {
  return {
    rt: { steps: sim.rt.steps, events: sim.rt.events, outcomes: sim.rt.outcomes },
    final: sim.final,
    report: sim.report,
  };
}

export function builtSummary(built: BuiltScenario): BuiltSummary {
  return {
    scenario: built.scenario,
    refusedMounts: built.refusedMounts,
    ...(built.ppc64 ? { ppc64: built.ppc64 } : {}),
  };
}
