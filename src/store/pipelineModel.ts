/**
 * The pipeline chart's view model: the machine's graph (states in execution order, edges) with what the run
 * did up to the cursor — how often each state ran, which edges were taken, the transition just taken, and
 * the states the selection's steps ran in. A step names its state; the machine's branch picks the edge out
 * of it, and unguarded control-flow states (event dispatch, returns) are crossed to reach the next step.
 */
import type { GraphEdge, GraphState, PipelineGraph } from '../pipeline/graph';
import type { StepRecord } from '../pipeline/runtime';

export interface PipelineStateVM extends GraphState {
  kind: 'kernel' | 'flow' | 'final';
  /** times entered up to the cursor (kernel states: steps; control flow: crossings) */
  visits: number;
  current: boolean;
  /** a step of this state touched the selection or its counterparts */
  lit: boolean;
  /** on a design variant: the flaw its review named bites in a step of this state (the whole run's) */
  flaw: string | null;
}

export interface PipelineEdgeVM extends GraphEdge {
  key: string;
  taken: number;
  /** part of the transition into the current step */
  last: boolean;
}

export interface PipelineVM {
  states: PipelineStateVM[];
  edges: PipelineEdgeVM[];
}

const edgeKey = (e: GraphEdge) => `${e.from}→${e.to}:${e.branch}`;

/**
 * Counts of the work the run-wide models do, for tests that keep it proportional to the run (a step count
 * times a constant): path searches made (each walks the graph), and events compared for racing.
 */
export const modelWork = { pathSearches: 0, raceChecks: 0 };

/** A graph's kernel states and out-edges by state (in edge order), made once per graph. */
interface GraphIndex {
  kernel: Set<string>;
  out: Map<string, GraphEdge[]>;
  /** pathBetween's answers: a long run crosses the same few transitions thousands of times */
  paths: Map<string, readonly GraphEdge[]>;
}
const indexes = new WeakMap<PipelineGraph, GraphIndex>();

function indexOf(g: PipelineGraph): GraphIndex {
  let ix = indexes.get(g);
  if (!ix) {
    const out = new Map<string, GraphEdge[]>();
    for (const e of g.edges) {
      const list = out.get(e.from);
      if (list) list.push(e);
      else out.set(e.from, [e]);
    }
    ix = { kernel: new Set(g.states.filter((s) => s.fn !== null).map((s) => s.id)), out, paths: new Map() };
    indexes.set(g, ix);
  }
  return ix;
}

/**
 * Edges from `from` to the state of `toFn`: the branch's edge, then through control-flow states only.
 * Answered once per graph and (from, branch, to): the list is shared, not to be changed.
 */
export function pathBetween(g: PipelineGraph, from: string, branch: string | null, to: string): readonly GraphEdge[] {
  const ix = indexOf(g);
  const key = `${from}|${branch}|${to}`;
  let path = ix.paths.get(key);
  if (!path) {
    path = searchPath(ix, from, branch, to);
    ix.paths.set(key, path);
  }
  return path;
}

function searchPath(ix: GraphIndex, from: string, branch: string | null, to: string): GraphEdge[] {
  modelWork.pathSearches++;
  const { kernel } = ix;
  const edgesFrom = (id: string) => ix.out.get(id) ?? [];
  const out = edgesFrom(from).filter((e) => branch === null || e.branch === branch);
  // breadth-first over control-flow states, remembering the edge that reached each
  const prev = new Map<string, GraphEdge>();
  const queue: GraphEdge[] = [];
  for (const e of out) {
    if (e.to === to) return [e];
    if (!kernel.has(e.to) && !prev.has(e.to)) {
      prev.set(e.to, e);
      queue.push(e);
    }
  }
  while (queue.length) {
    const e = queue.shift() as GraphEdge;
    for (const n of edgesFrom(e.to)) {
      if (n.to === to) {
        const path = [n];
        let back: GraphEdge | undefined = e;
        while (back) {
          path.unshift(back);
          back = back.from === from ? undefined : prev.get(back.from);
        }
        return path;
      }
      if (!kernel.has(n.to) && !prev.has(n.to) && n.to !== from) {
        prev.set(n.to, n);
        queue.push(n);
      }
    }
  }
  return [];
}

/** What the run did up to some cursor: visits per state and crossings per edge. */
interface Tally {
  cursor: number;
  visits: Map<string, number>;
  taken: Map<string, number>;
}

const CHECKPOINT_EVERY = 1024;

/**
 * Tallies of one run, kept between calls: stepping forward adds one step's path to the last tally, and a
 * jump back restarts from the nearest checkpoint (one per 1,024 steps), so a cursor move on a run of 13,000
 * steps no longer walks all the steps before it.
 */
class RunTallies {
  private readonly checkpoints: Tally[] = [];
  private last: Tally;
  /** each step's predecessor: a racing change's steps interleave with the handler's (pipeline/runtime) */
  private readonly pred: (number | null)[];
  constructor(
    private readonly g: PipelineGraph,
    private readonly steps: readonly StepRecord[],
  ) {
    this.pred = predecessors(steps);
    this.last = { cursor: 0, visits: new Map(), taken: new Map() };
    this.checkpoints.push(copy(this.last));
  }

  /** The edges crossed to reach step i (from its predecessor's branch, or from the initial dispatch). */
  pathTo(i: number): readonly GraphEdge[] {
    const p = this.pred[i];
    const before = p === null ? null : this.steps[p];
    return pathBetween(
      this.g,
      before ? before.state : this.g.initial,
      before ? before.branch : null,
      this.steps[i].state,
    );
  }

  at(cursor: number): Tally {
    const c = Math.min(cursor, this.steps.length);
    if (c < this.last.cursor) this.last = copy(this.checkpoints[Math.floor(c / CHECKPOINT_EVERY)]);
    const t = this.last;
    for (let i = t.cursor; i < c; i++) {
      // the first step of each event's own chain follows the initial dispatch
      if (this.pred[i] === null) bump(t.visits, this.g.initial);
      const id = this.steps[i].state;
      for (const e of this.pathTo(i)) {
        bump(t.taken, edgeKey(e));
        if (e.to !== id) bump(t.visits, e.to);
      }
      bump(t.visits, id);
      t.cursor = i + 1;
      if (t.cursor % CHECKPOINT_EVERY === 0 && !this.checkpoints[t.cursor / CHECKPOINT_EVERY])
        this.checkpoints[t.cursor / CHECKPOINT_EVERY] = copy(t);
    }
    return t;
  }
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const copy = (t: Tally): Tally => ({ cursor: t.cursor, visits: new Map(t.visits), taken: new Map(t.taken) });

const talliesOf = new WeakMap<readonly StepRecord[], { g: PipelineGraph; tallies: RunTallies }>();

export function pipelineModel(
  g: PipelineGraph,
  steps: readonly StepRecord[],
  cursor: number,
  litSteps: ReadonlySet<number>,
  flaws: ReadonlyMap<string, string> = flawsByState(steps),
): PipelineVM {
  let known = talliesOf.get(steps);
  if (!known || known.g !== g) {
    known = { g, tallies: new RunTallies(g, steps) };
    talliesOf.set(steps, known);
  }
  const { visits, taken } = known.tallies.at(cursor);
  const c = Math.min(cursor, steps.length);
  const last = new Set(c > 0 ? known.tallies.pathTo(c - 1).map(edgeKey) : []);
  // the states of the steps before the cursor that touched the selection
  const lit = new Set<string>();
  for (const i of litSteps) if (i < c) lit.add(steps[i].state);
  const current = cursor > 0 ? (steps[cursor - 1]?.state ?? null) : null;
  return {
    states: g.states.map((s) => ({
      ...s,
      kind: s.fn ? 'kernel' : s.group === 'final' ? 'final' : 'flow',
      visits: visits.get(s.id) ?? 0,
      current: s.id === current,
      lit: lit.has(s.id),
      flaw: flaws.get(s.id) ?? null,
    })),
    edges: g.edges.map((e) => ({
      ...e,
      key: edgeKey(e),
      taken: taken.get(edgeKey(e)) ?? 0,
      last: last.has(edgeKey(e)),
    })),
  };
}

const flawsOf = new WeakMap<readonly StepRecord[], Map<string, string>>();

/** The first flaw each state's steps carry (design variants mark where the review's flaw bites). */
export function flawsByState(steps: readonly StepRecord[]): Map<string, string> {
  // per run, not per step: a long run is stepped thousands of times
  const known = flawsOf.get(steps);
  if (known) return known;
  const out = new Map<string, string>();
  flawsOf.set(steps, out);
  for (const st of steps) if (st.flaw && !out.has(st.state)) out.set(st.state, st.flaw);
  return out;
}

/**
 * The states in the order this run first enters them (control-flow states included), then the states it
 * never enters in graph order: the layout's model order, so layers read in execution order. Depends on the
 * whole run, not the cursor, so the chart does not move while stepping.
 */
export function runOrder(g: PipelineGraph, steps: readonly StepRecord[]): { order: string[]; entered: Set<string> } {
  const order: string[] = [];
  const entered = new Set<string>();
  const enter = (id: string) => {
    if (entered.has(id)) return;
    entered.add(id);
    order.push(id);
  };
  if (steps.length) enter(g.initial);
  const pred = predecessors(steps);
  for (let i = 0; i < steps.length; i++) {
    const id = steps[i].state;
    const before = pred[i] === null ? null : steps[pred[i] as number];
    if (entered.has(id) && before?.state === id) continue;
    const p = before ? pathBetween(g, before.state, before.branch, id) : pathBetween(g, g.initial, null, id);
    for (const e of p) enter(e.to);
    enter(id);
    if (entered.size === g.states.length) break;
  }
  for (const s of g.states) if (!entered.has(s.id)) order.push(s.id);
  return { order, entered };
}

/**
 * The step each step follows in the machine: the one before it, except where a racing change (an event
 * run inside another one's handling) interleaves its steps with the handler's. Then each follows the
 * previous step of its own event; a racing event's first step follows the dispatch (null), and the event
 * after a race follows the handler's last step.
 */
export function predecessors(steps: readonly StepRecord[]): (number | null)[] {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  steps.forEach((s, i) => {
    if (!first.has(s.event)) first.set(s.event, i);
    last.set(s.event, i);
  });
  // an event is racing when it starts before an earlier event has finished: in event order, when the latest
  // last step of the events before it comes after its first (one sweep; a test of every pair of events was
  // 10^8 for 10,000 events)
  const racing = new Set<number>();
  let latest = Number.NEGATIVE_INFINITY;
  for (const e of [...first.keys()].sort((a, b) => a - b)) {
    modelWork.raceChecks++;
    if (latest > (first.get(e) as number)) racing.add(e);
    latest = Math.max(latest, last.get(e) as number);
  }
  const lastOf = new Map<number, number>();
  let lastPlain: number | null = null;
  return steps.map((s, i) => {
    const own = lastOf.get(s.event);
    const p = own !== undefined ? own : racing.has(s.event) ? null : lastPlain;
    lastOf.set(s.event, i);
    if (!racing.has(s.event)) lastPlain = i;
    return p;
  });
}
