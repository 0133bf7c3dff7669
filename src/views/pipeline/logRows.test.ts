import { describe, expect, it } from 'vitest';
import type { LoopFold } from '../../store/navigation';
import type { StepRowVM } from '../../store/selectors';
import { type LogRow, logRows, loopAt, rowOfSteps } from './logRows';

const steps = Array.from({ length: 40 }, (_, index) => ({ index }) as StepRowVM);
const loops: LoopFold[] = [
  { first: 3, end: 9, pattern: ['a', 'b'], iterations: 3 },
  { first: 12, end: 13, pattern: ['c'], iterations: 1 },
  { first: 20, end: 35, pattern: ['d', 'e', 'f'], iterations: 5 },
];

/** the rows as the log made them before (from the cursor, at every step) */
function byCursor(cursor: number, expanded: ReadonlySet<number>): LogRow[] {
  const rows: LogRow[] = [];
  for (let i = 0; i < steps.length; ) {
    const l = loops.find((x) => x.first === i);
    if (l && !expanded.has(l.first) && !(cursor - 1 >= l.first && cursor - 1 < l.end)) {
      rows.push({ kind: 'loop', loop: l });
      i = l.end;
    } else rows.push({ kind: 'step', step: steps[i++] });
  }
  return rows;
}

describe('the pipeline log rows', () => {
  it('are those of the cursor at every cursor, with and without an expanded loop', () => {
    for (const expanded of [new Set<number>(), new Set([20])])
      for (let cursor = 0; cursor <= steps.length; cursor++) {
        const rows = logRows(steps, loops, loopAt(loops, cursor - 1), expanded);
        expect(rows).toEqual(byCursor(cursor, expanded));
        // the current step's row, as found by scanning the rows
        const at = rowOfSteps(rows, steps.length)[cursor - 1] ?? -1;
        expect(at).toBe(rows.findIndex((r) => r.kind === 'step' && r.step.index === cursor - 1));
      }
  });

  it('loopAt finds the loop holding a step, by its first step', () => {
    expect([2, 3, 8, 9, 12, 13, 34, 35, -1].map((i) => loopAt(loops, i))).toEqual([
      null,
      3,
      3,
      null,
      12,
      null,
      20,
      null,
      null,
    ]);
    expect(loopAt([], 0)).toBeNull();
  });
});
