/**
 * Processes and VMAs: one lane per task. Its VMAs are drawn on an address axis (d3.scaleLinear per VMA,
 * gaps between VMAs cut out) with the page-table leaves that map pages (PTE 4K / PMD 2M / PUD 1G), the
 * ranges unmap_mapping_range() removed (hatched), and the address of the poisoned page (✕ mapped,
 * ○ not mapped); a magnifier shows the page-sized cells around it. Below: the SIGBUS the task got (AR /
 * AO, delivered or pending), or why it got none.
 */
import { type KeyboardEvent, memo, useCallback, useId, useMemo, useRef } from 'react';
import { pteId } from '../../kernel/ids';
import { laneStatus, laneTitle, noteReasons, SIGNAL_KIND_TEXT, signalKind } from '../../store/processesModel';
import { useApp } from '../../store/react';
import {
  LANE_LIMIT,
  type ProcessVM,
  selectAllLanes,
  selectCurrentStep,
  selectLinked,
  selectProcessLanes,
  selectTouched,
} from '../../store/selectors';
import { selectThreads, type ThreadsVM } from '../../store/threadsModel';
import { CopyHex } from '../shared/CopyHex';
import { ViewPanel } from '../shared/ViewPanel';
import { LaneList } from './LaneList';
import {
  estimateLaneHeight,
  formatSize,
  hexAddr,
  type LaneLayout,
  layoutLane,
  levelLabel,
  monoWidth,
  PAD,
  ROW,
} from './layout';
import { useWidth } from './useWidth';
import './processes.css';
import { GlossText } from '../glossary/GlossText';
import { ThreadList } from './ThreadList';

interface Marks {
  linked: Set<string>;
  touched: Set<string>;
  selection: string | null;
  select: (id: string | null) => void;
}

const EMPTY = new Set<string>();
const NO_LANES: ProcessVM[] = [];

/**
 * Lanes drawn at first: LANE_LIMIT (selectors.ts). A scenario with 10,000 tasks would otherwise build some
 * 10^5 SVG elements on every load (tens of seconds on the main thread); past this many, the lanes of tasks
 * the current step touches or the selection links are drawn too, and the rest on request.
 */
export function ProcessesView() {
  // every lane is asked of the run ("Show all"); until they are here the capped list stays
  const showAll = useApp((s) => s.allLanes && !!s.views?.allLanesVM);
  const setShowAll = useApp((s) => s.setAllLanes);
  // memoised selectors, one per mode: the capped one builds only the lanes it shows
  const lanes = useApp(showAll ? selectAllLanes : selectProcessLanes);
  const step = useApp(selectCurrentStep);
  const linked = useApp(selectLinked) ?? EMPTY;
  const selection = useApp((s) => s.selection);
  const select = useApp((s) => s.select);
  const threads = useApp(selectThreads);
  const touched = useApp(selectTouched) ?? EMPTY;
  // a thread's ids (task:<tid>) belong to its process's lane
  const leaderOf = useMemo(() => tidLeaders(threads), [threads]);
  // each lane gets only the marks of its own task's objects, so a step re-renders the lanes it changes
  const touchedBy = useMemo(() => idsByPid(touched, leaderOf), [touched, leaderOf]);
  const linkedBy = useMemo(() => idsByPid(linked, leaderOf), [linked, leaderOf]);
  // every lane has the same content width: measured once, on a probe lane the list keeps (measuring each of
  // 10,000 lanes forced a layout per lane)
  const measureRef = useRef<HTMLDivElement>(null);
  const width = useWidth(measureRef, 400);
  const shown = lanes?.shown ?? NO_LANES;
  const indexOfPid = useMemo(() => new Map(shown.map((p, i) => [p.pid, i])), [shown]);
  // the lane a selection names, else the first lane it links (a file page or a pfn selected elsewhere)
  const revealIndex = useMemo(() => {
    if (selection === null) return null;
    const own = laneOfId(selection, leaderOf);
    if (own !== null) return indexOfPid.get(own) ?? null;
    let first: number | null = null;
    for (const pid of linkedBy.keys()) {
      const i = indexOfPid.get(pid);
      if (i !== undefined && (first === null || i < first)) first = i;
    }
    return first;
  }, [selection, leaderOf, indexOfPid, linkedBy]);
  const touchedIndexes = useMemo(
    () =>
      [...touchedBy.keys()]
        .map((pid) => indexOfPid.get(pid))
        .filter((i): i is number => i !== undefined)
        .sort((a, b) => a - b),
    [touchedBy, indexOfPid],
  );
  const estimate = useCallback(
    (i: number) => estimateLaneHeight(shown[i], threads.get(shown[i].pid)?.threads.length),
    [shown, threads],
  );
  const keyOf = useCallback((i: number) => shown[i].id, [shown]);
  if (!lanes) return null;
  const currentEvent = step ? step.event : null;
  const total = lanes.total;
  const capped = !showAll && total > LANE_LIMIT;
  const renderLane = (i: number) => {
    const p = shown[i];
    return (
      <Lane
        p={p}
        posinset={i + 1}
        setsize={shown.length}
        currentEvent={currentEvent}
        touchedIds={touchedBy.get(p.pid) ?? ''}
        linkedIds={linkedBy.get(p.pid) ?? ''}
        selection={selection !== null && laneOfId(selection, leaderOf) === p.pid ? selection : null}
        threads={threads.get(p.pid)}
        select={select}
        width={width}
      />
    );
  };
  return (
    <ViewPanel
      id="processes"
      title="Processes and VMAs"
      subtitle={`${total} task${total === 1 ? '' : 's'}${step ? `, event ${step.event + 1}` : ', before the first step'}`}
    >
      <div className="processes">
        {total === 0 ? (
          <p className="view__empty">No process maps anything in this scenario.</p>
        ) : (
          <>
            <Legend />
            <LaneList
              count={shown.length}
              keyOf={keyOf}
              estimate={estimate}
              renderLane={renderLane}
              reveal={{ selection, index: revealIndex }}
              touched={{ step: step?.id ?? null, indexes: touchedIndexes }}
              widthRef={measureRef}
            />
            {capped ? (
              <p className="processes-more">
                Showing {shown.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')} tasks: the first{' '}
                {LANE_LIMIT} and up to {LANE_LIMIT} more that the current step touches or the selection links.{' '}
                <button type="button" onClick={() => setShowAll(true)}>
                  Show all {total.toLocaleString('en-US')}
                </button>
              </p>
            ) : null}
          </>
        )}
      </div>
    </ViewPanel>
  );
}

/** the same at every step: rendered once */
const Legend = memo(function Legend() {
  return (
    <p className="processes-legend">
      <span>
        <span className="processes-legend__swatch processes-legend__swatch--leaf" aria-hidden="true" />{' '}
        <GlossText text="page-table leaf: PTE (4 KiB), PMD (2 MiB) or PUD (1 GiB)" />
      </span>
      <span>
        <span className="processes-legend__swatch processes-legend__swatch--unmapped" aria-hidden="true" /> unmapped
      </span>
      <span>
        <span className="processes-poison-glyph">✕</span> poisoned page, mapped
      </span>
      <span>
        <span className="processes-poison-glyph">○</span> poisoned page, not mapped
      </span>
      <span>
        <span className="processes-mark processes-mark--current">▶</span> current step
      </span>
      <span>
        <span className="processes-mark processes-mark--linked">◆</span> linked to the selection
      </span>
    </p>
  );
});

/** keyboard activation for SVG marks acting as buttons */
function onActivate(fn: () => void) {
  return (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
}

/** class names and aria state of a selectable object */
function objectState(id: string, m: Marks, base: string) {
  const linked = m.linked.has(id) && m.selection !== id;
  const current = m.touched.has(id);
  const selected = m.selection === id;
  const cls = [base, linked && `${base}--linked`, current && `${base}--current`, selected && `${base}--selected`]
    .filter(Boolean)
    .join(' ');
  const said = [current && 'touched by the current step', selected && 'selected', linked && 'linked to the selection']
    .filter(Boolean)
    .join(', ');
  return { cls, linked, current, selected, said: said ? ` (${said})` : '' };
}

/** The task an object id names (task:PID, vma:PID:…, pt:PID:…), or null. */
function pidOfId(id: string): number | null {
  const [kind, pid] = id.split(':');
  return kind === 'task' || kind === 'vma' || kind === 'pt' ? Number(pid) : null;
}

/** tid → its process's pid, for every thread of a multi-threaded process */
function tidLeaders(threads: Map<number, ThreadsVM>): Map<number, number> {
  const m = new Map<number, number>();
  for (const [pid, vm] of threads) for (const t of vm.threads) m.set(t.tid, pid);
  return m;
}

/** The lane (process pid) an object id belongs to: a thread's ids go to its process's lane. */
function laneOfId(id: string, leaderOf: Map<number, number>): number | null {
  const pid = pidOfId(id);
  return pid === null ? null : (leaderOf.get(pid) ?? pid);
}

/** The ids of a set that name a task's objects, by lane, each lane's as one string (a memo-friendly prop). */
function idsByPid(ids: ReadonlySet<string>, leaderOf: Map<number, number>): Map<number, string> {
  const m = new Map<number, string[]>();
  for (const id of ids) {
    const pid = laneOfId(id, leaderOf);
    if (pid === null) continue;
    const list = m.get(pid);
    if (list) list.push(id);
    else m.set(pid, [id]);
  }
  return new Map([...m].map(([pid, list]) => [pid, list.join(' ')]));
}

const splitIds = (ids: string) => new Set(ids ? ids.split(' ') : []);

/** A lane, rendered again only when its task's model or its own marks change (React.memo). */
const Lane = memo(function Lane({
  p,
  currentEvent,
  touchedIds,
  linkedIds,
  selection,
  select,
  width,
  threads,
  posinset,
  setsize,
}: {
  p: ProcessVM;
  /** the lane's place in the list, and the list's length (the feed's aria-posinset / aria-setsize) */
  posinset: number;
  setsize: number;
  /** the process's threads, when it has more than one */
  threads?: ThreadsVM;
  currentEvent: number | null;
  /** this task's objects the current step touched / the selection links, space-separated */
  touchedIds: string;
  linkedIds: string;
  /** the selection, when it is one of this task's objects */
  selection: string | null;
  select: (id: string | null) => void;
  /** the lane's content width (inside its padding), measured on the list's probe lane */
  width: number;
}) {
  const marks: Marks = useMemo(
    () => ({ touched: splitIds(touchedIds), linked: splitIds(linkedIds), selection, select }),
    [touchedIds, linkedIds, selection, select],
  );
  const title = laneTitle(p);
  const headId = useId();
  const layout = useMemo(() => layoutLane(p, width), [p, width]);
  const lane = laneStatus(p, currentEvent);
  // the signal of this event may have gone to another thread of the process (find_early_kill_thread()):
  // then the process was signalled, and the leader's "no signal" reasons do not apply
  const threadGot =
    currentEvent !== null &&
    !!threads?.threads.some((t) => !t.leader && t.signals.some((x) => x.event === currentEvent));
  const status = threadGot && lane.kind !== 'pending' ? { kind: 'delivered' as const } : lane;
  const task = objectState(p.id, marks, 'processes-task');
  return (
    <article
      className={`processes-lane${p.exited ? ' processes-lane--exited' : ''}`}
      aria-labelledby={headId}
      aria-posinset={posinset}
      aria-setsize={setsize}
      data-task={p.id}
      data-status={status.kind}
    >
      <h3 className="processes-lane__head">
        <button
          type="button"
          className={task.cls}
          onClick={() => marks.select(p.id)}
          aria-pressed={task.selected}
          aria-current={task.current ? 'step' : undefined}
          title={`select ${p.id}`}
        >
          {task.current ? <span className="processes-mark processes-mark--current">▶ </span> : null}
          <span id={headId}>{title}</span>
          {task.linked ? <span className="processes-mark processes-mark--linked"> ◆ linked</span> : null}
        </button>
        {p.exited ? <span className="processes-exited">✕ exited (SIGKILL)</span> : null}
      </h3>
      <LaneSvg p={p} layout={layout} title={title} marks={marks} />
      <LaneFacts p={p} layout={layout} />
      <Signals p={p} currentEvent={currentEvent} />
      {threads ? (
        <ThreadList
          vm={threads}
          processName={p.name}
          currentEvent={currentEvent}
          marks={marks}
          stepLink={(step) => <StepLink step={step} />}
        />
      ) : null}
      {status.kind === 'no-signal' ? (
        <div className="processes-note" data-testid="no-signal-reason">
          <strong>No signal:</strong>
          <ul>
            {p.reasons.length
              ? p.reasons.map((r) => (
                  <li key={r.text}>
                    <GlossText text={r.text} />
                    {r.step ? (
                      <StepLink step={r.step} />
                    ) : (
                      <span className="processes-setup"> (during the scenario's setup)</span>
                    )}
                  </li>
                ))
              : noteReasons(status.reason).map((r) => <li key={r}>{r}</li>)}
          </ul>
        </div>
      ) : null}
    </article>
  );
});

/** "decided at collect_procs_fsdax#2": a link to the step that decided a reason. */
function StepLink({ step }: { step: { index: number; id: string } }) {
  const stepTo = useApp((s) => s.stepTo);
  return (
    <>
      {' — decided at '}
      <button
        type="button"
        className="processes-steplink"
        data-step-link={step.id}
        onClick={() => stepTo(step.index + 1)}
        title={`go to step ${step.index + 1}, ${step.id}`}
      >
        {step.id}
      </button>
    </>
  );
}

function LaneSvg({ p, layout: L, title, marks }: { p: ProcessVM; layout: LaneLayout; title: string; marks: Marks }) {
  const hatch = `processes-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const barBottom = ROW.barTop + ROW.barH;
  const summary = [
    `${p.vmas.length} VMA${p.vmas.length === 1 ? '' : 's'}`,
    `${L.leaves.length} mapped page-table ${L.leaves.length === 1 ? 'leaf' : 'leaves'}`,
    L.unmapped.length ? `${L.unmapped.length} unmapped range${L.unmapped.length === 1 ? '' : 's'}` : '',
    ...L.poison.map((x) => `poisoned page at ${hexAddr(x.addr)} ${x.mapped ? 'mapped' : 'not mapped'}`),
  ]
    .filter(Boolean)
    .join(', ');
  if (L.segments.length === 0)
    return (
      <p className="processes-nomm">
        {p.vmas.length === 0
          ? 'no DAX mapping: nothing this process maps is on pmem'
          : 'no user address space (kernel thread or mm released)'}
      </p>
    );
  const W = L.window;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; role="group" names the drawing and keeps its marks operable (role="img" would hide them)
    <svg
      className="processes-svg"
      width={L.width}
      height={L.height}
      role="group"
      aria-label={`Address space of ${title}: ${summary}`}
    >
      <defs>
        <pattern id={hatch} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="5" height="5" className="processes-hatch__bg" />
          <line x1="0" y1="0" x2="0" y2="5" className="processes-hatch__line" />
        </pattern>
      </defs>
      {L.segments.map((seg, i) => {
        const st = objectState(seg.id, marks, 'processes-vma');
        const v = seg.vma;
        const label = `${v.name} ${v.target} pgoff ${v.pgoff}`;
        const labelFits = seg.x1 - seg.x0 > monoWidth(label) + 60;
        return (
          <g key={seg.id}>
            <text x={seg.x0} y={ROW.addrText} className="processes-addr">
              {hexAddr(v.start)}
            </text>
            {seg.endLabel ? (
              <text x={seg.x1} y={ROW.addrText} className="processes-addr" textAnchor="end">
                {hexAddr(v.end)}
              </text>
            ) : null}
            {/* biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>; it has the role, a name and keyboard handling */}
            <rect
              role="button"
              tabIndex={0}
              aria-label={`VMA ${v.name}: ${hexAddr(v.start)}–${hexAddr(v.end)}, ${v.target}, pgoff ${v.pgoff}, ${formatSize(v.end - v.start)}${st.said}`}
              aria-pressed={st.selected}
              aria-current={st.current ? 'step' : undefined}
              className={st.cls}
              x={seg.x0}
              y={ROW.barTop}
              width={seg.x1 - seg.x0}
              height={ROW.barH}
              rx={3}
              onClick={() => marks.select(seg.id)}
              onKeyDown={onActivate(() => marks.select(seg.id))}
            >
              <title>
                {`vma ${v.name} [${hexAddr(v.start)}, ${hexAddr(v.end)}) ${v.target} pgoff ${v.pgoff} (${formatSize(v.end - v.start)})`}
              </title>
            </rect>
            {labelFits ? (
              <text x={seg.x1 - 5} y={ROW.barTop + ROW.barH / 2 + 4} textAnchor="end" className="processes-vma__label">
                {st.current ? '▶ ' : ''}
                {st.linked ? '◆ ' : ''}
                {label}
              </text>
            ) : null}
            {i > 0 ? (
              <text x={seg.x0 - 7} y={ROW.barTop + ROW.barH / 2 + 4} textAnchor="middle" className="processes-break">
                {'//'}
              </text>
            ) : null}
          </g>
        );
      })}
      {L.unmapped.map((u) => (
        <rect
          key={u.id}
          className={`processes-unmapped${marks.touched.has(pteId(p.pid, u.start)) ? ' processes-unmapped--current' : ''}`}
          x={u.x}
          y={ROW.barTop}
          width={u.w}
          height={ROW.barH}
          fill={`url(#${hatch})`}
        >
          <title>{`unmapped [${hexAddr(u.start)}, ${hexAddr(u.end)}): ${u.cause}`}</title>
        </rect>
      ))}
      {L.leaves.map((e) => {
        const st = objectState(e.id, marks, 'processes-leaf');
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>; it has the role, a name and keyboard handling
          <g
            key={e.id}
            role="button"
            tabIndex={0}
            className={st.cls}
            aria-label={`${e.label} leaf at ${hexAddr(e.addr)} maps pfn ${hexAddr(e.pfn)}${st.said}`}
            aria-pressed={st.selected}
            aria-current={st.current ? 'step' : undefined}
            onClick={() => marks.select(e.id)}
            onKeyDown={onActivate(() => marks.select(e.id))}
          >
            <title>{`${e.id}: ${e.label} ${hexAddr(e.addr)} → pfn ${hexAddr(e.pfn)}`}</title>
            <rect x={e.x} y={ROW.barTop + 3} width={e.w} height={ROW.barH - 6} rx={2} />
            {e.labelInside ? (
              <text x={e.x + 4} y={ROW.barTop + ROW.barH / 2 + 4} className="processes-leaf__label">
                {e.label}
              </text>
            ) : null}
            {st.linked || st.current ? (
              <text
                x={e.x + e.w / 2}
                y={barBottom + 10}
                textAnchor="middle"
                className={`processes-mark ${st.current ? 'processes-mark--current' : 'processes-mark--linked'}`}
              >
                {st.current ? '▶' : '◆'}
              </text>
            ) : null}
          </g>
        );
      })}
      {L.poison.map((x) => (
        <g key={`${x.vmaId}:${x.addr}`} className="processes-poison">
          <title>{`poisoned page at ${hexAddr(x.addr)}: ${x.mapped ? 'mapped' : 'not mapped'}`}</title>
          <line x1={x.x} x2={x.x} y1={ROW.barTop - 2} y2={barBottom + 2} />
          <text x={x.x} y={ROW.barTop + ROW.barH / 2 + 5} textAnchor="middle" className="processes-poison-glyph">
            {x.mapped ? '✕' : '○'}
          </text>
        </g>
      ))}
      {W ? <PageStrip p={p} L={L} hatch={hatch} marks={marks} /> : null}
    </svg>
  );
}

/** The magnifier: WINDOW_PAGES page cells around the focus address, with the file index of each. */
function PageStrip({ p, L, hatch, marks }: { p: ProcessVM; L: LaneLayout; hatch: string; marks: Marks }) {
  const W = L.window;
  if (!W) return null;
  const barBottom = ROW.barTop + ROW.barH;
  const cellW = W.cells[0]?.w ?? 0;
  const labelEvery = Math.max(1, Math.ceil(monoWidth(String(W.lastIndex), 9) / Math.max(1, cellW - 2)));
  const vma = p.vmas.find((v) => v.id === W.vmaId);
  return (
    // the magnifier repeats the main bar at page scale: hidden from assistive tech, which gets the main bar's marks
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: nothing in it is focusable; its leaves are mouse shortcuts for the main bar's leaves
    <g className="processes-strip" aria-hidden="true">
      <polygon
        className="processes-connector"
        points={`${W.barX0},${barBottom} ${W.barX1},${barBottom} ${L.width - PAD},${ROW.stripTop} ${PAD},${ROW.stripTop}`}
      />
      {W.cells.map((c) => (
        <rect key={c.addr} className="processes-cell" x={c.x} y={ROW.stripTop} width={c.w} height={ROW.stripH} />
      ))}
      {W.unmapped.map((u) => (
        <rect
          key={u.id}
          className="processes-unmapped"
          x={u.x}
          y={ROW.stripTop}
          width={u.w}
          height={ROW.stripH}
          fill={`url(#${hatch})`}
        />
      ))}
      {W.leaves.map((b) => {
        const st = objectState(b.id, marks, 'processes-leaf');
        const text = `${b.clipLeft ? '← ' : ''}${b.label}${b.clipRight ? ' →' : ''}`;
        return (
          // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the keyboard path is the same leaf on the main bar
          <g key={b.id} className={st.cls} onClick={() => marks.select(b.id)}>
            <rect x={b.x + 1} y={ROW.stripTop + 2} width={Math.max(2, b.w - 2)} height={ROW.stripH - 4} rx={2} />
            <text
              x={b.w >= monoWidth(text, 9) + 4 ? b.x + b.w / 2 : b.x + b.w + 2}
              y={ROW.stripTop + ROW.stripH / 2 + 3}
              textAnchor={b.w >= monoWidth(text, 9) + 4 ? 'middle' : 'start'}
              className="processes-leaf__label processes-leaf__label--small"
            >
              {text}
            </text>
          </g>
        );
      })}
      {W.cells
        .filter((c) => c.poison)
        .map((c) => (
          <text
            key={`p${c.addr}`}
            x={c.x + c.w / 2}
            y={ROW.stripTop + ROW.stripH / 2 + 5}
            textAnchor="middle"
            className="processes-poison-glyph processes-poison-glyph--big"
          >
            {c.poison === 'mapped' ? '✕' : '○'}
          </text>
        ))}
      {W.cells.map((c, i) =>
        i % labelEvery === 0 || c.poison ? (
          <text
            key={`i${c.addr}`}
            x={c.x + c.w / 2}
            y={ROW.indexText}
            textAnchor="middle"
            className={`processes-index${c.poison ? ' processes-index--poison' : ''}`}
          >
            {c.index}
          </text>
        ) : null,
      )}
      <text x={PAD} y={ROW.caption} className="processes-caption">
        {`${formatSize(W.end - W.start)} at ${hexAddr(W.start)}: ${vma?.target.startsWith('/dev/') ? 'device' : 'file'} page index ${W.firstIndex}–${W.lastIndex}`}
      </text>
    </g>
  );
}

/** The exact values behind the drawing, copyable. */
function LaneFacts({ p, layout }: { p: ProcessVM; layout: LaneLayout }) {
  if (p.vmas.length === 0) return null;
  return (
    <ul className="processes-facts" aria-label={`Mappings of ${p.name}`}>
      {p.vmas.map((v) => (
        <li key={v.id} className="processes-facts__vma">
          <span className="processes-facts__kind">vma {v.name}</span>{' '}
          <CopyHex value={hexAddr(v.start)} label={`start of VMA ${v.name} of ${p.name}`} />–
          <CopyHex value={hexAddr(v.end)} label={`end of VMA ${v.name} of ${p.name}`} /> <code>{v.target}</code> pgoff{' '}
          {v.pgoff}
          <ul>
            {v.entries.map((e) => (
              <li key={e.id}>
                <span className="processes-facts__kind processes-facts__kind--leaf">{levelLabel(e.level)}</span>{' '}
                <CopyHex value={hexAddr(e.addr)} label={`address of ${e.id}`} /> → pfn{' '}
                <CopyHex value={hexAddr(e.pfn)} label={`pfn of ${e.id}`} />
              </li>
            ))}
            {p.poisonAddrs
              .filter((x) => x.vmaId === v.id)
              .map((x) => (
                <li key={`poison:${x.addr}`}>
                  <span className="processes-facts__kind processes-facts__kind--poison">
                    {x.mapped ? '✕ poisoned, mapped' : '○ poisoned, not mapped'}
                  </span>{' '}
                  <CopyHex value={hexAddr(x.addr)} label={`poisoned address in ${p.name}`} /> (index{' '}
                  {v.pgoff + (x.addr - v.start) / 4096})
                </li>
              ))}
          </ul>
        </li>
      ))}
      {layout.unmapped.map((u) => (
        <li key={u.id} className="processes-facts__unmapped">
          <span className="processes-facts__kind processes-facts__kind--unmapped">unmapped</span>{' '}
          <CopyHex value={hexAddr(u.start)} label={`start of unmapped range of ${p.name}`} />–
          <CopyHex value={hexAddr(u.end)} label={`end of unmapped range of ${p.name}`} /> by{' '}
          <span className="processes-cause">{u.cause}</span>
          {u.step ? <StepLink step={u.step} /> : null}
        </li>
      ))}
    </ul>
  );
}

function Signals({ p, currentEvent }: { p: ProcessVM; currentEvent: number | null }) {
  if (p.signals.length === 0 && p.pending.length === 0) return null;
  return (
    <ul className="processes-signals" aria-label={`Signals of ${p.name}`}>
      {p.signals.map((s, i) => (
        <SignalBadge
          // biome-ignore lint/suspicious/noArrayIndexKey: the same signal can be delivered twice (repeat poison); delivery order is the identity
          key={`d${i}`}
          {...s}
          who={p.name}
          state={currentEvent !== null && s.event !== currentEvent ? `event ${s.event + 1}` : 'delivered'}
        />
      ))}
      {p.pending.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pending signals have no id; queue order is the identity
        <SignalBadge key={`p${i}`} {...s} who={p.name} state="pending" />
      ))}
    </ul>
  );
}

function SignalBadge({
  signo,
  code,
  addr,
  lsb,
  state,
  who,
}: {
  signo: string;
  code: string;
  addr: string;
  lsb: number;
  state: string;
  who: string;
}) {
  const kind = signalKind(code);
  return (
    <li
      className={`processes-sig processes-sig--${kind}${state === 'pending' ? ' processes-sig--pending' : ''}`}
      data-code={code}
      data-state={state}
    >
      <span className="processes-sig__kind" title={SIGNAL_KIND_TEXT[kind]}>
        {kind === 'other' ? code : kind}
      </span>{' '}
      <code>
        {signo} {code}
      </code>{' '}
      si_addr <CopyHex value={addr} label={`si_addr of the ${code} sent to ${who}`} /> lsb {lsb}{' '}
      <span className="processes-sig__state">{state}</span>
    </li>
  );
}
