/**
 * The pipeline machine as a plain graph, for drawing: one node per state, one edge per transition. Read
 * generically from the machine's own state nodes (meta.kernel names the kernel function), so any machine
 * built the same way — per kernel variant, with call/return states — draws without code naming its states.
 * Nodes come in execution order: breadth-first from the initial state, transitions in declaration order.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface GraphState {
  /** the machine's state key */
  id: string;
  /** the kernel function this state runs, or null for control flow (event dispatch, returns, final) */
  fn: string | null;
  file: string | null;
  /** meta.group for kernel functions; 'flow' or 'final' otherwise */
  group: string;
  description: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** the branch (guard parameter) that selects this transition; 'otherwise' for an unguarded fallback */
  branch: string;
  /** a call pushes where to resume, a return pops it; anything else carries on in the same frame */
  kind: 'goto' | 'call' | 'return';
}

export interface PipelineGraph {
  initial: string;
  states: GraphState[];
  edges: GraphEdge[];
}

interface KernelMeta {
  kernel?: { fn: string; file: string };
  group?: string;
}

function branchOf(guard: unknown): string {
  if (!guard) return 'otherwise';
  if (typeof guard === 'string') return guard;
  const g = guard as { type?: string; params?: { is?: string } };
  return g.params?.is ?? g.type ?? 'guarded';
}

function kindOf(actions: readonly unknown[]): GraphEdge['kind'] {
  const types = actions.map((a) => (typeof a === 'string' ? a : (a as { type?: string }).type));
  return types.includes('push') ? 'call' : types.includes('pop') ? 'return' : 'goto';
}

type Out = { to: string; branch: string; kind: GraphEdge['kind'] };

function transitionsOf(node: AnyStateNode): Out[] {
  const out: Out[] = [];
  const add = (t: { target?: readonly AnyStateNode[]; guard?: unknown; actions?: readonly unknown[] }) => {
    for (const target of t.target ?? [])
      out.push({ to: target.key, branch: branchOf(t.guard), kind: kindOf(t.actions ?? []) });
  };
  for (const list of node.transitions.values()) for (const t of list) add(t);
  for (const t of node.always ?? []) add(t);
  return out;
}

export function machineGraph(machine: AnyStateMachine): PipelineGraph {
  const nodes = machine.root.states as Record<string, AnyStateNode>;
  const initial = machine.root.initial?.target?.[0]?.key ?? Object.keys(nodes)[0];
  // breadth-first from the initial state: the order a run meets the states
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = [initial];
  while (queue.length) {
    const id = queue.shift() as string;
    if (seen.has(id) || !nodes[id]) continue;
    seen.add(id);
    order.push(id);
    for (const t of transitionsOf(nodes[id])) queue.push(t.to);
  }
  for (const id of Object.keys(nodes)) if (!seen.has(id)) order.push(id);

  const states: GraphState[] = order.map((id) => {
    const n = nodes[id];
    const meta = (n.meta ?? {}) as KernelMeta;
    return {
      id,
      fn: meta.kernel?.fn ?? null,
      file: meta.kernel?.file ?? null,
      group: meta.kernel ? (meta.group ?? 'kernel') : n.type === 'final' ? 'final' : 'flow',
      description: n.description ?? id,
    };
  });
  const edges: GraphEdge[] = [];
  const keys = new Set<string>();
  for (const id of order)
    for (const t of transitionsOf(nodes[id])) {
      const key = `${id}→${t.to}:${t.branch}`;
      if (keys.has(key)) continue;
      keys.add(key);
      edges.push({ from: id, to: t.to, branch: t.branch, kind: t.kind });
    }
  return { initial, states, edges };
}
