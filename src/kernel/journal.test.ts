/** The journal's deltas: every kind of write reverts and re-applies exactly, in any seek order. */
import { describe, expect, it } from 'vitest';
import { Journal } from './journal';

function state() {
  return { obj: { a: 1, b: 'x' }, map: new Map<number, string>([[1, 'one']]), list: [10, 20, 30] };
}
const snap = (s: ReturnType<typeof state>) => JSON.stringify([s.obj, [...s.map], s.list]);

describe('Journal', () => {
  it('set, mapSet, mapDelete, push, insertAt and removeAt revert and re-apply in place', () => {
    const s = state();
    const j = new Journal();
    const seen = [snap(s)];
    j.set('o:1', s.obj, 'a', 2);
    seen.push(snap(s));
    j.mapSet('m:1', 'v', s.map, 2, 'two');
    seen.push(snap(s));
    j.mapSet('m:1', 'v', s.map, 1, 'uno');
    seen.push(snap(s));
    j.mapDelete('m:1', 'v', s.map, 2);
    seen.push(snap(s));
    j.push('l:1', 'items', s.list, 40);
    seen.push(snap(s));
    j.insertAt('l:1', 'items', s.list, 1, 15);
    seen.push(snap(s));
    j.removeAt('l:1', 'items', s.list, 3);
    seen.push(snap(s));
    j.set('o:1', s.obj, 'b', 'y');
    seen.push(snap(s));
    expect(j.length).toBe(seen.length - 1);
    const list = s.list;
    for (const to of [0, 8, 3, 5, 1, 7, 2, 0, 6, 4, 8]) {
      j.seek(to);
      expect(snap(s), `at ${to}`).toBe(seen[to]);
    }
    // the same list object throughout: a view holding it sees every position
    expect(s.list).toBe(list);
    expect(j.entries.map((e) => `${e.object} ${e.field}`)).toEqual([
      'o:1 a',
      'm:1 v',
      'm:1 v',
      'm:1 v',
      'l:1 items',
      'l:1 items',
      'l:1 items',
      'o:1 b',
    ]);
  });

  it('records nothing while disabled, but still writes', () => {
    const s = state();
    const j = new Journal();
    j.enabled = false;
    j.set('o:1', s.obj, 'a', 5);
    j.mapSet('m:1', 'v', s.map, 3, 'three');
    j.insertAt('l:1', 'items', s.list, 0, 5);
    expect(j.length).toBe(0);
    expect(snap(s)).toBe(
      JSON.stringify([
        { a: 5, b: 'x' },
        [
          [1, 'one'],
          [3, 'three'],
        ],
        [5, 10, 20, 30],
      ]),
    );
  });

  it('refuses a write while rewound', () => {
    const s = state();
    const j = new Journal();
    j.push('l:1', 'items', s.list, 1);
    j.seek(0);
    expect(() => j.push('l:1', 'items', s.list, 2)).toThrow(/rewound/);
  });
});
