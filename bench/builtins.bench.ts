/**
 * Target C: the nine built-in scenarios end to end, as the CLI and the app run them:
 * simulateScenario(input) = validate + build (loadScenario) + run the pipeline machine (simulate).
 * Printed first: setup and run means per built-in over 20 runs each, so the split is visible; the bench
 * table then times the whole thing per scenario.
 */
import { bench, describe } from 'vitest';
import { simulate } from '../src/pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../src/scenario/builtins';
import { loadScenario } from '../src/scenario/parse';
import { simulateScenario } from '../src/session/simulate';

const RUNS = 20;
const lines: string[] = [];
for (const s of BUILTIN_SCENARIOS) {
  let setup = 0;
  let run = 0;
  let steps = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = loadScenario(s);
    const t1 = performance.now();
    if (!r.ok) throw new Error(`built-in ${s.id} does not load: ${JSON.stringify(r.issues)}`);
    const sim = simulate(r.value.scenario.id, r.value.k, r.value.events);
    run += performance.now() - t1;
    setup += t1 - t0;
    steps = sim.rt.steps.length;
  }
  lines.push(
    `  ${s.id.padEnd(22)} setup ${(setup / RUNS).toFixed(2).padStart(6)} ms  run ${(run / RUNS).toFixed(2).padStart(6)} ms  (${steps} steps)`,
  );
}
console.log(`built-ins, mean of ${RUNS} (the first runs include JIT warm-up):\n${lines.join('\n')}`);

describe('target C: built-in scenarios end to end (validate + build + run)', () => {
  for (const s of BUILTIN_SCENARIOS) {
    bench(s.id, () => {
      const r = simulateScenario(s);
      if (!r.ok) throw new Error(`built-in ${s.id} is invalid`);
    });
  }
});
