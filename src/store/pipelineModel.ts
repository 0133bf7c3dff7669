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

/** Edges from `from` to the state of `toFn`: the branch's edge, then through control-flow states only. */
export function pathBetween(g: PipelineGraph, from: string, branch: string | null, to: string): GraphEdge[] {
  const kernel = new Set(g.states.filter((s) => s.fn !== null).map((s) => s.id));
  const out = g.edges.filter((e) => e.from === from && (branch === null || e.branch === branch));
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
    for (const n of g.edges.filter((x) => x.from === e.to)) {
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

export function pipelineModel(
  g: PipelineGraph,
  steps: readonly StepRecord[],
  cursor: number,
  litSteps: ReadonlySet<number>,
  flaws: ReadonlyMap<string, string> = flawsByState(steps),
): PipelineVM {
  const visits = new Map<string, number>();
  const taken = new Map<string, number>();
  const lit = new Set<string>();
  let last = new Set<string>();
  // memoise paths: a long run crosses the same few transitions thousands of times
  const paths = new Map<string, GraphEdge[]>();
  const path = (from: string, branch: string | null, to: string) => {
    const k = `${from}|${branch}|${to}`;
    let p = paths.get(k);
    if (!p) {
      p = pathBetween(g, from, branch, to);
      paths.set(k, p);
    }
    return p;
  };
  const pred = predecessors(steps);
  for (let i = 0; i < cursor && i < steps.length; i++) {
    const st = steps[i];
    const id = st.state;
    const before = pred[i] === null ? null : steps[pred[i] as number];
    const p = before ? path(before.state, before.branch, id) : path(g.initial, null, id);
    // the first step follows the initial dispatch; a later one its predecessor's branch
    if (!before) visits.set(g.initial, (visits.get(g.initial) ?? 0) + 1);
    for (const e of p) {
      taken.set(edgeKey(e), (taken.get(edgeKey(e)) ?? 0) + 1);
      if (e.to !== id) visits.set(e.to, (visits.get(e.to) ?? 0) + 1);
    }
    visits.set(id, (visits.get(id) ?? 0) + 1);
    if (litSteps.has(i)) lit.add(id);
    if (i === cursor - 1) last = new Set(p.map(edgeKey));
  }
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

/** The first flaw each state's steps carry (design variants mark where the review's flaw bites). */
export function flawsByState(steps: readonly StepRecord[]): Map<string, string> {
  const out = new Map<string, string>();
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
  // an event is racing when it starts before an earlier event has finished
  const racing = new Set<number>();
  for (const [e, f] of first) for (const [e2, l] of last) if (e2 < e && l > f) racing.add(e);
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
