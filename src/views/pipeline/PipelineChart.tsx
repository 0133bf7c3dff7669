/**
 * The statechart of the run: the states it enters laid out by ELK in execution order, fitted to the pane,
 * with zoom and pan (d3-zoom). Boxes never move while stepping (the layout depends on the run, not the
 * cursor). ✓ entered, ▶ current, ×N entries; taken edges solid, the transition just taken highlighted and
 * animated; a state is a button: it lists its calls and jumps to them.
 */
import { select as d3select, type ZoomBehavior, zoom, zoomIdentity } from 'd3';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { PipelineEdgeVM, PipelineStateVM } from '../../store/pipelineModel';
import { useApp } from '../../store/react';
import { type PipelineShapeVM, selectPipeline, selectPipelineShape } from '../../store/selectors';
import { ArrowMarker } from '../shared/ArrowMarker';
import { sameEdge, sameState } from './chartMarks';
import { BOX_H, COUNT_W, type GraphLayout, layoutGraph, MARK_W, type PlacedNode } from './graphLayout';

const MAX_SCALE = 2.5;

export function PipelineChart({ open, onOpen }: { open: string | null; onOpen: (id: string) => void }) {
  const shape = useApp(selectPipelineShape);
  const vm = useApp(selectPipeline);
  const [layout, setLayout] = useState<GraphLayout | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  useEffect(() => {
    if (!shape) return;
    let live = true;
    setLayout(null);
    layoutGraph(shape.nodes, shape.edges).then(
      (l) => live && setLayout(l),
      (e: Error) => live && setFailed(e.message),
    );
    return () => {
      live = false;
    };
  }, [shape]);

  /** the whole graph in the pane, centred; never larger than MAX_SCALE */
  const fitToPane = useCallback(() => {
    const box = boxRef.current;
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!box || !svg || !z || !layout) return;
    const w = box.clientWidth;
    const h = box.clientHeight;
    const k = Math.min(w / layout.width, h / layout.height, MAX_SCALE);
    const t = zoomIdentity.translate((w - layout.width * k) / 2, (h - layout.height * k) / 2).scale(k);
    d3select(svg).call(z.transform, t);
  }, [layout]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !layout) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.1, 6])
      .on('zoom', (e) => gRef.current?.setAttribute('transform', e.transform.toString()));
    zoomRef.current = z;
    d3select(svg).call(z).on('dblclick.zoom', null);
    fitToPane();
    const ro = new ResizeObserver(() => fitToPane());
    if (boxRef.current) ro.observe(boxRef.current);
    return () => {
      ro.disconnect();
      d3select(svg).on('.zoom', null);
    };
  }, [layout, fitToPane]);

  const zoomBy = (f: number) => {
    if (svgRef.current && zoomRef.current) d3select(svgRef.current).call(zoomRef.current.scaleBy, f);
  };

  if (!vm || !shape) return null;
  const byId = new Map(vm.states.map((s) => [s.id, s]));
  const current = vm.states.find((s) => s.current);
  return (
    <div className="pipeline__chartwrap">
      <div className="pipeline__zoom" role="toolbar" aria-label="Chart zoom">
        <button type="button" onClick={fitToPane} title="Fit the whole chart in the pane">
          Fit
        </button>
        <button type="button" onClick={() => zoomBy(1.3)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(1 / 1.3)} aria-label="Zoom out">
          −
        </button>
      </div>
      <div className="pipeline__chart" ref={boxRef} data-keys-zoom="">
        {failed ? <p role="alert">The chart layout failed: {failed}</p> : null}
        {/* biome-ignore lint/a11y/useSemanticElements: the chart's states are SVG groups; a fieldset cannot hold them */}
        <svg
          ref={svgRef}
          width="100%"
          height="100%"
          role="group"
          aria-label={`Statechart of the run: ${shape.nodes.length} states, laid out in execution order. ${current ? `Current: ${current.id}.` : 'Not started.'}`}
          data-ready={layout ? 'true' : undefined}
        >
          <defs>
            <ArrowMarker id="pipeline-arrow" className="pipeline__arrowhead" />
            <ArrowMarker id="pipeline-arrow-last" className="pipeline__arrowhead--last" size={3} />
          </defs>
          <g ref={gRef}>
            {layout
              ? vm.edges.map((e) => {
                  const r = layout.edges.get(e.key);
                  return r ? <ChartEdge key={e.key} e={e} path={r.path} /> : null;
                })
              : null}
            {layout
              ? shape.nodes.map((n) => {
                  const b = layout.nodes.get(n.id);
                  const s = byId.get(n.id);
                  if (!b || !s) return null;
                  return <ChartState key={n.id} s={s} label={n.label} b={b} open={open === s.id} onOpen={onOpen} />;
                })
              : null}
          </g>
        </svg>
        {!layout && !failed ? <p className="pipeline__muted pipeline__loading">Laying out the chart…</p> : null}
      </div>
      <Legend flaw={vm.states.some((s) => s.flaw)} />
      <Unentered unentered={shape.unentered} />
    </div>
  );
}

/*
 * The chart's marks are memoised on what they draw: the view model is made afresh at each step, but a step
 * changes a few states and edges (the current one, a count, the transition just taken), and a mark that did
 * not change is not rendered nor diffed again (bench A: ~600 SVG elements re-rendered per step before).
 */

/** an edge of the chart, drawn again only when its tally or its "just taken" mark changes */
const ChartEdge = memo(
  function ChartEdge({ e, path }: { e: PipelineEdgeVM; path: string }) {
    const cls = `pipeline__edge${e.taken ? ' pipeline__edge--taken' : ''}${e.last ? ' pipeline__edge--last' : ''}`;
    return (
      <path
        d={path}
        className={cls}
        data-edge={e.key}
        markerEnd={e.last ? 'url(#pipeline-arrow-last)' : e.taken ? 'url(#pipeline-arrow)' : undefined}
      >
        <title>
          {e.from} → {e.to} (branch {e.branch}){e.taken ? `, taken ${e.taken}×` : ', not taken yet'}
        </title>
      </path>
    );
  },
  (a, b) => a.path === b.path && sameEdge(a.e, b.e),
);

interface ChartStateProps {
  s: PipelineStateVM;
  label: string;
  b: PlacedNode;
  open: boolean;
  onOpen: (id: string) => void;
}

/** a state's box, drawn again only when what it shows changes */
const ChartState = memo(
  function ChartState({ s, label: name, b, open, onOpen }: ChartStateProps) {
    const cls = [
      'pipeline__state',
      s.kind === 'kernel' ? '' : 'pipeline__state--flow',
      s.visits ? 'pipeline__state--visited' : '',
      s.current ? 'pipeline__state--current' : '',
      s.lit ? 'pipeline__state--lit' : '',
      s.flaw ? 'pipeline__state--flaw' : '',
      open ? 'pipeline__state--open' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const label = `${name}${s.kind === 'kernel' ? `(), ${s.file}` : ` (${s.description})`}: ${s.current ? 'current state, ' : ''}${s.visits ? `entered ${s.visits} time${s.visits > 1 ? 's' : ''}` : 'not entered yet'}${s.lit ? ', touches the selection' : ''}${s.flaw ? `; the reviewed flaw bites here: ${s.flaw}` : ''}`;
    return (
      // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
      <g
        transform={`translate(${b.x},${b.y})`}
        className={cls}
        data-state={s.id}
        data-visits={s.visits}
        data-current={s.current || undefined}
        data-flaw={s.flaw ? 'true' : undefined}
        role="button"
        tabIndex={0}
        aria-label={label}
        aria-pressed={open}
        onClick={() => onOpen(s.id)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            e.stopPropagation();
            onOpen(s.id);
          }
        }}
      >
        <title>{label}</title>
        <rect width={b.w} height={BOX_H} rx={s.kind === 'kernel' ? 4 : 11} />
        <text x={4} y={BOX_H / 2 + 4} className="pipeline__mark">
          {s.current ? '▶' : s.visits ? '✓' : ''}
        </text>
        {s.lit ? (
          <text x={-12} y={BOX_H / 2 + 4} className="pipeline__litmark">
            ◆
          </text>
        ) : null}
        {s.flaw ? (
          <text x={b.w + 4} y={BOX_H / 2 + 5} className="pipeline__flawmark">
            ⚠ flaw
          </text>
        ) : null}
        <text x={MARK_W} y={BOX_H / 2 + 4} className="pipeline__fn">
          {name}
        </text>
        {s.visits > 1 ? (
          <text x={b.w - 4} y={BOX_H / 2 + 4} textAnchor="end" className="pipeline__count" data-count-width={COUNT_W}>
            ×{s.visits}
          </text>
        ) : null}
      </g>
    );
  },
  (a, b) => a.label === b.label && a.b === b.b && a.open === b.open && a.onOpen === b.onOpen && sameState(a.s, b.s),
);

/** the states the run never enters: the run's, not the step's */
const Unentered = memo(function Unentered({ unentered }: { unentered: PipelineShapeVM['unentered'] }) {
  if (!unentered.length) return null;
  return (
    <details className="pipeline__unentered">
      <summary>
        {unentered.length} state{unentered.length > 1 ? 's' : ''} of the machine this run never enters
      </summary>
      <ul>
        {unentered.map((u) => (
          <li key={u.id}>
            <code>{u.id}</code> <span className="pipeline__muted">{u.description}</span>
          </li>
        ))}
      </ul>
    </details>
  );
});

const Legend = memo(function Legend({ flaw }: { flaw: boolean }) {
  return (
    <ul className="pipeline__legend" aria-label="Chart legend">
      <li>
        <span className="pipeline__key pipeline__key--current" aria-hidden="true">
          ▶
        </span>{' '}
        current state
      </li>
      <li>
        <span className="pipeline__key pipeline__key--visited" aria-hidden="true">
          ✓
        </span>{' '}
        entered
      </li>
      <li>
        <span className="pipeline__key" aria-hidden="true">
          ×N
        </span>{' '}
        times entered
      </li>
      <li>
        <svg width="26" height="8" aria-hidden="true">
          <path d="M1,4 H25" className="pipeline__edge pipeline__edge--last" />
        </svg>{' '}
        transition just taken
      </li>
      <li>
        <svg width="26" height="8" aria-hidden="true">
          <path d="M1,4 H25" className="pipeline__edge pipeline__edge--taken" />
        </svg>{' '}
        taken
      </li>
      <li>
        <svg width="26" height="8" aria-hidden="true">
          <path d="M1,4 H25" className="pipeline__edge" />
        </svg>{' '}
        dashed: not taken yet
      </li>
      <li>
        <span className="pipeline__key pipeline__key--flow" aria-hidden="true">
          ( )
        </span>{' '}
        rounded: control flow, not a kernel function
      </li>
      <li>
        <span className="pipeline__key pipeline__key--lit" aria-hidden="true">
          ◆
        </span>{' '}
        touches the selection
      </li>
      {flaw ? (
        <li>
          <span className="pipeline__key pipeline__key--flaw" aria-hidden="true">
            ⚠
          </span>{' '}
          the reviewed flaw bites here (a design, or a release before its fix)
        </li>
      ) : null}
    </ul>
  );
});
