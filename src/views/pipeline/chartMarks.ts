/**
 * What the pipeline chart's marks show of their view models (src/views/pipeline/PipelineChart.tsx): the
 * models are made afresh at each step, so the memoised marks compare these fields, not the objects.
 */
import type { PipelineEdgeVM, PipelineStateVM } from '../../store/pipelineModel';

/** the fields of an edge's view model that its mark shows */
export const sameEdge = (a: PipelineEdgeVM, b: PipelineEdgeVM): boolean =>
  a === b ||
  (a.key === b.key &&
    a.from === b.from &&
    a.to === b.to &&
    a.branch === b.branch &&
    a.taken === b.taken &&
    a.last === b.last);

/** the fields of a state's view model that its box shows */
export const sameState = (a: PipelineStateVM, b: PipelineStateVM): boolean =>
  a === b ||
  (a.id === b.id &&
    a.kind === b.kind &&
    a.file === b.file &&
    a.description === b.description &&
    a.visits === b.visits &&
    a.current === b.current &&
    a.lit === b.lit &&
    a.flaw === b.flaw);
