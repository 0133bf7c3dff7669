/**
 * The compiled stepper (src/pipeline/compiledMachine.ts) against xstate stepping the same machine (simulate's
 * `engine: 'xstate'`): every built-in on every kernel variant, generated scenarios (the invariants
 * property test's generator), and what-if flips, must give the same final state, the same steps (every
 * field) and the same report. The compiler refuses what it does not implement.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { VARIANTS } from '../kernel/variants/variants';
import { compileMachine } from '../pipeline/compiledMachine';
import { type SimulateOptions, simulate } from '../pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { loadScenario } from '../scenario/parse';
import { planArb, toScenario } from './__fixtures__/generatedScenarios';

/** Run one scenario with each engine on fresh kernels; the outcome of each as the bytes compared. */
function bothEngines(input: unknown, kernel: string | undefined, opts: SimulateOptions = {}) {
  const run = (engine: 'compiled' | 'xstate') => {
    const loaded = loadScenario(input, { kernel });
    if (!loaded.ok) return { refused: loaded.issues.map((i) => i.message) };
    const { scenario, k, events } = loaded.value;
    try {
      const sim = simulate(scenario.id, k, events, { ...opts, engine });
      return { final: sim.final, steps: JSON.stringify(sim.rt.steps), report: JSON.stringify(sim.report) };
    } catch (e) {
      return { threw: String(e) };
    }
  };
  return { compiled: run('compiled'), xstate: run('xstate') };
}

function expectSame(input: unknown, kernel: string | undefined, what: string, opts: SimulateOptions = {}) {
  const { compiled, xstate } = bothEngines(input, kernel, opts);
  // compare the small fields first, so a difference reads well
  expect(compiled.final, what).toBe(xstate.final);
  expect(compiled.report, what).toBe(xstate.report);
  expect(compiled.steps, what).toBe(xstate.steps);
  expect(compiled, what).toEqual(xstate);
}

describe('compiled stepper = xstate stepping', () => {
  for (const v of VARIANTS)
    it(`every built-in on ${v.id}`, () => {
      for (const s of BUILTIN_SCENARIOS) expectSame(s, v.id, `${s.id} on ${v.id}`);
    });

  it('every built-in on its own kernel, with each of its first branching steps flipped', () => {
    for (const s of BUILTIN_SCENARIOS) {
      const loaded = loadScenario(s);
      if (!loaded.ok) throw new Error(s.id);
      const sim = simulate(loaded.value.scenario.id, loaded.value.k, loaded.value.events);
      // a flip sends the run down a path the scenario never takes: other states, other returns
      for (const step of sim.rt.steps.filter((st) => st.branch !== 'wait').slice(0, 12))
        expectSame(s, undefined, `${s.id} flip ${step.id}`, { flips: [step.id] });
    }
  });

  it('300 generated scenarios (the invariants property generator), each on 6.12 and 6.1', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const scenario = toScenario(plan);
        expectSame(scenario, '6.12', JSON.stringify(scenario));
        expectSame(scenario, '6.1', JSON.stringify(scenario));
      }),
      { numRuns: 300, seed: 19 },
    );
  }, 120_000);

  it('refuses a machine shape it does not implement', () => {
    const nested = createMachine({ initial: 'a', states: { a: { initial: 'b', states: { b: {} } } } });
    expect(() => compileMachine(nested)).toThrow(/compound state/);
    const inline = createMachine({ initial: 'a', states: { a: { entry: () => {} } } });
    expect(() => compileMachine(inline)).toThrow(/inline action/);
    const exits = createMachine({ initial: 'a', states: { a: { exit: 'x' } } });
    expect(() => compileMachine(exits)).toThrow(/exit actions/);
  });
});
