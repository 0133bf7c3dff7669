/**
 * Sequence alignment of two runs' steps by kernel function, so a call one kernel makes and the other
 * does not shows as a gap. Myers' O((N+M)·D) diff (Myers 1986, "An O(ND) Difference Algorithm"), run per
 * scenario event after trimming the common prefix and suffix: two variants of one scenario differ in a
 * few calls, so D stays small and long runs (the 1M-owner bench) stay linear. Pure; no kernel semantics.
 */

/** One column of the alignment: a step index on each side, or null where that side has no such call. */
export interface AlignedColumn {
  a: number | null;
  b: number | null;
}

/** Past this many edits in one event the rest of the event is shown as a block of gaps, not searched. */
export const MAX_EDITS = 2048;

/**
 * Align two key sequences. Returns columns covering every index of `a` and `b` in order; equal keys share
 * a column. `offA`/`offB` are added to the indices (so an event's slice maps back to the whole trace).
 */
export function alignSequences(a: readonly string[], b: readonly string[], offA = 0, offB = 0): AlignedColumn[] {
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
  for (const c of middle(a.slice(start, endA), b.slice(start, endB), offA + start, offB + start)) out.push(c);
  for (let i = 0; endA + i < a.length; i++) out.push({ a: offA + endA + i, b: offB + endB + i });
  return out;
}

/**
 * Myers' greedy forward search, keeping each round's frontier to walk the path back. The keys are compared
 * as small integers (a report's dmesg lines are long strings equal in text, not in identity), the frontier
 * is updated in place (round d writes only the diagonals of d's parity) and each round keeps only its
 * diagonals -d-1..d+1. Two sides whose lengths alone differ by more than MAX_EDITS cannot meet within it:
 * they are gaps at once (6.1's 3,338 dmesg lines against 6.12's 339 on bench A searched 2 s for that).
 */
function middle(a: readonly string[], b: readonly string[], offA: number, offB: number): AlignedColumn[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || Math.abs(n - m) > MAX_EDITS) return gaps(n, m, offA, offB);
  const [ka, kb] = asInts(a, b);
  const max = Math.min(n + m, MAX_EDITS);
  // diagonal k's furthest x is at v[max + k + 1]
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(max - d, max + d + 3));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k] < v[max + k + 2]);
      let x = down ? v[max + k + 2] : v[max + k] + 1;
      let y = x - k;
      while (x < n && y < m && ka[x] === kb[y]) {
        x++;
        y++;
      }
      v[max + k + 1] = x;
      if (x >= n && y >= m) return backtrack(trace, d, k, n, m, offA, offB);
    }
  }
  return gaps(n, m, offA, offB);
}

/** the two key lists as integers, equal where the strings are */
function asInts(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const of = (list: readonly string[]) => {
    const out = new Int32Array(list.length);
    list.forEach((key, i) => {
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      out[i] = id;
    });
    return out;
  };
  return [of(a), of(b)];
}

function backtrack(
  trace: Int32Array[],
  dEnd: number,
  kEnd: number,
  n: number,
  m: number,
  offA: number,
  offB: number,
): AlignedColumn[] {
  const cols: AlignedColumn[] = [];
  let x = n;
  let y = m;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    // the frontier after round d-1, diagonal j at [j + d + 1]
    const v = trace[d];
    const down = k === -d || (k !== d && v[k - 1 + d + 1] < v[k + 1 + d + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[prevK + d + 1];
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

function gaps(n: number, m: number, offA: number, offB: number): AlignedColumn[] {
  const cols: AlignedColumn[] = [];
  for (let i = 0; i < n; i++) cols.push({ a: offA + i, b: null });
  for (let j = 0; j < m; j++) cols.push({ a: null, b: offB + j });
  return cols;
}

/** A step's event and kernel function: what the alignment matches on. */
export interface AlignableStep {
  event: number;
  fn: string;
}

/**
 * Align two traces event by event (a scenario's events are the same on both sides), by kernel function.
 * Events only one side reached (a panic ends a run early) become gaps.
 */
export function alignRuns(a: readonly AlignableStep[], b: readonly AlignableStep[]): AlignedColumn[] {
  const out: AlignedColumn[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const ev = Math.min(a[i]?.event ?? Number.POSITIVE_INFINITY, b[j]?.event ?? Number.POSITIVE_INFINITY);
    let ie = i;
    while (ie < a.length && a[ie].event === ev) ie++;
    let je = j;
    while (je < b.length && b[je].event === ev) je++;
    const keysA = a.slice(i, ie).map((s) => s.fn);
    const keysB = b.slice(j, je).map((s) => s.fn);
    for (const c of alignSequences(keysA, keysB, i, j)) out.push(c);
    i = ie;
    j = je;
  }
  return out;
}
