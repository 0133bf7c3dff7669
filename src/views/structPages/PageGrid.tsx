/**
 * The zoomable canvas of struct pages: one cell per pfn, 64 to a row (a vmemmap page), 512 rows to a tile (a
 * 128 MiB section). d3.zoom owns pan and zoom (wheel, drag, double-click, the buttons, the arrow keys); the
 * canvas is redrawn in requestAnimationFrame; the few labels are an SVG overlay.
 */
import { color as d3color, select, type ZoomBehavior, zoom, zoomIdentity } from 'd3';
import {
  type FormEvent,
  type KeyboardEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { NamespaceVM, PageMark } from '../../store/selectors';
import { parsePfnInput, type StorageHighlight } from '../../store/structPagesModel';
import { type DrawStats, drawGrid, type Palette } from './draw';
import {
  COLS,
  chooseTileCols,
  DETAIL_K,
  fitTransform,
  focusTransform,
  GAP_Y,
  type GridLayout,
  hitTestScreen,
  MAX_K,
  makeLayout,
  pfnToWorld,
  rangeBounds,
  SECTION_PFNS,
  type Transform,
  tileFirstPfn,
  visibleRowSpans,
  visibleTiles,
  visibleWorld,
} from './layout';

export interface ZoomRequest {
  first: number;
  /** exclusive */
  end: number;
  /** zoom at most this close */
  k: number;
  nonce: number;
}

interface Props {
  ns: NamespaceVM;
  marks: Map<number, Set<PageMark>>;
  /** the pfn the detail panel shows (selection or its first linked pfn) */
  focusPfn: number | null;
  highlight: StorageHighlight;
  request: ZoomRequest | null;
  onRequest: (r: ZoomRequest) => void;
  onSelect: (pfn: number) => void;
  onClear: () => void;
  /** repaint when the theme changes */
  theme: string;
}

const hex = (n: number) => `0x${n.toString(16)}`;

function readPalette(el: HTMLElement): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const alpha = (c: string, a: number) => {
    const col = d3color(c);
    if (!col) return c;
    col.opacity = a;
    return col.formatRgb();
  };
  const fg = v('--fg', '#1b1f24');
  const metadata = v('--metadata', '#8c6d00');
  const linked = v('--linked', '#7a3e9d');
  let memmapPattern: CanvasPattern | null = null;
  try {
    const tile = document.createElement('canvas');
    tile.width = 6;
    tile.height = 6;
    const c = tile.getContext('2d');
    if (c) {
      c.strokeStyle = alpha(metadata, 0.7);
      c.lineWidth = 1;
      c.beginPath();
      c.moveTo(0, 6);
      c.lineTo(6, 0);
      c.stroke();
      memmapPattern = c.createPattern(tile, 'repeat');
    }
  } catch {
    memmapPattern = null;
  }
  return {
    bg: v('--bg-panel', '#f6f7f9'),
    fg,
    muted: v('--fg-muted', '#57606a'),
    region: { 'info-block': alpha(metadata, 0.75), memmap: alpha(metadata, 0.3), data: alpha(fg, 0.1) },
    poison: v('--poison', '#c24400'),
    current: v('--current', '#0a62b5'),
    linked,
    linkedTint: alpha(linked, 0.3),
    mapped: v('--mapped', '#00785a'),
    shared: v('--shared', '#0072b2'),
    owned: v('--fg-muted', '#57606a'),
    memmapPattern,
  };
}

const MARK_WORDS: Record<PageMark, string> = {
  hwpoison: 'hwpoison',
  owned: 'owned (page->mapping set)',
  shared: 'shared by reflinked files (PAGE_MAPPING_DAX_SHARED; on 6.15 mapping NULL, share > 0)',
  mapped: 'mapped by a process',
  touched: 'touched by the current step',
  linked: 'linked to the selection',
  selected: 'selected',
};

/** What the status line says about a pfn: arithmetic on the namespace numbers only. */
function describePfn(
  ns: NamespaceVM,
  marks: Map<number, Set<PageMark>>,
  h: StorageHighlight,
  pfn: number,
  selected: number | null,
): string {
  const region = ns.regions.find((r) => pfn >= r.first && pfn < r.end);
  const parts = [
    `pfn ${hex(pfn)}`,
    region ? region.label : 'outside the regions',
    `vmemmap page ${hex(Math.floor(pfn / COLS))} slot ${pfn % COLS}`,
  ];
  if (ns.compoundPages > 1) {
    const off = (((pfn - ns.dataPfn) % ns.compoundPages) + ns.compoundPages) % ns.compoundPages;
    parts.push(off === 0 ? 'compound head' : `compound ${hex(pfn - off)} +${off}`);
  }
  const s = h.slots;
  // (the selection's own sharing is in the vmemmap panel)
  if (pfn !== selected && s && pfn >= s.first && pfn <= s.last && (pfn - s.first) % s.stride === 0)
    parts.push('same 64 bytes as the selected struct page');
  else if (pfn !== selected && h.sharers.some((r) => pfn >= r.first && pfn <= r.last))
    parts.push('same vmemmap frame as the selected struct page');
  const m = marks.get(pfn);
  if (m?.size) parts.push([...m].map((x) => MARK_WORDS[x]).join(', '));
  return parts.join(' · ');
}

export function PageGrid({ ns, marks, focusPfn, highlight, request, onRequest, onSelect, onClear, theme }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [view, setView] = useState<Transform>({ x: 0, y: 0, k: 1 });
  const [hover, setHover] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);
  const [paletteVersion, setPaletteVersion] = useState(0);
  const [goto, setGoto] = useState('');
  const [gotoError, setGotoError] = useState<string | null>(null);
  const helpId = useId();
  const liveId = useId();

  const tRef = useRef<Transform>(view);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const frame = useRef(0);
  const paletteRef = useRef<Palette | null>(null);
  const statsRef = useRef<DrawStats | null>(null);

  // the layout: tile columns follow the viewport's aspect
  const tileCols = useMemo(() => {
    const span = ns.endPfn - ns.firstPfn;
    const tilePfns = span >= SECTION_PFNS ? SECTION_PFNS : 0;
    if (!tilePfns || !size.w || !size.h) return 0;
    const base = ns.firstPfn - (ns.firstPfn % SECTION_PFNS);
    return chooseTileCols(Math.ceil((ns.endPfn - base) / SECTION_PFNS), SECTION_PFNS / COLS, size.w / size.h);
  }, [ns.firstPfn, ns.endPfn, size.w, size.h]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tileCols stands for the aspect
  const layout: GridLayout = useMemo(
    () => makeLayout(ns.firstPfn, ns.endPfn, size.w && size.h ? size.w / size.h : 1.5),
    [ns.firstPfn, ns.endPfn, tileCols],
  );

  const cursor = useMemo(
    () => (focused && size.w ? hitTestScreen(layout, view, size.w / 2, size.h / 2) : null),
    [focused, layout, view, size],
  );

  // ---- drawing -------------------------------------------------------------------------------------
  const latest = useRef({ layout, ns, marks, highlight, hover, cursor, size });
  latest.current = { layout, ns, marks, highlight, hover, cursor, size };

  const draw = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const { layout: L, ns: n, marks: m, highlight: h, hover: hv, cursor: cur, size: sz } = latest.current;
    if (!canvas || !sz.w || !sz.h) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const W = Math.round(sz.w * dpr);
    const H = Math.round(sz.h * dpr);
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
    }
    if (!paletteRef.current && wrapRef.current) paletteRef.current = readPalette(wrapRef.current);
    const palette = paletteRef.current;
    if (!palette) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    statsRef.current = drawGrid(ctx, {
      layout: L,
      t: tRef.current,
      width: sz.w,
      height: sz.h,
      regions: n.regions,
      compoundPages: n.compoundPages,
      dataPfn: n.dataPfn,
      marks: m,
      highlight: h.count || h.slots ? h : null,
      hover: hv,
      cursor: cur,
      palette,
    });
  }, []);

  const schedule = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // redraw on any input change
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are the draw inputs (read through `latest`)
  useEffect(() => schedule(), [schedule, layout, ns, marks, highlight, hover, cursor, size, paletteVersion]);

  // palette: re-read on theme change and on the system scheme flipping
  // biome-ignore lint/correctness/useExhaustiveDependencies: theme is the trigger
  useEffect(() => {
    paletteRef.current = null;
    setPaletteVersion((v) => v + 1);
  }, [theme]);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = () => {
      paletteRef.current = null;
      setPaletteVersion((v) => v + 1);
    };
    mq.addEventListener?.('change', on);
    return () => mq.removeEventListener?.('change', on);
  }, []);

  // size
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        Math.round(r.width) === s.w && Math.round(r.height) === s.h
          ? s
          : { w: Math.round(r.width), h: Math.round(r.height) },
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // ---- d3.zoom -------------------------------------------------------------------------------------
  const fit = useMemo(() => (size.w && size.h ? fitTransform(layout, size.w, size.h) : null), [layout, size]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !fit) return;
    const z = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([fit.k / 2, MAX_K])
      .translateExtent([
        [-layout.width * 0.5, -layout.height * 0.5],
        [layout.width * 1.5, layout.height * 1.5],
      ])
      .extent([
        [0, 0],
        [size.w, size.h],
      ])
      .on('zoom', (e) => {
        const t = e.transform;
        tRef.current = { x: t.x, y: t.y, k: t.k };
        schedule();
        setView(tRef.current);
      });
    zoomRef.current = z;
    const sel = select(canvas);
    sel.call(z);
    return () => {
      sel.on('.zoom', null);
      zoomRef.current = null;
    };
  }, [fit, layout, size, schedule]);

  const apply = useCallback((t: Transform) => {
    const canvas = canvasRef.current;
    const z = zoomRef.current;
    if (!canvas || !z) return;
    select(canvas).call(z.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }, []);

  // fit when the layout (namespace, tile columns) changes
  const fittedFor = useRef<GridLayout | null>(null);
  useEffect(() => {
    if (!fit || !zoomRef.current || fittedFor.current === layout) return;
    fittedFor.current = layout;
    apply(fit);
  }, [fit, layout, apply]);

  const zoomTo = useCallback(
    (first: number, end: number, k: number) => {
      if (!size.w || !size.h) return;
      const r = rangeBounds(layout, first, end);
      if (!r) return;
      apply(focusTransform(r, size.w, size.h, k));
    },
    [layout, size, apply],
  );

  // zoom requests from the panels
  const handled = useRef(0);
  useEffect(() => {
    if (!request || request.nonce === handled.current || !zoomRef.current) return;
    handled.current = request.nonce;
    zoomTo(request.first, request.end, request.k);
  }, [request, zoomTo]);

  const zoomBy = (f: number) => {
    const canvas = canvasRef.current;
    const z = zoomRef.current;
    if (canvas && z) select(canvas).call(z.scaleBy, f, [size.w / 2, size.h / 2]);
  };
  const panBy = (dx: number, dy: number) => {
    const canvas = canvasRef.current;
    const z = zoomRef.current;
    if (canvas && z) select(canvas).call(z.translateBy, dx / tRef.current.k, dy / tRef.current.k);
  };

  // ---- pointer and keyboard -------------------------------------------------------------------------
  const pfnAt = (e: { clientX: number; clientY: number }): number | null => {
    const c = canvasRef.current;
    if (!c) return null;
    const r = c.getBoundingClientRect();
    return hitTestScreen(layout, tRef.current, e.clientX - r.left, e.clientY - r.top);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => setHover(pfnAt(e));
  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const pfn = pfnAt(e);
    if (pfn !== null) onSelect(pfn);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    // a mouse click focused the grid without the crosshair: the first key shows it and does nothing else
    if (!focused && e.key !== 'Escape' && e.key !== 'Tab') {
      setFocused(true);
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        return;
      }
    }
    const k = tRef.current.k;
    const step = e.shiftKey ? Math.max(size.w, size.h) / 2 : k >= 12 ? k : 40;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case 'ArrowLeft':
        panBy(step, 0);
        break;
      case 'ArrowRight':
        panBy(-step, 0);
        break;
      case 'ArrowUp':
        panBy(0, step);
        break;
      case 'ArrowDown':
        panBy(0, -step);
        break;
      case '+':
      case '=':
        zoomBy(1.5);
        break;
      case '-':
      case '_':
        zoomBy(1 / 1.5);
        break;
      case '0':
      case 'Home':
        if (fit) apply(fit);
        break;
      case 'Enter':
      case ' ':
        if (cursor !== null) onSelect(cursor);
        break;
      case 'Escape':
        onClear();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const onGoto = (e: FormEvent) => {
    e.preventDefault();
    const pfn = parsePfnInput(goto);
    if (pfn === null) return setGotoError('not a pfn: type hex like 0x100264');
    if (pfn < ns.firstPfn || pfn >= ns.endPfn)
      return setGotoError(`${hex(pfn)} is outside ${ns.name} (${hex(ns.firstPfn)}–${hex(ns.endPfn - 1)})`);
    setGotoError(null);
    zoomTo(pfn, pfn + 1, DETAIL_K);
  };

  // ---- labels (SVG overlay) ------------------------------------------------------------------------
  const labels = useMemo(() => {
    if (!size.w || !size.h) return { cells: [], tiles: [] };
    const k = view.k;
    const cells: { key: number; x: number; y: number; text: string; sub: string | null }[] = [];
    if (k >= 28) {
      const world = visibleWorld(view, size.w, size.h);
      for (const sp of visibleRowSpans(layout, view, size.w, size.h)) {
        const tf = tileFirstPfn(layout, sp.tile);
        const ox = (sp.tile % layout.tileCols) * layout.strideX;
        const c0 = Math.max(0, Math.floor(world.x - ox));
        const c1 = Math.min(COLS - 1, Math.floor(world.x + world.w - ox));
        for (let r = sp.row0; r <= sp.row1; r++)
          for (let c = c0; c <= c1; c++) {
            const pfn = tf + r * COLS + c;
            if (pfn < layout.first || pfn >= layout.end) continue;
            const w = pfnToWorld(layout, pfn);
            const digits = pfn.toString(16);
            let sub: string | null = null;
            if (k >= 44 && ns.compoundPages > 1) {
              const off = (((pfn - ns.dataPfn) % ns.compoundPages) + ns.compoundPages) % ns.compoundPages;
              sub = off === 0 ? 'head' : `+${off}`;
            }
            cells.push({
              key: pfn,
              x: (w.x + 0.5) * k + view.x,
              y: (w.y + 0.5) * k + view.y,
              text: k >= 60 ? digits : digits.slice(-3),
              sub,
            });
          }
      }
    }
    const tiles: { key: number; x: number; y: number; text: string }[] = [];
    if (GAP_Y * k >= 8) {
      const win = visibleTiles(layout, visibleWorld(view, size.w, size.h));
      const tilePx = layout.strideX * k;
      const every = Math.max(1, Math.ceil(150 / tilePx));
      for (let ty = win.ty0; ty <= win.ty1; ty++)
        for (let tx = win.tx0; tx <= win.tx1; tx++) {
          const t = ty * layout.tileCols + tx;
          if (t >= layout.tiles || t % every !== 0) continue;
          const pfn = tileFirstPfn(layout, t);
          const x = tx * layout.strideX * k + view.x;
          const y = (ty * layout.strideY + GAP_Y) * k + view.y - 3;
          const section = layout.tilePfns === SECTION_PFNS ? `section ${Math.floor(pfn / SECTION_PFNS)} · ` : '';
          tiles.push({ key: t, x: Math.max(2, x), y, text: `${section}${hex(Math.max(pfn, layout.first))}` });
        }
    }
    return { cells, tiles };
  }, [layout, view, size, ns.compoundPages, ns.dataPfn]);

  const poisoned = useMemo(
    () =>
      [...marks]
        .filter(([, m]) => m.has('hwpoison'))
        .map(([p]) => p)
        .sort((a, b) => a - b),
    [marks],
  );
  const current = useMemo(
    () =>
      [...marks]
        .filter(([, m]) => m.has('touched'))
        .map(([p]) => p)
        .sort((a, b) => a - b),
    [marks],
  );

  const status =
    hover !== null
      ? describePfn(ns, marks, highlight, hover, focusPfn)
      : focused && cursor !== null
        ? `crosshair: ${describePfn(ns, marks, highlight, cursor, focusPfn)} — Enter selects`
        : focusPfn !== null
          ? `selected: ${describePfn(ns, marks, highlight, focusPfn, focusPfn)}`
          : 'Scroll or +/− to zoom, drag to pan, click a struct page to select it.';
  const cellPx = view.k;
  const zoomWords =
    cellPx >= 1
      ? `${cellPx.toFixed(cellPx >= 10 ? 0 : 1)} px per struct page`
      : `${Math.round(1 / cellPx / cellPx)} struct pages per pixel`;

  return (
    <div className="structPages__gridBox">
      <div className="structPages__toolbar">
        <div className="structPages__zoomButtons">
          <button type="button" onClick={() => zoomBy(1 / 1.5)} aria-label="Zoom out" title="Zoom out (−)">
            −
          </button>
          <button type="button" onClick={() => zoomBy(1.5)} aria-label="Zoom in" title="Zoom in (+)">
            +
          </button>
          <button type="button" onClick={() => fit && apply(fit)} title="Show the whole namespace (0)">
            Fit
          </button>
          <button
            type="button"
            disabled={focusPfn === null}
            onClick={() =>
              focusPfn !== null && onRequest({ first: focusPfn, end: focusPfn + 1, k: DETAIL_K, nonce: Date.now() })
            }
            title="Zoom to the selected struct page"
          >
            Zoom to selection
          </button>
          {highlight.count > 0 ? (
            <button
              type="button"
              onClick={() => {
                const f = Math.min(...highlight.sharers.map((r) => r.first), focusPfn ?? Number.POSITIVE_INFINITY);
                const l = Math.max(...highlight.sharers.map((r) => r.last), focusPfn ?? 0);
                onRequest({ first: f - (f % COLS), end: l + 1, k: DETAIL_K, nonce: Date.now() });
              }}
              title="Zoom to the struct pages sharing the selection's vmemmap frame"
            >
              Zoom to sharers
            </button>
          ) : null}
        </div>
        <form className="structPages__goto" onSubmit={onGoto}>
          <label>
            <span>Go to pfn</span>
            <input
              type="text"
              value={goto}
              onChange={(e) => setGoto(e.target.value)}
              placeholder={hex(ns.dataPfn)}
              spellCheck={false}
              size={11}
              aria-invalid={gotoError ? true : undefined}
              aria-describedby={gotoError ? `${liveId}-goto` : undefined}
            />
          </label>
          <button type="submit">Go</button>
          {gotoError ? (
            <span id={`${liveId}-goto`} className="structPages__gotoError" role="alert">
              {gotoError}
            </span>
          ) : null}
        </form>
        {poisoned.length || current.length ? (
          <div className="structPages__jumps">
            <span className="structPages__muted">Jump to</span>
            {poisoned.slice(0, 3).map((p) => (
              <button
                key={`p${p}`}
                type="button"
                className="structPages__jump structPages__jump--poison"
                onClick={() => onRequest({ first: p, end: p + 1, k: DETAIL_K, nonce: Date.now() })}
                title={`Zoom to hwpoison pfn ${hex(p)}`}
              >
                ✕ {hex(p)}
              </button>
            ))}
            {current
              .filter((p) => !poisoned.includes(p))
              .slice(0, 2)
              .map((p) => (
                <button
                  key={`c${p}`}
                  type="button"
                  className="structPages__jump structPages__jump--current"
                  onClick={() => onRequest({ first: p, end: p + 1, k: DETAIL_K, nonce: Date.now() })}
                  title={`Zoom to pfn ${hex(p)}, touched by the current step`}
                >
                  ▣ {hex(p)}
                </button>
              ))}
          </div>
        ) : null}
      </div>
      <div
        ref={wrapRef}
        className="structPages__grid"
        role="application"
        aria-roledescription="struct page grid"
        aria-label={`struct pages of ${ns.name}, ${hex(ns.firstPfn)} to ${hex(ns.endPfn - 1)}${focusPfn !== null ? `; selected ${hex(focusPfn)}` : ''}${highlight.count ? `, ${highlight.count} struct pages share its vmemmap frame` : ''}${poisoned.length ? `; hwpoison ${poisoned.slice(0, 3).map(hex).join(', ')}` : ''}${current.length ? `; current step touches ${current.slice(0, 3).map(hex).join(', ')}` : ''}`}
        aria-describedby={`${helpId} ${liveId}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: role=application: the grid takes arrow keys, +/−, Enter
        tabIndex={0}
        data-keys="own"
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target === e.currentTarget && setFocused(e.currentTarget.matches(':focus-visible'))}
        onBlur={(e) => e.target === e.currentTarget && setFocused(false)}
      >
        <canvas
          ref={canvasRef}
          className="structPages__canvas"
          onPointerMove={onPointerMove}
          onPointerLeave={() => setHover(null)}
          onClick={onClick}
          data-selected-pfn={focusPfn !== null ? hex(focusPfn) : ''}
          data-highlight-count={highlight.count}
          data-slot-count={highlight.slots?.count ?? 0}
          data-hover-pfn={hover !== null ? hex(hover) : ''}
          data-cursor-pfn={cursor !== null ? hex(cursor) : ''}
          data-transform={`${view.x.toFixed(2)},${view.y.toFixed(2)},${view.k.toFixed(4)}`}
          data-tile-cols={layout.tileCols}
          style={{ width: size.w || '100%', height: size.h || '100%' }}
        />
        <svg className="structPages__overlay" width={size.w} height={size.h} aria-hidden="true">
          {labels.tiles.map((l) => (
            <text
              key={l.key}
              x={l.x}
              y={l.y}
              className="structPages__tileLabel"
              style={{ fontSize: Math.min(10, GAP_Y * view.k - 1) }}
            >
              {l.text}
            </text>
          ))}
          {labels.cells.map((l) => (
            <text
              key={l.key}
              x={l.x}
              y={l.sub ? l.y - 3 : l.y + 3}
              className="structPages__cellLabel"
              textAnchor="middle"
            >
              {l.text}
              {l.sub ? (
                <tspan x={l.x} dy="1.15em" className="structPages__cellSub">
                  {l.sub}
                </tspan>
              ) : null}
            </text>
          ))}
        </svg>
      </div>
      <p className="structPages__status" title={status}>
        <span className="structPages__zoom">{zoomWords}</span> {status}
      </p>
      <p id={helpId} className="structPages__srOnly">
        One cell per struct page, 64 to a row (a 4 KiB vmemmap page), 512 rows to a tile (a 128 MiB section). Arrow keys
        pan, Shift+arrow pans further, + and − zoom, 0 fits the namespace, Enter selects the struct page under the
        crosshair, Escape clears the selection.
      </p>
      <p id={liveId} className="structPages__srOnly" aria-live="polite">
        {focused ? (cursor !== null ? `crosshair on pfn ${hex(cursor)}` : 'crosshair between tiles') : ''}
      </p>
    </div>
  );
}
