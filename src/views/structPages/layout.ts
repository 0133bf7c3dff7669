/**
 * Where each pfn of a namespace sits in the struct-page grid, and the inverse (hit-testing).
 *
 * The grid mirrors the memmap: one row is one 4 KiB vmemmap page (64 struct pages of 64 bytes, so the column
 * is the struct page's slot in its vmemmap page), one tile is one 128 MiB sparsemem section (512 rows, the
 * unit the kernel populates the vmemmap in), and tiles wrap into tile rows. Everything is arithmetic on pfns:
 * no per-pfn array, so a 1 TiB namespace (2^28 pfns, 8192 tiles) costs the same as a small one.
 *
 * World units: one cell = 1 × 1. Tiles are separated by GAP_X columns and GAP_Y rows (room for a label above
 * each tile). d3.zoom maps world units to CSS pixels with the transform {x, y, k}: screen = world * k + (x, y).
 */

/** struct pages per vmemmap page (PAGE_SIZE / sizeof(struct page)) */
export const COLS = 64;
/** PAGES_PER_SECTION: pfns per 128 MiB section */
export const SECTION_PFNS = 32768;
export const GAP_X = 4;
export const GAP_Y = 16;
/** the closest zoom: a cell is this many CSS pixels */
export const MAX_K = 96;
/** the zoom a "go to" / "zoom to selection" jumps to: labels are readable */
export const DETAIL_K = 44;

export interface GridLayout {
  /** the pfn at the top-left cell of tile 0 (aligned down to a section, or to a vmemmap page) */
  base: number;
  first: number;
  end: number;
  /** pfns per tile, rows per tile (tilePfns / COLS) */
  tilePfns: number;
  tileRows: number;
  tiles: number;
  /** tiles per tile row, and tile rows */
  tileCols: number;
  tileLines: number;
  strideX: number;
  strideY: number;
  /** world size */
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

/** Tiles per tile row that show the whole grid largest in a viewport of this aspect (width / height). */
export function chooseTileCols(tiles: number, tileRows: number, aspect: number): number {
  const sx = COLS + GAP_X;
  const sy = tileRows + GAP_Y;
  let best = 1;
  let bestScale = 0;
  const a = Number.isFinite(aspect) && aspect > 0 ? aspect : 1.5;
  for (let c = 1; c <= tiles; c++) {
    const lines = Math.ceil(tiles / c);
    // scale at which the grid fits a 1 × (1 / a) viewport
    const scale = Math.min(1 / (c * sx), 1 / a / (lines * sy));
    if (scale > bestScale * (1 + 1e-9)) {
      bestScale = scale;
      best = c;
    }
    // once the grid is a single tile row, more columns only shrink it
    if (lines === 1) break;
  }
  return best;
}

/** The grid of the pfns [first, end). `aspect` is the viewport's width / height. */
export function makeLayout(first: number, end: number, aspect = 1.5): GridLayout {
  if (!(end > first)) throw new RangeError(`empty pfn range ${first}-${end}`);
  const span = end - first;
  let base: number;
  let tilePfns: number;
  if (span >= SECTION_PFNS) {
    base = first - (first % SECTION_PFNS);
    tilePfns = SECTION_PFNS;
  } else {
    // smaller than a section: one tile, just tall enough
    base = first - (first % COLS);
    tilePfns = Math.ceil((end - base) / COLS) * COLS;
  }
  const tileRows = tilePfns / COLS;
  const tiles = Math.ceil((end - base) / tilePfns);
  const tileCols = chooseTileCols(tiles, tileRows, aspect);
  const tileLines = Math.ceil(tiles / tileCols);
  const strideX = COLS + GAP_X;
  const strideY = tileRows + GAP_Y;
  return {
    base,
    first,
    end,
    tilePfns,
    tileRows,
    tiles,
    tileCols,
    tileLines,
    strideX,
    strideY,
    width: tileCols * strideX - GAP_X,
    height: tileLines * strideY,
  };
}

/** Top-left of tile t in world units. */
export function tileOrigin(L: GridLayout, t: number): { x: number; y: number } {
  return { x: (t % L.tileCols) * L.strideX, y: Math.floor(t / L.tileCols) * L.strideY + GAP_Y };
}

/** The first pfn of tile t. */
export const tileFirstPfn = (L: GridLayout, t: number): number => L.base + t * L.tilePfns;

/** Top-left of pfn's cell in world units (pfn need not be inside the namespace). */
export function pfnToWorld(L: GridLayout, pfn: number): { x: number; y: number } {
  const off = pfn - L.base;
  const t = Math.floor(off / L.tilePfns);
  const within = off - t * L.tilePfns;
  const o = tileOrigin(L, t);
  return { x: o.x + (within % COLS), y: o.y + Math.floor(within / COLS) };
}

/** The pfn whose cell contains the world point, or null (a gap, or outside the namespace). */
export function hitTest(L: GridLayout, wx: number, wy: number): number | null {
  if (!Number.isFinite(wx) || !Number.isFinite(wy) || wx < 0 || wy < 0) return null;
  const tx = Math.floor(wx / L.strideX);
  const ty = Math.floor(wy / L.strideY);
  if (tx >= L.tileCols || ty >= L.tileLines) return null;
  const cx = Math.floor(wx - tx * L.strideX);
  const cy = Math.floor(wy - ty * L.strideY - GAP_Y);
  if (cx >= COLS || cy < 0 || cy >= L.tileRows) return null;
  const t = ty * L.tileCols + tx;
  const pfn = L.base + t * L.tilePfns + cy * COLS + cx;
  return pfn >= L.first && pfn < L.end ? pfn : null;
}

/** The pfn under a screen point (CSS pixels relative to the canvas). */
export function hitTestScreen(L: GridLayout, t: Transform, sx: number, sy: number): number | null {
  return hitTest(L, (sx - t.x) / t.k, (sy - t.y) / t.k);
}

/** The world rectangle visible through a viewport of w × h CSS pixels. */
export function visibleWorld(t: Transform, w: number, h: number): Rect {
  return { x: -t.x / t.k, y: -t.y / t.k, w: w / t.k, h: h / t.k };
}

export interface TileWindow {
  tx0: number;
  tx1: number;
  ty0: number;
  ty1: number;
}

/** The tiles (inclusive column and row ranges) that intersect a world rectangle. */
export function visibleTiles(L: GridLayout, r: Rect): TileWindow {
  const clamp = (v: number, hi: number) => Math.max(0, Math.min(hi, v));
  return {
    tx0: clamp(Math.floor(r.x / L.strideX), L.tileCols - 1),
    tx1: clamp(Math.floor((r.x + r.w) / L.strideX), L.tileCols - 1),
    ty0: clamp(Math.floor(r.y / L.strideY), L.tileLines - 1),
    ty1: clamp(Math.floor((r.y + r.h) / L.strideY), L.tileLines - 1),
  };
}

/**
 * The rectangles covering the pfns [a, b): at most three per tile (a partial first row, whole rows, a partial
 * last row), only for tiles in `win`. With `merge`, whole tiles next to each other in a tile row become one
 * rectangle spanning the gap between them (for zoom levels where the gap is under a pixel).
 */
export function rangeRects(L: GridLayout, a: number, b: number, win: TileWindow | null = null, merge = false): Rect[] {
  const lo = Math.max(a, L.first);
  const hi = Math.min(b, L.end);
  const out: Rect[] = [];
  if (hi <= lo) return out;
  const t0 = Math.floor((lo - L.base) / L.tilePfns);
  const t1 = Math.floor((hi - 1 - L.base) / L.tilePfns);
  let lastWhole: Rect | null = null;
  for (let t = t0; t <= t1; t++) {
    if (win) {
      // jump over tiles outside the window: O(visible tiles), not O(tiles in the range)
      const ty = Math.floor(t / L.tileCols);
      const tx = t - ty * L.tileCols;
      if (ty > win.ty1) break;
      let next = -1;
      if (ty < win.ty0) next = win.ty0 * L.tileCols + win.tx0;
      else if (tx < win.tx0) next = ty * L.tileCols + win.tx0;
      else if (tx > win.tx1) next = (ty + 1) * L.tileCols + win.tx0;
      if (next >= 0) {
        lastWhole = null;
        t = next - 1;
        continue;
      }
    }
    const tf = tileFirstPfn(L, t);
    const la = Math.max(lo, tf) - tf;
    const lb = Math.min(hi, tf + L.tilePfns) - tf;
    const o = tileOrigin(L, t);
    const ra = Math.floor(la / COLS);
    const ca = la % COLS;
    const rb = Math.floor(lb / COLS);
    const cb = lb % COLS;
    if (la === 0 && lb === L.tilePfns) {
      if (merge && lastWhole && lastWhole.y === o.y && lastWhole.x + lastWhole.w + GAP_X === o.x) {
        lastWhole.w += GAP_X + COLS;
      } else {
        lastWhole = { x: o.x, y: o.y, w: COLS, h: L.tileRows };
        out.push(lastWhole);
      }
      continue;
    }
    lastWhole = null;
    if (ra === rb) {
      out.push({ x: o.x + ca, y: o.y + ra, w: cb - ca, h: 1 });
      continue;
    }
    let r = ra;
    if (ca > 0) {
      out.push({ x: o.x + ca, y: o.y + ra, w: COLS - ca, h: 1 });
      r++;
    }
    if (rb > r) out.push({ x: o.x, y: o.y + r, w: COLS, h: rb - r });
    if (cb > 0) out.push({ x: o.x, y: o.y + rb, w: cb, h: 1 });
  }
  return out;
}

/** The transform that shows the whole grid centred in w × h CSS pixels with `pad` pixels around it. */
export function fitTransform(L: GridLayout, w: number, h: number, pad = 8): Transform {
  const k = Math.min(MAX_K, Math.max(1e-6, Math.min((w - 2 * pad) / L.width, (h - 2 * pad) / L.height)));
  return { k, x: (w - L.width * k) / 2, y: (h - L.height * k) / 2 };
}

/** The transform that centres the world rectangle r at zoom k (or the zoom that fits r, whichever is smaller). */
export function focusTransform(r: Rect, w: number, h: number, k: number, pad = 16): Transform {
  const fit = Math.min((w - 2 * pad) / Math.max(r.w, 1e-9), (h - 2 * pad) / Math.max(r.h, 1e-9));
  const kk = Math.max(1e-6, Math.min(k, fit, MAX_K));
  return { k: kk, x: w / 2 - (r.x + r.w / 2) * kk, y: h / 2 - (r.y + r.h / 2) * kk };
}

/** The bounding box (world units) of the pfns [a, b). */
export function rangeBounds(L: GridLayout, a: number, b: number): Rect | null {
  const rects = rangeRects(L, a, b);
  if (!rects.length) return null;
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The pfns whose cells are (at least partly) visible, tile by tile: [first, end) per visible tile row span. */
export function visibleRowSpans(
  L: GridLayout,
  t: Transform,
  w: number,
  h: number,
): { tile: number; row0: number; row1: number }[] {
  const r = visibleWorld(t, w, h);
  const win = visibleTiles(L, r);
  const out: { tile: number; row0: number; row1: number }[] = [];
  for (let ty = win.ty0; ty <= win.ty1; ty++) {
    const oy = ty * L.strideY + GAP_Y;
    const row0 = Math.max(0, Math.floor(r.y - oy));
    const row1 = Math.min(L.tileRows - 1, Math.floor(r.y + r.h - oy));
    if (row1 < row0) continue;
    for (let tx = win.tx0; tx <= win.tx1; tx++) {
      const tile = ty * L.tileCols + tx;
      if (tile >= L.tiles) break;
      out.push({ tile, row0, row1 });
    }
  }
  return out;
}
