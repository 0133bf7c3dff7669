/**
 * The CLI's single run skips the journal (SimulateOptions.journal false: nothing rewinds it). It must be
 * the same run: the same report and the same steps, only without undo entries.
 */
import { describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from './simulate';

const stepsOf = (r: ReturnType<typeof simulateScenario>) =>
  r.ok ? r.sim.rt.steps.map(({ journal: _j, ...s }) => s) : r.issues;

describe('a run without the journal', () => {
  it.each([...BUILTIN_SCENARIOS.map((s) => [s.id, s] as const), ['shared-page-300', sharedPageScenario(300)] as const])(
    '%s: the same report and steps, and no journal entries',
    (_id, input) => {
      const on = simulateScenario(input);
      const off = simulateScenario(input, { journal: false });
      if (!on.ok || !off.ok) throw new Error('does not load');
      expect(off.sim.report).toEqual(on.sim.report);
      expect(stepsOf(off)).toEqual(stepsOf(on));
      expect(off.built.k.j.length).toBe(0);
      expect(on.built.k.j.length).toBeGreaterThan(0);
    },
  );
});
