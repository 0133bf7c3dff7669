import { describe, expect, it } from 'vitest';
import type { RmapRecordVM } from '../../store/selectors';
import {
  allDomain,
  assignLanes,
  layoutChart,
  overlapsQuery,
  queryDomain,
  RM,
  sharedCounts,
  zoomDomain,
} from './layout';

let n = 0;
function rec(
  startblock: number,
  blockcount: number,
  owner: string | number,
  extra: Partial<RmapRecordVM> = {},
): RmapRecordVM {
  const recno = n++;
  return {
    id: `rmap:pmem0:ag0:r${recno}`,
    recno,
    startblock,
    blockcount,
    owner: typeof owner === 'number' ? `inode ${owner}` : owner,
    ownerIsInode: typeof owner === 'number',
    offset: 0,
    flags: 0,
    visited: false,
    current: false,
    pgoff: null,
    pgcnt: null,
    ...extra,
  };
}

/** the records of xfs-reflink-shared: AG metadata, then /mnt/A and its reflinked copy /mnt/B */
function reflinkAg(): RmapRecordVM[] {
  n = 0;
  return [
    rec(0, 4, 'XFS_RMAP_OWN_FS'),
    rec(4, 2, 'XFS_RMAP_OWN_AG'),
    rec(6, 2, 'XFS_RMAP_OWN_INOBT'),
    rec(8, 1, 'XFS_RMAP_OWN_AG'),
    rec(9, 1, 'XFS_RMAP_OWN_REFC'),
    rec(16, 8, 'XFS_RMAP_OWN_INODES'),
    rec(31, 1024, 131),
    rec(31, 1024, 132),
  ];
}

describe('assignLanes', () => {
  it('stacks the records of a reflinked extent in separate lanes, the rest share lane 0', () => {
    const { items, lanes } = assignLanes(reflinkAg());
    expect(lanes).toBe(2);
    const lane = new Map(items.map((i) => [i.rec.recno, i.lane]));
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => lane.get(r))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(lane.get(7)).toBe(1);
    // no two records of a lane overlap
    for (const a of items)
      for (const b of items) if (a !== b && a.lane === b.lane) expect(a.end <= b.first || b.end <= a.first).toBe(true);
  });

  it('reuses a lane once it is free again', () => {
    n = 0;
    const { items, lanes } = assignLanes([rec(0, 10, 1), rec(5, 10, 2), rec(12, 4, 3)]);
    expect(lanes).toBe(2);
    expect(items.map((i) => i.lane)).toEqual([0, 1, 0]);
  });

  it('handles no records', () => {
    expect(assignLanes([])).toEqual({ items: [], lanes: 0 });
  });
});

describe('sharedCounts', () => {
  it('counts the other inode records over the same blocks; metadata never counts', () => {
    const recs = reflinkAg();
    const c = sharedCounts(assignLanes(recs).items);
    expect(c.get(recs[6].id)).toBe(1);
    expect(c.get(recs[7].id)).toBe(1);
    expect(c.get(recs[5].id)).toBeUndefined();
    expect(c.size).toBe(2);
  });
});

describe('domains', () => {
  it('overlapsQuery is inclusive at both ends', () => {
    const r = { startblock: 31, blockcount: 1024 };
    expect(overlapsQuery(r, { low: 34, high: 34 })).toBe(true);
    expect(overlapsQuery(r, { low: 1054, high: 2000 })).toBe(true);
    expect(overlapsQuery(r, { low: 1055, high: 2000 })).toBe(false);
    expect(overlapsQuery(r, { low: 0, high: 30 })).toBe(false);
    expect(overlapsQuery(r, { low: 0, high: 31 })).toBe(true);
    expect(overlapsQuery(r, null)).toBe(false);
  });

  it('zooms to a one-block query with the start of the hit records in view', () => {
    const d = queryDomain(reflinkAg(), { low: 34, high: 34 }, 128896);
    expect(d[0]).toBeLessThanOrEqual(31 - 1);
    expect(d[1]).toBeGreaterThanOrEqual(35 + 1);
    expect(d[1] - d[0]).toBeLessThan(16);
  });

  it('shows a short metadata record whole', () => {
    const d = queryDomain(reflinkAg(), { low: 16, high: 16 }, 128896);
    expect(d[0]).toBeLessThan(16);
    expect(d[1]).toBeGreaterThan(24);
    expect(d[1] - d[0]).toBeLessThan(40);
  });

  it('a query wider than every record shows the records', () => {
    const recs = reflinkAg();
    expect(queryDomain(recs, { low: 0, high: 128895 }, 128896)).toEqual(allDomain(recs, 128896));
  });

  it('without a query: every record, or the AG when there are none', () => {
    const recs = reflinkAg();
    const d = allDomain(recs, 128896);
    expect(d[0]).toBe(0);
    expect(d[1]).toBeGreaterThanOrEqual(1055);
    expect(queryDomain(recs, null, 128896)).toEqual(d);
    expect(allDomain([], 100)).toEqual([0, 100]);
  });

  it('zoomDomain keeps the centre and at least 4 blocks', () => {
    expect(zoomDomain([0, 100], 2, [0, 1000])).toEqual([25, 75]);
    expect(zoomDomain([0, 100], 0.5, [0, 1000])).toEqual([0, 150]);
    const tight = zoomDomain([10, 14], 100, [0, 1000]);
    expect(tight[1] - tight[0]).toBeGreaterThanOrEqual(4);
  });
});

describe('layoutChart', () => {
  it('draws the reflink query: two lanes, the band over both owners, metadata off to the left', () => {
    const recs = reflinkAg();
    const { items, lanes } = assignLanes(recs);
    const q = { low: 34, high: 34 };
    const domain = queryDomain(recs, q, 128896);
    const c = layoutChart(items, lanes, domain, q, 440);
    expect(c.width).toBe(440);
    expect(c.height).toBe(RM.top + 2 * (RM.laneH + RM.laneGap) + RM.axisH);
    expect(c.offLeft).toBe(6);
    expect(c.offRight).toBe(0);
    const bars = new Map(c.bars.map((b) => [b.item.rec.recno, b]));
    const a = bars.get(6);
    const b = bars.get(7);
    expect(a?.visible && b?.visible).toBe(true);
    expect(a?.y).not.toBe(b?.y);
    expect(a?.clippedRight).toBe(true);
    expect(a?.clippedLeft).toBe(false);
    expect(a && a.x + a.w).toBe(c.plot.x1);
    // the band covers block 34, inside both bars
    expect(c.band).not.toBeNull();
    const band = c.band as { x: number; w: number };
    expect(band.x).toBeCloseTo(c.x(34));
    expect(band.w).toBeCloseTo(c.x(35) - c.x(34));
    for (const bar of [a, b]) expect(bar && bar.x <= band.x && bar.x + bar.w >= band.x + band.w).toBe(true);
    // zoomed in: a grid line per block, block numbers at cell centres
    expect(c.grid.length).toBeGreaterThan(5);
    expect(c.ticks.find((t) => t.block === 34)?.x).toBeCloseTo(c.x(34.5));
    for (const bar of c.bars) {
      expect(bar.x).toBeGreaterThanOrEqual(c.plot.x0);
      expect(bar.x + bar.w).toBeLessThanOrEqual(c.plot.x1 + RM.minBarW);
    }
  });

  it('zoomed out: integer ticks, thin records still drawn, no grid', () => {
    const recs = reflinkAg();
    const { items, lanes } = assignLanes(recs);
    const c = layoutChart(items, lanes, [0, 128896], null, 440);
    expect(c.band).toBeNull();
    expect(c.grid).toEqual([]);
    expect(c.ticks.length).toBeGreaterThan(1);
    for (const t of c.ticks) expect(Number.isInteger(t.block)).toBe(true);
    for (const b of c.bars) expect(b.w).toBeGreaterThanOrEqual(RM.minBarW);
  });

  it('a band outside the domain is not drawn', () => {
    const recs = reflinkAg();
    const { items, lanes } = assignLanes(recs);
    expect(layoutChart(items, lanes, [0, 30], { low: 500, high: 600 }, 440).band).toBeNull();
  });
});
