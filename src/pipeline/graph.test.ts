import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { machineGraph } from './graph';
import { createMemoryFailureMachine, resolvedMachine } from './machine';

describe('machineGraph', () => {
  const memoryFailureMachine = createMemoryFailureMachine('6.12');
  const g = machineGraph(memoryFailureMachine);
  const KERNEL_STATES = resolvedMachine('6.12').states;

  it('has one node per machine state, kernel states carrying their function and file', () => {
    expect(g.states.map((s) => s.id).sort()).toEqual(Object.keys(memoryFailureMachine.root.states).sort());
    for (const [id, spec] of Object.entries(KERNEL_STATES)) {
      const s = g.states.find((x) => x.id === id);
      expect(s).toMatchObject({ fn: spec.fn, file: spec.file, group: spec.group });
    }
    expect(g.states.find((s) => s.id === 'done')?.group).toBe('final');
    expect(g.states.find((s) => s.id === 'event_end')?.fn).toBeNull();
  });

  it('has every branch of every kernel state as an edge', () => {
    for (const [id, spec] of Object.entries(KERNEL_STATES))
      for (const [branch, e] of Object.entries(spec.next)) {
        const out = g.edges.filter((x) => x.from === id && x.branch === branch);
        if ('goto' in e) expect(out).toContainEqual({ from: id, to: e.goto, branch, kind: 'goto' });
        else if ('call' in e) expect(out).toContainEqual({ from: id, to: e.call, branch, kind: 'call' });
        else {
          expect(out.length, `${id} --${branch}--> return`).toBeGreaterThan(0);
          for (const x of out) expect(x.kind).toBe('return');
        }
      }
  });

  it('lists states in execution order: the initial state first, each reached before its successors', () => {
    expect(g.states[0].id).toBe(g.initial);
    const pos = new Map(g.states.map((s, i) => [s.id, i]));
    expect(pos.get('memory_failure')).toBeLessThan(pos.get('memory_failure_dev_pagemap') as number);
    expect(pos.get('xfs_rmap_query_range')).toBeLessThan(pos.get('xfs_dax_failure_fn') as number);
  });

  it('reads any machine built the same way', () => {
    const m = setup({}).createMachine({
      initial: 'a',
      states: {
        a: { meta: { kernel: { fn: 'f', file: 'x.c' }, group: 'g' }, on: { step: { target: 'b' } } },
        b: { always: [{ guard: () => true, target: 'a' }, { target: 'c' }] },
        c: { type: 'final' },
      },
    });
    const h = machineGraph(m);
    expect(h.states.map((s) => [s.id, s.fn, s.group])).toEqual([
      ['a', 'f', 'g'],
      ['b', null, 'flow'],
      ['c', null, 'final'],
    ]);
    expect(h.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a>b', 'b>a', 'b>c']);
  });
});
