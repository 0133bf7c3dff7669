import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import type { PipelineEdgeVM, PipelineStateVM } from '../../store/pipelineModel';
import { selectPipeline } from '../../store/selectors';
import { sameEdge, sameState } from './chartMarks';

const state: PipelineStateVM = {
  id: 'collect_procs_fsdax',
  fn: 'collect_procs_fsdax',
  file: 'mm/memory-failure.c',
  group: 'collect',
  description: 'collect the mappers',
  kind: 'kernel',
  visits: 2,
  current: true,
  lit: false,
  flaw: null,
};
const edge: PipelineEdgeVM = {
  from: 'a',
  to: 'b',
  branch: 'otherwise',
  kind: 'goto',
  key: 'a→b:otherwise',
  taken: 3,
  last: true,
};

describe('the pipeline chart marks', () => {
  it('are the same for a copy, and differ in every field they draw', () => {
    expect(sameState(state, { ...state })).toBe(true);
    for (const other of [
      { ...state, id: 'x' },
      { ...state, kind: 'flow' as const },
      { ...state, file: 'fs/dax.c' },
      { ...state, description: 'other' },
      { ...state, visits: 3 },
      { ...state, current: false },
      { ...state, lit: true },
      { ...state, flaw: 'the flaw' },
    ])
      expect(sameState(state, other)).toBe(false);
    expect(sameEdge(edge, { ...edge })).toBe(true);
    for (const other of [
      { ...edge, key: 'k' },
      { ...edge, from: 'x' },
      { ...edge, to: 'x' },
      { ...edge, branch: 'x' },
      { ...edge, taken: 4 },
      { ...edge, last: false },
    ])
      expect(sameEdge(edge, other)).toBe(false);
  });

  it('on a built-in, a step redraws the states and edges whose drawn fields changed, and only those', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    const n = store.getState().cursor;
    const drawn = (s: PipelineStateVM) =>
      JSON.stringify([s.id, s.kind, s.file, s.description, s.visits, s.current, s.lit, s.flaw]);
    const drawnEdge = (e: PipelineEdgeVM) => JSON.stringify([e.key, e.from, e.to, e.branch, e.taken, e.last]);
    store.getState().stepTo(0);
    let prev = selectPipeline(store.getState());
    let changedSomewhere = 0;
    for (let c = 1; c <= n; c++) {
      store.getState().stepTo(c);
      const vm = selectPipeline(store.getState());
      if (!prev || !vm) throw new Error('no pipeline');
      vm.states.forEach((s, i) => {
        expect(sameState(prev?.states[i] as PipelineStateVM, s)).toBe(
          drawn(prev?.states[i] as PipelineStateVM) === drawn(s),
        );
      });
      vm.edges.forEach((e, i) => {
        const same = sameEdge(prev?.edges[i] as PipelineEdgeVM, e);
        expect(same).toBe(drawnEdge(prev?.edges[i] as PipelineEdgeVM) === drawnEdge(e));
        if (!same) changedSomewhere++;
      });
      prev = vm;
    }
    expect(changedSomewhere).toBeGreaterThan(0);
  });
});
