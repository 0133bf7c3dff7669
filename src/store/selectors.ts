/**
 * View models: what each view draws, computed from the kernel at the cursor. Views call these and draw;
 * they never read the kernel themselves. Each selector is memoised on (load, version, selection, focus),
 * because the kernel is one mutable object seeked by the cursor.
 */

import { type Decision, plainDecision } from '../kernel/decision';
import {
  dax_entry_order,
  dax_to_pfn,
  daxFolioNote,
  daxPageIsShared,
  describeDaxEntry,
  PAGE_MAPPING_DAX_COW,
  PAGE_MAPPING_DAX_SHARED,
} from '../kernel/fs/dax';
import { ownerName, XFS_RMAP_NON_INODE_OWNER } from '../kernel/fs/xfs/xfs_format';
import { indexId, pfnId, pteId, rmapId, taskId } from '../kernel/ids';
import { firstDataPfn, type Kernel, type Namespace, pfnToBlock } from '../kernel/kernel';
import { type XaDump, xa_entry_raw_hex, xa_for_each, xaDump, xaLookupPath } from '../kernel/lib/xarray';
import { collectWhy } from '../kernel/mm/collectDecision';
import { pageFlagNames } from '../kernel/mm/page';
import { policyOf } from '../kernel/sched';
import { hex, PAGE_SIZE, PMD_SIZE, PUD_SIZE } from '../kernel/units';
import { FEATURES } from '../kernel/variants/features';
import { DEFAULT_VARIANT, findVariant } from '../kernel/variants/variants';
import type { PipelineGraph } from '../pipeline/graph';
import type { StepRecord } from '../pipeline/runtime';
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario, RefusedMount } from '../scenario/build';
import { type AppState, type RunSummary, steps } from './appStore';
import { type LinkedIds, linkedIds, pfnsOf } from './links';
import { findLoops, type LoopFold } from './navigation';
import { flawsByState, type PipelineVM, pipelineModel, runOrder } from './pipelineModel';
import type { RunFacts } from './runFacts';
import { drgnExpression, type SourceLink, sourceLink } from './source/sourceLinks';

/**
 * A run where it was simulated (the worker, or the caller's thread with the inline runner): its kernel is
 * here, seeked to `cursor`. The kernel view models below (`compute*`) are made from it, there
 * (src/store/stepViews.ts); the page reads them from the store (`select*`, filled per step).
 */
export interface LocalReady {
  status: 'ready';
  sim: Simulation;
  built: BuiltScenario;
  graph: PipelineGraph;
}
export interface LocalState {
  load: LocalReady;
  cursor: number;
  version: number;
  selection: string | null;
  focus: AppState['focus'];
}
/** What the step-only selectors read: the page's state, or a LocalState (both carry the steps). */
export interface StepsState {
  load:
    | {
        status: 'ready';
        sim: RunSummary;
        graph: PipelineGraph;
        /** facts of the whole trace made where the run is (src/store/runFacts.ts); else made here */
        facts?: RunFacts;
      }
    | { status: 'error' | 'empty' };
  cursor: number;
  version: number;
  selection: string | null;
  focus: AppState['focus'];
}
type Ready = LocalReady;
type StepsReady = Extract<StepsState['load'], { status: 'ready' }>;

/** One-entry memo keyed on the things that change what the kernel shows. */
function kmemo<T>(fn: (s: LocalState, load: Ready) => T): (s: LocalState) => T | null {
  let key: unknown[] = [];
  let value: T | null = null;
  return (s) => {
    const next = [s.load, s.version, s.selection, s.focus.namespace, s.focus.mapping];
    if (next.length === key.length && next.every((v, i) => v === key[i])) return value;
    key = next;
    value = fn(s, s.load);
    return value;
  };
}

/** The same memo for selectors of the steps alone (no kernel): they run on the page too. */
function memo<T>(fn: (s: StepsState, load: StepsReady) => T): (s: StepsState) => T | null {
  let key: unknown[] = [];
  let value: T | null = null;
  return (s) => {
    if (s.load.status !== 'ready') return null;
    const next = [s.load, s.version, s.selection, s.focus.namespace, s.focus.mapping];
    if (next.length === key.length && next.every((v, i) => v === key[i])) return value;
    key = next;
    value = fn(s, s.load);
    return value;
  };
}

const kernelOf = (load: Ready): Kernel => load.sim.rt.k;

// ---- steps and timeline -----------------------------------------------------------------------------

/** A step as the log lists it: the run's own record. The same objects for the whole run. */
export type StepRowVM = StepRecord;

export interface StepVM extends StepRowVM {
  /** the label of the event the step belongs to (the step panel's "event N: …") */
  eventLabel: string;
  /** the step's decisions as shown, a collect record's formatted when the step is shown (plainDecision()) */
  decisions: Decision[];
  done: boolean;
  current: boolean;
}

/**
 * Every step of the run: the run's records themselves. A cursor move changes which row is done or current,
 * which the log reads from the cursor (rebuilding 13,000 rows on every move cost 0.4–1 s on bench A's run).
 * Perf: no copy per row with its event's label, which only the current step shows (the copy was ~90 ms and
 * its garbage of loading bench A, in one task).
 */
export const selectSteps = perRun((load): readonly StepRowVM[] => load.sim.rt.steps);

/**
 * The step at the cursor (the same object until the cursor or the run changes): its row made alone, not
 * through selectSteps (the worker's views read the current step only: 180,000 rows for one was 1.4 s).
 */
let currentKey: [unknown, number] = [null, -1];
let currentValue: StepVM | null = null;
export const selectCurrentStep = (s: StepsState): StepVM | null => {
  if (s.load.status !== 'ready' || s.cursor <= 0) return null;
  if (currentKey[0] === s.load && currentKey[1] === s.cursor) return currentValue;
  const rt = s.load.sim.rt;
  const st = rt.steps[s.cursor - 1];
  currentKey = [s.load, s.cursor];
  currentValue = st
    ? {
        ...st,
        eventLabel: rt.events[st.event]?.label ?? '',
        decisions: st.decisions.map(plainDecision),
        done: true,
        current: true,
      }
    : null;
  return currentValue;
};

export interface TimelineVM {
  cursor: number;
  total: number;
  events: { index: number; label: string; first: number; end: number }[];
  /** "after xfs_dax_failure_fn#2 (12/48)" */
  position: string;
  /** on a design variant: the steps where the flaw its review named bites */
  flaws: { step: number; id: string; fn: string; text: string }[];
}

export const selectTimeline = memo((s, load): TimelineVM => {
  const rt = load.sim.rt;
  const total = rt.steps.length;
  const cur = s.cursor > 0 ? rt.steps[s.cursor - 1] : null;
  return {
    cursor: s.cursor,
    total,
    events: rt.outcomes.map((o, i) => ({
      index: i,
      label: rt.events[i].label,
      first: o.start.step,
      end: o.end?.step ?? total,
    })),
    position: cur ? `step ${s.cursor} of ${total}: ${cur.id}` : `before the first step (0 of ${total})`,
    flaws: selectFlaws(s) ?? [],
  };
});

/** The steps of the run where a design's flaw bites (a fact of the whole trace). */
export const selectFlaws = perRun((load): TimelineVM['flaws'] =>
  load.sim.rt.steps
    .filter((st) => st.flaw)
    .map((st) => ({ step: st.index, id: st.id, fn: st.fn, text: st.flaw as string })),
);

/** The states whose steps carry a design's flaw, per run. */
const selectFlawStates = perRun((load) => flawsByState(load.sim.rt.steps));

/** Memo on the loaded run alone: for facts of the whole trace, which no cursor move changes. */
function perRun<T>(fn: (load: StepsReady) => T): (s: StepsState) => T | null {
  let key: unknown = null;
  let value: T | null = null;
  return (s) => {
    if (s.load.status !== 'ready') return null;
    if (key !== s.load) {
      key = s.load;
      value = fn(s.load);
    }
    return value;
  };
}

/** Loops of repeated calls in the run, folded into one row in the log and one band on the timeline. */
export const selectLoops = perRun((load): LoopFold[] => load.facts?.loops ?? findLoops(load.sim.rt.steps));

/** The highlighted objects: the current step's, and the selection's counterparts. */
export const computeLinked = kmemo((s, load): LinkedIds => linkedIds(kernelOf(load), s.selection));
/**
 * The current step's touched ids as a set: the same object from step to step while the ids are the same
 * (most steps of a long run touch nothing, or what the last one did), so the views' marks built from it are
 * not built again.
 */
export const selectTouched = (() => {
  let last: ReadonlySet<string> = new Set<string>();
  return memo((s): ReadonlySet<string> => {
    const ids = selectCurrentStep(s)?.touched ?? [];
    if (ids.length !== last.size || ids.some((id) => !last.has(id))) last = new Set(ids);
    return last;
  });
})();

// ---- pipeline ---------------------------------------------------------------------------------------

export type { PipelineEdgeVM, PipelineStateVM, PipelineVM } from './pipelineModel';

/** Steps (indices) that touched the selection or any of its counterparts, over the whole run. */
export const computeSelectionSteps = kmemo((s, load): Set<number> => {
  const out = new Set<number>();
  if (!s.selection) return out;
  const linked = computeLinked(s) as LinkedIds;
  for (const st of load.sim.rt.steps) if (st.touched.some((id) => linked.has(id))) out.add(st.index);
  return out;
});

export interface PipelineShapeVM {
  /** states this run enters, in the order it first enters them: the chart's model order */
  nodes: { id: string; label: string; kernel: boolean }[];
  edges: { key: string; from: string; to: string; branch: string }[];
  /** states of the machine this run never enters */
  unentered: { id: string; description: string }[];
}

/** What the chart lays out: depends on the run only, never on the cursor, so stepping moves no box. */
let shapeKey: unknown = null;
let shapeValue: PipelineShapeVM | null = null;
export const selectPipelineShape = (s: StepsState): PipelineShapeVM | null => {
  if (s.load.status !== 'ready') return null;
  if (shapeKey === s.load) return shapeValue;
  shapeKey = s.load;
  shapeValue = s.load.facts?.shape ?? pipelineShape(s.load.graph, s.load.sim.rt.steps);
  return shapeValue;
};

/** The chart's shape of a run: its graph's states and edges in the order the run enters them. */
export function pipelineShape(g: PipelineGraph, steps: StepRecord[]): PipelineShapeVM {
  const { order, entered } = runOrder(g, steps);
  const byId = new Map(g.states.map((st) => [st.id, st]));
  return {
    nodes: order
      .filter((id) => entered.has(id))
      .map((id) => ({ id, label: byId.get(id)?.fn ?? id, kernel: !!byId.get(id)?.fn })),
    edges: g.edges
      .filter((e) => entered.has(e.from) && entered.has(e.to))
      .map((e) => ({ key: `${e.from}→${e.to}:${e.branch}`, from: e.from, to: e.to, branch: e.branch })),
    unentered: order
      .filter((id) => !entered.has(id))
      .map((id) => ({ id, description: byId.get(id)?.description ?? id })),
  };
}

export const computePipeline = kmemo(
  (s, load): PipelineVM =>
    pipelineModel(
      load.graph,
      load.sim.rt.steps,
      s.cursor,
      computeSelectionSteps(s) as Set<number>,
      selectFlawStates(s) ?? undefined,
    ),
);

// ---- outcome ----------------------------------------------------------------------------------------

export interface OutcomeVM {
  dmesg: { line: string; event: number; step: number }[];
  trace: string[];
  signals: {
    pid: number;
    comm: string;
    name: string;
    signo: string;
    code: string;
    addr: string;
    lsb: number;
    event: number;
  }[];
  hardwareCorruptedKb: number;
  filesystems: { dev: string; type: string; mount: string; shutdown: boolean; frozen: boolean; holder: boolean }[];
  namespaces: { name: string; mode: string; alive: boolean; badblocks: number[] }[];
  events: {
    index: number;
    label: string;
    done: boolean;
    result: string | null;
    ret: string | null;
    /** why the event ran no kernel step (it reaches what the model does not simulate) */
    notRun?: string;
    /** the machine stopped in this event ("oops", "panic"): the run ends here */
    stop?: string | null;
  }[];
  /** mounts the kernel refused at setup, with what mount(2) printed */
  refusedMounts: RefusedMount[];
  /**
   * what the setup printed, when it is the story (a refused mount, a ppc64 probe): otherwise the mount lines
   * are left out, as before
   */
  setupDmesg: string[];
}

export const computeOutcome = kmemo((s, load): OutcomeVM => {
  const rt = load.sim.rt;
  const k = kernelOf(load);
  const steps = rt.steps.slice(0, s.cursor);
  const dmesg: OutcomeVM['dmesg'] = [];
  for (const st of steps)
    for (let i = st.dmesg[0]; i < st.dmesg[1]; i++) dmesg.push({ line: k.dmesg[i], event: st.event, step: st.index });
  const signals: OutcomeVM['signals'] = [];
  for (const st of steps)
    for (let i = st.signals[0]; i < st.signals[1]; i++) {
      const d = k.delivered[i];
      signals.push({
        pid: d.pid,
        comm: d.comm,
        name: k.byPid.get(d.pid)?.name ?? '',
        signo: d.signo,
        code: d.code,
        addr: hex(d.addr),
        lsb: d.lsb,
        event: st.event,
      });
    }
  return {
    dmesg,
    trace: [...k.traceLog],
    signals,
    hardwareCorruptedKb: k.counters.num_poisoned_pages * 4,
    filesystems: [...k.filesystems.values()].map((fs) => ({
      dev: fs.dev,
      type: fs.type,
      mount: fs.mount,
      shutdown: fs.shutdown,
      frozen: fs.frozen,
      holder: k.namespaces.some((n) => n.dax_dev.holder_data === fs.dev),
    })),
    namespaces: k.namespaces.map((n) => ({
      name: n.name,
      mode: n.mode,
      alive: n.dax_dev.alive,
      badblocks: [...n.badblocks],
    })),
    events: rt.outcomes.map((o, i) => {
      const done = o.end !== null && o.end.step <= s.cursor;
      return {
        index: i,
        label: rt.events[i].label,
        done,
        result: done ? o.result : null,
        ret: done && o.ret !== null ? String(o.ret) : null,
        ...(rt.events[i].notRun ? { notRun: rt.events[i].notRun } : {}),
        stop: done && load.sim.final !== 'done' && i === rt.outcomes.length - 1 ? load.sim.final : null,
      };
    }),
    refusedMounts: load.built.refusedMounts ?? [],
    setupDmesg: load.built.refusedMounts?.length || load.built.ppc64?.length ? load.sim.report.dmesg : [],
  };
});

// ---- processes and VMAs -----------------------------------------------------------------------------

/** A step named by a view: its id and its cursor (index + 1 is the cursor right after it). */
export interface StepRef {
  index: number;
  id: string;
}
const stepRef = (st: StepRecord | undefined): StepRef | null => (st ? { index: st.index, id: st.id } : null);

export interface ProcessVM {
  id: string;
  pid: number;
  comm: string;
  name: string;
  policy: string;
  exited: boolean;
  vmas: {
    id: string;
    name: string;
    start: number;
    end: number;
    pgoff: number;
    target: string;
    mappingId: string;
    entries: { id: string; addr: number; size: number; level: string; pfn: number }[];
  }[];
  /** where each VMA maps the poisoned page(s) of the current event */
  poisonAddrs: { vmaId: string; addr: number; mapped: boolean }[];
  signals: OutcomeVM['signals'];
  pending: { signo: string; code: string; addr: string; lsb: number }[];
  /** why this process got no signal in the current event, if it maps the poisoned page */
  note: string | null;
  /** the same reasons, each with the step that decided it (null: the scenario's setup, or no step) */
  reasons: { text: string; step: StepRef | null }[];
  /** ranges unmapped so far, and the step that unmapped each (null: during the scenario's setup) */
  unmapped: { start: number; end: number; cause: string; step: StepRef | null }[];
}

const LEVEL = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: PUD_SIZE } as const;

/** Every task's lane model (the "Show all" list, and tests). */
export const computeProcesses = kmemo((s, load): ProcessVM[] => processModels(s, load, () => true));

/**
 * Lanes drawn while the list is capped: the first this many, and up to this many more that the step touches
 * or the selection links (and the selected task). A lane is ~300 DOM nodes: 200 lanes made the first layout
 * of bench A's run take 1.2 s, and a step touching 1,429 mappers would draw them all.
 */
export const LANE_LIMIT = 50;

export interface ProcessLanesVM {
  /** tasks in the kernel */
  total: number;
  /** the lanes to draw: the first LANE_LIMIT tasks and those the current step touches or the selection links */
  shown: ProcessVM[];
}

/**
 * The capped list, computed for the lanes it shows only: a cursor move on a 10,000-task run builds some
 * 200 lane models, not 10,000 (0.6–1.5 s per move on bench A's run).
 */
export const computeProcessLanes = kmemo((s, load): ProcessLanesVM => {
  const k = kernelOf(load);
  // the lanes' tasks by position: the first LANE_LIMIT, then those named by the step, the links or the
  // selection (looked up by pid, not by scanning 10,000 tasks)
  const at = new Map(k.tasks.slice(0, LANE_LIMIT).map((t, i) => [t, i]));
  const add = (id: string) => {
    const t = id.startsWith('task:') ? k.byPid.get(Number(id.slice(5))) : undefined;
    if (t && !at.has(t)) at.set(t, k.tasks.indexOf(t));
  };
  let extra = 0;
  const named: Iterable<string>[] = [selectTouched(s) ?? [], (computeLinked(s) as LinkedIds).eager];
  for (const ids of named)
    for (const id of ids) {
      if (extra >= LANE_LIMIT) break;
      const before = at.size;
      add(id);
      extra += at.size - before;
    }
  if (s.selection) add(s.selection);
  const wanted = new Set(at.keys());
  return { total: k.tasks.length, shown: processModels(s, load, (t) => wanted.has(t)) };
});

/**
 * The file pages (mapping:index ids) the event's poisoned pfn backs, found once per event: which file
 * offsets a pfn backs is the files' layout (extents, and the DAX entries faults made), which the steps of
 * a memory-failure event do not change; linkedIds walks every inode and xarray (1M files in bench A:
 * 0.1–0.5 s), so it is not redone on every cursor move inside the event.
 */
type PoisonPage = { pos: number; mappingId: string; index: number };
let poisonKey: [unknown, number, number | null, number] = [null, -1, null, -1];
let poisonValue = new Map<string, PoisonPage[]>();
function poisonFilePages(load: Ready, event: number, pfn: number | null, cursor: number): Map<string, PoisonPage[]> {
  // a step of a racing task (truncate, punch-hole, reflink-remap) can change the layout inside the event:
  // the answer is kept only between two such steps, whichever way the cursor moves
  const generation = layoutGeneration(load, cursor);
  if (poisonKey[0] === load && poisonKey[1] === event && poisonKey[2] === pfn && poisonKey[3] === generation)
    return poisonValue;
  poisonKey = [load, event, pfn, generation];
  const ids = pfn === null ? [] : linkedIds(kernelOf(load), pfnId(pfn)).filePages();
  poisonValue = groupBy(
    ids.map((id, pos) => {
      const cut = id.lastIndexOf(':');
      return { pos, mappingId: id.slice(0, cut), index: Number(id.slice(cut + 1)) };
    }),
    (x) => x.mappingId,
  );
  return poisonValue;
}

/** Fields whose change moves which file page a pfn backs: extents, DAX entries, the struct page's owner. */
const LAYOUT_FIELDS = new Set(['extents', 'i_pages', 'mapping', 'index', 'share']);
const layoutStepsOf = new WeakMap<Ready, number[]>();
/** How many steps before `cursor` changed the files' layout (LAYOUT_FIELDS); the steps found once per run. */
function layoutGeneration(load: Ready, cursor: number): number {
  let list = layoutStepsOf.get(load);
  if (!list) {
    const k = kernelOf(load);
    list = load.sim.rt.steps
      .filter((st) => {
        for (let j = st.journal[0]; j < st.journal[1]; j++) if (LAYOUT_FIELDS.has(k.j.entries[j].field)) return true;
        return false;
      })
      .map((st) => st.index);
    layoutStepsOf.set(load, list);
  }
  // steps applied at `cursor` are those with index < cursor: a binary search for that count
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Facts of the whole run the processes view reads at every cursor: the collect_procs_* steps in order, and
 * the step whose journal pushed each unmapped range. Made once per run, not per cursor move (bench A: 13,027
 * steps and their journals walked on every move).
 */
const runFactsOf = new WeakMap<Ready, { collects: StepRecord[]; unmapStep: Map<unknown, StepRecord> }>();
function runFacts(load: Ready): { collects: StepRecord[]; unmapStep: Map<unknown, StepRecord> } {
  const known = runFactsOf.get(load);
  if (known) return known;
  const k = kernelOf(load);
  const collects = load.sim.rt.steps.filter((st) => st.fn === 'collect_procs_fsdax' || st.fn === 'collect_procs_file');
  const unmapStep = new Map<unknown, StepRecord>();
  for (const st of load.sim.rt.steps)
    for (let j = st.journal[0]; j < st.journal[1]; j++) {
      const e = k.j.entries[j];
      if (e.object === 'unmap') unmapStep.set(e.after, st);
    }
  const facts = { collects, unmapStep };
  runFactsOf.set(load, facts);
  return facts;
}

/** Every lane ("Show all"), in the capped list's shape. */
export const computeAllLanes = kmemo((s): ProcessLanesVM => {
  const all = computeProcesses(s) as ProcessVM[];
  return { total: all.length, shown: all };
});

function processModels(
  s: LocalState,
  load: Ready,
  wanted: (t: Kernel['tasks'][number], i: number) => boolean,
): ProcessVM[] {
  const k = kernelOf(load);
  const rt = load.sim.rt;
  const out = computeOutcome(s) as OutcomeVM;
  const cur = s.cursor > 0 ? rt.steps[s.cursor - 1] : null;
  const evIndex = cur?.event ?? -1;
  const ev = rt.outcomes[evIndex];
  const poisonPfn = ev?.pfn ?? null;
  const facts = runFacts(load);
  // the current event's collect decisions up to the cursor, by pid
  const why = new Map<number, { text: string; step: StepRecord }>();
  /** pids the kernel has decided about in this event (collected or not) */
  const decided = new Set<number>();
  if (ev)
    for (const st of facts.collects) {
      if (st.index < ev.start.step) continue;
      if (st.index >= s.cursor) break;
      for (const d of st.decisions) {
        if (!('collect' in d)) continue;
        const pid = d.collect.pid;
        decided.add(pid);
        if (!d.result) why.set(pid, { text: collectWhy(d.collect), step: st });
      }
    }
  const eventOver = !!ev?.end && ev.end.step <= s.cursor;
  // which step removed each unmapped range (the journal says who pushed it); none: the scenario's setup.
  // A range in unmapLog at the cursor was pushed by a step before it, so the run's whole map answers.
  const unmapStep = facts.unmapStep;
  // grouped once per event, not filtered per task: with 10,000 tasks, 1M poisoned file pages (bench A's
  // reflinked copies) and 10,000 unmapped ranges, per-task filters cost 10^8 steps on every cursor move
  const poisonByMapping = poisonFilePages(load, evIndex, poisonPfn, s.cursor);
  const signalsByPid = groupBy(out.signals, (x) => x.pid);
  const tasks = k.tasks.filter(wanted);
  const pids = new Set(tasks.map((t) => t.pid));
  // the unmapped ranges of the lanes' tasks only
  const unmapsByPid = groupBy(
    k.unmapLog.filter((u) => pids.has(u.pid)),
    (u) => u.pid,
  );
  return tasks.map((t) => {
    const mm = t.mm;
    const vmas = (mm?.vmas ?? []).map((v) => {
      const m = k.mapping(v.mappingId);
      const target = m.host.kind === 'cdev' ? `/dev/${m.host.name}` : (k.inodeOfMapping(m)?.path ?? m.id);
      const entries: ProcessVM['vmas'][number]['entries'] = [];
      for (const level of ['pte', 'pmd', 'pud'] as const)
        for (const e of mm?.[level].values() ?? [])
          if (e.vmaId === v.id)
            entries.push({ id: pteId(t.pid, e.addr), addr: e.addr, size: LEVEL[level], level, pfn: e.pfn });
      entries.sort((a, b) => a.addr - b.addr);
      return {
        id: v.id,
        name: v.name,
        start: v.vm_start,
        end: v.vm_end,
        pgoff: v.vm_pgoff,
        target,
        mappingId: v.mappingId,
        entries,
      };
    });
    const poisonAddrs: ProcessVM['poisonAddrs'] = [];
    // the poisoned pages of this task's mappings, in poisonIndices' order, each against every VMA in order
    const poisoned = [...new Set(vmas.map((v) => v.mappingId))]
      .flatMap((m) => poisonByMapping.get(m) ?? [])
      .sort((a, b) => a.pos - b.pos);
    for (const { mappingId, index } of poisoned)
      for (const v of vmas) {
        const pages = (v.end - v.start) / PAGE_SIZE;
        if (v.mappingId !== mappingId || index < v.pgoff || index >= v.pgoff + pages) continue;
        const addr = v.start + (index - v.pgoff) * PAGE_SIZE;
        poisonAddrs.push({ vmaId: v.id, addr, mapped: !!(mm && k.lookupPt(mm, addr)) });
      }
    const signals = signalsByPid.get(t.pid) ?? [];
    const unmapped = (unmapsByPid.get(t.pid) ?? []).map((u) => ({
      start: u.start,
      end: u.end,
      cause: u.cause,
      step: stepRef(unmapStep.get(u)),
    }));
    let note: string | null = null;
    const reasons: ProcessVM['reasons'] = [];
    // a reason shows once the kernel has decided about this task in this event (or the event is over)
    if (poisonAddrs.length && !signals.some((x) => x.event === evIndex) && (decided.has(t.pid) || eventOver)) {
      const w = why.get(t.pid);
      if (w) reasons.push({ text: w.text, step: stepRef(w.step) });
      for (const p of poisonAddrs) {
        if (p.mapped) continue;
        const gone = [...unmapped].reverse().find((u) => p.addr >= u.start && p.addr < u.end);
        reasons.push(
          gone
            ? { text: `${hex(p.addr)} is not mapped: removed by ${gone.cause}`, step: gone.step }
            : { text: `${hex(p.addr)} was never faulted in`, step: null },
        );
      }
      note = reasons.length ? reasons.map((r) => r.text).join('; ') : null;
    }
    return sameAsBefore(load, {
      id: taskId(t.pid),
      pid: t.pid,
      comm: t.comm,
      name: t.name,
      policy: policyOf(t.flags),
      exited: t.exited,
      vmas,
      poisonAddrs,
      signals,
      pending: t.pending.map((p) => ({ signo: p.signo, code: p.code, addr: hex(p.addr), lsb: p.lsb })),
      note,
      reasons,
      unmapped,
    });
  });
}

/**
 * The lane model the last cursor gave for this task when nothing in it changed: the same object, so the
 * lane (a memoised component) is not rendered again. Most of 10,000 tasks do not change in one step.
 */
const lanesBefore = new WeakMap<Ready, Map<string, { json: string; vm: ProcessVM }>>();
function sameAsBefore(load: Ready, vm: ProcessVM): ProcessVM {
  let known = lanesBefore.get(load);
  if (!known) {
    known = new Map();
    lanesBefore.set(load, known);
  }
  const json = JSON.stringify(vm);
  const before = known.get(vm.id);
  if (before?.json === json) return before.vm;
  known.set(vm.id, { json, vm });
  return vm;
}

function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

// ---- DAX xarray -------------------------------------------------------------------------------------

export interface XarrayVM {
  mappingId: string;
  label: string;
  choices: { id: string; label: string }[];
  dump: XaDump;
  entries: { id: string; index: number; order: number; pfn: number; raw: string; decoded: string }[];
  /** the walk to the index the current step looks up or locks, if it is in this mapping */
  lookup: { index: number; path: ReturnType<typeof xaLookupPath> } | null;
}

export const computeXarray = kmemo((s, load): XarrayVM | null => {
  const k = kernelOf(load);
  const choices = [...k.mappings.values()]
    .filter((m) => m.host.kind === 'file')
    .map((m) => ({ id: m.id, label: k.inodeOfMapping(m)?.path ?? m.id }));
  const m = (s.focus.mapping && k.mappings.get(s.focus.mapping)) || k.mappings.get(choices[0]?.id ?? '');
  if (!m) return null;
  const entries = [...xa_for_each(m.i_pages)].map(({ index, entry, order }) => ({
    id: indexId(m.id, index),
    index,
    order,
    pfn: dax_to_pfn(entry),
    raw: xa_entry_raw_hex(entry),
    decoded: describeDaxEntry(entry),
  }));
  const cur = selectCurrentStep(s);
  const touchedIndex = cur?.touched.find((id) => id.startsWith(`${m.id}:`));
  const index = touchedIndex ? Number(touchedIndex.slice(m.id.length + 1)) : null;
  return {
    mappingId: m.id,
    label: choices.find((c) => c.id === m.id)?.label ?? m.id,
    choices,
    dump: xaDump(m.i_pages),
    entries,
    lookup: index === null ? null : { index, path: xaLookupPath(m.i_pages, index) },
  };
});

// ---- XFS rmap records -------------------------------------------------------------------------------

export interface RmapRecordVM {
  id: string;
  recno: number;
  startblock: number;
  blockcount: number;
  owner: string;
  ownerIsInode: boolean;
  offset: number;
  flags: number;
  visited: boolean;
  current: boolean;
  /** pgoff/pgcnt computed for this owner by xfs_dax_failure_fn, when it got there */
  pgoff: number | null;
  pgcnt: number | null;
}

export interface RmapVM {
  dev: string;
  agno: number;
  agblocks: number;
  /** the query range of the current event, if XFS was asked */
  query: { low: number; high: number } | null;
  records: RmapRecordVM[];
  /** records in the AG, and how many this view leaves out */
  total: number;
  omitted: number;
}

const RMAP_WINDOW = 120;

export const computeRmap = kmemo((s, load): RmapVM | null => {
  const k = kernelOf(load);
  const fs = [...k.filesystems.values()].find((f) => f.xfs?.rmapbt);
  const xfs = fs?.xfs;
  if (!fs || !xfs) return null;
  const rt = load.sim.rt;
  const cur = s.cursor > 0 ? rt.steps[s.cursor - 1] : null;
  const ev = cur ? rt.outcomes[cur.event] : null;
  let agno = 0;
  let query: RmapVM['query'] = null;
  const visited = new Set<string>();
  const pg = new Map<string, { pgoff: number; pgcnt: number }>();
  if (ev) {
    // the run's query and failure steps only (made once per run), not every step of the event on every move
    for (const st of rmapSteps(load)) {
      if (st.index < ev.start.step) continue;
      if (st.index >= s.cursor) break;
      if (st.fn === 'xfs_rmap_query_range' && st.detail) {
        agno = Number(st.detail.agno);
        query = { low: Number(st.detail.low), high: Number(st.detail.high) };
      }
      if (st.fn === 'xfs_dax_failure_fn') {
        for (const id of st.touched) if (id.startsWith('rmap:')) visited.add(id);
        if (st.detail?.recno !== undefined)
          pg.set(rmapId(fs.dev, Number(st.detail.agno), Number(st.detail.recno)), {
            pgoff: Number(st.detail.pgoff),
            pgcnt: Number(st.detail.pgcnt),
          });
      }
    }
  }
  // with no query, show the AG of the selection
  if (!query && s.selection) {
    const ns = k.namespaces.find((n) => n.fs === fs.dev) as Namespace;
    const pfn = pfnsOf(k, s.selection)[0];
    if (pfn !== undefined) {
      const block = pfnToBlock(ns, pfn);
      if (block >= 0 && block < fs.blocks) agno = Math.floor(block / xfs.geometry.agblocks);
    }
  }
  const bt = xfs.rmap[agno];
  // a window of records around the query (or the AG start)
  const centre = query ? Math.max(0, bt.firstInRange(query.low, query.high)) : 0;
  const first = Math.max(0, centre - 8);
  const end = Math.min(bt.nr, first + RMAP_WINDOW);
  const currentIds = new Set(
    cur?.fn === 'xfs_dax_failure_fn' ? cur.touched.filter((id) => id.startsWith('rmap:')) : [],
  );
  const records: RmapRecordVM[] = [];
  for (let r = first; r < end; r++) {
    const rec = bt.record(r);
    const id = rmapId(fs.dev, agno, r);
    records.push({
      id,
      recno: r,
      startblock: rec.rm_startblock,
      blockcount: rec.rm_blockcount,
      owner: ownerName(rec.rm_owner),
      ownerIsInode: !XFS_RMAP_NON_INODE_OWNER(rec.rm_owner),
      offset: rec.rm_offset,
      flags: rec.rm_flags,
      visited: visited.has(id),
      current: currentIds.has(id),
      pgoff: pg.get(id)?.pgoff ?? null,
      pgcnt: pg.get(id)?.pgcnt ?? null,
    });
  }
  return {
    dev: fs.dev,
    agno,
    agblocks: xfs.geometry.agblocks,
    query,
    records,
    total: bt.nr,
    omitted: bt.nr - records.length,
  };
});

/** The steps the rmap view reads (queries and failure callbacks), in order; once per run. */
const rmapStepsOf = new WeakMap<Ready, StepRecord[]>();
function rmapSteps(load: Ready): StepRecord[] {
  let list = rmapStepsOf.get(load);
  if (!list) {
    list = load.sim.rt.steps.filter((st) => st.fn === 'xfs_rmap_query_range' || st.fn === 'xfs_dax_failure_fn');
    rmapStepsOf.set(load, list);
  }
  return list;
}

// ---- struct pages and vmemmap -----------------------------------------------------------------------

export type PageMark = 'hwpoison' | 'owned' | 'shared' | 'mapped' | 'touched' | 'linked' | 'selected';

export interface NamespaceVM {
  name: string;
  mode: string;
  map: string;
  firstPfn: number;
  endPfn: number;
  /** pgmap_pfn_valid() boundary: data pages start here */
  dataPfn: number;
  /** base pages per compound page (1 << vmemmap_shift) */
  compoundPages: number;
  optimized: boolean;
  optimizeWhy: { path: string; value: string }[];
  stats: ReturnType<Namespace['vmemmap']['vmemmapStats']>;
  regions: { first: number; end: number; kind: 'info-block' | 'memmap' | 'data'; label: string }[];
}

export interface StructPagesVM {
  ns: NamespaceVM;
  choices: string[];
  /** sparse: only pfns with something to show */
  marks: Map<number, Set<PageMark>>;
}

export const computeStructPages = kmemo((s, load): StructPagesVM | null => {
  const k = kernelOf(load);
  const ns = k.namespaces.find((n) => n.name === s.focus.namespace) ?? k.namespaces[0];
  if (!ns) return null;
  const marks = new Map<number, Set<PageMark>>();
  const mark = (pfn: number, m: PageMark) => {
    if (pfn < ns.vmemmap.startPfn || pfn >= ns.vmemmap.endPfn) return;
    const set = marks.get(pfn) ?? new Set<PageMark>();
    set.add(m);
    marks.set(pfn, set);
  };
  for (const pfn of ns.pages.touchedPfns()) {
    const p = ns.pages.page(pfn);
    if (ns.pages.PageHWPoison(pfn)) mark(pfn, 'hwpoison');
    if (daxPageIsShared(k, ns, pfn)) mark(pfn, 'shared');
    else if (p.mapping) mark(pfn, 'owned');
  }
  for (const t of k.tasks)
    for (const level of ['pte', 'pmd', 'pud'] as const)
      for (const e of t.mm?.[level].values() ?? [])
        for (let i = 0; i < Math.min(LEVEL[level] / PAGE_SIZE, 512); i++) mark(e.pfn + i, 'mapped');
  for (const id of selectTouched(s) ?? []) if (id.startsWith('pfn:')) mark(Number(id.slice(4)), 'touched');
  for (const id of computeLinked(s)?.eager ?? []) if (id.startsWith('pfn:')) mark(Number(id.slice(4)), 'linked');
  if (s.selection?.startsWith('pfn:')) mark(Number(s.selection.slice(4)), 'selected');
  const v = ns.vmemmap;
  const data = firstDataPfn(ns);
  const regions: NamespaceVM['regions'] = [];
  if (ns.pgmap.altmap) {
    const a = ns.pgmap.altmap;
    regions.push({
      first: v.startPfn,
      end: a.base_pfn + a.reserve,
      kind: 'info-block',
      label: 'info block (altmap->reserve)',
    });
    regions.push({
      first: a.base_pfn + a.reserve,
      end: data,
      kind: 'memmap',
      label: 'memmap on the device (altmap->free)',
    });
  } else if (data > v.startPfn)
    regions.push({ first: v.startPfn, end: data, kind: 'info-block', label: 'info block and alignment padding' });
  regions.push({
    first: data,
    end: v.endPfn,
    kind: 'data',
    label: ns.mode === 'fsdax' ? `data (${ns.fs ?? 'no filesystem'})` : `device-dax data (/dev/${ns.name})`,
  });
  return {
    ns: {
      name: ns.name,
      mode: ns.mode,
      map: ns.map,
      firstPfn: v.startPfn,
      endPfn: v.endPfn,
      dataPfn: data,
      compoundPages: 2 ** ns.pgmap.vmemmap_shift,
      optimized: v.optimized,
      optimizeWhy: v.optimizeDecision.reads,
      stats: v.vmemmapStats(),
      regions,
    },
    choices: k.namespaces.map((n) => n.name),
    marks,
  };
});

export interface StructPageDetailVM {
  id: string;
  pfn: number;
  role: string;
  flags: string;
  compound_head: string | null;
  compound_order: number;
  _refcount: number;
  mapping: string;
  /** "index 3" or "share 2" */
  index: string;
  initialised: boolean;
  /** what the v6.15 refcount rework changed in these fields (with what is UNVERIFIED), or null */
  folioNote: string | null;
  vmemmap: {
    vaddr: string;
    page: number;
    frame: string;
    offset: number;
    backing: string;
    /** struct pages whose 64 bytes are these bytes */
    slotAliases: { first: number; last: number; stride: number; count: number };
    /** struct pages in vmemmap pages that map the same physical frame */
    frameSharers: { first: number; last: number }[];
    aliasOf: string | null;
  };
}

/** The decoded struct page of one pfn, drgn style. Call after the cursor moved (it reads the kernel). */
export function structPageDetail(s: LocalState, pfn: number): StructPageDetailVM | null {
  const k = kernelOf(s.load);
  const ns = k.namespaceOfPfn(pfn);
  if (!ns || pfn < ns.vmemmap.startPfn || pfn >= ns.vmemmap.endPfn) return null;
  const p = ns.pages.page(pfn);
  const v = ns.vmemmap;
  const vpage = v.vmemmapPageOf(pfn);
  const names = pageFlagNames(p.flags);
  // v6.15: a shared folio is ->mapping NULL with ->share > 0 (dax_folio_is_shared())
  const sharedNull = p.mapping === null && daxPageIsShared(k, ns, pfn);
  const mapping =
    p.mapping === null
      ? p.tail_mapping
        ? 'TAIL_MAPPING (0xdead000000000400)'
        : sharedNull
          ? 'NULL (shared: dax_folio_is_shared)'
          : 'NULL'
      : p.mapping === PAGE_MAPPING_DAX_SHARED
        ? 'PAGE_MAPPING_DAX_SHARED (0x1)'
        : p.mapping === PAGE_MAPPING_DAX_COW
          ? 'PAGE_MAPPING_DAX_COW (0x1)'
          : p.mapping.id;
  return {
    id: pfnId(pfn),
    pfn,
    role: ns.pages.role(pfn),
    flags: `${hex(p.flags)}${names.length ? ` (${names.join('|')})` : ''}`,
    compound_head: p.compound_head === null ? null : hex(p.compound_head),
    compound_order: p.compound_order,
    _refcount: p._refcount,
    mapping,
    index:
      p.mapping === PAGE_MAPPING_DAX_SHARED || sharedNull
        ? `share ${p.share}`
        : p.mapping === PAGE_MAPPING_DAX_COW
          ? `index ${p.index} (CoW sharers)`
          : `index ${p.index}`,
    initialised: p.initialised,
    folioNote: daxFolioNote(k, ns),
    vmemmap: {
      vaddr: `0x${v.vmemmapAddressOf(pfn).toString(16)}`,
      page: vpage,
      frame: hex(v.physFrameOfVmemmapPage(vpage)),
      offset: v.offsetInVmemmapPage(pfn),
      backing: v.backingOfVmemmapPage(vpage),
      slotAliases: v.aliasesOfStructPage(pfn),
      frameSharers: v.structPagesSharingFrame(pfn),
      aliasOf: p.aliasOf === null ? null : hex(p.aliasOf),
    },
  };
}

export { dax_entry_order };

/** The calls (steps) of one chart state, for the state's call list. */
export function stateCalls(
  s: AppState,
  stateId: string,
): { index: number; id: string; event: number; summary: string }[] {
  return steps(s)
    .filter((st) => st.state === stateId)
    .map((st) => ({ index: st.index, id: st.id, event: st.event, summary: st.summary }));
}

// ---- source at the right version --------------------------------------------------------------------

export interface StepSourceVM {
  variant: string;
  link: SourceLink;
  /** drgn expressions that read what the step touched, on a live system */
  drgn: { id: string; expr: string }[];
}

/**
 * An unmerged design's own functions link to its posting; the rest of a design variant is 6.12's, so those
 * link into 6.12's source.
 */
export function designAwareLink(variant: string, fn: string) {
  const design = findVariant(variant)?.design;
  if (!design) return sourceLink(variant, fn);
  const posted = design.citations.find((c) => c.url);
  // the functions the design's own features change (features.ts, release 'unmerged')
  const own = (findVariant(variant)?.features ?? []).some(
    (f) => FEATURES[f].release === 'unmerged' && FEATURES[f].functions.includes(fn),
  );
  if (own && posted?.url)
    return sourceLink(variant, fn, {
      design: { citation: `${posted.subject}, ${posted.list}, ${posted.date}`, url: posted.url },
    });
  return sourceLink(DEFAULT_VARIANT, fn);
}

export const computeStepSource = kmemo((s, load): StepSourceVM | null => {
  const cur = selectCurrentStep(s);
  if (!cur) return null;
  const k = kernelOf(load);
  const variant = k.config.variant;
  const pathOf = (mappingId: string) => {
    const m = k.mappings.get(mappingId);
    return m ? (k.inodeOfMapping(m)?.path ?? null) : null;
  };
  const drgn: StepSourceVM['drgn'] = [];
  for (const id of cur.touched) {
    const expr = drgnExpression(id, pathOf);
    if (expr) drgn.push({ id, expr });
    if (drgn.length >= 6) break;
  }
  return { variant, link: designAwareLink(variant, cur.fn), drgn };
});

// ---- what the current step changed ------------------------------------------------------------------

export interface ChangeVM {
  /** the object written (src/kernel/ids.ts), e.g. pfn:0x102222, pt:202:0x7f01ffc03000, task:202 */
  object: string;
  /** its fields the step wrote, e.g. ["flags"], ["pte"], ["pending"] */
  fields: string[];
}

/** The objects the current step wrote, from its journal entries: what every view highlights as changed. */
export const computeChanged = kmemo((s, load): ChangeVM[] => {
  const cur = selectCurrentStep(s);
  if (!cur) return [];
  const byObject = new Map<string, Set<string>>();
  for (let j = cur.journal[0]; j < cur.journal[1]; j++) {
    const e = load.sim.rt.k.j.entries[j];
    if (!e.object.includes(':')) continue; // logs (dmesg, unmap, pending queue), not objects
    const f = byObject.get(e.object) ?? new Set<string>();
    f.add(e.field);
    byObject.set(e.object, f);
  }
  return [...byObject].map(([object, fields]) => ({ object, fields: [...fields] }));
});

// ---- the page's selectors of kernel view models -------------------------------------------------------
// The kernel is where the run is (the simulation worker, or the caller's thread inline): the page reads
// the step's view models from the store, filled per step (src/store/stepViews.ts). Null until loaded.

export const selectLinked = (s: AppState): Set<string> | null => s.views?.linked ?? null;
export const selectSelectionSteps = (s: AppState): Set<number> | null => s.views?.selectionSteps ?? null;
export const selectPipeline = (s: AppState): PipelineVM | null => s.views?.pipeline ?? null;
export const selectOutcome = (s: AppState): OutcomeVM | null => s.views?.outcome ?? null;
export const selectProcessLanes = (s: AppState): ProcessLanesVM | null => s.views?.lanes ?? null;
/** every lane: made when the store asks for them (`setAllLanes(true)`, the view's "Show all") */
export const selectAllLanes = (s: AppState): ProcessLanesVM | null => s.views?.allLanesVM ?? null;
export const selectProcesses = (s: AppState): ProcessVM[] | null => s.views?.allLanesVM?.shown ?? null;
export const selectXarray = (s: AppState): XarrayVM | null => s.views?.xarray ?? null;
export const selectRmap = (s: AppState): RmapVM | null => s.views?.rmap ?? null;
export const selectStructPages = (s: AppState): StructPagesVM | null => s.views?.structPages ?? null;
export const selectStepSource = (s: AppState): StepSourceVM | null => s.views?.stepSource ?? null;
const NO_CHANGES: ChangeVM[] = [];
export const selectChanged = (s: AppState): ChangeVM[] => s.views?.changed ?? NO_CHANGES;
