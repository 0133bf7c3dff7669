/**
 * Pure layout of a file's `mapping->i_pages` for the DAX xarray view: xa_head at the top, the tree of
 * 64-slot xa_nodes (d3.hierarchy + d3.tree, widths per box), the DAX value entries as cards below the
 * slots that hold them. Every coordinate is absolute in one canvas of `width` x `height` pixels.
 *
 * A node is drawn compact (its used slots only, with their offsets, and a count of the empty ones) or,
 * `full`, as all 64 slots in two rows of 32. Sibling slots of a multi-order entry point back at their
 * canonical slot through a rail drawn under the cells.
 */
import { type HierarchyPointNode, hierarchy, tree } from 'd3';
import type { XaDump, XaDumpNode, XaDumpSlot } from '../../kernel/lib/xarray';
import type { XarrayVM } from '../../store/selectors';

type Entry = XarrayVM['entries'][number];

export const XA = {
  pad: 10,
  headW: 196,
  headH: 34,
  levelGap: 30,
  siblingGap: 18,
  nodeHeaderH: 36,
  nodeMinW: 236,
  cellW: 32,
  cellH: 30,
  cellGap: 3,
  emptyW: 64,
  railH: 10,
  fullCellW: 9,
  fullCellH: 24,
  fullCols: 32,
  entryW: 214,
  entryH: 118,
  /** a sibling run longer than this is drawn as one cell ("1–31") */
  maxSiblingCells: 7,
} as const;

export type CellKind = XaDumpSlot['kind'] | 'empty';

export interface XaCellLayout {
  /** `node#<id>[<offset>]` (first offset of a compressed run) */
  key: string;
  kind: CellKind;
  /** the slot offsets the cell stands for (one unless a compressed sibling run) */
  first: number;
  last: number;
  /** the slot data (null for an empty slot in full mode) */
  slot: XaDumpSlot | null;
  x: number;
  y: number;
  w: number;
  h: number;
  /** the entry (value, sibling) this cell belongs to */
  entryId: string | null;
}

export interface XaNodeLayout {
  key: string;
  node: XaDumpNode;
  x: number;
  y: number;
  w: number;
  h: number;
  cells: XaCellLayout[];
  /** slots not in use */
  empty: number;
  /** where the "+N empty" note goes (compact mode) */
  emptyAt: { x: number; y: number } | null;
  /** sibling rails: from the last sibling back to the canonical slot, ticks at each sibling */
  rails: { canonical: number; x1: number; x2: number; y: number; ticks: number[]; cellTop: number; arrow: boolean }[];
}

export interface XaEntryLayout {
  key: string;
  entry: Entry;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface XaLinkLayout {
  key: string;
  kind: 'head' | 'node' | 'entry';
  /** the node and slot offset the pointer leaves from (null for xa_head) */
  fromNode: number | null;
  fromOffset: number | null;
  /** the node id (kind head/node) or entry id (kind entry) it points at */
  to: string;
  d: string;
}

export interface XaLayout {
  width: number;
  height: number;
  head: { x: number; y: number; w: number; h: number };
  nodes: XaNodeLayout[];
  entries: XaEntryLayout[];
  links: XaLinkLayout[];
}

interface Datum {
  key: string;
  kind: 'head' | 'node' | 'entry';
  w: number;
  h: number;
  node?: XaDumpNode;
  entry?: Entry;
  /** the slot of the parent this datum hangs from */
  fromOffset?: number;
  children: Datum[];
}

interface Cell {
  kind: CellKind;
  first: number;
  last: number;
  slot: XaDumpSlot | null;
}

/**
 * The cells of a node: used slots (runs of siblings beyond maxSiblingCells merged), plus the empty slots
 * a walk lands on (`extra`), or all 64.
 */
function cellsOf(node: XaDumpNode, full: boolean, extra: readonly number[] = []): Cell[] {
  if (full) {
    const bySlot = new Map(node.slots.map((s) => [s.offset, s]));
    return Array.from({ length: 64 }, (_, o) => {
      const slot = bySlot.get(o) ?? null;
      return { kind: slot ? slot.kind : 'empty', first: o, last: o, slot };
    });
  }
  const out: Cell[] = [];
  const slots = node.slots;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    if (s.kind !== 'sibling') {
      out.push({ kind: s.kind, first: s.offset, last: s.offset, slot: s });
      continue;
    }
    let j = i;
    while (
      j + 1 < slots.length &&
      slots[j + 1].kind === 'sibling' &&
      slots[j + 1].sibling === s.sibling &&
      slots[j + 1].offset === slots[j].offset + 1
    )
      j++;
    const run = slots.slice(i, j + 1);
    if (run.length > XA.maxSiblingCells) out.push({ kind: 'sibling', first: s.offset, last: slots[j].offset, slot: s });
    else for (const r of run) out.push({ kind: 'sibling', first: r.offset, last: r.offset, slot: r });
    i = j;
  }
  for (const o of extra)
    if (!out.some((c) => o >= c.first && o <= c.last)) out.push({ kind: 'empty', first: o, last: o, slot: null });
  return out.sort((a, b) => a.first - b.first);
}

function nodeSize(node: XaDumpNode, full: boolean, extra: readonly number[]): { w: number; h: number } {
  if (full) {
    return {
      w: Math.max(XA.nodeMinW, 2 * XA.pad + XA.fullCols * XA.fullCellW),
      h: XA.nodeHeaderH + 2 * XA.fullCellH + 6,
    };
  }
  const n = cellsOf(node, false, extra).length;
  const cells = n * (XA.cellW + XA.cellGap);
  return {
    w: Math.max(XA.nodeMinW, 2 * XA.pad + cells + (node.slots.length < 64 ? XA.emptyW : 0)),
    h: XA.nodeHeaderH + XA.cellH + XA.railH + 8,
  };
}

/** A vertical cubic from (x1, y1) down to (x2, y2). */
export function linkPath(x1: number, y1: number, x2: number, y2: number): string {
  const my = (y1 + y2) / 2;
  return `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
}

export function layoutXarray(
  dump: XaDump,
  entries: readonly Entry[],
  mappingId: string,
  opts: { full?: boolean; lookup?: XarrayVM['lookup'] } = {},
): XaLayout {
  const full = opts.full ?? false;
  // compact nodes also show the empty slot a lookup walks into (a miss ends there)
  const walked = new Map<number, number[]>();
  for (const p of opts.lookup?.path ?? []) walked.set(p.nodeId, [...(walked.get(p.nodeId) ?? []), p.indexOffset]);
  const extraOf = (n: XaDumpNode) => walked.get(n.id) ?? [];
  const nodesById = new Map(dump.nodes.map((n) => [n.id, n]));
  const entryByIndex = new Map(entries.map((e) => [e.index, e]));
  const indexIdOf = (index: number) => `${mappingId}:${index}`;

  const entryDatum = (e: Entry, fromOffset?: number): Datum => ({
    key: e.id,
    kind: 'entry',
    w: XA.entryW,
    h: XA.entryH,
    entry: e,
    fromOffset,
    children: [],
  });
  const nodeDatum = (n: XaDumpNode, fromOffset?: number): Datum => {
    const children: Datum[] = [];
    for (const s of n.slots) {
      if (s.kind === 'node' && s.nodeId !== null) {
        const child = nodesById.get(s.nodeId);
        if (child) children.push(nodeDatum(child, s.offset));
      } else if (s.kind === 'value') {
        const e = entryByIndex.get(s.first);
        if (e) children.push(entryDatum(e, s.offset));
      }
    }
    return { key: n.name, kind: 'node', ...nodeSize(n, full, extraOf(n)), node: n, fromOffset, children };
  };

  const root: Datum = { key: 'xa_head', kind: 'head', w: XA.headW, h: XA.headH, children: [] };
  if (dump.head.kind === 'node') {
    const n = nodesById.get(dump.head.nodeId);
    if (n) root.children.push(nodeDatum(n));
  } else if (dump.head.kind === 'value') {
    const e = entryByIndex.get(0);
    if (e) root.children.push(entryDatum(e));
  }

  const h = tree<Datum>()
    .nodeSize([1, 1])
    .separation((a, b) => (a.data.w + b.data.w) / 2 + XA.siblingGap)(hierarchy(root, (d) => d.children));

  // rows: each depth as tall as its tallest box
  const depthH: number[] = [];
  h.each((d) => {
    depthH[d.depth] = Math.max(depthH[d.depth] ?? 0, d.data.h);
  });
  const depthY: number[] = [];
  let y = XA.pad;
  for (let i = 0; i < depthH.length; i++) {
    depthY[i] = y;
    y += depthH[i] + XA.levelGap;
  }
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  h.each((d) => {
    minX = Math.min(minX, d.x - d.data.w / 2);
    maxX = Math.max(maxX, d.x + d.data.w / 2);
  });
  const dx = XA.pad - minX;
  const boxOf = (d: HierarchyPointNode<Datum>) => ({
    x: d.x - d.data.w / 2 + dx,
    y: depthY[d.depth],
    w: d.data.w,
    h: d.data.h,
  });

  let head: XaLayout['head'] = { x: XA.pad, y: XA.pad, w: XA.headW, h: XA.headH };
  const nodes: XaNodeLayout[] = [];
  const out: XaEntryLayout[] = [];
  const links: XaLinkLayout[] = [];
  /** bottom-centre of each cell, by node id and slot offset, to start pointers from */
  const anchors = new Map<string, { x: number; y: number }>();

  h.each((d) => {
    const box = boxOf(d);
    if (d.data.kind === 'head') {
      head = box;
      return;
    }
    if (d.data.kind === 'entry' && d.data.entry) {
      out.push({ key: d.data.key, entry: d.data.entry, ...box });
      return;
    }
    const node = d.data.node as XaDumpNode;
    const cells: XaCellLayout[] = [];
    const raw = cellsOf(node, full, extraOf(node));
    const cellTop = box.y + XA.nodeHeaderH;
    raw.forEach((c, i) => {
      const geo = full
        ? {
            x: box.x + XA.pad + (c.first % XA.fullCols) * XA.fullCellW,
            y: cellTop + Math.floor(c.first / XA.fullCols) * XA.fullCellH,
            w: XA.fullCellW - 1,
            h: XA.fullCellH - 10,
          }
        : { x: box.x + XA.pad + i * (XA.cellW + XA.cellGap), y: cellTop, w: XA.cellW, h: XA.cellH };
      const s = c.slot;
      const entryIndex =
        s?.kind === 'value'
          ? s.first
          : s?.kind === 'sibling' && s.sibling !== null
            ? canonFirst(node, s.sibling)
            : null;
      const entryId = entryIndex !== null && entryByIndex.has(entryIndex) ? indexIdOf(entryIndex) : null;
      cells.push({
        key: `${node.name}[${c.first}]`,
        kind: c.kind,
        first: c.first,
        last: c.last,
        slot: s,
        ...geo,
        entryId,
      });
      for (let o = c.first; o <= c.last; o++)
        anchors.set(`${node.id}:${o}`, { x: geo.x + geo.w / 2, y: geo.y + geo.h });
    });
    // rails: one per canonical slot with siblings (per row in full mode)
    const rails: XaNodeLayout['rails'] = [];
    const byCanon = new Map<number, XaCellLayout[]>();
    for (const c of cells) {
      if (c.kind !== 'sibling' || c.slot?.sibling == null) continue;
      const list = byCanon.get(c.slot.sibling) ?? [];
      list.push(c);
      byCanon.set(c.slot.sibling, list);
    }
    for (const [canon, sibs] of byCanon) {
      const canonCell = cells.find((c) => c.first === canon && c.kind === 'value');
      if (!canonCell) continue;
      const rows = new Map<number, XaCellLayout[]>();
      for (const s of sibs) rows.set(s.y, [...(rows.get(s.y) ?? []), s]);
      for (const [rowY, row] of rows) {
        const sameRow = rowY === canonCell.y;
        const cx = sameRow ? canonCell.x + canonCell.w - 5 : box.x + XA.pad - 3;
        const ticks = row.map((s) => s.x + s.w / 2);
        const yRail = rowY + (full ? XA.fullCellH - 10 : XA.cellH) + 6;
        rails.push({
          canonical: canon,
          x1: cx,
          x2: Math.max(...ticks),
          y: yRail,
          ticks,
          cellTop: rowY,
          arrow: sameRow,
        });
      }
    }
    const used = node.slots.length;
    const last = cells[cells.length - 1];
    nodes.push({
      key: d.data.key,
      node,
      ...box,
      cells,
      empty: 64 - used,
      emptyAt:
        !full && used < 64 ? { x: (last ? last.x + last.w : box.x + XA.pad) + XA.cellGap + 2, y: cellTop } : null,
      rails,
    });
  });

  // pointers: xa_head → top, node slot → child node or entry
  h.each((d) => {
    if (!d.parent) return;
    const box = boxOf(d);
    const toX = box.x + box.w / 2;
    const to = d.data.key;
    if (d.parent.data.kind === 'head') {
      links.push({
        key: `xa_head→${d.data.key}`,
        kind: 'head',
        fromNode: null,
        fromOffset: null,
        to,
        d: linkPath(head.x + head.w / 2, head.y + head.h, toX, box.y),
      });
      return;
    }
    const parent = d.parent.data.node as XaDumpNode;
    const a = anchors.get(`${parent.id}:${d.data.fromOffset}`);
    if (!a) return;
    links.push({
      key: `${parent.name}[${d.data.fromOffset}]→${d.data.key}`,
      kind: d.data.kind === 'entry' ? 'entry' : 'node',
      fromNode: parent.id,
      fromOffset: d.data.fromOffset ?? null,
      to,
      // leave below the sibling rail
      d: linkPath(a.x, a.y, toX, box.y),
    });
  });

  const width = Math.max(maxX - minX + 2 * XA.pad, XA.headW + 2 * XA.pad);
  const height = depthH.length ? y - XA.levelGap + XA.pad : XA.headH + 2 * XA.pad;
  return { width, height, head, nodes, entries: out, links };
}

function canonFirst(node: XaDumpNode, canon: number): number | null {
  const s = node.slots.find((x) => x.offset === canon && x.kind === 'value');
  return s ? s.first : null;
}

export interface XaLookupMarks {
  /** `node#id[offset]` cell keys the walk reads (the sibling it lands on and the canonical slot) */
  cells: Set<string>;
  /** link keys the walk follows */
  links: Set<string>;
  nodes: Set<number>;
  /** the entry the walk ends at, if any */
  entryId: string | null;
  /** "xa_head → node#1[3] → index 3" */
  text: string;
}

/** What the walk of selectXarray().lookup crosses, in this layout. */
export function lookupMarks(layout: XaLayout, lookup: XarrayVM['lookup'], entries: readonly Entry[]): XaLookupMarks {
  const marks: XaLookupMarks = { cells: new Set(), links: new Set(), nodes: new Set(), entryId: null, text: '' };
  if (!lookup) return marks;
  const hit = entries.find((e) => lookup.index >= e.index && lookup.index < e.index + 2 ** e.order) ?? null;
  marks.entryId = hit?.id ?? null;
  const parts = ['xa_head'];
  const cellAt = (nodeId: number, offset: number) => {
    const n = layout.nodes.find((x) => x.node.id === nodeId);
    return n?.cells.find((c) => offset >= c.first && offset <= c.last) ?? null;
  };
  const headLink = layout.links.find((l) => l.kind === 'head');
  if (headLink && (lookup.path.length > 0 || headLink.to === marks.entryId)) marks.links.add(headLink.key);
  for (const step of lookup.path) {
    marks.nodes.add(step.nodeId);
    const landed = cellAt(step.nodeId, step.indexOffset);
    const canon = cellAt(step.nodeId, step.offset);
    if (landed) marks.cells.add(landed.key);
    if (canon) marks.cells.add(canon.key);
    const name = layout.nodes.find((x) => x.node.id === step.nodeId)?.node.name ?? `node#${step.nodeId}`;
    parts.push(
      step.indexOffset === step.offset
        ? `${name}[${step.offset}]`
        : `${name}[${step.indexOffset}] sibling → [${step.offset}]`,
    );
    for (const l of layout.links)
      if (l.fromNode === step.nodeId && l.fromOffset === step.offset) marks.links.add(l.key);
  }
  parts.push(hit ? `entry index ${hit.index}${hit.order ? ` (order ${hit.order})` : ''}` : 'NULL');
  marks.text = `${parts.join(' → ')}`;
  // only links that lead somewhere on the walk
  for (const key of [...marks.links]) {
    const l = layout.links.find((x) => x.key === key);
    if (!l) continue;
    const onWalk = l.to === marks.entryId || lookup.path.some((p) => `node#${p.nodeId}` === l.to);
    if (!onWalk) marks.links.delete(key);
  }
  return marks;
}
