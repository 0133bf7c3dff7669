/**
 * The XFS rmap records view: the reverse-map records of the AG the failure is in, on a block axis
 * (records over the same blocks stacked in lanes, so a reflinked block shows one record per owner), the
 * query range of xfs_rmap_query_range as a band, each record marked as xfs_dax_failure_fn visits it with
 * the pgoff/pgcnt it computed for that owner; below, the same records as a table.
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { select as d3select, scaleLinear, type ZoomBehavior, zoom, zoomIdentity } from 'd3';
import {
  type KeyboardEvent,
  memo,
  type RefCallback,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { shallow } from 'zustand/shallow';
import { useApp } from '../../store/react';
import { rmapFlagNames, selectRmapAbsence } from '../../store/rmapModel';
import { type RmapRecordVM, type RmapVM, selectLinked, selectRmap, selectTouched } from '../../store/selectors';
import { CopyHex } from '../shared/CopyHex';
import { NO_FLUSH_SYNC, observeBoxRect } from '../shared/useBoxVirtualizer';
import { ViewPanel } from '../shared/ViewPanel';
import {
  allDomain,
  assignLanes,
  type Bar,
  layoutChart,
  overlapsQuery,
  queryDomain,
  RM,
  sharedCounts,
  zoomDomain,
} from './layout';
import './rmap.css';
import { Term } from '../glossary/Term';
import { Deferred } from '../shared/Deferred';

const EMPTY_SET: ReadonlySet<string> = new Set();

interface RecState {
  inQuery: boolean;
  visited: boolean;
  current: boolean;
  linked: boolean;
  selected: boolean;
  shared: number;
}

export function RmapView() {
  const vm = useApp(selectRmap);
  const rmapAbsence = useApp(selectRmapAbsence);
  const absence = vm ? null : rmapAbsence;
  return (
    <ViewPanel
      id="rmap"
      title="XFS rmap records"
      subtitle={vm ? `${vm.dev} · AG ${vm.agno} · ${vm.agblocks} blocks` : undefined}
    >
      {vm ? (
        <RmapBody vm={vm} />
      ) : (
        <p className="view__empty rmap__empty" data-empty={absence?.kind ?? 'none'}>
          {absence?.message ?? 'no XFS reverse map to show'}
        </p>
      )}
    </ViewPanel>
  );
}

function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (el.clientWidth) setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function RmapBody({ vm }: { vm: RmapVM }) {
  const linked = useApp(selectLinked) ?? EMPTY_SET;
  const selection = useApp((s) => s.selection);
  const select = useApp((s) => s.select);
  const touched = useApp(selectTouched) ?? EMPTY_SET;

  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef, 440);
  const { items, lanes } = useMemo(() => assignLanes(vm.records), [vm.records]);

  const limit = useMemo<[number, number]>(() => {
    const a = allDomain(vm.records, vm.agblocks);
    return [Math.min(0, a[0]), Math.max(vm.agblocks, a[1])];
  }, [vm.records, vm.agblocks]);
  const initial = useMemo(() => queryDomain(vm.records, vm.query, vm.agblocks), [vm.records, vm.query, vm.agblocks]);
  const viewKey = `${vm.dev}:${vm.agno}:${vm.query?.low}:${vm.query?.high}:${vm.total}`;
  const [domain, setDomain] = useState<[number, number]>(initial);
  const refDomain = useRef(domain);
  const svgRef = useRef<SVGSVGElement | null>(null);
  // the chart can mount a task after the body (Deferred): the zoom is attached when its <svg> is there
  const [svgEl, setSvgEl] = useState<SVGSVGElement | null>(null);
  const svgMounted = useCallback((el: SVGSVGElement | null) => {
    svgRef.current = el;
    setSvgEl(el);
  }, []);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  const chart = useMemo(
    () => layoutChart(items, lanes, domain, vm.query, width),
    [items, lanes, domain, vm.query, width],
  );
  const plot = chart.plot;

  // d3.zoom drives the domain: drag to pan, Ctrl/⌘+wheel or double-click to zoom
  useEffect(() => {
    const svg = svgEl;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1e-4, 1e5])
      .filter((ev: Event) => {
        if (ev.type === 'wheel') return (ev as WheelEvent).ctrlKey || (ev as WheelEvent).metaKey;
        return !(ev as MouseEvent).button;
      })
      .on('zoom', (ev) => {
        const base = scaleLinear().domain(refDomain.current).range([plot.x0, plot.x1]);
        const [a, b] = ev.transform.rescaleX(base).domain();
        setDomain([Math.max(limit[0], a), Math.min(limit[1], Math.max(a + 2, b))]);
      });
    zoomRef.current = z;
    const sel = d3select(svg);
    sel.call(z).on('dblclick.zoom', null);
    return () => {
      sel.on('.zoom', null);
    };
  }, [svgEl, plot.x0, plot.x1, limit]);

  const show = (d: [number, number]) => {
    refDomain.current = d;
    setDomain(d);
    const svg = svgRef.current;
    if (svg && zoomRef.current) d3select(svg).call(zoomRef.current.transform, zoomIdentity);
  };
  // a new query (or scenario): zoom to it
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new query resets the zoom
  useEffect(() => {
    show(initial);
  }, [viewKey]);

  const shared = useMemo(() => sharedCounts(items), [items]);
  const states = useMemo(() => {
    const map = new Map<string, RecState>();
    for (const it of items) {
      const r = it.rec;
      map.set(r.id, {
        inQuery: overlapsQuery(r, vm.query),
        visited: r.visited,
        current: r.current || touched.has(r.id),
        linked: linked.has(r.id),
        selected: selection === r.id,
        shared: shared.get(r.id) ?? 0,
      });
    }
    return map;
  }, [items, shared, vm.query, touched, linked, selection]);

  const hits = vm.records.filter((r) => overlapsQuery(r, vm.query)).length;
  const span = Math.round(domain[1] - domain[0]);

  return (
    <div className="rmap">
      <p className="rmap__summary" data-testid="rmap-counts">
        <strong>
          {vm.total} records in AG {vm.agno} (showing {vm.records.length})
        </strong>
        {vm.omitted ? ` · ${vm.omitted} outside the window` : ''}
        {' · '}
        {vm.query ? (
          <span className="rmap__query-text">
            query [{vm.query.low}, {vm.query.high}]: {hits} record{hits === 1 ? '' : 's'}
          </span>
        ) : (
          <span>no rmap query in this event yet</span>
        )}
      </p>
      <div className="rmap__toolbar">
        <button type="button" onClick={() => show(initial)} disabled={!vm.query} title="Zoom to the query range">
          Query
        </button>
        <button type="button" onClick={() => show(allDomain(vm.records, vm.agblocks))} title="Show every record">
          All
        </button>
        <button type="button" aria-label="Zoom in" onClick={() => show(zoomDomain(domain, 2, limit))}>
          +
        </button>
        <button type="button" aria-label="Zoom out" onClick={() => show(zoomDomain(domain, 0.5, limit))}>
          −
        </button>
        <span className="rmap__hint">
          blocks {Math.max(0, Math.floor(domain[0]))}–{Math.ceil(domain[1]) - 1} ({span})
          {chart.offLeft ? ` · ◀ ${chart.offLeft} more` : ''}
          {chart.offRight ? ` · ${chart.offRight} more ▶` : ''} · drag to pan, Ctrl+wheel to zoom
        </span>
      </div>
      <div className="rmap__chart" ref={wrapRef}>
        <Deferred>
          <Chart svgRef={svgMounted} chart={chart} lanes={lanes} vm={vm} states={states} select={select} />
        </Deferred>
      </div>
      {RMAP_LEGEND}
      <Deferred>
        <RecordTable vm={vm} states={states} select={select} />
      </Deferred>
    </div>
  );
}

/* the legend and the table's head are the same at every step: one element each, which React does not
   render again (the glyphs are decoration; the words are read, and "reflink" is a glossary term) */
const RMAP_LEGEND = (
  <p className="rmap__legend">
    <span className="rmap__key rmap__key--current">
      <span aria-hidden="true">▶ </span>current step
    </span>
    <span className="rmap__key">
      <span aria-hidden="true">✓ </span>visited by the query
    </span>
    <span className="rmap__key rmap__key--linked">
      <span aria-hidden="true">⇄ </span>linked
    </span>
    <span className="rmap__key rmap__key--metadata">metadata</span>
    <span className="rmap__key rmap__key--shared">
      shared (<Term name="reflink" />)
    </span>
  </p>
);
/** the record table's columns: a label, and the rmap field it abbreviates where it does */
const RECORD_COLUMNS: readonly [label: string, field?: string][] = [
  ['rec'],
  ['owner'],
  ['start', 'rm_startblock (AG block)'],
  ['len', 'rm_blockcount'],
  ['offset', 'rm_offset (file block)'],
  ['flags', 'rm_flags'],
  ['query'],
  ['pgoff'],
  ['pgcnt'],
];
const RECORD_HEAD = (
  <thead>
    <tr aria-rowindex={1}>
      {RECORD_COLUMNS.map(([label, field]) => (
        <th key={label} scope="col">
          {field ? <abbr title={field}>{label}</abbr> : label}
        </th>
      ))}
    </tr>
  </thead>
);

const flagsText = (flags: number) => {
  const names = rmapFlagNames(flags);
  return `0x${flags.toString(16)}${names.length ? ` (${names.join('|')})` : ''}`;
};

const recLabel = (r: RmapRecordVM, st: RecState | undefined) =>
  [
    `record ${r.recno}: ${r.owner}${r.ownerIsInode ? '' : ' (metadata)'}`,
    `startblock ${r.startblock}, blockcount ${r.blockcount}, offset ${r.offset}, flags ${flagsText(r.flags)}`,
    st?.inQuery ? 'in the query range' : '',
    st?.current ? 'current step' : '',
    st?.visited ? 'visited' : '',
    r.pgoff !== null ? `pgoff ${r.pgoff} pgcnt ${r.pgcnt}` : '',
    st?.shared ? `shares its blocks with ${st.shared} other record${st.shared === 1 ? '' : 's'}` : '',
    st?.linked ? 'linked to the selection' : '',
  ]
    .filter(Boolean)
    .join('; ');

function glyphs(st: RecState | undefined): string {
  if (!st) return '';
  return `${st.current ? '▶ ' : ''}${st.visited && !st.current ? '✓ ' : ''}${st.linked ? '⇄ ' : ''}`;
}

function Chart({
  svgRef,
  chart,
  lanes,
  vm,
  states,
  select,
}: {
  svgRef: RefCallback<SVGSVGElement>;
  chart: ReturnType<typeof layoutChart>;
  lanes: number;
  vm: RmapVM;
  states: Map<string, RecState>;
  select: (id: string | null) => void;
}) {
  const uid = useId().replace(/:/g, '');
  const { plot } = chart;
  // stable, so a bar whose record and state did not change is not drawn again at a step (RecordBar's memo)
  const onKey = useCallback(
    (e: KeyboardEvent, id: string) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      e.stopPropagation();
      select(id);
    },
    [select],
  );
  // what does not depend on the step (the clips, grid, band and axis: ~250 elements) is made once per layout,
  // so a step renders and diffs only the bars whose state changed
  const query = vm.query;
  const under = useMemo(
    () => (
      <>
        <defs>
          <clipPath id={`${uid}-plot`}>
            <rect x={plot.x0} y={0} width={plot.x1 - plot.x0} height={chart.height} />
          </clipPath>
          {/* the labels' clips: only for the bars drawn (the window holds more records than are in view) */}
          {chart.bars.map((b) =>
            b.visible ? (
              <clipPath key={b.item.rec.id} id={`${uid}-c${b.item.rec.recno}`}>
                <rect x={b.x + 2} y={b.y} width={Math.max(0, b.w - 4)} height={b.h} />
              </clipPath>
            ) : null,
          )}
        </defs>
        <g clipPath={`url(#${uid}-plot)`}>
          {chart.grid.map((g) => (
            <line key={g} className="rmap__grid" x1={chart.x(g)} x2={chart.x(g)} y1={plot.y0} y2={plot.y1} />
          ))}
        </g>
        {chart.band && query ? (
          <text className="rmap__band-label" x={Math.max(plot.x0, Math.min(chart.band.x, plot.x1 - 120))} y={12}>
            query [{query.low}, {query.high}]
          </text>
        ) : null}
      </>
    ),
    [chart, plot, uid, query],
  );
  const over = useMemo(
    () => (
      <>
        {/* the query band on top of the records (translucent, not clickable) */}
        <g clipPath={`url(#${uid}-plot)`} pointerEvents="none">
          {chart.band ? (
            <rect
              className="rmap__band"
              data-testid="rmap-query-band"
              x={chart.band.x}
              y={plot.y0 - 4}
              width={chart.band.w}
              height={plot.y1 - plot.y0 + 4}
            />
          ) : null}
        </g>
        {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> of lines and tick labels is not focusable */}
        <g className="rmap__axis" aria-hidden="true">
          <line x1={plot.x0} x2={plot.x1} y1={plot.y1 + 2} y2={plot.y1 + 2} />
          {chart.ticks.map((t) => (
            <g key={t.block}>
              <line x1={t.x} x2={t.x} y1={plot.y1 + 2} y2={plot.y1 + 6} />
              <text x={t.x} y={plot.y1 + 17} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
          <text className="rmap__axis-caption" x={plot.x1} y={plot.y1 + RM.axisH - 1} textAnchor="end">
            agbno
          </text>
        </g>
      </>
    ),
    [chart, plot, uid],
  );
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG chart whose marks are the controls
    <svg
      ref={svgRef}
      className="rmap__svg"
      width={chart.width}
      height={chart.height}
      role="group"
      aria-label={`rmap records of AG ${vm.agno} on a block axis, ${lanes} lane${lanes === 1 ? '' : 's'}${vm.query ? `, query range ${vm.query.low} to ${vm.query.high}` : ''}`}
    >
      {under}
      {chart.bars.map((b) =>
        b.visible ? (
          <RecordBar key={b.item.rec.id} b={b} st={states.get(b.item.rec.id)} uid={uid} select={select} onKey={onKey} />
        ) : null,
      )}
      {over}
    </svg>
  );
}

interface RecordBarProps {
  b: Bar;
  st: RecState | undefined;
  uid: string;
  select: (id: string | null) => void;
  onKey: (e: KeyboardEvent, id: string) => void;
}

/** a record's bar; the states are made afresh at each step, so they are compared field by field */
const RecordBar = memo(
  RecordBarDrawn,
  (p: RecordBarProps, n: RecordBarProps) =>
    p.b === n.b && p.uid === n.uid && p.select === n.select && p.onKey === n.onKey && shallow(p.st, n.st),
);

function RecordBarDrawn({ b, st, uid, select, onKey }: RecordBarProps) {
  const r = b.item.rec;
  const cls = [
    'rmap__bar',
    r.ownerIsInode ? 'rmap__bar--inode' : 'rmap__bar--metadata',
    st?.shared ? 'rmap__bar--shared' : '',
    st?.visited ? 'rmap__bar--visited' : '',
    st?.current ? 'rmap__bar--current' : '',
    st?.linked ? 'rmap__bar--linked' : '',
    st?.selected ? 'rmap__bar--selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const tx = b.x + 5;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG mark; <button> cannot live in SVG
    <g
      className={cls}
      role="button"
      tabIndex={0}
      aria-pressed={st?.selected ?? false}
      aria-label={recLabel(r, st)}
      aria-current={st?.current ? 'step' : undefined}
      data-record-id={r.id}
      data-in-query={st?.inQuery || undefined}
      data-current={st?.current || undefined}
      data-visited={st?.visited || undefined}
      onClick={() => select(r.id)}
      onKeyDown={(e) => onKey(e, r.id)}
    >
      <title>{recLabel(r, st)}</title>
      {st?.linked ? (
        <rect className="rmap__bar-halo" x={b.x - 3} y={b.y - 3} width={b.w + 6} height={b.h + 6} rx={5} />
      ) : null}
      <rect className="rmap__bar-rect" x={b.x} y={b.y} width={b.w} height={b.h} rx={3} />
      {b.clippedLeft ? <path className="rmap__cont" d={`M${b.x + 1},${b.y + 4} v${b.h - 8}`} /> : null}
      {b.clippedRight ? <path className="rmap__cont" d={`M${b.x + b.w - 1},${b.y + 4} v${b.h - 8}`} /> : null}
      <g clipPath={`url(#${uid}-c${r.recno})`}>
        <text className="rmap__bar-text" x={tx} y={b.y + 14}>
          <tspan className="rmap__bar-owner">
            {glyphs(st)}
            {r.owner}
          </tspan>
          {r.ownerIsInode ? null : <tspan className="rmap__tag"> metadata</tspan>}
          {st?.shared ? <tspan className="rmap__tag rmap__tag--shared"> shared</tspan> : null}
          {r.pgoff !== null ? (
            <tspan className="rmap__pg">
              {' '}
              → pgoff {r.pgoff} pgcnt {r.pgcnt}
            </tspan>
          ) : null}
        </text>
        <text className="rmap__bar-text rmap__bar-sub" x={tx} y={b.y + 29}>
          r{r.recno} · start {r.startblock} · len {r.blockcount} · off {r.offset} · flags {flagsText(r.flags)}
        </text>
      </g>
    </g>
  );
}

const ROW_PX = 24;
const SCREENFUL = { width: 800, height: 400 };

/**
 * The records as a table. Only the rows in the scroll box (plus overscan) are drawn (@tanstack/react-virtual;
 * aria-rowcount/aria-rowindex keep the whole table's size and each row's place); spacer rows above and below
 * keep the scroll height. The selected record is scrolled into view wherever it was selected (the chart, the
 * xarray, a link), and ↑/↓ on a row's button select and focus the record above/below, past the first screen.
 */
function RecordTable({
  vm,
  states,
  select,
}: {
  vm: RmapVM;
  states: Map<string, RecState>;
  select: (id: string | null) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const selection = useApp((s) => s.selection);
  const v = useVirtualizer({
    ...NO_FLUSH_SYNC,
    count: vm.records.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    // rows are ~30 elements each: a few beyond the box is enough for ↑/↓ and a wheel notch
    overscan: 5,
    // a box with no height yet (not laid out, or a test without layout) still draws a screenful, not nothing
    initialRect: SCREENFUL,
    observeElementRect: observeBoxRect(SCREENFUL),
  });
  const indexOf = useMemo(() => new Map(vm.records.map((r, i) => [r.id, i])), [vm.records]);
  // the row whose button takes the focus once drawn (keyboard moves)
  const focusNext = useRef<string | null>(null);
  const statesRef = useRef(states);
  statesRef.current = states;
  // a new selection scrolls its row into view: the record itself, or else the first record it links
  // (a file page, a task or a mapping selected in another view); stepping does not scroll
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection scrolls
  useEffect(() => {
    if (selection === null) return;
    let at = indexOf.get(selection);
    if (at === undefined)
      for (const [id, st] of statesRef.current) {
        const i = indexOf.get(id);
        if (st.linked && i !== undefined && (at === undefined || i < at)) at = i;
      }
    if (at !== undefined) v.scrollToIndex(at, { align: 'auto' });
  }, [selection, indexOf]);
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const btn = scrollRef.current?.querySelector<HTMLButtonElement>(
      `tr[data-record-id="${CSS.escape(id)}"] button.rmap__select`,
    );
    if (btn) {
      btn.focus();
      focusNext.current = null;
    }
  });
  const onRowKey = useCallback(
    (e: KeyboardEvent, index: number) => {
      const to =
        e.key === 'ArrowDown'
          ? index + 1
          : e.key === 'ArrowUp'
            ? index - 1
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? -1
                : null;
      if (to === null) return;
      // the keys move in the table, not through the run's steps
      e.preventDefault();
      e.stopPropagation();
      const i = to < 0 ? vm.records.length - 1 : Math.max(0, Math.min(vm.records.length - 1, to));
      const rec = vm.records[i];
      if (!rec) return;
      focusNext.current = rec.id;
      select(rec.id);
    },
    [vm.records, select],
  );
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="rmap__table-wrap" ref={scrollRef} data-testid="rmap-table-scroll">
      <table className="rmap__table" aria-rowcount={vm.records.length + 1}>
        <caption className="rmap__sr">
          rmap records of AG {vm.agno} on {vm.dev}
        </caption>
        {RECORD_HEAD}
        <tbody>
          {top > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row holding the scroll height
            <tr className="rmap__spacer" aria-hidden="true" style={{ height: top }}>
              <td colSpan={9} />
            </tr>
          ) : null}
          {items.map((row) => {
            const r = vm.records[row.index] as RmapRecordVM;
            const st = states.get(r.id);
            return (
              <RecordRow
                key={r.id}
                r={r}
                index={row.index}
                inQuery={!!st?.inQuery}
                visited={!!st?.visited}
                current={!!st?.current}
                linked={!!st?.linked}
                selected={!!st?.selected}
                select={select}
                onKey={onRowKey}
              />
            );
          })}
          {bottom > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row holding the scroll height
            <tr className="rmap__spacer" aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={9} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** One record's row, drawn again only when the record or its marks change (React.memo on primitives). */
const RecordRow = memo(function RecordRow({
  r,
  index,
  inQuery,
  visited,
  current,
  linked,
  selected,
  select,
  onKey,
}: {
  r: RmapRecordVM;
  index: number;
  inQuery: boolean;
  visited: boolean;
  current: boolean;
  linked: boolean;
  selected: boolean;
  select: (id: string | null) => void;
  onKey: (e: KeyboardEvent, index: number) => void;
}) {
  const cls = [
    'rmap__row',
    r.ownerIsInode ? '' : 'rmap__row--metadata',
    visited ? 'rmap__row--visited' : '',
    current ? 'rmap__row--current' : '',
    linked ? 'rmap__row--linked' : '',
    selected ? 'rmap__row--selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const status = current ? '▶ current step' : visited ? '✓ visited' : inQuery ? 'in range' : '';
  return (
    <tr className={cls} data-record-id={r.id} aria-rowindex={index + 2} aria-current={current ? 'step' : undefined}>
      <td>
        <button
          type="button"
          className="rmap__select"
          aria-pressed={selected}
          aria-label={`Select rmap record ${r.recno} (${r.owner})`}
          onClick={() => select(r.id)}
          onKeyDown={(e) => onKey(e, index)}
        >
          {linked ? '⇄ ' : ''}r{r.recno}
        </button>
      </td>
      <td className="rmap__owner">
        {r.ownerIsInode ? <span className="rmap__muted">inode </span> : null}
        <CopyHex
          value={r.ownerIsInode ? r.owner.replace(/^inode /, '') : r.owner}
          label={`owner of record ${r.recno}`}
        />
        {r.ownerIsInode ? null : <span className="rmap__tag-pill">metadata</span>}
      </td>
      <td>
        <CopyHex value={String(r.startblock)} label={`startblock of record ${r.recno}`} />
      </td>
      <td>
        <CopyHex value={String(r.blockcount)} label={`blockcount of record ${r.recno}`} />
      </td>
      <td>
        <CopyHex value={String(r.offset)} label={`offset of record ${r.recno}`} />
      </td>
      <td title={flagsText(r.flags)}>
        <CopyHex value={`0x${r.flags.toString(16)}`} label={`flags of record ${r.recno}`} />
        {rmapFlagNames(r.flags).length ? (
          <span className="rmap__muted"> {rmapFlagNames(r.flags).join('|')}</span>
        ) : null}
      </td>
      <td className="rmap__status">{status}</td>
      <td className={r.pgoff === null ? 'rmap__muted' : 'rmap__pgcell'}>{r.pgoff ?? '—'}</td>
      <td className={r.pgcnt === null ? 'rmap__muted' : 'rmap__pgcell'}>{r.pgcnt ?? '—'}</td>
    </tr>
  );
});
