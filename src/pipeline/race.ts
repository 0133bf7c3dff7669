/**
 * Racing tasks: a file change placed inside a failure's handling (`concurrentWith` + `at`) runs as a
 * second task. It starts when the handler is about to run the `at` function (the change gets there
 * first), runs its own steps in its own frame until it needs something the handler holds (a locked DAX
 * entry, the AGF buffer of the AG being queried), sleeps there, and runs on once the handler releases it.
 * Its steps are recorded under its own event, between the handler's, in the order they happen.
 */

import { type Frame, newFrame } from '../kernel/frame';
import { dax_is_locked } from '../kernel/fs/dax';
import { agfHeldBy } from '../kernel/fs/file_change';
import { xa_load } from '../kernel/lib/xarray';
import { isRacing, marksOf, type Runtime, runStep } from './runtime';
import { type Edge, ENTRY, STATE_SPECS, type StateSpec } from './spec';

export interface Racer {
  /** the racing event's index, and the event whose handling it races */
  event: number;
  with: number;
  /** the kernel function of the handler it starts at */
  at: string;
  frame: Frame;
  /** the state it runs next (null once it returned) */
  state: string | null;
  status: 'pending' | 'waiting' | 'done';
}

const racers = new WeakMap<Runtime, Racer[]>();

function racersOf(rt: Runtime): Racer[] {
  let list = racers.get(rt);
  if (!list) {
    list = [];
    rt.events.forEach((ev, i) => {
      if (!isRacing(ev) || !('race' in ev) || !ev.race) return;
      list?.push({
        event: i,
        with: ev.race.with,
        at: ev.race.at,
        frame: newFrame(ev, i),
        state: ENTRY[ev.kind],
        status: 'pending',
      });
    });
    racers.set(rt, list);
  }
  return list;
}

/** Is what the racer sleeps on released? */
function released(rt: Runtime, r: Racer): boolean {
  const w = r.frame.waitFor;
  if (!w) return true;
  if (w.on === 'dax-entry') {
    const e = xa_load(rt.k.mapping(w.mappingId).i_pages, w.index);
    return e === null || !dax_is_locked(e);
  }
  const held = agfHeldBy(rt.frame);
  return !held || held.dev !== w.dev || held.agno !== w.agno || rt.eventIndex !== r.with;
}

/** Run the racer's steps until it sleeps or returns. */
function run(rt: Runtime, r: Racer): void {
  if (rt.outcomes[r.event] === undefined)
    rt.outcomes[r.event] = { start: marksOf(rt), end: null, pfn: null, result: null, ret: null, shutdown: false };
  r.status = 'pending';
  while (r.state) {
    const spec: StateSpec = STATE_SPECS[r.state];
    const step = runStep(rt, r.state, spec, r.frame, r.event);
    if (step.branch === 'wait') {
      r.status = 'waiting';
      return;
    }
    const edge = spec.next[step.branch] as Edge;
    r.state = 'goto' in edge ? edge.goto : null;
  }
  r.status = 'done';
  const o = rt.outcomes[r.event];
  // the racer prints nothing and signals nobody: only its steps and unmaps are its own (HardwareCorrupted
  // is the running total, as for every event)
  const end = marksOf(rt);
  o.end = {
    ...end,
    dmesg: o.start.dmesg,
    trace: o.start.trace,
    delivered: o.start.delivered,
    hwpoison: o.start.hwpoison,
  };
  o.ret = 0;
}

/** Before the handler runs `fn`: start the racers placed there. */
export function beforeStep(rt: Runtime, fn: string): void {
  for (const r of racersOf(rt))
    if (r.with === rt.eventIndex && r.status === 'pending' && r.state && r.at === fn) {
      r.frame.raceWith = rt.frame;
      run(rt, r);
    }
}

/** After each handler step: wake the racers whose lock was released. */
export function afterStep(rt: Runtime): void {
  for (const r of racersOf(rt)) if (r.with === rt.eventIndex && r.status === 'waiting' && released(rt, r)) run(rt, r);
}

/**
 * The handler's event is over: its locks are gone. Racers still asleep run on; racers whose `at` the
 * handler never reached run now, after it (their first step says so).
 */
export function finishRacers(rt: Runtime): void {
  for (const r of racersOf(rt)) {
    if (r.with !== rt.eventIndex || r.status === 'done') continue;
    r.frame.raceWith = null;
    r.frame.waitFor = null;
    run(rt, r);
  }
}
