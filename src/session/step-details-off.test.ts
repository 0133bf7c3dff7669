/**
 * The CLI without --steps runs without step details (SimulateOptions.stepDetails false: the report reads no
 * step's decisions or touched ids). It must be the same run: the same report, the same steps and kernel state,
 * only with those two lists empty.
 */
import { describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from './simulate';

const stepsOf = (r: ReturnType<typeof simulateScenario>) =>
  r.ok ? r.sim.rt.steps.map(({ decisions: _d, touched: _t, ...s }) => s) : r.issues;

describe('a run without step details', () => {
  it.each([...BUILTIN_SCENARIOS.map((s) => [s.id, s] as const), ['shared-page-300', sharedPageScenario(300)] as const])(
    '%s: the same report and steps, with no decisions or touched ids',
    (_id, input) => {
      const on = simulateScenario(input, { journal: false });
      const off = simulateScenario(input, { journal: false, stepDetails: false });
      if (!on.ok || !off.ok) throw new Error('does not load');
      expect(off.sim.report).toEqual(on.sim.report);
      expect(stepsOf(off)).toEqual(stepsOf(on));
      expect(off.built.k.unmapLog).toEqual(on.built.k.unmapLog);
      expect(off.built.k.delivered).toEqual(on.built.k.delivered);
      expect(off.sim.rt.steps.every((s) => s.decisions.length === 0 && s.touched.length === 0)).toBe(true);
      expect(on.sim.rt.steps.some((s) => s.touched.length > 0)).toBe(true);
    },
  );
});
