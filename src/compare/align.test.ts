import { describe, expect, it } from 'vitest';
import { type AlignedColumn, alignRuns, alignSequences, MAX_EDITS } from './align';

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

// The search as it was before its keys became integers and its frontier was kept in place (session s20): the
// new one must give the very same columns, not just as few gaps.
function referenceAlignSequences(a: readonly string[], b: readonly string[], offA = 0, offB = 0): AlignedColumn[] {
  const out: AlignedColumn[] = [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    out.push({ a: offA + start, b: offB + start });
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  for (const c of referenceMiddle(a.slice(start, endA), b.slice(start, endB), offA + start, offB + start)) out.push(c);
  for (let i = 0; endA + i < a.length; i++) out.push({ a: offA + endA + i, b: offB + endB + i });
  return out;
}

/** Myers' greedy forward search, keeping each round's frontier to walk the path back. */
function referenceMiddle(a: readonly string[], b: readonly string[], offA: number, offB: number): AlignedColumn[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return referenceGaps(n, m, offA, offB);
  const max = Math.min(n + m, MAX_EDITS);
  const size = 2 * max + 1;
  let v = new Int32Array(size + 2);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const nv = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k - 1 + 1] < v[max + k + 1 + 1]);
      let x = down ? v[max + k + 1 + 1] : v[max + k - 1 + 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      nv[max + k + 1] = x;
      if (x >= n && y >= m) return referenceBacktrack(trace, d, k, max, a, b, offA, offB);
    }
    v = nv;
  }
  return referenceGaps(n, m, offA, offB);
}

function referenceBacktrack(
  trace: Int32Array[],
  dEnd: number,
  kEnd: number,
  max: number,
  a: readonly string[],
  b: readonly string[],
  offA: number,
  offB: number,
): AlignedColumn[] {
  const cols: AlignedColumn[] = [];
  let x = a.length;
  let y = b.length;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]; // frontier after round d-1
    const down = k === -d || (k !== d && v[max + k - 1 + 1] < v[max + k + 1 + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[max + prevK + 1];
    const prevY = prevX - prevK;
    while (x > (down ? prevX : prevX + 1) && y > (down ? prevY + 1 : prevY)) {
      x--;
      y--;
      cols.push({ a: offA + x, b: offB + y });
    }
    if (down) {
      y--;
      cols.push({ a: null, b: offB + y });
    } else {
      x--;
      cols.push({ a: offA + x, b: null });
    }
    k = prevK;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    cols.push({ a: offA + x, b: offB + y });
  }
  return cols.reverse();
}

function referenceGaps(n: number, m: number, offA: number, offB: number): AlignedColumn[] {
  const cols: AlignedColumn[] = [];
  for (let i = 0; i < n; i++) cols.push({ a: offA + i, b: null });
  for (let j = 0; j < m; j++) cols.push({ a: null, b: offB + j });
  return cols;
}

describe('alignSequences against the search it replaced', () => {
  it('gives the same columns on random sequences, near and far apart', () => {
    let seed = 20261207;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const line = (alphabet: number) => `XFS (pmem0): line ${rand(alphabet)}`;
    for (let t = 0; t < 500; t++) {
      const alphabet = 1 + rand(6);
      const a = Array.from({ length: rand(80) }, () => line(alphabet));
      const b = rand(2)
        ? a.map((x) => (rand(5) ? x : line(alphabet)))
        : Array.from({ length: rand(80) }, () => line(alphabet));
      expect(alignSequences(a, b, 3, 7)).toEqual(referenceAlignSequences(a, b, 3, 7));
    }
  });

  it('gives up at once when the lengths alone differ by more than MAX_EDITS, as the search did after MAX_EDITS rounds', () => {
    const a = Array.from({ length: MAX_EDITS + 40 }, (_, i) => `a${i % 3}`);
    const b = ['a1', 'b'];
    expect(alignSequences(a, b)).toEqual(referenceAlignSequences(a, b));
    expect(alignSequences(a, b).filter((c) => c.a !== null && c.b !== null)).toHaveLength(0);
  });
});
