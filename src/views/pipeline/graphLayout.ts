/**
 * Places the pipeline graph with ELK's layered algorithm: layers follow execution order (the model order
 * of the nodes breaks cycles, so back edges are the returns and loops), edges are routed around boxes.
 * ELK is large, so it is loaded on first use, and the layout is computed once per graph: stepping never
 * moves a box.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';

export const BOX_H = 22;
/** monospace 11px: width of one character, with room to spare */
const CHAR_W = 7;
/** reserved at the right of every box for the ×N call count, so a count never covers the name */
export const COUNT_W = 34;
/** reserved at the left for the ✓ / ▶ mark */
export const MARK_W = 16;

export interface GraphNodeInput {
  id: string;
  label: string;
  /** a state this run never enters: drawn as a small dot, so the states that matter get the room */
  dot?: boolean;
}

export const DOT = 10;

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedEdge {
  key: string;
  /** SVG path through ELK's bend points */
  path: string;
  /** where to put the branch label (the middle of the route) */
  mid: { x: number; y: number };
}

export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  edges: Map<string, PlacedEdge>;
  width: number;
  height: number;
}

export const boxWidth = (label: string) => MARK_W + label.length * CHAR_W + COUNT_W;

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.spacing.nodeNode': '10',
  'elk.layered.spacing.nodeNodeBetweenLayers': '22',
  'elk.spacing.edgeNode': '8',
  'elk.spacing.edgeEdge': '5',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=4,left=4,bottom=4,right=4]',
};

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | null = null;
const loadElk = (): Promise<Elk> => {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
};

const cache = new Map<string, Promise<GraphLayout>>();

export function layoutGraph(
  nodes: GraphNodeInput[],
  edges: { key: string; from: string; to: string }[],
): Promise<GraphLayout> {
  const id = JSON.stringify([nodes, edges.map((e) => e.key)]);
  let p = cache.get(id);
  if (!p) {
    p = run(nodes, edges);
    cache.set(id, p);
  }
  return p;
}

async function run(nodes: GraphNodeInput[], edges: { key: string; from: string; to: string }[]): Promise<GraphLayout> {
  const e = await loadElk();
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: OPTIONS,
    children: nodes.map((n) =>
      n.dot ? { id: n.id, width: DOT, height: DOT } : { id: n.id, width: boxWidth(n.label), height: BOX_H },
    ),
    edges: edges.map((x) => ({ id: x.key, sources: [x.from], targets: [x.to] })),
  };
  const out = await e.layout(graph);
  const placed = new Map<string, PlacedNode>();
  for (const c of out.children ?? [])
    placed.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? BOX_H });
  const routed = new Map<string, PlacedEdge>();
  for (const x of (out.edges ?? []) as ElkExtendedEdge[]) {
    const pts = (x.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
    if (pts.length < 2) continue;
    routed.set(x.id, {
      key: x.id,
      path: `M${pts.map((p) => `${round(p.x)},${round(p.y)}`).join(' L')}`,
      mid: pts[Math.floor(pts.length / 2)],
    });
  }
  return { nodes: placed, edges: routed, width: out.width ?? 0, height: out.height ?? 0 };
}

const round = (v: number) => Math.round(v * 10) / 10;
