/**
 * The explorer's one store: which scenario is loaded, its simulation, the step cursor, the selection and
 * display preferences. Moving the cursor seeks the kernel's journal, so the simulated kernel always shows
 * the state right after the current step; `version` changes with every seek so memoised view models
 * know to recompute.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { PipelineGraph } from '../pipeline/graph';
import type { StepRecord } from '../pipeline/runtime';
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';
import { DEFAULT_SCENARIO_ID } from '../scenario/builtins';
import type { ScenarioIssue } from '../scenario/issues';
import type { Job, JobResult, Progress, Runner, Started } from '../worker/runner';
import { nextDecisionTarget, nextEventTarget, stepOverTarget } from './navigation';
import { selectionExists } from './selectionExists';

export type LoadState =
  | {
      status: 'ready';
      id: string;
      title: string;
      description: string;
      sim: Simulation;
      built: BuiltScenario;
      source: 'builtin' | 'file';
      /** the run's pipeline machine as a plain graph (made where the run was, src/worker/jobs.ts) */
      graph: PipelineGraph;
      /** for a scenario not built in: the input as the user gave it (file text or JSON), for links and the editor */
      input?: unknown;
      /** the user's saved scenario ("Mine", src/store/mine.ts) this run is of, if any */
      mineKey?: string | null;
    }
  | { status: 'error'; id: string; issues: ScenarioIssue[] }
  /** nothing loaded yet: the first scenario is still simulating (see `pending`), or its load was cancelled */
  | { status: 'empty'; id: string };

/** A load under way (in the simulation worker): what is loading and how far it got. */
export interface PendingLoad {
  /** the built-in's id or the file's name */
  name: string;
  phase: Progress['phase'];
  /** steps simulated so far (reported every PROGRESS_EVERY steps) */
  steps: number;
}

export type Theme = 'system' | 'dark' | 'light';

export interface AppState {
  load: LoadState;
  /** a load still running; the scenario in `load` stays on screen until it is done */
  pending: PendingLoad | null;
  /** a later load that failed: shown beside the scenario still loaded, which is kept */
  loadError: { name: string; issues: ScenarioIssue[] } | null;
  /** parts of the opening link that were malformed and ignored */
  urlProblems: string[];
  /** the last edit (src/authoring) was refused: its issues; the last good run stays on screen */
  editIssues: ScenarioIssue[] | null;
  /** steps applied: 0 = the state the scenario set up, n = after steps[n - 1] */
  cursor: number;
  /** bumps on every journal seek */
  version: number;
  /** a stable object id (src/kernel/ids.ts) or null */
  selection: string | null;
  playing: boolean;
  /** steps per second while playing */
  speed: number;
  theme: Theme;
  /** embed mode (?embed=1&from=A&to=B): the cursor stays within [from, to], both inclusive */
  lock: { from: number; to: number } | null;
  /** the namespace the struct-page view shows and the file the xarray view shows */
  focus: { namespace: string | null; mapping: string | null };

  /** a guided tour in progress: its stops resolved to cursors and selections, and the stop shown */
  tour: { id: string; stops: { cursor: number; selection: string | null }[]; stop: number } | null;

  /** the kernel variant chosen over the scenario's own `kernel`, or null */
  kernel: string | null;
  loadBuiltin(id: string): void;
  /** run the loaded scenario again on kernel variant `id` (null: the scenario's own), near the same step */
  setKernel(id: string | null): void;
  loadInput(input: unknown, name: string, opts?: { mineKey?: string | null }): void;
  /**
   * Run an edited scenario in place of the loaded one, keeping the step (by its id) and the selection where
   * they still exist; refused, it sets `editIssues` and keeps the last good run.
   */
  applyEdit(input: unknown, mineKey: string | null): void;
  /** an input refused before parsing (a file too large): report it as a load error; keep what is loaded */
  refuseInput(name: string, path: string, message: string): void;
  stepTo(cursor: number): void;
  next(): void;
  prev(): void;
  first(): void;
  last(): void;
  togglePlay(): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  select(id: string | null): void;
  setTheme(theme: Theme): void;
  setFocus(focus: Partial<AppState['focus']>): void;
  dismissLoadError(): void;
  /** stop the load under way; what was loaded before stays */
  cancelLoad(): void;
  /** to the return of the current function (src/store/navigation.ts) */
  stepOver(): void;
  /** to the next step whose function decided differently from its last run */
  nextDecision(): void;
  nextEvent(): void;
  startTour(id: string, stops: { cursor: number; selection: string | null }[]): void;
  /** show stop n of the tour: its step and its selection */
  tourGo(stop: number): void;
  endTour(): void;
}

export const steps = (s: AppState): StepRecord[] => (s.load.status === 'ready' ? s.load.sim.rt.steps : []);

function ready(
  id: string,
  sim: Simulation,
  built: BuiltScenario,
  source: 'builtin' | 'file',
  graph: PipelineGraph,
): Extract<LoadState, { status: 'ready' }> {
  return {
    graph,
    status: 'ready',
    id,
    title: built.scenario.title ?? id,
    description: built.scenario.description ?? '',
    sim,
    built,
    source,
  };
}

/** Seek the loaded kernel to `cursor` steps applied. */
function seek(load: LoadState, cursor: number): number {
  if (load.status !== 'ready') return 0;
  const all = load.sim.rt.steps;
  const c = Math.max(0, Math.min(cursor, all.length));
  load.sim.rt.k.j.seek(c === 0 ? 0 : all[c - 1].journal[1]);
  return c;
}

/** the focused namespace and file where the new run still has them, else the defaults */
function keepFocus(load: Extract<LoadState, { status: 'ready' }>, focus: AppState['focus']): AppState['focus'] {
  const k = load.sim.rt.k;
  const d = defaultFocus(load);
  return {
    namespace: focus.namespace && k.namespaces.some((n) => n.name === focus.namespace) ? focus.namespace : d.namespace,
    mapping: focus.mapping && k.mappings.has(focus.mapping) ? focus.mapping : d.mapping,
  };
}

function defaultFocus(load: LoadState): AppState['focus'] {
  if (load.status !== 'ready') return { namespace: null, mapping: null };
  const k = load.sim.rt.k;
  const ns = k.namespaces[0]?.name ?? null;
  const fileMapping = [...k.mappings.values()].find((m) => m.host.kind === 'file' && m.i_mmap.length > 0);
  return { namespace: ns, mapping: fileMapping?.id ?? null };
}

/**
 * The store, running its simulations with `runner`: in the browser a Web Worker (src/worker/runner.ts),
 * in tests at once (src/store/inlineStore.ts). With a worker nothing is loaded at creation: `load` is
 * `empty` and `pending` reports the first scenario until it arrives.
 */
export function createExplorerStore(
  initial: {
    scenario?: string;
    kernel?: string | null;
    cursor?: number;
    selection?: string | null;
    urlProblems?: string[];
    theme?: Theme;
    lock?: { from: number; to: number } | null;
    /** open with this scenario input (a `#s=` link, a saved scenario) instead of a built-in */
    input?: { input: unknown; name: string; mineKey?: string | null };
    /** open with nothing loaded, saying why (a link that could not be decoded: never a stand-in) */
    refused?: { name: string; issues: ScenarioIssue[] };
  },
  runner: Runner,
) {
  return createStore<AppState>()(
    subscribeWithSelector((set, get) => {
      const install = (load: Extract<LoadState, { status: 'ready' }>, cursor: number, selection: string | null) => {
        const c = seek(load, cursor);
        set((s) => ({
          load,
          loadError: null,
          editIssues: null,
          cursor: c,
          version: s.version + 1,
          selection,
          playing: false,
          focus: defaultFocus(load),
          tour: null,
        }));
      };
      const fail = (name: string, issues: ScenarioIssue[]) =>
        get().load.status === 'ready'
          ? set({ loadError: { name, issues }, playing: false })
          : set({ load: { status: 'error', id: name, issues }, loadError: null, playing: false });

      let cancel: (() => void) | null = null;
      /** Wait for a job the worker runs; `done` gets its result unless it was cancelled or replaced. */
      const follow = (started: Extract<Started, { result: unknown }>, name: string, done: (r: JobResult) => void) => {
        cancel = started.cancel;
        const mine = started.cancel;
        started.result.then(
          (r) => {
            if (cancel !== mine) return;
            cancel = null;
            set({ pending: null });
            done(r);
          },
          (e: Error) => {
            if (cancel !== mine) return;
            cancel = null;
            set({ pending: null });
            fail(name, [{ path: 'scenario', message: e.message }]);
          },
        );
      };
      const progress = (name: string) => (p: Progress) => {
        // (during creation the inline runner reports before there is a state to update)
        if (get()?.pending?.name === name) set({ pending: { name, ...p } });
      };
      /** Run a job; `done` gets its result now (inline runner) or when the worker answers. */
      const start = (job: Job, name: string, done: (r: JobResult) => void) => {
        cancel?.();
        cancel = null;
        set({ pending: { name, phase: 'building', steps: 0 } });
        const started = runner(job, progress(name));
        if ('done' in started) {
          set({ pending: null });
          return done(started.done);
        }
        follow(started, name, done);
      };
      const runResult = (r: JobResult, name: string, input?: unknown, mineKey?: string | null) => {
        if (r.kind !== 'run' || !r.ok) return null;
        const load = ready(r.source === 'builtin' ? name : r.built.scenario.id, r.sim, r.built, r.source, r.graph);
        return r.source === 'builtin' ? load : { ...load, input, mineKey: mineKey ?? null };
      };
      /** the cursor in a new run nearest the old one: the same step by id, else the same distance from the end */
      const sameStep = (before: Extract<LoadState, { status: 'ready' }>, cursor: number, after: StepRecord[]) => {
        if (cursor === 0) return 0;
        const at = before.sim.rt.steps[cursor - 1]?.id;
        const same = at === undefined ? -1 : after.findIndex((st) => st.id === at);
        return same >= 0 ? same + 1 : Math.max(0, after.length - (before.sim.rt.steps.length - cursor));
      };
      const issuesOf = (r: JobResult): ScenarioIssue[] => (r.kind === 'run' && !r.ok ? r.issues : []);

      const startId = initial.input?.name ?? initial.refused?.name ?? initial.scenario ?? DEFAULT_SCENARIO_ID;
      const lock = initial.lock ?? null;
      const within = (c: number) => (lock ? Math.max(lock.from, Math.min(lock.to, c)) : c);
      const wanted = initial.cursor === undefined ? undefined : within(initial.cursor);
      const urlProblems = [...(initial.urlProblems ?? [])];

      /** The opening link's scenario: at the link's step (clamped, and said so), with its selection. */
      const first = (r: JobResult): Partial<AppState> => {
        const load = runResult(r, startId, initial.input?.input, initial.input?.mineKey);
        if (!load)
          return {
            load: { status: 'error', id: startId, issues: issuesOf(r) },
            focus: defaultFocus({ status: 'empty', id: startId }),
          };
        const cursor = seek(load, wanted ?? load.sim.rt.steps.length);
        const problems = [...urlProblems];
        // a link's step past the end is shown at the last step, and the user is told so
        if (wanted !== undefined && cursor !== wanted)
          problems.push(`step ${wanted} is past the last step; showing step ${cursor}`);
        return { load, cursor, urlProblems: problems, focus: defaultFocus(load) };
      };

      // the inline runner answers at once: then the store starts loaded, as before the worker
      let opening: Partial<AppState> = {};
      const startKernel = initial.kernel ?? null;
      const kernelOpt = startKernel ? { kernel: startKernel } : {};
      const started: Started | null = initial.refused
        ? null
        : runner(
            initial.input
              ? { kind: 'input', input: initial.input.input, ...kernelOpt }
              : { kind: 'builtin', id: startId, ...kernelOpt },
            progress(startId),
          );
      if (!started)
        opening = { load: { status: 'error', id: startId, issues: initial.refused?.issues ?? [] }, selection: null };
      else if ('done' in started) opening = first(started.done);
      else {
        opening = { pending: { name: startId, phase: 'building', steps: 0 } };
        follow(started, startId, (r) => set((s) => ({ ...first(r), version: s.version + 1 })));
      }

      return {
        load: { status: 'empty', id: startId },
        pending: null,
        loadError: null,
        editIssues: null,
        urlProblems,
        cursor: 0,
        version: 0,
        selection: initial.selection ?? null,
        playing: false,
        speed: 4,
        theme: initial.theme ?? 'system',
        kernel: startKernel,
        lock,
        focus: { namespace: null, mapping: null },
        tour: null,
        ...opening,

        loadBuiltin(id) {
          const kernel = get().kernel;
          // a scenario opens before its first step, where its story starts
          start({ kind: 'builtin', id, ...(kernel ? { kernel } : {}) }, id, (r) => {
            const load = runResult(r, id);
            if (load) install(load, 0, null);
            else fail(id, issuesOf(r));
          });
        },
        loadInput(input, name, opts) {
          start({ kind: 'input', input }, name, (r) => {
            const load = runResult(r, name, input, opts?.mineKey);
            if (load) install(load, load.sim.rt.steps.length, null);
            else fail(name, issuesOf(r));
          });
        },
        applyEdit(input, mineKey) {
          const s = get();
          const kernel = s.kernel;
          const name = s.load.id;
          start({ kind: 'input', input, ...(kernel ? { kernel } : {}) }, name, (r) => {
            const now = get();
            const load = runResult(r, name, input, mineKey);
            if (!load) {
              // nothing on screen yet (a refused link, say): the edit's issues are the load's
              if (now.load.status !== 'ready') fail(name, issuesOf(r));
              return set({ editIssues: issuesOf(r), playing: false });
            }
            const before = now.load.status === 'ready' ? now.load : null;
            const cursor = before ? sameStep(before, now.cursor, load.sim.rt.steps) : load.sim.rt.steps.length;
            const sel = now.selection && selectionExists(load.sim.rt.k, now.selection) ? now.selection : null;
            const focus = now.focus;
            install(load, cursor, sel);
            if (before) set({ focus: keepFocus(load, focus) });
          });
        },
        setKernel(id) {
          const s = get();
          if (s.load.status !== 'ready') return;
          const before = s.load;
          // the same step by its id if the other kernel takes it too, else the same distance from the end
          const at = s.cursor > 0 ? before.sim.rt.steps[s.cursor - 1]?.id : undefined;
          const fromEnd = before.sim.rt.steps.length - s.cursor;
          const job: Job =
            before.source === 'builtin'
              ? { kind: 'builtin', id: before.id, ...(id ? { kernel: id } : {}) }
              : { kind: 'input', input: before.input ?? before.built.scenario, ...(id ? { kernel: id } : {}) };
          start(job, before.id, (r) => {
            const load = runResult(r, before.id, before.input, before.mineKey);
            if (!load) return fail(before.id, issuesOf(r));
            const list = load.sim.rt.steps;
            const same = at === undefined ? -1 : list.findIndex((st) => st.id === at);
            const cursor = s.cursor === 0 ? 0 : same >= 0 ? same + 1 : Math.max(0, list.length - fromEnd);
            set({ kernel: id });
            install(load, cursor, s.selection);
          });
        },
        cancelLoad() {
          cancel?.();
          cancel = null;
          set({ pending: null });
        },
        refuseInput(name, path, message) {
          fail(name, [{ path, message }]);
        },
        stepTo(cursor) {
          const s = get();
          const c = seek(s.load, within(cursor));
          if (c !== s.cursor) set({ cursor: c, version: s.version + 1 });
        },
        next() {
          const s = get();
          if (s.cursor >= Math.min(steps(s).length, lock?.to ?? Number.POSITIVE_INFINITY))
            return set({ playing: false });
          s.stepTo(s.cursor + 1);
        },
        prev: () => get().stepTo(get().cursor - 1),
        first: () => get().stepTo(0),
        last: () => get().stepTo(steps(get()).length),
        togglePlay() {
          const s = get();
          if (!s.playing && s.cursor >= Math.min(steps(s).length, lock?.to ?? Number.POSITIVE_INFINITY)) s.stepTo(0);
          set({ playing: !s.playing });
        },
        setPlaying: (playing) => set({ playing }),
        setSpeed: (speed) => set({ speed: Math.max(0.5, Math.min(60, speed)) }),
        select: (selection) => set({ selection }),
        setTheme: (theme) => set({ theme }),
        setFocus: (focus) => set((s) => ({ focus: { ...s.focus, ...focus } })),
        dismissLoadError: () => set({ loadError: null }),
        stepOver: () => get().stepTo(stepOverTarget(steps(get()), get().cursor)),
        nextDecision: () => get().stepTo(nextDecisionTarget(steps(get()), get().cursor)),
        nextEvent: () => get().stepTo(nextEventTarget(steps(get()), get().cursor)),
        startTour(id, stops) {
          if (!stops.length) return;
          set({ tour: { id, stops, stop: 0 }, playing: false });
          get().tourGo(0);
        },
        tourGo(stop) {
          const t = get().tour;
          if (!t) return;
          const n = Math.max(0, Math.min(stop, t.stops.length - 1));
          set({ tour: { ...t, stop: n }, selection: t.stops[n].selection, playing: false });
          get().stepTo(t.stops[n].cursor);
        },
        endTour: () => set({ tour: null }),
      };
    }),
  );
}

export type AppStore = ReturnType<typeof createExplorerStore>;
