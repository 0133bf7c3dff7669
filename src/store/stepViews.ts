/**
 * Per-step view data, made where the run is (issue 11: the run stays in the simulation worker). The page
 * asks for one step at a time (`ViewRequest`) and gets every kernel view model of that step at once
 * (`StepViews`), plain data that crosses postMessage; with the inline runner (tests, node) the same function
 * answers at once. Nothing here is new semantics: each field is the matching `compute*` of selectors.ts run
 * on the kernel seeked to the cursor, as the page's selectors did when the kernel was on the page.
 */
import { shallow } from 'zustand/shallow';
import type { Kernel } from '../kernel/kernel';
import type { StepRecord } from '../pipeline/runtime';
import type { LinkedIds } from './links';
import { type RmapAbsence, rmapAbsenceOf } from './rmapModel';
import { selectionExists } from './selectionExists';
import {
  type ChangeVM,
  computeAllLanes,
  computeChanged,
  computeLinked,
  computeOutcome,
  computePipeline,
  computeProcessLanes,
  computeRmap,
  computeSelectionSteps,
  computeStepSource,
  computeStructPages,
  computeXarray,
  type LocalReady,
  type LocalState,
  type OutcomeVM,
  type PipelineVM,
  type ProcessLanesVM,
  type RmapVM,
  type StepSourceVM,
  type StructPagesVM,
  type XarrayVM,
} from './selectors';
import {
  type CompoundVM,
  computeFirstCompound,
  computeStructPageFocus,
  type StructPageFocusVM,
} from './structPagesModel';
import { computeThreads, type ThreadsVM } from './threadsModel';
import { type XarrayAbsence, xarrayAbsenceOf } from './xarrayModel';

export interface Focus {
  namespace: string | null;
  mapping: string | null;
}

/** What the page asks for: one step, with its selection and focus. */
export interface ViewRequest {
  cursor: number;
  selection: string | null;
  /** the namespace and file to show; null: the defaults at this cursor (a run just loaded) */
  focus: Focus | null;
  /** every process lane ("Show all"), not only the capped list */
  allLanes: boolean;
  /** a selection that names nothing in this run is dropped (an edited scenario run again) */
  dropMissingSelection?: boolean;
}

/** Every kernel view model of one step. */
export interface StepViews {
  cursor: number;
  /** the selection and focus these were made for (the focus resolved: defaults, or kept where it exists) */
  selection: string | null;
  focus: Focus;
  allLanes: boolean;
  /** the ids linked to the selection that the views can draw (`linkedShown`) */
  linked: Set<string>;
  /** how many ids are linked to the selection in all (bench A: a million file pages for one rmap record) */
  linkedTotal: number;
  selectionSteps: Set<number>;
  pipeline: PipelineVM;
  outcome: OutcomeVM;
  lanes: ProcessLanesVM;
  /** a digest of each shown lane, in `lanes.shown` order: the page keeps a lane object that did not change */
  laneDigests: string[];
  allLanesVM: ProcessLanesVM | null;
  xarray: XarrayVM | null;
  xarrayAbsence: XarrayAbsence | null;
  rmap: RmapVM | null;
  rmapAbsence: RmapAbsence | null;
  structPages: StructPagesVM | null;
  structPageFocus: StructPageFocusVM | null;
  firstCompound: CompoundVM | null;
  /** the namespace of the struct-page focus when it lies outside the focused namespace */
  focusPfnNamespace: string | null;
  stepSource: StepSourceVM | null;
  changed: ChangeVM[];
  /** the threads of every multi-threaded process, by leader pid */
  threads: Map<number, ThreadsVM>;
  /** a digest of each field in SHARED_FIELDS: the page keeps the object it has when the digest is the same */
  digests: Partial<Record<SharedField, string>>;
}

/**
 * The fields the page keeps from the step it shows when they did not change (same digest): a view whose data
 * is the same object is not drawn again (most steps of a long run change one or two views).
 */
export const SHARED_FIELDS = [
  'linked',
  'selectionSteps',
  'pipeline',
  'outcome',
  'allLanesVM',
  'xarray',
  'xarrayAbsence',
  'rmap',
  'rmapAbsence',
  'structPages',
  'structPageFocus',
  'firstCompound',
  'focusPfnNamespace',
  'stepSource',
  'changed',
  'threads',
] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

/** Seek the run's kernel to `cursor` steps applied (clamped); the cursor it is at. */
export function seekRun(load: LocalReady, cursor: number): number {
  const all: StepRecord[] = load.sim.rt.steps;
  const c = Math.max(0, Math.min(cursor, all.length));
  load.sim.rt.k.j.seek(c === 0 ? 0 : all[c - 1].journal[1]);
  return c;
}

/** The default focus at the kernel's current position: its first namespace, the first mapped file. */
export function defaultFocus(k: Kernel): Focus {
  const ns = k.namespaces[0]?.name ?? null;
  const fileMapping = [...k.mappings.values()].find((m) => m.host.kind === 'file' && m.i_mmap.length > 0);
  return { namespace: ns, mapping: fileMapping?.id ?? null };
}

/** The focused namespace and file where the run has them, else the defaults. */
function resolveFocus(k: Kernel, focus: Focus | null): Focus {
  const d = defaultFocus(k);
  if (!focus) return d;
  return {
    namespace: focus.namespace && k.namespaces.some((n) => n.name === focus.namespace) ? focus.namespace : d.namespace,
    mapping: focus.mapping && k.mappings.has(focus.mapping) ? focus.mapping : d.mapping,
  };
}

/** JSON with Maps and Sets as their entries (a StepViews field's content, for its digest). */
const plain = (_k: string, v: unknown) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v);

/** A short digest of a view model (FNV-1a over its JSON, and its length): equal digests, equal models. */
function digest(x: unknown): string {
  const text = JSON.stringify(x, plain) ?? 'undefined';
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(36)}:${text.length}`;
}

/**
 * The linked ids the page's views can draw at this step: every id but the file pages of files other than the
 * one the xarray view shows, and the rmap records outside the rmap view's window. A record of a file whose
 * blocks a million reflinked copies share links a million file pages (bench A): the page would get 24 MB per
 * step for a few hundred marks. The steps that touched the selection are counted over the whole set, here.
 */
export function linkedShown(linked: LinkedIds, xarray: XarrayVM | null, rmap: RmapVM | null): Set<string> {
  // eager lists no rmap record but the selection; a file page is drawn only in its own file's xarray view
  const isFilePage = (id: string) => id.startsWith('ino:') && id.split(':').length === 4;
  const out = new Set<string>();
  for (const id of linked.eager) if (out.size === 0 || !isFilePage(id)) out.add(id); // the selection first
  for (const r of rmap?.records ?? []) if (linked.has(r.id)) out.add(r.id);
  if (xarray?.mappingId) for (const id of linked.pagesOf(xarray.mappingId)) out.add(id);
  return out;
}

/** The view models of one step of a run held here. */
export function computeStepViews(load: LocalReady, req: ViewRequest): StepViews {
  const cursor = seekRun(load, req.cursor);
  const k = load.sim.rt.k;
  const selection =
    req.selection && req.dropMissingSelection && !selectionExists(k, req.selection) ? null : req.selection;
  const focus = resolveFocus(k, req.focus);
  // the cursor is the memo's version: the kernel at a cursor is always the same state
  const s: LocalState = { load, cursor, version: cursor, selection, focus };
  const lanes = computeProcessLanes(s) as ProcessLanesVM;
  const structPageFocus = computeStructPageFocus(s);
  const outcome = computeOutcome(s) as OutcomeVM;
  const linked = computeLinked(s) as LinkedIds;
  const xarray = computeXarray(s);
  const rmap = computeRmap(s);
  const views: Omit<StepViews, 'digests'> = {
    cursor,
    selection,
    focus,
    allLanes: req.allLanes,
    linked: linkedShown(linked, xarray, rmap),
    linkedTotal: linked.size,
    selectionSteps: computeSelectionSteps(s) as Set<number>,
    pipeline: computePipeline(s) as PipelineVM,
    outcome,
    lanes,
    laneDigests: lanes.shown.map(digest),
    allLanesVM: req.allLanes ? computeAllLanes(s) : null,
    xarray,
    xarrayAbsence: xarrayAbsenceOf(k),
    rmap,
    rmapAbsence: rmapAbsenceOf(k),
    structPages: computeStructPages(s),
    structPageFocus,
    firstCompound: computeFirstCompound(s),
    focusPfnNamespace:
      structPageFocus && !structPageFocus.inNamespace ? (k.namespaceOfPfn(structPageFocus.pfn)?.name ?? null) : null,
    stepSource: computeStepSource(s),
    changed: computeChanged(s) ?? [],
    threads: computeThreads(s, outcome.signals),
  };
  const digests: StepViews['digests'] = {};
  for (const f of SHARED_FIELDS) digests[f] = digest(views[f]);
  return { ...views, digests };
}

/** The page's copy of a step's views, each field whose digest did not change since `before` kept as it was. */
function keepUnchangedFields(before: StepViews, next: StepViews): StepViews {
  let out: StepViews | null = null;
  for (const f of SHARED_FIELDS) {
    const d = next.digests[f];
    if (d === undefined || d !== before.digests[f] || before[f] === next[f]) continue;
    out ??= { ...next };
    (out as unknown as Record<string, unknown>)[f] = before[f];
  }
  return out ?? next;
}

/**
 * The page's copy of a step's lanes, keeping every lane object whose digest did not change since `before`,
 * so a memoised lane is not drawn again (most of 10,000 tasks do not change in one step).
 */
export function keepUnchangedLanes(before: StepViews | null, next: StepViews): StepViews {
  if (!before) return next;
  next = keepUnchangedFields(before, next);
  const known = new Map<string, { digest: string; vm: ProcessLanesVM['shown'][number] }>();
  for (const [i, vm] of before.lanes.shown.entries()) known.set(vm.id, { digest: before.laneDigests[i], vm });
  let same = 0;
  const shown = next.lanes.shown.map((vm, i) => {
    const k = known.get(vm.id);
    if (k && k.digest === next.laneDigests[i]) {
      same++;
      return k.vm;
    }
    return vm;
  });
  if (same) next = { ...next, lanes: { ...next.lanes, shown } };
  return keepUnchangedPipelineMarks(before, next);
}

/**
 * The chart's states and edges that did not change kept as they were: the pipeline model changes at every
 * step (a count, the current state), but in a few of its ~70 states and ~100 edges; the others stay the same
 * objects, so escaping the model for display (displaySafe, remembered per object) and the chart's memoised
 * marks skip them.
 */
function keepUnchangedPipelineMarks(before: StepViews, next: StepViews): StepViews {
  const a = before.pipeline;
  const b = next.pipeline;
  if (a === b) return next;
  const states = keepUnchangedItems(a.states, b.states);
  const edges = keepUnchangedItems(a.edges, b.edges);
  return states === b.states && edges === b.edges ? next : { ...next, pipeline: { states, edges } };
}

/**
 * `next` with each item that has the same fields as the one at its place in `before` kept (zustand's shallow:
 * an object-valued field is the same only as the very object, which a worker's structured clone never is)
 */
export function keepUnchangedItems<T extends object>(before: readonly T[], next: T[]): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < next.length && i < before.length; i++)
    if (next[i] !== before[i] && shallow(before[i], next[i])) {
      out ??= next.slice();
      out[i] = before[i];
    }
  return out ?? next;
}
