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
import { type Branch, type Edge, ENTRY, STATE_SPECS, type StateSpec } from './spec';

export interface Racer {
  /** the racing event's index, and the event whose handling it races (SLEEPER: none, a parked event) */
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

/** `with` of a task asleep on something no particular event holds (a pinned page): any later step may wake it. */
export const SLEEPER = -1;

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
  if (w.on === 'page-ref') {
    // ___wait_var_event(&page->_refcount, _refcount == 1): the last put_page() woke it
    const ns = rt.k.namespaceOfPfn(w.pfn);
    return !ns || ns.pages.page(ns.pages.compound_head(w.pfn))._refcount <= 1;
  }
  const held = agfHeldBy(rt.frame);
  return !held || held.dev !== w.dev || held.agno !== w.agno || rt.eventIndex !== r.with;
}

/** Of a branch's alternatives, the edge the running kernel's variant keeps (as resolveMachine does). */
function edgeFor(rt: Runtime, b: Branch | undefined): Edge | undefined {
  const k = rt.k;
  return (Array.isArray(b) ? b : b ? [b] : []).find(
    (e) => (!e.requires || k.has(e.requires)) && (!e.unless || !k.has(e.unless)),
  );
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
    const edge = edgeFor(rt, spec.next[step.branch]);
    r.state = edge && 'goto' in edge ? edge.goto : null;
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

/** After each handler step: wake the racers whose lock was released, and sleepers whose page was unpinned. */
export function afterStep(rt: Runtime): void {
  for (const r of racersOf(rt))
    if ((r.with === rt.eventIndex || r.with === SLEEPER) && r.status === 'waiting' && released(rt, r)) run(rt, r);
}

/**
 * A plain event's step returned `wait` (a truncate found a pinned page): the task sleeps. Its frame is
 * parked as a sleeper that resumes at `state` once what it waits for is released, in a later event's step;
 * the machine goes on to the next event meanwhile.
 */
export function park(rt: Runtime, state: string): void {
  racersOf(rt).push({
    event: rt.eventIndex,
    with: SLEEPER,
    at: state,
    frame: rt.frame,
    state,
    status: 'waiting',
  });
}

/** Tasks still asleep when the scenario ends (nothing released them): their events never returned. */
export function sleepers(rt: Runtime): Racer[] {
  return racersOf(rt).filter((r) => r.with === SLEEPER && r.status === 'waiting');
}

/** The scenario is over: close the outcomes of tasks still asleep, with no return value. */
export function closeSleepers(rt: Runtime): void {
  for (const r of sleepers(rt)) {
    const o = rt.outcomes[r.event];
    if (o && !o.end)
      o.end = {
        ...marksOf(rt),
        dmesg: o.start.dmesg,
        trace: o.start.trace,
        delivered: o.start.delivered,
        hwpoison: o.start.hwpoison,
      };
  }
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
    // still asleep with the handler gone: a pinned page, which only a later unpin releases
    if (r.status === 'waiting') r.with = SLEEPER;
  }
}
