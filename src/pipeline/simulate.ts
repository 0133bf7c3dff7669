/**
 * Headless run of the pipeline machine over a built kernel and its events: the trace the CLI prints
 * and the explorer steps through. Deterministic: the same kernel and events give the same steps.
 */
import { type AnyActorScope, createEmptyActor, initialTransition } from 'xstate';
import { errnoName } from '../kernel/errno';
import type { KernelEvent } from '../kernel/frame';
import type { Kernel } from '../kernel/kernel';
import { hex } from '../kernel/units';
import { CompiledRun, compiledMachine } from './compiledMachine';
import { createMemoryFailureMachine } from './machine';
import { processesReport } from './processReport';
import type { EventReport, MfResultName, SimulationReport, UnmappedRange } from './report';
import { createRuntime, type EventOutcome, type Runtime } from './runtime';

export interface Simulation {
  rt: Runtime;
  /** the machine's final state: "done", or "panic" */
  final: string;
  report: SimulationReport;
}

export interface SimulateOptions {
  /** step ids whose decision is forced the other way (what if); see runtime.ts flippedBranch */
  flips?: readonly string[];
  /** guards against a machine that would not terminate */
  maxSteps?: number;
  /** told the number of steps taken, every `PROGRESS_EVERY` steps (the explorer's worker shows it) */
  onProgress?: (steps: number) => void;
  /**
   * record the journal (default true), which views and `--at` rewind through. A run nobody rewinds (the
   * CLI's single run) skips it: the same steps and report, without one undo entry per write (perf: 10^5 of
   * them for 10^5 unmapped PTEs); its steps' `journal` ranges are then empty.
   */
  journal?: boolean;
  /**
   * what steps the machine: its compilation (default, compiledMachine.ts), or xstate's own transition
   * functions — the reference the equivalence test holds the compiled stepper to (same steps, same report)
   */
  engine?: 'compiled' | 'xstate';
  /**
   * keep each step's decisions and touched ids (default true; Runtime.stepDetails). The report reads
   * neither: a run that prints only the report (the CLI without --steps) passes false, and its steps' lists
   * are then empty.
   */
  stepDetails?: boolean;
  /**
   * fill the report's two lists that grow with the scenario (default true): `processes`, and each event's
   * `unmapped`. The CLI passes false and writes them from the kernel as it prints (processReport.ts
   * processEntries, unmappedEntries below): 10^5 entries of each are never held at once.
   */
  longLists?: boolean;
}

export const PROGRESS_EVERY = 1024;

/** Run every event to the end. */
export function simulate(scenarioId: string, k: Kernel, events: KernelEvent[], opts: SimulateOptions = {}): Simulation {
  const maxSteps = opts.maxSteps ?? 10_000_000;
  k.j.enabled = opts.journal ?? true;
  k.stepDetails = opts.stepDetails ?? true;
  // what the setup printed (mount, WARNINGs of the processes' faults) comes before any event
  const setupDmesg = k.dmesg.slice();
  const rt = createRuntime(k, events, opts.flips ?? [], opts.stepDetails ?? true);
  const run = opts.engine === 'xstate' ? runXstate : runCompiled;
  const final = run(scenarioId, rt, maxSteps, opts.onProgress);
  const report = simulationReport(scenarioId, rt, setupDmesg, opts.longLists ?? true);
  if (opts.flips?.length) report.flips = rt.flipped;
  return { rt, final, report };
}

/**
 * The report of a finished run. Perf: proportional to the run — one pass over the steps for all events
 * (src/session/report-work.test.ts counts the step reads).
 */
export function simulationReport(
  scenarioId: string,
  rt: Runtime,
  setupDmesg: string[],
  longLists = true,
): SimulationReport {
  const k = rt.k;
  // every process, the spawned ones too, with every mapping it made (an exited one keeps its list)
  const processes = longLists ? processesReport(k) : [];
  const pins = pinsWaitedFor(rt);
  return {
    scenario: scenarioId,
    kernel: k.config.variant,
    processes,
    dmesg: setupDmesg,
    events: rt.outcomes.map((o, i) => eventReport(rt, rt.events[i], o, pins.get(i) ?? [], longLists)),
    hardwareCorruptedKb: k.counters.num_poisoned_pages * 4,
  };
}

/** The machine compiled from its xstate definition (compiledMachine.ts), one step() per kernel step. */
function runCompiled(
  scenarioId: string,
  rt: Runtime,
  maxSteps: number,
  onProgress: SimulateOptions['onProgress'],
): string {
  const run = new CompiledRun(compiledMachine(createMemoryFailureMachine(rt.k.config.variant)), { rt });
  for (let n = 0; run.active; n++) {
    if (n > maxSteps) throw new Error(`${scenarioId}: no end after ${maxSteps} steps`);
    if (onProgress && n % PROGRESS_EVERY === 0) onProgress(rt.steps.length);
    run.step();
  }
  return run.value;
}

/**
 * The machine stepped by xstate's own transition functions, one `step` event per kernel step: the reference
 * the compiled stepper is tested against (src/session/compiledMachine.test.ts). Actions run as an actor runs them: the initial transition's after it (an actor runs
 * them on start), every later one at once, inside its macrostep — next_event's guards read what its entry
 * action (nextEvent) just did. A kernel step that throws propagates from here.
 */
function runXstate(
  scenarioId: string,
  rt: Runtime,
  maxSteps: number,
  onProgress: SimulateOptions['onProgress'],
): string {
  const machine = createMemoryFailureMachine(rt.k.config.variant);
  const [initial, initialActions] = initialTransition(machine, { rt });
  for (const a of initialActions) a.exec?.(a.info, a.params);
  const scope = immediateScope();
  let snapshot = initial;
  for (let n = 0; snapshot.status === 'active'; n++) {
    if (n > maxSteps) throw new Error(`${scenarioId}: no end after ${maxSteps} steps`);
    if (onProgress && n % PROGRESS_EVERY === 0) onProgress(rt.steps.length);
    snapshot = machine.transition(snapshot, STEP, scope);
  }
  return String(snapshot.value);
}

const STEP = { type: 'step' } as const;

/** An actor scope with no actor behind it that runs each action as xstate hands it over. */
function immediateScope(): AnyActorScope {
  const self = createEmptyActor();
  return {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    system: self.system,
    actionExecutor: (a) => a.exec?.(a.info, a.params),
  };
}

/**
 * Per event index, the pinned pages (pfns) a file change slept on in xfs_break_dax_layouts(), in order. Perf:
 * one pass over the steps for all events (a scan per event made 10,000 madvise events × 180,000 steps).
 */
function pinsWaitedFor(rt: Runtime): Map<number, string[]> {
  const byEvent = new Map<number, string[]>();
  for (const s of rt.steps) {
    if (s.branch !== 'wait') continue;
    const on = String(s.detail?.waitsOn ?? '');
    if (!on.startsWith('pfn:')) continue;
    const list = byEvent.get(s.event);
    if (list) list.push(on.slice('pfn:'.length));
    else byEvent.set(s.event, [on.slice('pfn:'.length)]);
  }
  return byEvent;
}

function eventReport(rt: Runtime, ev: KernelEvent, o: EventOutcome, pins: string[], longLists: boolean): EventReport {
  const k = rt.k;
  const from = o.start;
  const to = o.end ?? from;
  return {
    kind: ev.kind,
    label: ev.label,
    pfn: o.pfn === null ? null : hex(o.pfn),
    result: o.result as MfResultName | null,
    return: o.ret === null ? null : errnoName(o.ret),
    dmesg: k.dmesg.slice(from.dmesg, to.dmesg),
    trace: k.traceLog.slice(from.trace, to.trace),
    signals: k.delivered.slice(from.delivered, to.delivered).map((s) => ({
      pid: s.pid,
      comm: s.comm,
      signo: s.signo,
      code: s.code,
      addr: hex(s.addr),
      lsb: s.lsb,
    })),
    hwpoison: k.hwpoisonLog.slice(from.hwpoison, to.hwpoison).map(hex),
    unmapped: longLists ? allOf(unmappedEntries(rt, o)) : [],
    hardwareCorruptedKb: to.num_poisoned_pages * 4,
    shutdown: o.shutdown,
    allocations: {
      bytes: to.ownerListBytes - from.ownerListBytes,
      entries: to.ownerListEntries - from.ownerListEntries,
    },
    leakedInodeRefs: to.leakedInodeRefs - from.leakedInodeRefs,
    steps: { first: from.step, end: to.step },
    ...(ev.notRun ? { notRun: ev.notRun } : {}),
    ...(pins.length ? { waitedForPins: pins } : {}),
  };
}

const allOf = <T>(list: { count: number; slice(from: number, to: number): T[] }): T[] => list.slice(0, list.count);

/**
 * The `unmapped` list of an event's report, made on demand a slice at a time (SimulateOptions.longLists): the
 * user mappings its handling removed, in order.
 */
export function unmappedEntries(
  rt: Runtime,
  o: EventOutcome,
): { count: number; slice(from: number, to: number): UnmappedRange[] } {
  const log = rt.k.unmapLog;
  const first = o.start.unmap;
  const end = (o.end ?? o.start).unmap;
  return {
    count: end - first,
    slice: (from, to) =>
      log.slice(first + from, first + to).map((u) => ({ pid: u.pid, start: hex(u.start), end: hex(u.end) })),
  };
}
