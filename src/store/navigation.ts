/**
 * Moves over long runs, read from the trace alone. A cursor c means steps[c - 1] is the current step.
 * - step over: to the return of the current function — the next step with fewer calls open (the caller
 *   resuming after the call); the end of the event if none. Leaf calls run inline in their caller's frame,
 *   so from one of them this is the caller's return. Loops inside (an rmap walk, an index loop) are skipped whole.
 * - next decision: the next step whose branch differs from the branch its function took last time (or
 *   that is the function's first run): where the run goes somewhere new.
 * - next event: the first step of the next scenario event.
 * - loops: runs of a repeating pattern of functions, folded into one row in the log and the timeline.
 */
import type { StepRecord } from '../pipeline/runtime';

type Steps = readonly StepRecord[];

function eventEnd(steps: Steps, i: number): number {
  let j = i;
  while (j < steps.length && steps[j].event === steps[i].event) j++;
  return j;
}

/** Cursor after stepping over the current step's function. */
export function stepOverTarget(steps: Steps, cursor: number): number {
  if (cursor <= 0) return Math.min(1, steps.length);
  const i = cursor - 1;
  const cur = steps[i];
  if (!cur) return cursor;
  const end = eventEnd(steps, i);
  for (let j = i + 1; j < end; j++) if (steps[j].depth < cur.depth) return j + 1;
  return Math.min(end + 1, steps.length);
}

/** Cursor at the next step that decided something new. */
export function nextDecisionTarget(steps: Steps, cursor: number): number {
  const last = new Map<string, string>();
  for (let j = 0; j < cursor && j < steps.length; j++) last.set(steps[j].fn, steps[j].branch);
  for (let j = cursor; j < steps.length; j++) {
    const st = steps[j];
    const before = last.get(st.fn);
    if (st.decisions.length > 0 && (before === undefined || before !== st.branch)) return j + 1;
    last.set(st.fn, st.branch);
  }
  return steps.length;
}

/** Cursor at the first step of the next event (or the end). */
export function nextEventTarget(steps: Steps, cursor: number): number {
  const ev = cursor > 0 ? steps[cursor - 1]?.event : -1;
  for (let j = cursor; j < steps.length; j++) if (steps[j].event !== ev) return j + 1;
  return steps.length;
}

export interface LoopFold {
  /** first step index of the loop */
  first: number;
  /** one past the last step index */
  end: number;
  /** the functions of one iteration */
  pattern: string[];
  iterations: number;
}

const MAX_PERIOD = 6;
const MIN_ITERATIONS = 3;

/** Runs of one pattern of functions repeated MIN_ITERATIONS times or more, within one event. */
/** Do the p steps from `at` run the same functions, in the same event, as the p steps from `from`? */
function repeats(steps: Steps, from: number, p: number, at: number): boolean {
  for (let k = 0; k < p; k++) {
    const a = steps[from + k];
    const b = steps[at + k];
    if (at + k >= steps.length || a.fn !== b.fn || a.event !== b.event) return false;
  }
  return true;
}

export function findLoops(steps: Steps): LoopFold[] {
  const out: LoopFold[] = [];
  let i = 0;
  while (i < steps.length) {
    let best: LoopFold | null = null;
    for (let p = 1; p <= MAX_PERIOD; p++) {
      let n = 1;
      while (repeats(steps, i, p, i + n * p)) n++;
      if (n >= MIN_ITERATIONS && (!best || n * p > best.end - best.first))
        best = {
          first: i,
          end: i + n * p,
          pattern: steps.slice(i, i + p).map((s) => s.fn),
          iterations: n,
        };
    }
    if (best) {
      out.push(best);
      i = best.end;
    } else i++;
  }
  return out;
}
