/**
 * The report of a run is proportional to the run (issue 11): counts of the steps it reads, not a timing. It
 * once filtered every step once per event (the pins a file change waited for): 10,000 madvise events ×
 * 180,000 steps.
 */
import { describe, expect, it } from 'vitest';
import { touchScenario } from '../../bench/huge-scenarios';
import { simulationReport } from '../pipeline/simulate';
import { countedReads } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

describe('simulationReport: work per event', () => {
  it('reads each step a bounded number of times, however many events', () => {
    const perStep = (events: number) => {
      const r = simulateScenario(touchScenario(events, events));
      if (!r.ok) throw new Error('the generated scenario did not run');
      const { rt, report } = r.sim;
      const { proxy, reads } = countedReads(rt.steps);
      const again = simulationReport(report.scenario, { ...rt, steps: proxy }, report.dmesg);
      // the same report from the same run
      expect(again).toEqual(report);
      return reads.n / rt.steps.length;
    };
    const small = perStep(20);
    const large = perStep(200);
    expect(large).toBeLessThanOrEqual(2);
    expect(large).toBeLessThanOrEqual(small + 0.01);
  });
});
