/**
 * The pipeline log's rows (src/views/pipeline/PipelineView.tsx): the run's steps, with each loop the
 * navigation found folded into one row unless it is expanded or the cursor is in it.
 */

import type { LoopFold } from '../../store/navigation';
import type { StepRowVM } from '../../store/selectors';

export type LogRow = { kind: 'step'; step: StepRowVM } | { kind: 'loop'; loop: LoopFold };

/**
 * Steps as rows; a loop is one row unless it is expanded or it is `open` (the loop the cursor is in, by its
 * first step). Made again only when the open loop changes, not at every step (13,027 rows on bench A).
 */
export function logRows(
  all: readonly StepRowVM[],
  loops: LoopFold[],
  open: number | null,
  expanded: ReadonlySet<number>,
): LogRow[] {
  const byFirst = new Map(loops.map((l) => [l.first, l]));
  const rows: LogRow[] = [];
  for (let i = 0; i < all.length; ) {
    const l = byFirst.get(i);
    if (l && !expanded.has(l.first) && l.first !== open) {
      rows.push({ kind: 'loop', loop: l });
      i = l.end;
    } else rows.push({ kind: 'step', step: all[i++] });
  }
  return rows;
}

/** the first step of the loop that holds step `index`, or null (loops are in step order, not nested) */
export function loopAt(loops: readonly LoopFold[], index: number): number | null {
  let lo = 0;
  let hi = loops.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (loops[mid].end <= index) lo = mid + 1;
    else hi = mid;
  }
  const l = loops[lo];
  return l && l.first <= index && index < l.end ? l.first : null;
}

/** each step's row, -1 for a step folded into a loop row */
export function rowOfSteps(rows: readonly LogRow[], steps: number): Int32Array {
  const at = new Int32Array(steps).fill(-1);
  rows.forEach((r, i) => {
    if (r.kind === 'step') at[r.step.index] = i;
  });
  return at;
}
