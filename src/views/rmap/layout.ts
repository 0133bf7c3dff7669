/**
 * Pure layout of the rmap records of one AG on a horizontal block axis: records in lanes (a reflinked
 * block has one record per owner over the same blocks, so they must not sit on top of each other), the
 * x domain to show (zoomed to the query range, with the start of each record it hits in view), bars
 * clipped to the plot, block ticks.
 *
 * The axis is continuous: block b covers [b, b + 1), a record [startblock, startblock + blockcount), the
 * query [low, high + 1).
 */
import { scaleLinear } from 'd3';
import type { RmapRecordVM, RmapVM } from '../../store/selectors';

export const RM = {
  marginX: 8,
  top: 20,
  laneH: 38,
  laneGap: 5,
  axisH: 26,
  minBarW: 3,
} as const;

export interface LanedRecord {
  rec: RmapRecordVM;
  lane: number;
  /** [first, end) on the block axis */
  first: number;
  end: number;
}

/** Interval-graph colouring: each record in the first lane that is free at its startblock. */
export function assignLanes(records: readonly RmapRecordVM[]): { items: LanedRecord[]; lanes: number } {
  const sorted = [...records].sort((a, b) => a.startblock - b.startblock || a.recno - b.recno);
  const laneEnd: number[] = [];
  const items: LanedRecord[] = [];
  for (const rec of sorted) {
    const first = rec.startblock;
    const end = rec.startblock + rec.blockcount;
    let lane = laneEnd.findIndex((e) => e <= first);
    if (lane < 0) {
      lane = laneEnd.length;
      laneEnd.push(end);
    } else laneEnd[lane] = end;
    items.push({ rec, lane, first, end });
  }
  return { items, lanes: laneEnd.length };
}

/**
 * For each inode-owned record, how many other inode-owned records cover some of its blocks (a reflinked
 * extent: one record per owner over the same blocks).
 */
export function sharedCounts(items: readonly LanedRecord[]): Map<string, number> {
  const out = new Map<string, number>();
  const inode = [...items].filter((i) => i.rec.ownerIsInode).sort((a, b) => a.first - b.first);
  for (let i = 0; i < inode.length; i++) {
    for (let j = i + 1; j < inode.length && inode[j].first < inode[i].end; j++) {
      if (inode[j].end <= inode[i].first) continue;
      out.set(inode[i].rec.id, (out.get(inode[i].rec.id) ?? 0) + 1);
      out.set(inode[j].rec.id, (out.get(inode[j].rec.id) ?? 0) + 1);
    }
  }
  return out;
}

/** Does the record overlap [low, high]? */
export const overlapsQuery = (rec: Pick<RmapRecordVM, 'startblock' | 'blockcount'>, q: RmapVM['query']): boolean =>
  !!q && rec.startblock <= q.high && rec.startblock + rec.blockcount - 1 >= q.low;

/** Every record (or the AG, when there are none). */
export function allDomain(records: readonly RmapRecordVM[], agblocks: number): [number, number] {
  if (!records.length) return [0, Math.max(1, agblocks)];
  const lo = Math.min(...records.map((r) => r.startblock));
  const hi = Math.max(...records.map((r) => r.startblock + r.blockcount));
  const pad = Math.max(1, Math.round((hi - lo) * 0.02));
  return [Math.max(0, lo - pad), hi + pad];
}

/**
 * The query range with context: the start of every record the query hits is in view (so the offset of
 * the failed block in its extent can be read off), plus a margin. Whole AG when there is no query.
 */
export function queryDomain(records: readonly RmapRecordVM[], q: RmapVM['query'], agblocks: number): [number, number] {
  const all = allDomain(records, agblocks);
  if (!q) return all;
  let lo = q.low;
  let hi = q.high + 1;
  for (const r of records) if (overlapsQuery(r, q)) lo = Math.min(lo, r.startblock);
  // a short record the query hits is shown whole
  for (const r of records)
    if (overlapsQuery(r, q) && r.startblock + r.blockcount - lo <= Math.max(64, 4 * (hi - lo)))
      hi = Math.max(hi, r.startblock + r.blockcount);
  const pad = Math.max(2, Math.ceil((hi - lo) * 0.25));
  const d: [number, number] = [Math.max(0, lo - pad), Math.min(Math.max(agblocks, hi), hi + pad)];
  // a query wider than every record (a whole-device failure): show the records, all inside the band
  if (d[1] - d[0] > all[1] - all[0]) return [Math.max(d[0], all[0]), Math.min(d[1], all[1])];
  return d;
}

export interface Bar {
  item: LanedRecord;
  /** clipped to the plot */
  x: number;
  w: number;
  y: number;
  h: number;
  clippedLeft: boolean;
  clippedRight: boolean;
  /** partly in view */
  visible: boolean;
}

export interface RmapChart {
  width: number;
  height: number;
  plot: { x0: number; x1: number; y0: number; y1: number };
  x: (block: number) => number;
  bars: Bar[];
  band: { x: number; w: number } | null;
  /** records wholly outside the domain, each side */
  offLeft: number;
  offRight: number;
  ticks: { block: number; x: number; label: string }[];
  /** per-block grid when zoomed in far enough */
  grid: number[];
}

export function layoutChart(
  items: readonly LanedRecord[],
  lanes: number,
  domain: [number, number],
  query: RmapVM['query'],
  width: number,
): RmapChart {
  const x0 = RM.marginX;
  const x1 = Math.max(x0 + 40, width - RM.marginX);
  const x = scaleLinear().domain(domain).range([x0, x1]);
  const y0 = RM.top;
  const y1 = y0 + Math.max(1, lanes) * (RM.laneH + RM.laneGap);
  let offLeft = 0;
  let offRight = 0;
  const bars: Bar[] = items.map((item) => {
    const a = x(item.first);
    const b = x(item.end);
    const visible = item.end > domain[0] && item.first < domain[1];
    if (item.end <= domain[0]) offLeft++;
    if (item.first >= domain[1]) offRight++;
    const cx = Math.max(x0, a);
    const cw = Math.max(RM.minBarW, Math.min(x1, b) - cx);
    return {
      item,
      x: cx,
      w: cw,
      y: y0 + item.lane * (RM.laneH + RM.laneGap),
      h: RM.laneH,
      clippedLeft: a < x0,
      clippedRight: b > x1,
      visible,
    };
  });
  let band: RmapChart['band'] = null;
  if (query) {
    const a = Math.max(x0, x(query.low));
    const b = Math.min(x1, x(query.high + 1));
    if (b >= x0 && a <= x1) band = { x: a, w: Math.max(2, b - a) };
  }
  const span = domain[1] - domain[0];
  const pxPerBlock = (x1 - x0) / span;
  const grid: number[] = [];
  let ticks: RmapChart['ticks'];
  if (pxPerBlock >= 6) {
    for (let b = Math.ceil(domain[0]); b <= Math.floor(domain[1]); b++) grid.push(b);
    // label block numbers at cell centres, every n-th so they do not collide
    const every = Math.max(1, Math.ceil(28 / pxPerBlock));
    ticks = grid
      .filter((b) => b < domain[1] && b % every === 0)
      .map((b) => ({ block: b, x: x(b + 0.5), label: String(b) }));
  } else {
    ticks = x
      .ticks(Math.max(2, Math.floor((x1 - x0) / 70)))
      .filter((b) => Number.isInteger(b))
      .map((b) => ({ block: b, x: x(b), label: String(b) }));
  }
  return {
    width,
    height: y1 + RM.axisH,
    plot: { x0, x1, y0, y1 },
    x: (b) => x(b),
    bars,
    band,
    offLeft,
    offRight,
    ticks,
    grid,
  };
}

/** Zoom a domain by factor k about its centre (k > 1 zooms in), keeping at least 4 blocks in view. */
export function zoomDomain(d: [number, number], k: number, limit: [number, number]): [number, number] {
  const c = (d[0] + d[1]) / 2;
  const half = Math.max(2, (d[1] - d[0]) / 2 / k);
  const lo = Math.max(limit[0], c - half);
  const hi = Math.min(limit[1], c + half);
  return [lo, Math.max(lo + 4, hi)];
}
