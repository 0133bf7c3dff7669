/**
 * The explorer's one store: which scenario is loaded, its run's summary, the step cursor, the selection and
 * display preferences. The run itself (its kernel and journal) stays where it was simulated (issue 11: the
 * simulation worker; the caller's thread with the inline runner): moving the cursor asks it for that step's
 * view data (src/store/stepViews.ts, through src/store/viewFetcher.ts: cached, prefetched around the cursor,
 * a request overtaken by a newer one dropped). `cursor`, `selection`, `focus` and `views` change together,
 * when the step's views are here; `version` changes with them so memoised view models know to recompute.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { Ppc64Probe } from '../kernel/arch/ppc64';
import type { KernelEvent } from '../kernel/frame';
import type { PipelineGraph } from '../pipeline/graph';
import type { SimulationReport } from '../pipeline/report';
import type { EventOutcome, StepRecord } from '../pipeline/runtime';
import type { RefusedMount } from '../scenario/build';
import { DEFAULT_SCENARIO_ID } from '../scenario/builtins';
import type { ScenarioIssue } from '../scenario/issues';
import type { Scenario } from '../scenario/schema';
import type { Job, Loaded, Progress, Runner, RunQuery, Started } from '../worker/runner';
import { SUPERSEDED } from '../worker/superseded';
import { nextDecisionTarget, nextEventTarget, stepOverTarget } from './navigation';
import type { RunFacts } from './runFacts';
import { type Focus, keepUnchangedLanes, type StepViews, type ViewRequest } from './stepViews';
import { createViewFetcher, type ViewFetcher } from './viewFetcher';

/** What the page holds of a run: the whole trace's facts, no kernel (src/worker/summary.ts). */
export interface RunSummary {
  rt: { steps: StepRecord[]; events: KernelEvent[]; outcomes: EventOutcome[] };
  /** the machine's final state: "done", or "panic" */
  final: string;
  report: SimulationReport;
}
/** What the page holds of the built scenario: the scenario and the setup's plain facts. */
export interface BuiltSummary {
  scenario: Scenario;
  refusedMounts: RefusedMount[];
  ppc64?: Ppc64Probe[];
}

export type LoadState =
  | {
      status: 'ready';
      id: string;
      title: string;
      description: string;
      sim: RunSummary;
      built: BuiltSummary;
      /** asks the run, where it is, for one step's view data */
      run: RunQuery;
      /** facts of the whole trace made where the run is (chart shape, loops); absent: made on the page */
      facts?: RunFacts;
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
  focus: Focus;
  /** the kernel view models of the step shown (at `cursor`, for `selection` and `focus`); null until loaded */
  views: StepViews | null;
  /** the processes view lists every lane ("Show all"), not the capped list */
  allLanes: boolean;

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
  setAllLanes(all: boolean): void;
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

function ready(id: string, r: Extract<Loaded, { kind: 'run'; ok: true }>): Extract<LoadState, { status: 'ready' }> {
  const { sim, built, source, graph, run, facts } = r;
  return {
    graph,
    run,
    ...(facts ? { facts } : {}),
    status: 'ready',
    id,
    title: built.scenario.title ?? id,
    description: built.scenario.description ?? '',
    sim,
    built,
    source,
  };
}

/** a run this short has every step's views prefetched (the page's cache holds them: src/store/viewFetcher.ts) */
const WHOLE_RUN_STEPS = 160;

/**
 * A selection linked to more objects than this makes each step's views slow to make (bench A: an rmap record
 * shared by a million reflinked copies, seconds per step): only the next step is prefetched, so that a new
 * selection or step is not queued behind eight of them.
 */
const HEAVY_SELECTION = 100_000;

/** The cursor clamped to the run's steps. */
function clampCursor(load: LoadState, cursor: number): number {
  return load.status === 'ready' ? Math.max(0, Math.min(cursor, load.sim.rt.steps.length)) : 0;
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
  let opening = null as (() => void) | null;
  const store = createStore<AppState>()(
    subscribeWithSelector((set, get) => {
      type Ready = Extract<LoadState, { status: 'ready' }>;
      /** each run's cache of step views */
      const fetchers = new WeakMap<RunQuery, ViewFetcher>();
      const fetcherOf = (load: Ready) => {
        let f = fetchers.get(load.run);
        if (!f) {
          f = createViewFetcher(load.run);
          fetchers.set(load.run, f);
        }
        return f;
      };
      /** bumps with every request to show a step or a run: an answer for an older one is dropped */
      let showing = 0;
      /** the cursor last asked for (ahead of `cursor` while its views are on their way): steps go from it */
      let target: number | null = null;

      /** The state that shows `views`: the cursor, selection and focus they were made for, kept lanes reused. */
      const shown = (views: StepViews, before: StepViews | null, load: Ready): Partial<AppState> => ({
        cursor: clampCursor(load, views.cursor),
        selection: views.selection,
        focus: views.focus,
        views: keepUnchanged(before, views),
      });
      /** Prefetch the steps around `cursor` with the same selection and focus (a worker's run only). */
      const around = (load: Ready, req: ViewRequest, got: StepViews) => {
        const n = load.sim.rt.steps.length;
        // a short run (the built-ins) is asked whole, nearest steps first: then every step shows at once, as
        // when the run was on the page; every lane ("Show all") of a large run is a large answer: the next only
        const ahead =
          n <= WHOLE_RUN_STEPS
            ? Array.from({ length: 2 * n + 1 }, (_, i) => (i % 2 ? (i + 1) / 2 : -i / 2)).slice(1)
            : req.allLanes || got.linkedTotal > HEAVY_SELECTION
              ? [1]
              : [1, 2, 3, 4, -1, 5, 6, 7, 8];
        const near = ahead.map((d) => req.cursor + d).filter((c) => c >= 0 && c <= n);
        fetcherOf(load).prefetch(
          near.map((cursor) => ({ ...req, cursor, focus: req.focus, dropMissingSelection: false })),
        );
      };
      /**
       * Show `req` of the loaded run: at once when its views are here (cached, or an inline run), else when
       * they come; `patch` goes in with them. A request overtaken by a newer one is dropped.
       */
      const show = (load: Ready, req: ViewRequest, patch: Partial<AppState> = {}) => {
        const mine = ++showing;
        target = req.cursor;
        const r = fetcherOf(load).fetch(req);
        const apply = (v: StepViews) => {
          if (mine !== showing || get().load !== load) return;
          target = null;
          set((s) => ({ ...patch, ...shown(v, s.views, load), version: s.version + 1 }));
          if (v.focus) around(load, { ...req, focus: v.focus, selection: v.selection }, v);
        };
        if (!(r instanceof Promise)) return apply(r);
        r.then(apply, (e: Error) => {
          if (mine !== showing || e.message === SUPERSEDED) return;
          target = null;
          set({ loadError: { name: load.id, issues: [{ path: 'views', message: e.message }] }, playing: false });
        });
      };

      /**
       * Put a new run on screen at `cursor` (clamped) once the views of that step are here; the run before
       * is freed then. `focus` null: the run's defaults at that step.
       */
      const install = (
        load: Ready,
        cursor: number,
        selection: string | null,
        opts: { focus?: Focus | null; dropMissingSelection?: boolean; patch?: Partial<AppState> } = {},
      ) => {
        const mine = ++showing;
        const req: ViewRequest = {
          cursor: clampCursor(load, cursor),
          selection,
          focus: opts.focus ?? null,
          allLanes: get()?.allLanes ?? false,
          dropMissingSelection: !!opts.dropMissingSelection,
        };
        const r = fetcherOf(load).fetch(req);
        const apply = (v: StepViews): Partial<AppState> | null => {
          if (mine !== showing) {
            load.run.dispose();
            return null;
          }
          target = null;
          const before = get()?.load;
          if (before && before.status === 'ready' && before.run !== load.run) before.run.dispose();
          around(load, { ...req, focus: v.focus, selection: v.selection, dropMissingSelection: false }, v);
          return {
            load,
            loadError: null,
            editIssues: null,
            ...shown(v, null, load),
            playing: false,
            tour: null,
            ...opts.patch,
          };
        };
        const put = (v: StepViews) => {
          const p = apply(v);
          if (p) set((s) => ({ ...p, version: s.version + 1 }));
        };
        if (!(r instanceof Promise)) return put(r);
        r.then(put, (e: Error) => {
          if (mine !== showing) return;
          fail(load.id, [{ path: 'views', message: e.message }]);
        });
      };
      const fail = (name: string, issues: ScenarioIssue[]) =>
        get().load.status === 'ready'
          ? set({ loadError: { name, issues }, playing: false })
          : set({ load: { status: 'error', id: name, issues }, loadError: null, playing: false });

      let cancel: (() => void) | null = null;
      /** Wait for a job the worker runs; `done` gets its result unless it was cancelled or replaced. */
      const follow = (started: Extract<Started, { result: unknown }>, name: string, done: (r: Loaded) => void) => {
        cancel = started.cancel;
        const mine = started.cancel;
        started.result.then(
          (r) => {
            if (cancel !== mine) {
              if (r.kind === 'run' && r.ok) r.run.dispose();
              return;
            }
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
      const start = (job: Job, name: string, done: (r: Loaded) => void) => {
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
      const runResult = (r: Loaded, name: string, input?: unknown, mineKey?: string | null) => {
        if (r.kind !== 'run' || !r.ok) return null;
        const load = ready(r.source === 'builtin' ? name : r.built.scenario.id, r);
        return r.source === 'builtin' ? load : { ...load, input, mineKey: mineKey ?? null };
      };
      /** the cursor in a new run nearest the old one: the same step by id, else the same distance from the end */
      const sameStep = (before: Ready, cursor: number, after: StepRecord[]) => {
        if (cursor === 0) return 0;
        const at = before.sim.rt.steps[cursor - 1]?.id;
        const same = at === undefined ? -1 : after.findIndex((st) => st.id === at);
        return same >= 0 ? same + 1 : Math.max(0, after.length - (before.sim.rt.steps.length - cursor));
      };
      const issuesOf = (r: Loaded): ScenarioIssue[] => (r.kind === 'run' && !r.ok ? r.issues : []);

      const startId = initial.input?.name ?? initial.refused?.name ?? initial.scenario ?? DEFAULT_SCENARIO_ID;
      const lock = initial.lock ?? null;
      const within = (c: number) => (lock ? Math.max(lock.from, Math.min(lock.to, c)) : c);
      const wanted = initial.cursor === undefined ? undefined : within(initial.cursor);
      const urlProblems = [...(initial.urlProblems ?? [])];

      /** The opening link's scenario: at the link's step (clamped, and said so), with its selection. */
      const first = (r: Loaded) => {
        const load = runResult(r, startId, initial.input?.input, initial.input?.mineKey);
        if (!load) {
          if (r.kind === 'run' && r.ok) r.run.dispose();
          return set({
            load: { status: 'error', id: startId, issues: issuesOf(r) },
            focus: { namespace: null, mapping: null },
          });
        }
        const cursor = clampCursor(load, wanted ?? load.sim.rt.steps.length);
        const problems = [...urlProblems];
        // a link's step past the end is shown at the last step, and the user is told so
        if (wanted !== undefined && cursor !== wanted)
          problems.push(`step ${wanted} is past the last step; showing step ${cursor}`);
        install(load, cursor, get().selection, { patch: { urlProblems: problems } });
      };

      const startKernel = initial.kernel ?? null;
      const kernelOpt = startKernel ? { kernel: startKernel } : {};
      // the opening run starts once the state exists (right after createStore; the inline runner answers then)
      opening = () => {
        if (initial.refused) return;
        const started = runner(
          initial.input
            ? { kind: 'input', input: initial.input.input, ...kernelOpt }
            : { kind: 'builtin', id: startId, ...kernelOpt },
          progress(startId),
        );
        if ('done' in started) return first(started.done);
        set({ pending: { name: startId, phase: 'building', steps: 0 } });
        follow(started, startId, first);
      };

      return {
        load: initial.refused
          ? { status: 'error', id: startId, issues: initial.refused.issues }
          : { status: 'empty', id: startId },
        pending: null,
        loadError: null,
        editIssues: null,
        urlProblems,
        cursor: 0,
        version: 0,
        selection: initial.refused ? null : (initial.selection ?? null),
        playing: false,
        speed: 4,
        theme: initial.theme ?? 'system',
        kernel: startKernel,
        lock,
        focus: { namespace: null, mapping: null },
        views: null,
        allLanes: false,
        tour: null,

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
            // the selection where it still exists, the focus where the new run still has it
            install(load, cursor, now.selection, { dropMissingSelection: true, focus: before ? now.focus : null });
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
            install(load, cursor, s.selection, { patch: { kernel: id } });
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
          if (s.load.status !== 'ready') return;
          const c = clampCursor(s.load, within(cursor));
          if (c === (target ?? s.cursor)) return;
          show(s.load, { cursor: c, selection: s.selection, focus: s.focus, allLanes: s.allLanes });
        },
        next() {
          const s = get();
          const at = target ?? s.cursor;
          if (at >= Math.min(steps(s).length, lock?.to ?? Number.POSITIVE_INFINITY)) return set({ playing: false });
          s.stepTo(at + 1);
        },
        prev: () => get().stepTo((target ?? get().cursor) - 1),
        first: () => get().stepTo(0),
        last: () => get().stepTo(steps(get()).length),
        togglePlay() {
          const s = get();
          if (!s.playing && s.cursor >= Math.min(steps(s).length, lock?.to ?? Number.POSITIVE_INFINITY)) s.stepTo(0);
          set({ playing: !s.playing });
        },
        setPlaying: (playing) => set({ playing }),
        setSpeed: (speed) => set({ speed: Math.max(0.5, Math.min(60, speed)) }),
        select(selection) {
          const s = get();
          if (s.load.status !== 'ready') return set({ selection });
          show(s.load, { cursor: target ?? s.cursor, selection, focus: s.focus, allLanes: s.allLanes });
        },
        setAllLanes(allLanes) {
          const s = get();
          if (s.load.status !== 'ready') return set({ allLanes });
          show(s.load, { cursor: target ?? s.cursor, selection: s.selection, focus: s.focus, allLanes }, { allLanes });
        },
        setTheme: (theme) => set({ theme }),
        setFocus(focus) {
          const s = get();
          const next = { ...s.focus, ...focus };
          if (s.load.status !== 'ready') return set({ focus: next });
          show(s.load, { cursor: target ?? s.cursor, selection: s.selection, focus: next, allLanes: s.allLanes });
        },
        dismissLoadError: () => set({ loadError: null }),
        stepOver: () => get().stepTo(stepOverTarget(steps(get()), target ?? get().cursor)),
        nextDecision: () => get().stepTo(nextDecisionTarget(steps(get()), target ?? get().cursor)),
        nextEvent: () => get().stepTo(nextEventTarget(steps(get()), target ?? get().cursor)),
        startTour(id, stops) {
          if (!stops.length) return;
          set({ tour: { id, stops, stop: 0 }, playing: false });
          get().tourGo(0);
        },
        tourGo(stop) {
          const t = get().tour;
          const s = get();
          if (!t) return;
          const n = Math.max(0, Math.min(stop, t.stops.length - 1));
          set({ tour: { ...t, stop: n }, playing: false });
          if (s.load.status !== 'ready') return set({ selection: t.stops[n].selection });
          const c = clampCursor(s.load, within(t.stops[n].cursor));
          show(s.load, { cursor: c, selection: t.stops[n].selection, focus: s.focus, allLanes: s.allLanes });
        },
        endTour: () => set({ tour: null }),
      };
    }),
  );
  opening?.();
  return store;
}

/** The page's copy of a step's views: a lane that did not change stays the same object (src/store/stepViews.ts). */
const keepUnchanged = keepUnchangedLanes;

export type AppStore = ReturnType<typeof createExplorerStore>;
