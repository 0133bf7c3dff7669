import { describe, expect, it } from 'vitest';
import { machineGraph } from '../pipeline/graph';
import { createMemoryFailureMachine } from '../pipeline/machine';
import { simulateBuiltin } from '../session/simulate';
import { pathBetween, pipelineModel, predecessors } from './pipelineModel';

const g = machineGraph(createMemoryFailureMachine('6.12'));

describe('pipelineModel', () => {
  const steps = simulateBuiltin('xfs-reflink-shared').rt.steps;

  it('crosses control-flow states: kill_me_maybe returns through event_end to get_signal', () => {
    const p = pathBetween(g, 'kill_me_maybe@memory_failure', 'return', 'get_signal');
    expect(p.map((e) => `${e.from}>${e.to}`)).toEqual([
      'kill_me_maybe@memory_failure>event_end',
      'event_end>get_signal',
    ]);
  });

  it('counts each state as often as the run entered it, and marks the current one', () => {
    const vm = pipelineModel(g, steps, steps.length, new Set());
    const st = (id: string) => vm.states.find((s) => s.id === id);
    expect(st('xfs_dax_failure_fn')?.visits).toBe(steps.filter((s) => s.state === 'xfs_dax_failure_fn').length);
    expect(st('get_signal')?.current).toBe(true);
    expect(st('event_end')?.visits).toBe(1);
    expect(st('ext4_dax_notify_failure')).toBeUndefined();
    expect(st('mf_generic_kill_procs')?.visits).toBe(0);
  });

  it('marks the transition into the current step, and only that one, as the last', () => {
    const i = steps.findIndex((s) => s.id === 'kill_me_maybe@memory_failure#1');
    const vm = pipelineModel(g, steps, i + 1, new Set());
    expect(
      vm.edges
        .filter((e) => e.last)
        .map((e) => e.key)
        .sort(),
    ).toEqual(['action_result→kill_me_maybe@memory_failure:return']);
    const first = pipelineModel(g, steps, 1, new Set());
    expect(first.edges.filter((e) => e.last).map((e) => e.to)).toEqual(['do_machine_check']);
    expect(pipelineModel(g, steps, 0, new Set()).edges.some((e) => e.last || e.taken)).toBe(false);
  });

  it('every consecutive pair of steps of every built-in is joined by a path in the graph', async () => {
    const { BUILTIN_SCENARIOS } = await import('../scenario/builtins');
    for (const b of BUILTIN_SCENARIOS) {
      const run = simulateBuiltin(b.id).rt.steps;
      // a design review runs on its design: its chart is that variant's
      const gv = b.kernel ? machineGraph(createMemoryFailureMachine(b.kernel)) : g;
      // a racing change's steps interleave with the handler's: each follows its own event's previous step
      const pred = predecessors(run);
      for (let i = 1; i < Math.min(run.length, 400); i++) {
        const p = pred[i];
        const from = p === null ? { state: gv.initial, branch: null } : run[p];
        expect(pathBetween(gv, from.state, from.branch, run[i].state).length, `${b.id} ${run[i].id}`).toBeGreaterThan(
          0,
        );
      }
    }
  });

  it('lights the states of the steps given', () => {
    const vm = pipelineModel(g, steps, steps.length, new Set([steps.findIndex((s) => s.fn === 'kill_procs')]));
    expect(vm.states.filter((s) => s.lit).map((s) => s.id)).toEqual(['mf_dax_kill_procs/kill_procs']);
  });
});

describe('pipelineModel kept between cursor moves', () => {
  // a long run with loops: 6,192 steps, so the tallies pass several checkpoints
  const steps = simulateBuiltin('unbind-pre-remove').rt.steps;

  it('gives at every cursor, stepped forward, back or jumped to, what a fresh model of the run gives', () => {
    const cursors = [0, 1, 2, 3, 1500, 1501, 1502, 1024, 1023, 2049, 6000, 5, steps.length, steps.length - 1, 3000];
    const lit = new Set([1, 40, 2048, 5000]);
    for (const c of cursors) {
      const kept = pipelineModel(g, steps, c, lit);
      // a copy of the step list is a run the model has never seen: it tallies from the start
      const fresh = pipelineModel(g, [...steps], c, lit);
      expect(kept, `cursor ${c}`).toEqual(fresh);
    }
  });
});
