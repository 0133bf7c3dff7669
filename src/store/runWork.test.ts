/**
 * The run-wide models stay proportional to the run (issue 11): counts of their work, not timings. A run of
 * n madvise events on distinct pages (18 steps each) once compared every pair of events for racing and
 * searched the graph at every step: 10,000 events cost seconds in the worker before the first view.
 */
import { describe, expect, it } from 'vitest';
import { touchScenario } from '../../bench/huge-scenarios';
import type { StepRecord } from '../pipeline/runtime';
import { countedReads } from '../session/__fixtures__/helpers';
import { runJob } from '../worker/jobs';
import { modelWork, predecessors, runOrder } from './pipelineModel';
import { runFacts } from './runFacts';

function madviseRun(n: number) {
  const r = runJob({ kind: 'input', input: touchScenario(n, n) });
  if (r.kind !== 'run' || !r.ok) throw new Error('the generated scenario did not run');
  return r;
}

/** Steps of the given events, in this order (only what predecessors() reads). */
const stepsOf = (events: number[]) => events.map((event, index) => ({ index, event }) as StepRecord);

describe('run-wide models: work per event', () => {
  it('predecessors: a racing event follows the dispatch, every other step its own event or the last plain step', () => {
    // event 1 runs inside event 0's handling; event 2 starts after both ended
    expect(predecessors(stepsOf([0, 0, 1, 0, 2]))).toEqual([null, 0, null, 1, 3]);
    // event 1 starts before event 0's last step, event 2 after everything: only 1 races
    expect(predecessors(stepsOf([0, 1, 0, 2, 2]))).toEqual([null, null, 0, 2, 3]);
  });

  it('predecessors: one race check per event, not one per pair of events', () => {
    const events = Array.from({ length: 3000 }, (_, e) => [e, e, e]).flat();
    const before = modelWork.raceChecks;
    predecessors(stepsOf(events));
    expect(modelWork.raceChecks - before).toBe(3000);
  });

  it('the chart order and the run facts search the graph once per transition, however many events', () => {
    const searches = (n: number) => {
      const r = madviseRun(n);
      // a fresh graph object: pathBetween's answers are kept per graph
      const g = { ...r.graph };
      const before = modelWork.pathSearches;
      runOrder(g, r.sim.rt.steps);
      runFacts(g, r.sim.rt.steps);
      return { steps: r.sim.rt.steps.length, searches: modelWork.pathSearches - before };
    };
    const small = searches(20);
    const large = searches(200);
    expect(large.steps).toBe(10 * small.steps);
    expect(large.searches).toBe(small.searches);
    expect(large.searches).toBeLessThan(60);
  });

  it('the run facts (chart order, folded loops) read each step a bounded number of times, however many events', () => {
    const perStep = (n: number) => {
      const r = madviseRun(n);
      const { proxy, reads } = countedReads(r.sim.rt.steps);
      const facts = runFacts(r.graph, proxy);
      expect(facts).toEqual(runFacts(r.graph, r.sim.rt.steps));
      return reads.n / r.sim.rt.steps.length;
    };
    const small = perStep(20);
    const large = perStep(200);
    expect(large).toBeLessThanOrEqual(small * 1.05);
  });
});
