import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COLS,
  chooseTileCols,
  fitTransform,
  focusTransform,
  GAP_X,
  GAP_Y,
  hitTest,
  hitTestScreen,
  makeLayout,
  pfnToWorld,
  rangeBounds,
  rangeRects,
  SECTION_PFNS,
  tileOrigin,
  visibleRowSpans,
  visibleTiles,
  visibleWorld,
} from './layout';

// the builtin namespaces: 2 GiB at 4 GiB
const FIRST = 0x100000;
const END = 0x180000;

describe('makeLayout', () => {
  it('puts a vmemmap page on a row and a section in a tile', () => {
    const L = makeLayout(FIRST, END, 1.5);
    expect(L.base).toBe(FIRST);
    expect(L.tilePfns).toBe(SECTION_PFNS);
    expect(L.tileRows).toBe(512);
    expect(L.tiles).toBe(16);
    expect(L.tileCols * L.tileLines).toBeGreaterThanOrEqual(16);
    expect(L.width).toBe(L.tileCols * (COLS + GAP_X) - GAP_X);
    expect(L.height).toBe(L.tileLines * (512 + GAP_Y));
  });

  it('aligns the base down to a section, leaving the first tile partly empty', () => {
    const L = makeLayout(FIRST + 0x200, END);
    expect(L.base).toBe(FIRST);
    expect(hitTest(L, 0, GAP_Y)).toBeNull(); // pfn 0x100000 is not in the namespace
    const w = pfnToWorld(L, FIRST + 0x200);
    expect(w).toEqual({ x: 0, y: GAP_Y + 8 });
    expect(hitTest(L, w.x + 0.5, w.y + 0.5)).toBe(FIRST + 0x200);
  });

  it('uses one short tile for a namespace smaller than a section', () => {
    const L = makeLayout(0x1040, 0x1040 + 1000);
    expect(L.tiles).toBe(1);
    expect(L.base).toBe(0x1040);
    expect(L.tileRows).toBe(Math.ceil(1000 / COLS));
    expect(hitTest(L, 999 % COLS, GAP_Y + Math.floor(999 / COLS))).toBe(0x1040 + 999);
    expect(hitTest(L, 1000 % COLS, GAP_Y + Math.floor(1000 / COLS))).toBeNull();
  });

  it('lays out 1 TiB (2^28 pfns) without per-pfn work', () => {
    const L = makeLayout(2 ** 30, 2 ** 30 + 2 ** 28, 16 / 9);
    expect(L.tiles).toBe(8192);
    const last = 2 ** 30 + 2 ** 28 - 1;
    const w = pfnToWorld(L, last);
    expect(hitTest(L, w.x + 0.5, w.y + 0.5)).toBe(last);
  });

  it('rejects an empty range', () => {
    expect(() => makeLayout(10, 10)).toThrow(RangeError);
  });
});

describe('chooseTileCols', () => {
  it('makes one tile row when tiles are tall and few', () => {
    expect(chooseTileCols(16, 512, 1.5)).toBe(16);
  });
  it('wraps many tiles into rows for a wide viewport', () => {
    const c = chooseTileCols(8192, 512, 16 / 9);
    expect(c).toBeGreaterThan(1);
    expect(c).toBeLessThan(8192);
    // the chosen arrangement fits at least as large as its neighbours
    const scale = (n: number) => Math.min(1 / (n * (COLS + GAP_X)), 9 / 16 / (Math.ceil(8192 / n) * (512 + GAP_Y)));
    expect(scale(c)).toBeGreaterThanOrEqual(scale(c - 1));
    expect(scale(c)).toBeGreaterThanOrEqual(scale(c + 1));
  });
});

describe('hit-testing', () => {
  const L = makeLayout(FIRST, END, 1.5);

  it('round-trips every pfn through its cell (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST, max: END - 1 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (pfn, dx, dy) => {
          const w = pfnToWorld(L, pfn);
          return hitTest(L, w.x + dx, w.y + dy) === pfn;
        },
      ),
    );
  });

  it('finds nothing in the gaps between tiles and outside the grid', () => {
    const o = tileOrigin(L, 1);
    expect(hitTest(L, o.x - 1, o.y)).toBeNull(); // the gap left of tile 1
    expect(hitTest(L, o.x, o.y - 1)).toBeNull(); // the label band above
    expect(hitTest(L, -1, GAP_Y)).toBeNull();
    expect(hitTest(L, L.width + 10, GAP_Y)).toBeNull();
    expect(hitTest(L, 0, L.height + 10)).toBeNull();
    expect(hitTest(L, Number.NaN, 0)).toBeNull();
  });

  it('places slot aliases (pfn + 64 n) in one column, a compound page of 512 in 8 rows', () => {
    const head = 0x100200;
    const a = pfnToWorld(L, head + 100);
    const b = pfnToWorld(L, head + 100 + 64);
    expect(b.x).toBe(a.x);
    expect(b.y).toBe(a.y + 1);
    expect(pfnToWorld(L, head + 512).y - pfnToWorld(L, head).y).toBe(8);
  });

  it('hit-tests screen points through a zoom transform', () => {
    const t = { x: 13, y: -40, k: 24 };
    const w = pfnToWorld(L, 0x100264);
    const sx = (w.x + 0.5) * t.k + t.x;
    const sy = (w.y + 0.5) * t.k + t.y;
    expect(hitTestScreen(L, t, sx, sy)).toBe(0x100264);
    expect(hitTestScreen(L, t, sx + t.k, sy)).toBe(0x100265);
    expect(hitTestScreen(L, t, sx, sy + t.k)).toBe(0x100264 + 64);
  });
});

describe('rangeRects', () => {
  const L = makeLayout(FIRST, END, 1.5);
  const area = (rs: { w: number; h: number }[]) => rs.reduce((n, r) => n + r.w * r.h, 0);

  it('covers exactly the pfns of a range, at most three rectangles per tile (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST, max: END - 1 }), fc.integer({ min: 1, max: 3 * SECTION_PFNS }), (a, n) => {
        const b = Math.min(END, a + n);
        const rs = rangeRects(L, a, b);
        if (area(rs) !== b - a) return false;
        const tiles = Math.floor((b - 1 - FIRST) / SECTION_PFNS) - Math.floor((a - FIRST) / SECTION_PFNS) + 1;
        if (rs.length > 3 * tiles) return false;
        // every cell of every rectangle hit-tests into the range
        return rs.every((r) => {
          const p0 = hitTest(L, r.x + 0.5, r.y + 0.5);
          const p1 = hitTest(L, r.x + r.w - 0.5, r.y + r.h - 0.5);
          return p0 !== null && p1 !== null && p0 >= a && p1 < b;
        });
      }),
    );
  });

  it('gives one rectangle per whole tile and merges neighbours when asked', () => {
    expect(rangeRects(L, FIRST, END)).toHaveLength(16);
    const merged = rangeRects(L, FIRST, END, null, true);
    expect(merged.length).toBe(L.tileLines);
    expect(merged[0].w).toBe(L.tileCols * (COLS + GAP_X) - GAP_X);
  });

  it('clips to the namespace and returns nothing for an empty range', () => {
    expect(rangeRects(L, 0, FIRST)).toEqual([]);
    expect(rangeRects(L, END - 1, END + 100)).toEqual([{ ...pfnToWorld(L, END - 1), w: 1, h: 1 }]);
  });

  it('only visits the tiles in the window', () => {
    const L2 = makeLayout(2 ** 30, 2 ** 30 + 2 ** 28, 16 / 9);
    const win = { tx0: 3, tx1: 4, ty0: 2, ty1: 2 };
    const rs = rangeRects(L2, L2.first, L2.end, win);
    expect(rs).toHaveLength(2);
    expect(rs[0]).toEqual({ ...tileOrigin(L2, 2 * L2.tileCols + 3), w: COLS, h: 512 });
  });
});

describe('transforms', () => {
  const L = makeLayout(FIRST, END, 1.5);

  it('fits the whole grid, centred', () => {
    const t = fitTransform(L, 450, 260, 8);
    expect(L.width * t.k).toBeLessThanOrEqual(450 - 16 + 1e-9);
    expect(L.height * t.k).toBeLessThanOrEqual(260 - 16 + 1e-9);
    expect(t.x + (L.width * t.k) / 2).toBeCloseTo(225);
    expect(t.y + (L.height * t.k) / 2).toBeCloseTo(130);
  });

  it('centres a pfn at the detail zoom', () => {
    const r = rangeBounds(L, 0x100264, 0x100265);
    expect(r).not.toBeNull();
    const t = focusTransform(r as NonNullable<typeof r>, 450, 260, 36);
    expect(t.k).toBe(36);
    expect(hitTestScreen(L, t, 225, 130)).toBe(0x100264);
  });

  it('zooms out to fit a range bigger than the viewport', () => {
    const r = rangeBounds(L, 0x100240, 0x100400) as NonNullable<ReturnType<typeof rangeBounds>>;
    expect(r).toEqual({ ...pfnToWorld(L, 0x100240), w: 64, h: 7 });
    const t = focusTransform(r, 450, 260, 36, 16);
    expect(64 * t.k).toBeLessThanOrEqual(450 - 32);
  });

  it('lists the visible rows of the visible tiles', () => {
    const t = { x: 0, y: -(GAP_Y + 100) * 2, k: 2 };
    const spans = visibleRowSpans(L, t, 300, 200);
    expect(spans[0]).toEqual({ tile: 0, row0: 100, row1: 200 });
    expect(spans.map((s) => s.tile)).toEqual([0, 1, 2]);
    const win = visibleTiles(L, visibleWorld(t, 300, 200));
    expect(win).toEqual({ tx0: 0, tx1: 2, ty0: 0, ty1: 0 });
  });
});
