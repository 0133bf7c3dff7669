/**
 * What the pipeline machine carries: the kernel being stepped, the scenario's events, the current
 * event's frame, and the trace of steps taken so far. Mutable by design (see kernel.ts); the trace and
 * the journal make every earlier step reachable.
 */
import type { StepDecision } from '../kernel/decision';
import { type Frame, type KernelEvent, newFrame } from '../kernel/frame';
import type { Kernel } from '../kernel/kernel';
import type { KernelOp } from '../kernel/step';

export interface StepRecord {
  /** position in the trace */
  index: number;
  /** stable id: the state and its occurrence in this run, e.g. "xfs_dax_failure_fn#2" */
  id: string;
  /** the machine state: a kernel function, or `fn@callee` where fn resumes after a call */
  state: string;
  /** the kernel function the state runs */
  fn: string;
  /** calls open below this step (the frame's stack depth): a deeper step runs inside a call it made */
  depth: number;
  /** the kernel source file of fn */
  file: string;
  /** the scenario event this step belongs to */
  event: number;
  summary: string;
  branch: string;
  decisions: StepDecision[];
  touched: string[];
  group?: { what: string; first: number; count: number };
  /** on a design variant: the flaw its review named bites here (StepOutcome.flaw) */
  flaw?: string;
  detail?: Record<string, string | number>;
  /** journal entries [from, to) this step wrote */
  journal: [number, number];
  /** dmesg lines [from, to) it printed */
  dmesg: [number, number];
  /** ras:memory_failure_event lines [from, to) */
  trace: [number, number];
  /** delivered signals [from, to) */
  signals: [number, number];
}

/** Positions in the kernel's logs, to cut them per event. */
export interface LogMarks {
  step: number;
  dmesg: number;
  trace: number;
  delivered: number;
  hwpoison: number;
  unmap: number;
  num_poisoned_pages: number;
  /** the owner-list design's counters (kernel.ts designCounters) */
  ownerListBytes: number;
  ownerListEntries: number;
  leakedInodeRefs: number;
}

/** What one scenario event did, filled in as it runs. */
export interface EventOutcome {
  start: LogMarks;
  end: LogMarks | null;
  /** first pfn handed to memory_failure() */
  pfn: number | null;
  result: string | null;
  /** the top kernel call's return */
  ret: number | null;
  /** some filesystem is shut down when the event ends */
  shutdown: boolean;
}

export interface Runtime {
  k: Kernel;
  events: KernelEvent[];
  /** index of the event being handled; events.length when all are done */
  eventIndex: number;
  frame: Frame;
  steps: StepRecord[];
  /** occurrences per state, for step ids */
  counts: Map<string, number>;
  outcomes: EventOutcome[];
  /** step id → the branch to force there, or null for "the other one" ("what if", issue 6 §4) */
  flips: ReadonlyMap<string, string | null>;
  /** the flips applied so far, in run order */
  flipped: FlipRecord[];
  /**
   * keep each step's decisions and touched ids (default). A run whose steps nobody reads back (the CLI
   * printing only the report) drops them: what a step decided and touched over 10^5 tasks then dies young
   * instead of being copied by every later scavenge (perf, issue 10 §4).
   */
  stepDetails: boolean;
}

/** A decision forced the other way: the step ran as the kernel runs it, then took branch `to`. */
export interface FlipRecord {
  step: string;
  fn: string;
  from: string;
  to: string;
}

export function createRuntime(
  k: Kernel,
  events: KernelEvent[],
  flips: Iterable<string> = [],
  stepDetails = true,
): Runtime {
  return {
    k,
    events,
    eventIndex: -1,
    frame: newFrame(events[0] ?? { kind: 'async', label: '', pfn: 0, source: 'ghes' }, -1),
    steps: [],
    counts: new Map(),
    outcomes: [],
    flips: parseFlips(flips),
    flipped: [],
    stepDetails,
  };
}

/**
 * What a step without details holds (Runtime.stepDetails), or a step whose function recorded none: one shared
 * empty list each, never written.
 */
const NO_DECISIONS: StepDecision[] = Object.freeze([]) as unknown as StepDecision[];
const NO_TOUCHED: string[] = Object.freeze([]) as unknown as string[];

/**
 * A step's [from, to) range in a log, the previous step's own tuple when it is the same range (perf: most
 * steps print nothing and write no signal, and 10^5 steps kept four fresh tuples each, 46 MB for 180,000
 * steps). The tuples are never written after the step is recorded, so sharing one is invisible.
 */
function span(prev: [number, number] | undefined, from: number, to: number): [number, number] {
  return prev !== undefined && prev[0] === from && prev[1] === to ? prev : [from, to];
}

/** Run one state's kernel function as a step and record it. */
export function runStep(
  rt: Runtime,
  state: string,
  spec: { fn: string; file: string; op: KernelOp; next?: Record<string, unknown> },
  // a racing task runs its steps in its own frame, recorded under its own event (race.ts)
  frame: Frame = rt.frame,
  eventIndex: number = rt.eventIndex,
): StepRecord {
  const { fn, file, op } = spec;
  const k = rt.k;
  const j0 = k.j.length;
  const d0 = k.dmesg.length;
  const t0 = k.traceLog.length;
  const s0 = k.delivered.length;
  const out = op(k, frame);
  const prev = rt.steps.length ? rt.steps[rt.steps.length - 1] : undefined;
  const n = (rt.counts.get(state) ?? 0) + 1;
  rt.counts.set(state, n);
  const id = `${state}#${n}`;
  const branch = rt.flips.has(id)
    ? flippedBranch(rt, id, fn, out.branch, rt.flips.get(id) ?? null, spec.next)
    : out.branch;
  frame.branch = branch;
  const decisions = rt.stepDetails ? (out.decisions ?? NO_DECISIONS) : NO_DECISIONS;
  const touched = rt.stepDetails ? (out.touched ?? NO_TOUCHED) : NO_TOUCHED;
  const journal = span(prev?.journal, j0, k.j.length);
  const dmesg = span(prev?.dmesg, d0, k.dmesg.length);
  const trace = span(prev?.trace, t0, k.traceLog.length);
  const signals = span(prev?.signals, s0, k.delivered.length);
  const index = rt.steps.length;
  const depth = frame.stack.length;
  const summary = out.summary;
  // perf: one literal, one shape for every record (a spread of the optional flaw built each record through
  // the runtime); a missing flaw is `undefined`, which JSON leaves out, and `flaw` keeps its place between
  // group and detail, the order the `--steps` JSON prints them in
  const step: StepRecord = {
    index,
    id,
    state,
    fn,
    depth,
    file,
    event: eventIndex,
    summary,
    branch,
    decisions,
    touched,
    group: out.group,
    flaw: out.flaw,
    detail: out.detail,
    journal,
    dmesg,
    trace,
    signals,
  };
  rt.steps.push(step);
  const outcome = rt.outcomes[eventIndex];
  if (fn === 'memory_failure' && outcome && outcome.pfn === null) outcome.pfn = frame.pfn;
  return step;
}

/** "state#n" or "state#n:branch" (the branch to force; without it, the other one). */
export function parseFlips(flips: Iterable<string>): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const f of flips) {
    const at = f.lastIndexOf(':');
    if (at > 0) m.set(f.slice(0, at), f.slice(at + 1));
    else m.set(f, null);
  }
  return m;
}

/**
 * The branch a flipped step takes instead of its own: the one asked for, or the state's other branch
 * (the next in the state table's order when it has more than two). The step's own work is done as the
 * kernel does it; only where control goes after it changes. A state with one branch cannot be flipped,
 * nor to a branch it does not have: such a flip is not recorded (the caller reports it unapplied).
 */
function flippedBranch(
  rt: Runtime,
  id: string,
  fn: string,
  own: string,
  want: string | null,
  next?: Record<string, unknown>,
): string {
  const branches = Object.keys(next ?? {});
  const at = branches.indexOf(own);
  if (branches.length < 2 || at < 0) return own;
  const to = want ?? branches[(at + 1) % branches.length];
  if (to === own || !branches.includes(to)) return own;
  rt.flipped.push({ step: id, fn, from: own, to });
  return to;
}

export function marksOf(rt: Runtime): LogMarks {
  const k = rt.k;
  return {
    step: rt.steps.length,
    dmesg: k.dmesg.length,
    trace: k.traceLog.length,
    delivered: k.delivered.length,
    hwpoison: k.hwpoisonLog.length,
    unmap: k.unmapLog.length,
    num_poisoned_pages: k.counters.num_poisoned_pages,
    ownerListBytes: k.counters.owner_list_bytes,
    ownerListEntries: k.counters.owner_list_entries,
    leakedInodeRefs: k.counters.leaked_inode_refs,
  };
}

/** Record how the current event ended (also when the kernel panicked in it). */
export function closeEvent(rt: Runtime): void {
  const done = rt.outcomes[rt.eventIndex];
  // a task asleep in the kernel has not returned: its outcome closes when it does (race.ts park)
  if (!done || done.end || rt.frame.waitFor) return;
  done.end = marksOf(rt);
  done.ret = rt.frame.topReturn;
  done.result = rt.frame.result;
  done.shutdown = [...rt.k.filesystems.values()].some((fs) => fs.shutdown);
}

/** An event placed inside another event's handling (`concurrentWith`): it runs as a racing task, not on its own. */
export const isRacing = (ev: KernelEvent): boolean => 'race' in ev && ev.race !== undefined;

const raced = new WeakMap<Runtime, Set<number>>();

/** The indexes of the events another event races (`concurrentWith`), computed once per run. */
function racedEvents(rt: Runtime): Set<number> {
  let set = raced.get(rt);
  if (!set) {
    set = new Set();
    for (const ev of rt.events) if ('race' in ev && ev.race) set.add(ev.race.with);
    raced.set(rt, set);
  }
  return set;
}

/** Close the current event and move to the next; false when there is none. */
export function nextEvent(rt: Runtime): boolean {
  closeEvent(rt);
  if (rt.eventIndex < rt.events.length) rt.eventIndex++;
  // an event that races another one ran inside that one's handling (race.ts)
  while (rt.eventIndex < rt.events.length && isRacing(rt.events[rt.eventIndex])) rt.eventIndex++;
  if (rt.eventIndex >= rt.events.length) return false;
  rt.frame = newFrame(rt.events[rt.eventIndex], rt.eventIndex);
  rt.frame.raced = racedEvents(rt).has(rt.eventIndex);
  rt.outcomes[rt.eventIndex] = { start: marksOf(rt), end: null, pfn: null, result: null, ret: null, shutdown: false };
  return true;
}
