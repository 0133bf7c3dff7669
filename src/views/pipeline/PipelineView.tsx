/**
 * The pipeline: the statechart of kernel functions with the path taken so far and the current state,
 * the current step (function, file, what it did, the guard values that decided its branch), and the
 * step log. The path stays marked: every state and edge taken up to the cursor keeps its mark.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { findVariant } from '../../kernel/variants/variants';
import type { LoopFold } from '../../store/navigation';
import { safeRow, selectStepsUnescaped, useApp, useAppStore } from '../../store/react';
import {
  type StepRowVM,
  selectCurrentStep,
  selectLoops,
  selectPipeline,
  selectSelectionSteps,
  selectStepSource,
  stateCalls,
} from '../../store/selectors';
import { DesignNote } from '../design/DesignNote';
import { CopyStepText } from '../export/CopyStepText';
import { Deferred } from '../shared/Deferred';
import { keepInMiddle, useBoxVirtualizer } from '../shared/useBoxVirtualizer';
import { ViewPanel } from '../shared/ViewPanel';
import { TourBar } from '../tour/TourBar';
import { logRows, loopAt, rowOfSteps } from './logRows';
import { PipelineChart } from './PipelineChart';
import './pipeline.css';
import { GlossText } from '../glossary/GlossText';
import { Changes } from './Changes';
import { RaceHere } from './RaceHere';

export function PipelineView() {
  const vm = useApp(selectPipeline);
  const kernel = useApp((s) => (s.load.status === 'ready' ? s.load.sim.report.kernel : null));
  const [open, setOpen] = useState<string | null>(null);
  // stable, so the chart's state boxes (memoised) are not drawn again at every step for a new closure
  const onOpen = useCallback((id: string) => setOpen((o) => (o === id ? null : id)), []);
  const current = vm?.states.find((s) => s.current);
  if (!vm) return null;
  return (
    <ViewPanel id="pipeline" title="Pipeline" subtitle={current ? `in ${current.id}` : 'not started'}>
      <div className="pipeline">
        <TourBar />
        {kernel && (findVariant(kernel)?.design || findVariant(kernel)?.historicalReview) ? (
          <DesignNote variantId={kernel} headingLevel={3} />
        ) : null}
        <PipelineChart open={open} onOpen={onOpen} />
        {open ? <CallList stateId={open} onClose={() => setOpen(null)} /> : null}
        <CurrentStep />
        <Deferred>
          <StepLog />
        </Deferred>
      </div>
    </ViewPanel>
  );
}

const CALLS_SHOWN = 60;

/** The calls of one state: each a link to its step; the first click on a state jumps to its next call. */
function CallList({ stateId, onClose }: { stateId: string; onClose: () => void }) {
  const store = useAppStore();
  const cursor = useApp((s) => s.cursor);
  const stepTo = useApp((s) => s.stepTo);
  const calls = useMemo(() => stateCalls(store.getState(), stateId), [store, stateId]);
  const next = calls.find((c) => c.index >= cursor) ?? calls[0];
  const from = Math.max(0, Math.min(calls.indexOf(next as (typeof calls)[number]) - 5, calls.length - CALLS_SHOWN));
  return (
    <div className="pipeline__calls" data-calls={stateId}>
      <div className="pipeline__calls-head">
        <strong>
          <code>{stateId}</code>
        </strong>{' '}
        {calls.length ? (
          <span className="pipeline__muted">
            {calls.length} call{calls.length > 1 ? 's' : ''} in this run
          </span>
        ) : (
          <span className="pipeline__muted">control flow: no kernel function runs here</span>
        )}
        {next ? (
          <button type="button" onClick={() => stepTo(next.index + 1)}>
            Go to {next.id}
          </button>
        ) : null}
        <button type="button" onClick={onClose} aria-label={`Close the calls of ${stateId}`}>
          ×
        </button>
      </div>
      {calls.length ? (
        <ol start={from + 1}>
          {calls.slice(from, from + CALLS_SHOWN).map((c) => (
            <li key={c.index}>
              <button
                type="button"
                className={c.index === cursor - 1 ? 'pipeline__call--current' : undefined}
                onClick={() => stepTo(c.index + 1)}
              >
                <code>{c.id}</code> <span className="pipeline__muted">step {c.index + 1}</span> {c.summary}
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      {calls.length > CALLS_SHOWN ? (
        <p className="pipeline__muted">
          showing {CALLS_SHOWN} of {calls.length} around the cursor
        </p>
      ) : null}
    </div>
  );
}

/** The step's file, linked to its function's definition at the kernel version shown. */
function SourceAnchor({ file }: { file: string }) {
  const src = useApp(selectStepSource);
  if (!src) return <span className="pipeline__step-file">{file}</span>;
  return (
    <a
      className="pipeline__step-file"
      href={src.link.url}
      target="_blank"
      rel="noreferrer noopener"
      data-source-link=""
      title={
        src.link.version === 'unmerged'
          ? `an unmerged design: the posting, ${src.link.label}`
          : src.link.exact
            ? `the definition in Linux ${src.link.version} on Elixir`
            : `Elixir identifier search, ${src.link.version}`
      }
    >
      {src.link.exact ? src.link.label : file} <span className="pipeline__muted">({src.link.version})</span>
    </a>
  );
}

function DrgnLines() {
  const src = useApp(selectStepSource);
  if (!src?.drgn.length) return null;
  return (
    <details className="pipeline__drgn">
      <summary>drgn: read the same objects on a live system</summary>
      <ul>
        {src.drgn.map((d) => (
          <li key={d.id}>
            <code>{d.expr}</code> <span className="pipeline__muted"># {d.id}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

function CurrentStep() {
  const step = useApp(selectCurrentStep);
  const select = useApp((s) => s.select);
  const selection = useApp((s) => s.selection);
  // a term is defined once in the step panel, where it first occurs
  const seen = new Set<string>();
  if (!step)
    return (
      <div className="pipeline__step" aria-live="polite">
        <p className="pipeline__muted">
          Before the first kernel step: the scenario has set up namespaces, files, mappings and faults. Press → or ▶ to
          start.
        </p>
      </div>
    );
  return (
    <div className="pipeline__step" aria-live="polite" data-step-id={step.id}>
      <div className="pipeline__step-head">
        <code className="pipeline__step-fn">{step.fn}()</code>
        <SourceAnchor file={step.file} />
        <span className="pipeline__step-id">{step.id}</span>
        <CopyStepText />
      </div>
      <p className="pipeline__event">
        event {step.event + 1}: <GlossText text={step.eventLabel} seen={seen} />
      </p>
      <p className="pipeline__summary">
        <GlossText text={step.summary} seen={seen} />
      </p>
      {step.flaw ? (
        <p className="pipeline__flaw" role="note">
          <strong className="pipeline__flaw-lead">⚠ The reviewed flaw bites here:</strong> {step.flaw}
        </p>
      ) : null}
      {step.group ? (
        <p className="pipeline__group">
          grouped: {step.group.count.toLocaleString()} {step.group.what} from #{step.group.first} (each one reachable in
          the rmap view)
        </p>
      ) : null}
      {step.decisions.length ? (
        <ul className="pipeline__decisions" aria-label="Decisions">
          {step.decisions.map((d) => (
            <li
              key={`${d.predicate}:${d.reads.map((r) => r.value).join(',')}`}
              className={d.result ? 'is-true' : 'is-false'}
            >
              <span className="pipeline__decision">
                <code>{d.predicate}</code> → <strong>{d.result ? 'true' : 'false'}</strong>
                <span className="pipeline__models">
                  {' '}
                  ({d.models.fn}, {d.models.file})
                </span>
              </span>
              <ul>
                {d.reads.map((r) => (
                  <li key={r.path}>
                    <code>{r.path}</code> = <code>{r.value}</code>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="pipeline__branch">
        branch taken: <code>{step.branch}</code>
      </p>
      {step.detail ? (
        <dl className="pipeline__detail">
          {Object.entries(step.detail).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>
                <code>{String(v)}</code>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {step.touched.length ? (
        <div className="pipeline__touched">
          <span>touched:</span>
          {step.touched.slice(0, 24).map((id) => (
            <button
              type="button"
              key={id}
              className={`pipeline__obj${selection === id ? ' is-selected' : ''}`}
              onClick={() => select(id)}
              aria-pressed={selection === id}
            >
              {id}
            </button>
          ))}
          {step.touched.length > 24 ? <span className="pipeline__muted">+{step.touched.length - 24} more</span> : null}
        </div>
      ) : null}
      <Changes />
      <DrgnLines />
      <RaceHere event={step.event} fn={step.fn} />
    </div>
  );
}

/** a log row's height before it is measured (one line) */
const LOG_ROW_PX = 18;

function StepLog() {
  // the rows are escaped as they are drawn (the virtual list's few), not all 13,027 of a large run at once
  const all = useApp(selectStepsUnescaped);
  const loops = useApp(selectLoops);
  const lit = useApp(selectSelectionSteps);
  const cursor = useApp((s) => s.cursor);
  const stepTo = useApp((s) => s.stepTo);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const listRef = useRef<HTMLOListElement>(null);
  const open = loops ? loopAt(loops, cursor - 1) : null;
  const rows = useMemo(() => (all ? logRows(all, loops ?? [], open, expanded) : []), [all, loops, open, expanded]);
  const rowOf = useMemo(() => rowOfSteps(rows, all?.length ?? 0), [rows, all]);
  // a virtual list: only the rows in the log's box are drawn (a run can have 10^4 steps); rows wrap, so each
  // drawn row is measured
  const v = useBoxVirtualizer(listRef, rows.length, LOG_ROW_PX, 10);
  // stable, so the rows (memoised) are drawn again only when their own marks change
  const toggle = useCallback(
    (first: number) =>
      setExpanded((e) => {
        const n = new Set(e);
        if (n.has(first)) n.delete(first);
        else n.add(first);
        return n;
      }),
    [],
  );
  const at = Math.max(0, rowOf[cursor - 1] ?? -1);
  // keep the current step in the middle half of the log (scrolling the list only, never the page): a step to
  // the next row mostly scrolls nothing (a scroll forces the page's layout here, then draws and measures the
  // rows it brings in)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new cursor scrolls, nothing else
  useEffect(() => {
    if (!rows.length) return;
    const to = keepInMiddle(v.measurementsCache[at], v.scrollOffset, v.scrollRect?.height, v.getTotalSize());
    if (to === 'center') v.scrollToIndex(at, { align: 'center' });
    else if (to !== null) v.scrollToOffset(to);
  }, [cursor]);
  if (!all) return null;
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = Math.max(0, v.getTotalSize() - (items.at(-1)?.end ?? 0));
  return (
    <div className="pipeline__log">
      <h3 className="pipeline__log-title">
        Event log{' '}
        <span className="pipeline__muted">
          ({all.length} steps{rows.length < all.length ? `, ${rows.length} rows with loops folded` : ''})
        </span>
      </h3>
      <ol ref={listRef}>
        {/* spacers inside the box keep its scroll height (padding on the box would grow the box itself) */}
        {top > 0 ? <li aria-hidden="true" className="pipeline__log-spacer" style={{ height: top }} /> : null}
        {items.map(({ index }) => {
          const r = rows[index];
          if (r.kind === 'loop')
            return (
              <LoopRow
                key={`loop-${r.loop.first}`}
                loop={r.loop}
                index={index}
                done={r.loop.end <= cursor}
                measure={v.measureElement}
                toggle={toggle}
                stepTo={stepTo}
              />
            );
          const index0 = r.step.index;
          return (
            <StepRow
              key={index0}
              step={r.step}
              index={index}
              done={index0 < cursor}
              current={index0 === cursor - 1}
              lit={lit?.has(index0) ?? false}
              loop={expanded.size ? loops?.find((l) => l.first === index0 && expanded.has(l.first)) : undefined}
              measure={v.measureElement}
              toggle={toggle}
              stepTo={stepTo}
            />
          );
        })}
        {bottom > 0 ? <li aria-hidden="true" className="pipeline__log-spacer" style={{ height: bottom }} /> : null}
      </ol>
    </div>
  );
}

interface RowProps {
  /** the row's place in the virtual list */
  index: number;
  done: boolean;
  measure: (el: Element | null) => void;
  toggle: (first: number) => void;
  stepTo: (cursor: number) => void;
}

/**
 * A folded loop of the log. The log's rows are memoised on their marks (done, current, lit): a step changes
 * one or two of them, not the ~50 drawn (each a few elements that React would render and diff again).
 */
const LoopRow = memo(function LoopRow({
  loop: l,
  index,
  done,
  measure,
  toggle,
  stepTo,
}: RowProps & { loop: LoopFold }) {
  return (
    <li className={`pipeline__loop${done ? ' is-done' : ''}`} value={l.first + 1} data-index={index} ref={measure}>
      <button type="button" onClick={() => toggle(l.first)} aria-expanded={false}>
        ▸ loop ×{l.iterations}: <code>{l.pattern.join(' → ')}</code>{' '}
        <span className="pipeline__muted">
          (steps {l.first + 1}–{l.end})
        </span>
      </button>
      <button type="button" className="pipeline__loop-jump" onClick={() => stepTo(l.end)}>
        go to its end
      </button>
    </li>
  );
});

/** a step of the log (see LoopRow), with the fold button of the expanded loop it starts */
const StepRow = memo(function StepRow({
  step,
  index,
  done,
  current,
  lit,
  loop,
  measure,
  toggle,
  stepTo,
}: RowProps & { step: StepRowVM; current: boolean; lit: boolean; loop: LoopFold | undefined }) {
  const st = safeRow(step);
  return (
    <li
      value={st.index + 1}
      className={`${done ? 'is-done' : ''}${current ? ' is-current' : ''}${lit ? ' is-lit' : ''}`}
      data-step={st.id}
      data-index={index}
      ref={measure}
    >
      {loop ? (
        <button type="button" className="pipeline__loop-fold" onClick={() => toggle(loop.first)} aria-expanded>
          ▾ fold the loop ×{loop.iterations}
        </button>
      ) : null}
      <button type="button" onClick={() => stepTo(st.index + 1)} aria-current={current ? 'step' : undefined}>
        {lit ? <span className="pipeline__litmark-text">◆ </span> : null}
        {st.flaw ? <span className="pipeline__flawmark-text">⚠ </span> : null}
        <code>{st.id}</code> <span>{st.summary}</span>
      </button>
    </li>
  );
});
