/**
 * Draws the struct-page grid on a 2D canvas. Cost follows what is visible, never the namespace size: region
 * backgrounds are at most three rectangles per visible tile, cell and compound-page lines only exist for the
 * visible rows and only at zooms where they are a few pixels apart, and marks are the sparse map. Rectangles
 * of one colour are filled in one batch.
 *
 * Every mark has a shape besides its colour: hwpoison ✕ on a solid cell, mapped a dot, shared diagonal stripes,
 * owned a bar along the bottom, the current step a thick outline, linked an outline with a corner triangle,
 * selected a double outline with a filled corner; struct pages sharing the selection's vmemmap frame get a
 * tint and a dashed frame around the run, the ones sharing its very 64 bytes a linked outline.
 */
import {
  COLS,
  GAP_X,
  GAP_Y,
  type GridLayout,
  type Rect,
  rangeRects,
  type Transform,
  tileFirstPfn,
  visibleTiles,
  visibleWorld,
} from './layout';

export type Mark = 'hwpoison' | 'owned' | 'shared' | 'mapped' | 'touched' | 'linked' | 'selected';
export type RegionKind = 'info-block' | 'memmap' | 'data';

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  /** region fills */
  region: Record<RegionKind, string>;
  poison: string;
  current: string;
  linked: string;
  /** translucent linked, for the frame sharers' tint */
  linkedTint: string;
  mapped: string;
  shared: string;
  owned: string;
  /** optional hatch drawn over the memmap-on-device region */
  memmapPattern?: CanvasPattern | string | null;
}

export interface DrawHighlight {
  sharers: { first: number; last: number }[];
  slots: { first: number; last: number; stride: number; count: number } | null;
}

export interface DrawInput {
  layout: GridLayout;
  t: Transform;
  /** viewport in CSS pixels */
  width: number;
  height: number;
  regions: { first: number; end: number; kind: RegionKind }[];
  /** base pages per compound page and where compound pages are aligned from */
  compoundPages: number;
  dataPfn: number;
  marks: ReadonlyMap<number, ReadonlySet<Mark>>;
  highlight: DrawHighlight | null;
  hover: number | null;
  /** the keyboard crosshair (the pfn Enter selects), when the grid has focus */
  cursor: number | null;
  palette: Palette;
}

export interface DrawStats {
  tiles: number;
  rects: number;
  lines: number;
  marks: number;
}

/** The subset of CanvasRenderingContext2D the grid uses (a test can pass a recorder). */
export type Ctx = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'globalAlpha'
  | 'clearRect'
  | 'fillRect'
  | 'strokeRect'
  | 'beginPath'
  | 'rect'
  | 'moveTo'
  | 'lineTo'
  | 'closePath'
  | 'fill'
  | 'stroke'
  | 'arc'
  | 'save'
  | 'restore'
  | 'setLineDash'
>;

/** below this many pixels a marked cell is drawn enlarged, so one poisoned page shows in a 1 TiB overview */
export const MIN_MARK_PX = 9;

interface ScreenRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function drawGrid(ctx: Ctx, d: DrawInput): DrawStats {
  const { layout: L, t, width, height, palette: P } = d;
  const k = t.k;
  const stats: DrawStats = { tiles: 0, rects: 0, lines: 0, marks: 0 };
  ctx.clearRect(0, 0, width, height);
  const view = visibleWorld(t, width, height);
  const win = visibleTiles(L, view);
  stats.tiles = (win.tx1 - win.tx0 + 1) * (win.ty1 - win.ty0 + 1);
  const merge = GAP_X * k < 0.75 && GAP_Y * k < 0.75;

  // world → screen, rounded to whole pixels, clipped to the viewport (+ a margin)
  const toScreen = (r: Rect, minPx = 1): ScreenRect | null => {
    let x0 = Math.round(r.x * k + t.x);
    let y0 = Math.round(r.y * k + t.y);
    let x1 = Math.round((r.x + r.w) * k + t.x);
    let y1 = Math.round((r.y + r.h) * k + t.y);
    if (x1 - x0 < minPx) x1 = x0 + minPx;
    if (y1 - y0 < minPx) y1 = y0 + minPx;
    if (x1 < -4 || y1 < -4 || x0 > width + 4 || y0 > height + 4) return null;
    x0 = Math.max(-4, x0);
    y0 = Math.max(-4, y0);
    x1 = Math.min(width + 4, x1);
    y1 = Math.min(height + 4, y1);
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  };

  const fillRanges = (first: number, end: number, style: CanvasPattern | string): ScreenRect[] => {
    const out: ScreenRect[] = [];
    ctx.fillStyle = style;
    for (const r of rangeRects(L, first, end, win, merge)) {
      const s = toScreen(r);
      if (!s) continue;
      ctx.fillRect(s.x, s.y, s.w, s.h);
      out.push(s);
      stats.rects++;
    }
    return out;
  };

  // 1. region backgrounds
  for (const rg of d.regions) {
    fillRanges(rg.first, rg.end, P.region[rg.kind]);
    if (rg.kind === 'memmap' && P.memmapPattern) fillRanges(rg.first, rg.end, P.memmapPattern);
  }

  // visible rows, per visible tile row
  const spans: { ty: number; oy: number; row0: number; row1: number }[] = [];
  for (let ty = win.ty0; ty <= win.ty1; ty++) {
    const oy = ty * L.strideY + GAP_Y;
    const row0 = Math.max(0, Math.floor(view.y - oy));
    const row1 = Math.min(L.tileRows - 1, Math.floor(view.y + view.h - oy));
    if (row1 >= row0) spans.push({ ty, oy, row0, row1 });
  }
  const tileXs: { tx: number; ox: number }[] = [];
  for (let tx = win.tx0; tx <= win.tx1; tx++) tileXs.push({ tx, ox: tx * L.strideX });

  // 2. cell separators (k ≥ 5) or vmemmap-page row separators (2 ≤ k < 5), drawn in the background colour
  if (k >= 2) {
    ctx.beginPath();
    for (const sp of spans) {
      for (const { ox } of tileXs) {
        const xa = ox * k + t.x;
        const xb = (ox + COLS) * k + t.x;
        const ya = (sp.oy + sp.row0) * k + t.y;
        const yb = (sp.oy + sp.row1 + 1) * k + t.y;
        for (let r = sp.row0 + 1; r <= sp.row1; r++) {
          const y = Math.round((sp.oy + r) * k + t.y) + 0.5;
          ctx.moveTo(xa, y);
          ctx.lineTo(xb, y);
          stats.lines++;
        }
        if (k >= 5) {
          const c0 = Math.max(1, Math.floor(view.x - ox));
          const c1 = Math.min(COLS - 1, Math.ceil(view.x + view.w - ox));
          for (let c = c0; c <= c1; c++) {
            const x = Math.round((ox + c) * k + t.x) + 0.5;
            ctx.moveTo(x, ya);
            ctx.lineTo(x, yb);
            stats.lines++;
          }
        }
      }
    }
    ctx.strokeStyle = P.bg;
    ctx.lineWidth = k >= 16 ? 2 : 1;
    ctx.stroke();
  }

  // 3. compound page boundaries (arithmetic: heads at dataPfn + n * compoundPages)
  const cp = d.compoundPages;
  if (cp > 1) {
    ctx.beginPath();
    let any = false;
    if (cp >= COLS) {
      const stepRows = cp / COLS;
      if (stepRows * k >= 6) {
        for (const sp of spans) {
          for (const { tx, ox } of tileXs) {
            const tileIndex = sp.ty * L.tileCols + tx;
            if (tileIndex >= L.tiles) continue;
            const tf = tileFirstPfn(L, tileIndex);
            // rows r with (tf + r * COLS - dataPfn) ≡ 0 (mod cp)
            const rel = (((tf - d.dataPfn) % cp) + cp) % cp;
            if (rel % COLS !== 0) continue;
            const phase = ((cp - rel) % cp) / COLS;
            for (
              let r = sp.row0 + ((((phase - sp.row0) % stepRows) + stepRows) % stepRows);
              r <= sp.row1 + 1;
              r += stepRows
            ) {
              const pfn = tf + r * COLS;
              if (pfn <= L.first || pfn >= L.end) continue;
              const y = Math.round((sp.oy + r) * k + t.y) + 0.5;
              ctx.moveTo(ox * k + t.x, y);
              ctx.lineTo((ox + COLS) * k + t.x, y);
              stats.lines++;
              any = true;
            }
          }
        }
      }
    } else if (cp * k >= 6) {
      // smaller than a vmemmap page: the same columns in every row
      const phase = (((d.dataPfn % cp) + cp) % cp) % cp;
      for (const sp of spans)
        for (const { ox } of tileXs)
          for (let c = phase === 0 ? cp : phase; c < COLS; c += cp) {
            const x = Math.round((ox + c) * k + t.x) + 0.5;
            ctx.moveTo(x, (sp.oy + sp.row0) * k + t.y);
            ctx.lineTo(x, (sp.oy + sp.row1 + 1) * k + t.y);
            stats.lines++;
            any = true;
          }
    }
    if (any) {
      ctx.strokeStyle = P.fg;
      // faint while the boundaries are dense, firmer once a compound page is a visible block
      ctx.globalAlpha = Math.min(cp, COLS) * Math.max(1, cp / COLS) * k >= 24 * COLS ? 0.55 : 0.3;
      ctx.lineWidth = k >= 8 ? 2 : 1;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }

  // cell of a pfn on screen (x, y, size), enlarged to `min` pixels around its centre when smaller; written
  // into the cell buffer at slot i. No objects per mark: a 1 TiB namespace's pfns are not V8 small integers.
  const place = (pfn: number, min: number, i: number): boolean => {
    if (pfn < L.first || pfn >= L.end) return false;
    const off = pfn - L.base;
    const ti = Math.floor(off / L.tilePfns);
    const within = off - ti * L.tilePfns;
    const wx = (ti % L.tileCols) * L.strideX + (within % COLS);
    const wy = Math.floor(ti / L.tileCols) * L.strideY + GAP_Y + Math.floor(within / COLS);
    let sx = wx * k + t.x;
    let sy = wy * k + t.y;
    let sz = k;
    if (sz < min) {
      sx += (sz - min) / 2;
      sy += (sz - min) / 2;
      sz = min;
    }
    if (sx + sz < -2 || sy + sz < -2 || sx > width + 2 || sy > height + 2) return false;
    grow(i + 1);
    cells[i * 3] = Math.round(sx);
    cells[i * 3 + 1] = Math.round(sy);
    cells[i * 3 + 2] = Math.max(1, Math.round(sz));
    return true;
  };

  // 4. storage sharers of the selection: tint + dashed frame around each run
  const hl = d.highlight;
  if (hl) {
    for (const r of hl.sharers) {
      const rects = fillRanges(r.first, r.last + 1, P.linkedTint);
      ctx.save();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = P.linked;
      ctx.lineWidth = 1.5;
      for (const s of rects) ctx.strokeRect(s.x + 0.75, s.y + 0.75, Math.max(1, s.w - 1.5), Math.max(1, s.h - 1.5));
      ctx.restore();
    }
  }

  // 5. the sparse marks, batched by style: one path per style
  let n = 0;
  d.marks.forEach((set, pfn) => {
    if (!place(pfn, MIN_MARK_PX, n)) return;
    let b = 0;
    for (let j = 0; j < MARKS.length; j++) if (set.has(MARKS[j])) b |= 1 << j;
    bits[n++] = b;
  });
  stats.marks = n;
  const hlSlots = hl?.slots;
  if (hlSlots) {
    for (let i = 0; i < hlSlots.count; i++)
      if (place(hlSlots.first + i * hlSlots.stride, MIN_MARK_PX, n)) bits[n++] = BIT.linked;
  }

  type Shape = (x: number, y: number, w: number) => void;
  const batch = (mask: number, shape: Shape): boolean => {
    let any = false;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (!(bits[i] & mask)) continue;
      shape(cells[i * 3], cells[i * 3 + 1], cells[i * 3 + 2]);
      any = true;
    }
    return any;
  };
  const fillBatch = (mask: number, style: string, shape: Shape) => {
    if (!batch(mask, shape)) return;
    ctx.fillStyle = style;
    ctx.fill();
  };
  const strokeBatch = (mask: number, style: string, lineWidth: number, shape: Shape) => {
    if (!batch(mask, shape)) return;
    ctx.strokeStyle = style;
    ctx.lineWidth = lineWidth;
    ctx.stroke();
  };

  // at overview zoom a marked cell is drawn enlarged: knock out what is under it so the glyphs read
  if (k < MIN_MARK_PX) fillBatch(0xff, P.bg, (x, y, w) => ctx.rect(x - 1, y - 1, w + 2, w + 2));
  // owned (page->mapping set): a bar along the bottom
  fillBatch(BIT.owned, P.owned, (x, y, w) => {
    const bar = Math.max(2, w / 5);
    ctx.rect(x, y + w - bar, w, bar);
  });
  // shared (PAGE_MAPPING_DAX_SHARED): diagonal stripes, lines of slope −1 clipped to the square
  strokeBatch(BIT.shared, P.shared, Math.max(1.5, Math.min(3, k / 8)), (x, y, w) => {
    const stripes = w >= 14 ? 3 : 2;
    for (let i = 1; i <= stripes; i++) {
      const f = (i / (stripes + 1)) * 2;
      const a = Math.min(f, 1);
      const b = Math.max(f - 1, 0);
      ctx.moveTo(x + (f <= 1 ? 0 : b * w), y + a * w);
      ctx.lineTo(x + a * w, y + (f <= 1 ? 0 : b * w));
    }
  });
  // hwpoison: a solid cell with a ✕ in the background colour
  fillBatch(BIT.hwpoison, P.poison, (x, y, w) => ctx.rect(x, y, w, w));
  strokeBatch(BIT.hwpoison, P.bg, Math.max(1.5, Math.min(3, Math.max(k, MIN_MARK_PX) / 6)), (x, y, w) => {
    const m = Math.max(1.5, w * 0.2);
    ctx.moveTo(x + m, y + m);
    ctx.lineTo(x + w - m, y + w - m);
    ctx.moveTo(x + w - m, y + m);
    ctx.lineTo(x + m, y + w - m);
  });
  // mapped: a dot
  fillBatch(BIT.mapped, P.mapped, (x, y, w) => {
    const rad = Math.max(2, w * (k < MIN_MARK_PX ? 0.32 : 0.2));
    ctx.moveTo(x + w / 2 + rad, y + w / 2);
    ctx.arc(x + w / 2, y + w / 2, rad, 0, Math.PI * 2);
  });
  // the current step: a thick outline
  strokeBatch(BIT.touched, P.current, 3, (x, y, w) => ctx.rect(x - 1.5, y - 1.5, w + 3, w + 3));
  // linked (and the selection's same-slot aliases): an outline and a corner triangle, top left
  strokeBatch(BIT.linked, P.linked, 2, (x, y, w) => ctx.rect(x + 1, y + 1, w - 2, w - 2));
  fillBatch(BIT.linked, P.linked, (x, y, w) => {
    const c = Math.max(3, w * 0.35);
    ctx.moveTo(x, y);
    ctx.lineTo(x + c, y);
    ctx.lineTo(x, y + c);
    ctx.closePath();
  });
  // selected: a double outline and a filled corner, top right
  strokeBatch(BIT.selected, P.fg, 2, (x, y, w) => ctx.rect(x - 3, y - 3, w + 6, w + 6));
  strokeBatch(BIT.selected, P.linked, 2, (x, y, w) => ctx.rect(x - 0.5, y - 0.5, w + 1, w + 1));
  fillBatch(BIT.selected, P.fg, (x, y, w) => {
    const c = Math.max(4, w * 0.4);
    ctx.moveTo(x + w + 3, y - 3);
    ctx.lineTo(x + w + 3, y - 3 + c);
    ctx.lineTo(x + w + 3 - c, y - 3);
    ctx.closePath();
  });

  // 6. hover (dashed) and the keyboard crosshair
  n = 0;
  if (d.hover !== null && place(d.hover, 5, 0)) {
    bits[0] = 1;
    n = 1;
    ctx.save();
    ctx.setLineDash([3, 2]);
    strokeBatch(1, P.fg, 1, (x, y, w) => ctx.rect(x - 0.5, y - 0.5, w + 1, w + 1));
    ctx.restore();
  }
  n = 0;
  if (d.cursor !== null && place(d.cursor, 9, 0)) {
    bits[0] = 1;
    n = 1;
    strokeBatch(1, P.current, 2, (x, y, w) => {
      ctx.rect(x - 2, y - 2, w + 4, w + 4);
      const cx = x + w / 2;
      const cy = y + w / 2;
      ctx.moveTo(cx, y - 8);
      ctx.lineTo(cx, y - 3);
      ctx.moveTo(cx, y + w + 3);
      ctx.lineTo(cx, y + w + 8);
      ctx.moveTo(x - 8, cy);
      ctx.lineTo(x - 3, cy);
      ctx.moveTo(x + w + 3, cy);
      ctx.lineTo(x + w + 8, cy);
    });
  }
  return stats;
}

const MARKS: readonly Mark[] = ['hwpoison', 'owned', 'shared', 'mapped', 'touched', 'linked', 'selected'];
const BIT = Object.fromEntries(MARKS.map((m, i) => [m, 1 << i])) as Record<Mark, number>;

/** Reused between frames: screen x, y, size per drawn mark, and its mark bits. */
let cells = new Float64Array(3 * 1024);
let bits = new Uint8Array(1024);
function grow(n: number): void {
  if (n <= bits.length) return;
  const size = Math.max(n, bits.length * 2);
  const c = new Float64Array(3 * size);
  c.set(cells);
  cells = c;
  const b = new Uint8Array(size);
  b.set(bits);
  bits = b;
}
