import { describe, expect, it } from 'vitest';
import { type AlignedColumn, alignRuns, alignSequences } from './align';

/** Render columns as "x|y" pairs, "-" for a gap, to read the expected alignments at a glance. */
const show = (cols: AlignedColumn[], a: string[], b: string[]) =>
  cols.map((c) => `${c.a === null ? '-' : a[c.a]}|${c.b === null ? '-' : b[c.b]}`);

describe('alignSequences', () => {
  it('matches equal runs column by column', () => {
    const a = ['f', 'g', 'h'];
    expect(show(alignSequences(a, a), a, a)).toEqual(['f|f', 'g|g', 'h|h']);
  });

  it('shows a call only one side makes as a gap on the other', () => {
    const a = ['mf', 'notify', 'pre_remove', 'kill', 'ret'];
    const b = ['mf', 'notify', 'kill', 'ret'];
    expect(show(alignSequences(a, b), a, b)).toEqual([
      'mf|mf',
      'notify|notify',
      'pre_remove|-',
      'kill|kill',
      'ret|ret',
    ]);
    expect(show(alignSequences(b, a), b, a)).toEqual([
      'mf|mf',
      'notify|notify',
      '-|pre_remove',
      'kill|kill',
      'ret|ret',
    ]);
  });

  it('covers every index of both sides exactly once, in order', () => {
    const a = 'abcabba'.split('');
    const b = 'cbabac'.split('');
    const cols = alignSequences(a, b);
    expect(cols.flatMap((c) => (c.a === null ? [] : [c.a]))).toEqual([...a.keys()]);
    expect(cols.flatMap((c) => (c.b === null ? [] : [c.b]))).toEqual([...b.keys()]);
    for (const c of cols) if (c.a !== null && c.b !== null) expect(a[c.a]).toBe(b[c.b]);
    // Myers' example: the shortest edit script has 5 edits, so 4 matched columns
    expect(cols.filter((c) => c.a !== null && c.b !== null)).toHaveLength(4);
  });

  it('handles empty sides', () => {
    expect(alignSequences([], ['x'])).toEqual([{ a: null, b: 0 }]);
    expect(alignSequences(['x'], [])).toEqual([{ a: 0, b: null }]);
    expect(alignSequences([], [])).toEqual([]);
  });

  it('stays linear on long runs that differ in a few calls', () => {
    const n = 200_000;
    const a = Array.from({ length: n }, (_, i) => `f${i % 17}`);
    const b = [...a.slice(0, 1000), 'extra', ...a.slice(1000, n - 5), ...a.slice(n - 4)];
    const cols = alignSequences(a, b);
    expect(cols.filter((c) => c.a === null || c.b === null)).toHaveLength(2);
  });
});

describe('alignRuns', () => {
  it('aligns event by event, so a call never matches across events', () => {
    const a = [
      { event: 0, fn: 'x' },
      { event: 1, fn: 'y' },
    ];
    const b = [
      { event: 0, fn: 'x' },
      { event: 0, fn: 'y' },
      { event: 1, fn: 'y' },
    ];
    expect(alignRuns(a, b)).toEqual([
      { a: 0, b: 0 },
      { a: null, b: 1 },
      { a: 1, b: 2 },
    ]);
  });
});
