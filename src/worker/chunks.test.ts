import { describe, expect, it } from 'vitest';
import { type Chunk, chunkCollector, splitLong } from './chunks';

describe('a run summary crosses in chunks', () => {
  const result = () => ({
    kind: 'run',
    sim: {
      rt: { steps: Array.from({ length: 23 }, (_, i) => ({ index: i })), events: [1] },
      report: { processes: [] },
    },
    built: { scenario: { id: 's', processes: Array.from({ length: 7 }, (_, i) => ({ name: `p${i}` })) } },
  });

  it('sends the long arrays ahead in order, the rest without them, and puts them back', () => {
    const original = result();
    const sent: Chunk[] = [];
    const rest = splitLong(original, (c) => sent.push(structuredClone(c)), 5);
    // 23 steps in 5 chunks, 7 processes in 2; the empty report list and the short events are not chunked
    expect(sent.map((c) => [c.path, c.items.length])).toEqual([
      [0, 5],
      [0, 5],
      [0, 5],
      [0, 5],
      [0, 3],
      [2, 5],
      [2, 2],
    ]);
    expect(rest.sim.rt.steps).toEqual([]);
    expect(rest.built.scenario.processes).toEqual([]);
    expect(rest.sim.rt.events).toEqual([1]);
    // the worker's own run is left whole
    expect(original.sim.rt.steps).toHaveLength(23);
    expect(original.built.scenario.processes).toHaveLength(7);
    const c = chunkCollector();
    for (const x of sent) c.add(x);
    expect(c.finish(structuredClone(rest))).toEqual(result());
  });

  it('a short summary crosses whole', () => {
    const sent: Chunk[] = [];
    const rest = splitLong(result(), (c) => sent.push(c), 100);
    expect(sent).toEqual([]);
    expect(rest).toEqual(result());
  });
});
