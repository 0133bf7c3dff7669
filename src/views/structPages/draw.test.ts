import { describe, expect, it } from 'vitest';
import { type Ctx, type DrawInput, drawGrid, type Mark, MIN_MARK_PX, type Palette } from './draw';
import { fitTransform, GAP_Y, makeLayout, pfnToWorld } from './layout';

/** A 2D context that records what was drawn, with the style in force at each fill/stroke. */
function recorder() {
  const calls: { op: string; args: number[]; style: string }[] = [];
  let path: { op: string; args: number[] }[] = [];
  const ctx = {
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    globalAlpha: 1,
    clearRect: (...a: number[]) => calls.push({ op: 'clearRect', args: a, style: '' }),
    fillRect: (...a: number[]) => calls.push({ op: 'fillRect', args: a, style: String(ctx.fillStyle) }),
    strokeRect: (...a: number[]) => calls.push({ op: 'strokeRect', args: a, style: String(ctx.strokeStyle) }),
    beginPath: () => {
      path = [];
    },
    rect: (...a: number[]) => path.push({ op: 'rect', args: a }),
    moveTo: (...a: number[]) => path.push({ op: 'moveTo', args: a }),
    lineTo: (...a: number[]) => path.push({ op: 'lineTo', args: a }),
    arc: (...a: number[]) => path.push({ op: 'arc', args: a }),
    closePath: () => {},
    fill: () => calls.push({ op: 'fill', args: [path.length], style: String(ctx.fillStyle) }),
    stroke: () => calls.push({ op: 'stroke', args: [path.length], style: String(ctx.strokeStyle) }),
    save: () => {},
    restore: () => {},
    setLineDash: () => {},
  };
  return { ctx: ctx as unknown as Ctx, calls };
}

const P: Palette = {
  bg: 'bg',
  fg: 'fg',
  muted: 'muted',
  region: { 'info-block': 'info', memmap: 'memmap', data: 'data' },
  poison: 'poison',
  current: 'current',
  linked: 'linked',
  linkedTint: 'tint',
  mapped: 'mapped',
  shared: 'shared',
  owned: 'owned',
};

const FIRST = 0x100000;
const END = 0x180000;
const DATA = 0x100200;

function input(over: Partial<DrawInput> = {}): DrawInput {
  const layout = makeLayout(FIRST, END, 1.5);
  return {
    layout,
    t: fitTransform(layout, 450, 260),
    width: 450,
    height: 260,
    regions: [
      { first: FIRST, end: DATA, kind: 'info-block' },
      { first: DATA, end: END, kind: 'data' },
    ],
    compoundPages: 512,
    dataPfn: DATA,
    marks: new Map(),
    highlight: null,
    hover: null,
    cursor: null,
    palette: P,
    ...over,
  };
}

describe('drawGrid', () => {
  it('fills region backgrounds per visible tile, a few rectangles each', () => {
    const { ctx, calls } = recorder();
    const stats = drawGrid(ctx, input());
    const fills = calls.filter((c) => c.op === 'fillRect');
    expect(fills.some((c) => c.style === 'info')).toBe(true);
    expect(fills.some((c) => c.style === 'data')).toBe(true);
    // 16 tiles: the first has the info block and the rest of its data, the others one rectangle each
    expect(stats.rects).toBeLessThanOrEqual(16 + 3);
  });

  it('draws a marked page enlarged at overview zoom, with its glyphs', () => {
    const { ctx, calls } = recorder();
    const marks = new Map<number, Set<Mark>>([[0x102222, new Set<Mark>(['hwpoison', 'shared', 'mapped'])]]);
    const stats = drawGrid(ctx, input({ marks }));
    expect(stats.marks).toBe(1);
    const styles = calls.filter((c) => c.op === 'fill' || c.op === 'stroke').map((c) => c.style);
    expect(styles).toEqual(expect.arrayContaining(['poison', 'shared', 'mapped']));
    // the poison ✕ is drawn over the fill in the background colour
    const poisonFill = calls.findIndex((c) => c.op === 'fill' && c.style === 'poison');
    expect(calls.slice(poisonFill).some((c) => c.op === 'stroke' && c.style === 'bg')).toBe(true);
    expect(MIN_MARK_PX).toBeGreaterThan(fitTransform(makeLayout(FIRST, END), 450, 260).k);
  });

  it('culls marks outside the viewport', () => {
    const { ctx } = recorder();
    const L = makeLayout(FIRST, END, 1.5);
    const w = pfnToWorld(L, DATA);
    const t = { k: 40, x: -w.x * 40, y: -w.y * 40 };
    const marks = new Map<number, Set<Mark>>([
      [DATA + 1, new Set<Mark>(['mapped'])],
      [END - 1, new Set<Mark>(['hwpoison'])],
    ]);
    expect(drawGrid(ctx, input({ t, marks })).marks).toBe(1);
  });

  it('lights up the frame sharers and the same-slot aliases', () => {
    const { ctx, calls } = recorder();
    const L = makeLayout(FIRST, END, 1.5);
    const w = pfnToWorld(L, DATA + 100);
    const t = { k: 20, x: 225 - (w.x + 0.5) * 20, y: 130 - (w.y + 0.5) * 20 };
    drawGrid(
      ctx,
      input({
        t,
        highlight: {
          sharers: [{ first: DATA + 64, last: DATA + 511 }],
          slots: { first: DATA + 100 - 64 + 64, last: DATA + 100 + 6 * 64, stride: 64, count: 7 },
        },
      }),
    );
    expect(calls.some((c) => c.op === 'fillRect' && c.style === 'tint')).toBe(true);
    expect(calls.some((c) => c.op === 'strokeRect' && c.style === 'linked')).toBe(true);
    const linkedStroke = calls.find((c) => c.op === 'stroke' && c.style === 'linked');
    // 7 aliases, of which those within the 260 px viewport (rows of 20 px): all 7
    expect(linkedStroke?.args[0]).toBe(7);
  });

  it('draws compound boundaries only where they are a few pixels apart', () => {
    const far = recorder();
    drawGrid(far.ctx, input({ t: { k: 0.2, x: 0, y: 0 } }));
    const near = recorder();
    const stats = drawGrid(near.ctx, input({ t: { k: 2, x: 0, y: -GAP_Y * 2 } }));
    const boundaryStroke = (calls: { op: string; style: string }[]) =>
      calls.some((c) => c.op === 'stroke' && c.style === 'fg');
    expect(boundaryStroke(far.calls)).toBe(false);
    expect(boundaryStroke(near.calls)).toBe(true);
    expect(stats.lines).toBeGreaterThan(0);
  });

  it('draws a 1M-page viewport and a 1 TiB overview with work bounded by what is visible', () => {
    // a context that does nothing: this measures the grid's own work, not a recorder's
    const noop = () => {};
    const ctx = {
      clearRect: noop,
      fillRect: noop,
      strokeRect: noop,
      beginPath: noop,
      rect: noop,
      moveTo: noop,
      lineTo: noop,
      arc: noop,
      closePath: noop,
      fill: noop,
      stroke: noop,
      save: noop,
      restore: noop,
      setLineDash: noop,
    } as unknown as Ctx;
    // ~1M struct pages visible: 1024 × 1024 px at one pixel per page, in a 1 TiB namespace, 5000 marked pages
    const L = makeLayout(2 ** 30, 2 ** 30 + 2 ** 28, 1);
    const t = { k: 1, x: -10, y: -10 };
    const marks = new Map<number, Set<Mark>>();
    for (let i = 0; i < 5000; i++) marks.set(2 ** 30 + i * 97, new Set<Mark>(['mapped', 'owned']));
    const base = {
      layout: L,
      width: 1024,
      height: 1024,
      marks,
      dataPfn: 2 ** 30 + 512,
      regions: [
        { first: L.first, end: L.first + 512, kind: 'info-block' as const },
        { first: L.first + 512, end: L.end, kind: 'data' as const },
      ],
    };
    // the work, not the time, is asserted (the frame time is the browser bench's: bench/README.md)
    for (let i = 0; i < 9; i++) {
      const s = drawGrid(ctx, input({ ...base, t: { ...t, x: t.x - i * 7 } }));
      expect(s.rects).toBeLessThan(200);
      expect(s.marks).toBeGreaterThan(4500);
    }
    const fitStats = drawGrid(ctx, input({ ...base, t: fitTransform(L, 1024, 1024) }));
    expect(fitStats.rects).toBeLessThanOrEqual(8192 + 3);
  });
});
