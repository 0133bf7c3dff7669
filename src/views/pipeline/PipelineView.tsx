/**
 * The pipeline: the statechart of kernel functions with the path taken so far and the current state,
 * the current step (function, file, what it did, the guard values that decided its branch), and the
 * step log. The path stays marked: every state and edge taken up to the cursor keeps its mark.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useApp } from '../../store/react';
import { type StepVM, selectCurrentStep, selectPipeline, selectSteps } from '../../store/selectors';
import { ViewPanel } from '../shared/ViewPanel';
import { BOX_H, BOX_W, layoutPipeline } from './layout';
import './pipeline.css';
import { ArrowMarker } from '../shared/ArrowMarker';

export function PipelineView() {
  const vm = useApp(selectPipeline);
  const layout = useMemo(() => (vm ? layoutPipeline(vm) : null), [vm]);
  const chartRef = useRef<HTMLDivElement>(null);
  const current = vm?.states.find((s) => s.current);
  const currentBox = current && layout ? layout.boxes.get(current.fn) : undefined;
  // keep the current state in view when the chart is wider than its column
  useEffect(() => {
    const el = chartRef.current;
    if (!el || !currentBox) return;
    const left = currentBox.x - el.scrollLeft;
    if (left < 0 || left + BOX_W > el.clientWidth)
      el.scrollLeft = Math.max(0, currentBox.x - (el.clientWidth - BOX_W) / 2);
  }, [currentBox]);
  if (!vm || !layout) return null;
  return (
    <ViewPanel id="pipeline" title="Pipeline" subtitle={current ? `in ${current.fn}()` : 'not started'}>
      <div className="pipeline">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
        <div className="pipeline__chart" ref={chartRef} tabIndex={0}>
          <svg
            viewBox={`-4 -4 ${layout.width + 40} ${layout.height + 8}`}
            width={layout.width + 40}
            height={layout.height + 8}
            role="img"
            aria-label={`Statechart of the memory-failure pipeline. ${current ? `Current state: ${current.fn} (${current.file}).` : 'Not started.'} Visited: ${vm.states
              .filter((s) => s.visits)
              .map((s) => s.fn)
              .join(', ')}`}
          >
            <defs>
              <ArrowMarker id="pipeline-arrow" className="pipeline__arrowhead" />
            </defs>
            {layout.edges
              .filter((e) => e.taken === 0)
              .map((e) => (
                <path key={e.key} d={e.path} className="pipeline__edge" />
              ))}
            {layout.edges
              .filter((e) => e.taken > 0)
              .map((e) => (
                <path
                  key={e.key}
                  d={e.path}
                  className="pipeline__edge pipeline__edge--taken"
                  markerEnd="url(#pipeline-arrow)"
                >
                  <title>
                    {e.from} → {e.to} ({e.branch}), taken {e.taken}×
                  </title>
                </path>
              ))}
            {vm.states.map((s) => {
              const b = layout.boxes.get(s.fn);
              if (!b) return null;
              const cls = `pipeline__state${s.visits ? ' pipeline__state--visited' : ''}${s.current ? ' pipeline__state--current' : ''}`;
              return (
                <g
                  key={s.fn}
                  transform={`translate(${b.x},${b.y})`}
                  className={cls}
                  data-fn={s.fn}
                  data-visits={s.visits}
                  data-current={s.current || undefined}
                >
                  <title>
                    {s.fn}() — {s.file}
                    {s.visits ? `, entered ${s.visits}×` : ', not reached'}
                  </title>
                  <rect width={BOX_W} height={BOX_H} rx={4} />
                  <text x={8} y={BOX_H / 2 + 4} className="pipeline__fn">
                    {s.current ? '▶ ' : s.visits ? '✓ ' : ''}
                    {s.fn}
                  </text>
                  {s.visits > 1 ? (
                    <text x={BOX_W - 6} y={BOX_H / 2 + 4} textAnchor="end" className="pipeline__count">
                      ×{s.visits}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </svg>
        </div>
        <CurrentStep />
        <StepLog />
      </div>
    </ViewPanel>
  );
}

function CurrentStep() {
  const step = useApp(selectCurrentStep);
  const select = useApp((s) => s.select);
  const selection = useApp((s) => s.selection);
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
        <span className="pipeline__step-file">{step.file}</span>
        <span className="pipeline__step-id">{step.id}</span>
      </div>
      <p className="pipeline__event">
        event {step.event + 1}: {step.eventLabel}
      </p>
      <p className="pipeline__summary">{step.summary}</p>
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
    </div>
  );
}

const LOG_WINDOW = 150;

function StepLog() {
  const all = useApp(selectSteps);
  const cursor = useApp((s) => s.cursor);
  const stepTo = useApp((s) => s.stepTo);
  const listRef = useRef<HTMLOListElement>(null);
  // keep the current step in the middle of the log (scrolling the list only, never the page)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect reads the DOM the cursor changes
  useEffect(() => {
    const list = listRef.current;
    const item = list?.querySelector<HTMLElement>('li.is-current');
    if (!list || !item) return;
    list.scrollTop = item.offsetTop - list.clientHeight / 2;
  }, [cursor]);
  if (!all) return null;
  const from = Math.max(0, Math.min(cursor - LOG_WINDOW / 2, all.length - LOG_WINDOW));
  const shown: StepVM[] = all.slice(from, from + LOG_WINDOW);
  return (
    <div className="pipeline__log">
      <h3 className="pipeline__log-title">
        Event log <span className="pipeline__muted">({all.length} steps)</span>
      </h3>
      <ol start={from + 1} ref={listRef}>
        {shown.map((st) => (
          <li key={st.index} className={`${st.done ? 'is-done' : ''}${st.current ? ' is-current' : ''}`}>
            <button type="button" onClick={() => stepTo(st.index + 1)} aria-current={st.current ? 'step' : undefined}>
              <code>{st.id}</code> <span>{st.summary}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
