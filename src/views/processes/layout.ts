/**
 * Geometry of one process lane: its VMAs on a broken address axis (each VMA a linear segment, gaps
 * between VMAs cut out), the page-table leaves, unmapped ranges and poisoned addresses inside them, and a
 * page-granular magnifier ("page window") around the most interesting address. Pure: ProcessVM in,
 * pixels out; the component only draws.
 */
import { scaleLinear } from 'd3';
import type { ProcessVM } from '../../store/selectors';

export const PAGE = 4096;
/** pages shown in the magnifier */
export const WINDOW_PAGES = 16;
/** the smallest width a mark gets, so a 4 KiB page in a 1 GiB VMA stays visible and clickable */
export const MIN_MARK = 4;
const MIN_SEGMENT = 64;
const GAP = 14;
export const PAD = 4;

/** y coordinates of the rows of a lane's SVG */
export const ROW = {
  addrText: 10,
  barTop: 15,
  barH: 26,
  stripTop: 68,
  stripH: 24,
  indexText: 104,
  caption: 118,
} as const;
export const HEIGHT_BAR_ONLY = ROW.barTop + ROW.barH + 4;
export const HEIGHT_WITH_STRIP = ROW.caption + 6;

export type Level = 'pte' | 'pmd' | 'pud';
type Vma = ProcessVM['vmas'][number];

export interface LaneSegment {
  id: string;
  x0: number;
  x1: number;
  vma: Vma;
  /** show the end address at x1 too (room for both labels) */
  endLabel: boolean;
}

export interface LaneMark {
  id: string;
  x: number;
  w: number;
}

export interface LeafMark extends LaneMark {
  level: Level;
  addr: number;
  size: number;
  pfn: number;
  vmaId: string;
  label: string;
  /** the level label fits inside the block */
  labelInside: boolean;
}

export interface UnmappedMark extends LaneMark {
  start: number;
  end: number;
  cause: string;
  /** the step that unmapped it; null: the scenario's setup */
  step: { index: number; id: string } | null;
}

export interface PoisonMark {
  vmaId: string;
  addr: number;
  mapped: boolean;
  x: number;
}

export interface StripCell {
  x: number;
  w: number;
  addr: number;
  /** file (or device) page index: vm_pgoff + (addr - vm_start) / PAGE_SIZE */
  index: number;
  poison: 'mapped' | 'unmapped' | null;
}

export interface StripBlock {
  x: number;
  w: number;
  /** the block continues beyond the window on the left / right */
  clipLeft: boolean;
  clipRight: boolean;
}

export interface PageWindow {
  vmaId: string;
  start: number;
  end: number;
  /** where the window sits on the main bar (for the connector) */
  barX0: number;
  barX1: number;
  cells: StripCell[];
  leaves: (StripBlock & { id: string; level: Level; label: string })[];
  unmapped: (StripBlock & { id: string; cause: string; step: { index: number; id: string } | null })[];
  firstIndex: number;
  lastIndex: number;
}

export interface LaneLayout {
  width: number;
  height: number;
  segments: LaneSegment[];
  leaves: LeafMark[];
  unmapped: UnmappedMark[];
  poison: PoisonMark[];
  window: PageWindow | null;
}

const LEVEL_LABEL: Record<Level, string> = { pte: 'PTE 4K', pmd: 'PMD 2M', pud: 'PUD 1G' };

/** "PTE 4K", "PMD 2M", "PUD 1G" */
export function levelLabel(level: string): string {
  return LEVEL_LABEL[level as Level] ?? level.toUpperCase();
}

/** 4 KiB, 2 MiB, 1 GiB, 12 KiB … (binary units, as the kernel's sizes are). */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1 && v % 1024 === 0) {
    v /= 1024;
    u++;
  }
  return `${v} ${units[u]}`;
}

export const hexAddr = (n: number): string => `0x${n.toString(16)}`;

/** approximate width of a monospace label at the lane's 10px font */
export const monoWidth = (text: string, px = 10): number => text.length * px * 0.6;

/** Split `width` between the VMAs: proportional to size, at least MIN_SEGMENT each, GAP between. */
function segmentsOf(vmas: Vma[], width: number): LaneSegment[] {
  if (vmas.length === 0) return [];
  const inner = Math.max(0, width - 2 * PAD - GAP * (vmas.length - 1));
  const sizes = vmas.map((v) => Math.max(1, v.end - v.start));
  const total = sizes.reduce((a, b) => a + b, 0);
  let widths = sizes.map((s) => (s / total) * inner);
  // lift the small ones to the minimum and take the room from the others in proportion
  const small = widths.map((w) => w < MIN_SEGMENT);
  if (small.some(Boolean) && MIN_SEGMENT * vmas.length <= inner) {
    const fixed = small.filter(Boolean).length * MIN_SEGMENT;
    const restTotal = sizes.filter((_, i) => !small[i]).reduce((a, b) => a + b, 0);
    widths = sizes.map((s, i) => (small[i] ? MIN_SEGMENT : (s / restTotal) * (inner - fixed)));
  } else if (small.some(Boolean)) {
    widths = sizes.map(() => inner / vmas.length);
  }
  const out: LaneSegment[] = [];
  let x = PAD;
  vmas.forEach((vma, i) => {
    const x1 = x + widths[i];
    const label = monoWidth(hexAddr(vma.start));
    out.push({ id: vma.id, x0: x, x1, vma, endLabel: x1 - x >= 2 * label + 12 });
    x = x1 + GAP;
  });
  return out;
}

/** a [start, end) range on a segment, widened to MIN_MARK and kept inside the segment */
function span(seg: LaneSegment, start: number, end: number): { x: number; w: number } {
  const s = scaleLinear().domain([seg.vma.start, seg.vma.end]).range([seg.x0, seg.x1]).clamp(true);
  let x = s(start);
  let w = s(end) - x;
  if (w < MIN_MARK) {
    w = MIN_MARK;
    x = Math.min(Math.max(seg.x0, x), seg.x1 - MIN_MARK);
  }
  return { x, w };
}

/**
 * The address the magnifier centres on: the first poisoned address, else the first page-table leaf,
 * else the first unmapped range; null when the lane has nothing at page scale to show.
 */
export function focusOf(p: ProcessVM): { vmaId: string; addr: number } | null {
  if (p.poisonAddrs[0]) return { vmaId: p.poisonAddrs[0].vmaId, addr: p.poisonAddrs[0].addr };
  for (const v of p.vmas) if (v.entries[0]) return { vmaId: v.id, addr: v.entries[0].addr };
  for (const u of p.unmapped) {
    const v = p.vmas.find((x) => u.start >= x.start && u.start < x.end);
    if (v) return { vmaId: v.id, addr: u.start };
  }
  return null;
}

function clip(start: number, end: number, w0: number, w1: number, sx: (a: number) => number): StripBlock | null {
  const a = Math.max(start, w0);
  const b = Math.min(end, w1);
  if (b <= a) return null;
  return { x: sx(a), w: sx(b) - sx(a), clipLeft: start < w0, clipRight: end > w1 };
}

function pageWindow(p: ProcessVM, segs: LaneSegment[], width: number): PageWindow | null {
  const focus = focusOf(p);
  const seg = focus && segs.find((s) => s.id === focus.vmaId);
  if (!focus || !seg) return null;
  const vma = seg.vma;
  const span_ = WINDOW_PAGES * PAGE;
  // align the window to WINDOW_PAGES pages, then keep it inside the VMA
  let start = Math.floor(focus.addr / span_) * span_;
  if (start + span_ > vma.end) start = vma.end - span_;
  if (start < vma.start) start = vma.start;
  const end = Math.min(vma.end, start + span_);
  const pages = Math.max(1, Math.round((end - start) / PAGE));
  const sx = scaleLinear()
    .domain([start, start + pages * PAGE])
    .range([PAD, width - PAD]);
  const cellW = (width - 2 * PAD) / pages;
  const cells: StripCell[] = [];
  for (let i = 0; i < pages; i++) {
    const addr = start + i * PAGE;
    const hit = p.poisonAddrs.find((x) => x.vmaId === vma.id && x.addr >= addr && x.addr < addr + PAGE);
    cells.push({
      x: sx(addr),
      w: cellW,
      addr,
      index: vma.pgoff + (addr - vma.start) / PAGE,
      poison: hit ? (hit.mapped ? 'mapped' : 'unmapped') : null,
    });
  }
  const leaves: PageWindow['leaves'] = [];
  for (const e of vma.entries) {
    const b = clip(e.addr, e.addr + e.size, start, end, sx);
    if (b) leaves.push({ ...b, id: e.id, level: e.level as Level, label: levelLabel(e.level) });
  }
  const unmapped: PageWindow['unmapped'] = [];
  p.unmapped.forEach((u, i) => {
    const b = clip(u.start, u.end, start, end, sx);
    if (b) unmapped.push({ ...b, id: `${p.id}:unmapped:${i}`, cause: u.cause, step: u.step });
  });
  const bar = span(seg, start, end);
  return {
    vmaId: vma.id,
    start,
    end,
    barX0: bar.x,
    barX1: bar.x + bar.w,
    cells,
    leaves,
    unmapped,
    firstIndex: cells[0].index,
    lastIndex: cells[cells.length - 1].index,
  };
}

export function layoutLane(p: ProcessVM, width: number): LaneLayout {
  const w = Math.max(160, width);
  const segments = segmentsOf(p.vmas, w);
  const segOf = (vmaId: string) => segments.find((s) => s.id === vmaId);
  const leaves: LeafMark[] = [];
  for (const seg of segments)
    for (const e of seg.vma.entries) {
      const { x, w: mw } = span(seg, e.addr, e.addr + e.size);
      const label = levelLabel(e.level);
      leaves.push({
        id: e.id,
        x,
        w: mw,
        level: e.level as Level,
        addr: e.addr,
        size: e.size,
        pfn: e.pfn,
        vmaId: seg.id,
        label,
        labelInside: mw >= monoWidth(label) + 6,
      });
    }
  const unmapped: UnmappedMark[] = [];
  p.unmapped.forEach((u, i) => {
    const seg = segments.find((s) => u.start >= s.vma.start && u.start < s.vma.end);
    if (!seg) return;
    const { x, w: mw } = span(seg, u.start, u.end);
    unmapped.push({ id: `${p.id}:unmapped:${i}`, x, w: mw, start: u.start, end: u.end, cause: u.cause, step: u.step });
  });
  const poison: PoisonMark[] = [];
  for (const a of p.poisonAddrs) {
    const seg = segOf(a.vmaId);
    if (!seg) continue;
    const { x, w: mw } = span(seg, a.addr, a.addr + PAGE);
    poison.push({ vmaId: a.vmaId, addr: a.addr, mapped: a.mapped, x: x + mw / 2 });
  }
  const window = pageWindow(p, segments, w);
  return {
    width: w,
    height: window ? HEIGHT_WITH_STRIP : HEIGHT_BAR_ONLY,
    segments,
    leaves,
    unmapped,
    poison,
    window,
  };
}

/** px of one line of the lane's text (0.8rem type) */
const LINE_PX = 18;
/** the lane's head, its padding and border, and the gap to the next lane */
const LANE_CHROME_PX = 24 + 14 + 8;

/**
 * A lane's height before it is drawn, for the virtual list's first guess (each drawn lane is then measured):
 * the head, the drawing (bar, and the magnifier when there is something at page scale), the facts list (a
 * line per VMA, leaf, poisoned address and unmapped range), the signals, the threads and a no-signal note.
 * A close guess keeps the scrollbar from jumping as lanes are measured.
 */
export function estimateLaneHeight(p: ProcessVM, threads = 0): number {
  const drawing = p.vmas.length === 0 ? LINE_PX : focusOf(p) ? HEIGHT_WITH_STRIP : HEIGHT_BAR_ONLY;
  const facts = p.vmas.reduce((n, v) => n + 1 + v.entries.length, 0) + p.poisonAddrs.length + p.unmapped.length;
  const signals = p.signals.length + p.pending.length;
  const threadRows = threads > 1 ? threads + 3 : 0;
  const note = p.reasons.length || p.note ? 1 + Math.max(1, p.reasons.length) * 2 : 0;
  return LANE_CHROME_PX + drawing + (facts + signals + threadRows + note) * LINE_PX;
}
