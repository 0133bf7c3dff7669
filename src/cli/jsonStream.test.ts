import { describe, expect, it } from 'vitest';
import { simulateBuiltin } from '../session/simulate';
import { Piecewise, stringifyInPieces } from './jsonStream';

/** The pieces, joined, and how many there were. */
function pieces(value: unknown, chunk: number, splitAt: number): { text: string; n: number } {
  const out: string[] = [];
  stringifyInPieces(value, (p) => out.push(p), chunk, splitAt);
  return { text: out.join(''), n: out.length };
}

const long = (n: number) => Array.from({ length: n }, (_, i) => ({ i, s: `x${i}\n"q"`, a: [i, [i], {}] }));

describe('stringifyInPieces', () => {
  const cases: [string, unknown][] = [
    ['a long array', long(10)],
    ['an object holding long arrays', { a: long(5), b: 'b', c: [], d: {}, e: { f: long(6) }, g: null }],
    ['nested long arrays', [long(4), [long(4), long(1)], []]],
    ['members JSON.stringify leaves out', { a: undefined, b: () => 1, c: long(4), d: Symbol('d'), e: 1 }],
    ['array holes and skipped values', [undefined, () => 1, Symbol('s'), 1, null, new Array(2), 2]],
    ['toJSON', { a: long(4), b: { toJSON: () => 'B', x: long(4) }, c: new Date(0) }],
    ['a lone number', 5],
    ['a lone string', 'x\ny'],
    ['control and line separators', { s: long(4).map((x) => `\u2028${x.s}\u001b`), t: '\u0085' }],
    ['an object whose only member is skipped', { a: long(4), b: { x: undefined, y: long(4) } }],
  ];
  for (const [name, value] of cases)
    it(`joins to JSON.stringify(v, null, 2): ${name}`, () => {
      for (const chunk of [1, 7, 1 << 20])
        for (const splitAt of [0, 1, 3, 256])
          expect(pieces(value, chunk, splitAt).text).toBe(JSON.stringify(value, null, 2));
    });

  it('writes a Piecewise list as the array of its elements, made a run at a time', () => {
    const all = long(1300);
    const asked: [number, number][] = [];
    const lazy = (n: number) =>
      new Piecewise(n, (from, to) => {
        asked.push([from, to]);
        return all.slice(from, to);
      });
    for (const n of [0, 1, 700, 1300]) {
      const eager = { a: 1, list: all.slice(0, n), inner: [{ list: all.slice(0, n) }], b: 'b' };
      for (const splitAt of [1, 256]) {
        asked.length = 0;
        const v = { a: 1, list: lazy(n), inner: [{ list: lazy(n) }], b: 'b' };
        expect(pieces(v, 4096, splitAt).text).toBe(JSON.stringify(eager, null, 2));
        // never the whole list in one slice once it is longer than a run
        if (n > 512) expect(asked.every(([from, to]) => to - from <= 512)).toBe(true);
        expect(JSON.stringify(v, null, 2)).toBe(JSON.stringify(eager, null, 2));
      }
    }
  });

  it('hands out the text in many pieces, none near the whole', () => {
    const v = { a: long(20000) };
    const { text, n } = pieces(v, 1000, 256);
    expect(text).toBe(JSON.stringify(v, null, 2));
    expect(n).toBeGreaterThan(10);
  });

  it('joins to JSON.stringify of every built-in report with its steps', () => {
    for (const id of ['xfs-reflink-shared', 'unbind-pre-remove', 'v4-race-truncate']) {
      const sim = simulateBuiltin(id);
      const doc = { ...sim.report, steps: sim.rt.steps.map(({ journal: _j, ...s }) => s) };
      expect(pieces(doc, 4096, 2).text).toBe(JSON.stringify(doc, null, 2));
    }
  });
});
