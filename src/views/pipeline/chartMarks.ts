/**
 * What the pipeline chart's marks show of their view models (src/views/pipeline/PipelineChart.tsx): the
 * models are made afresh at each step, so the memoised marks compare their fields, not the objects. Every
 * field: the few a mark does not draw (a state's fn and group, an edge's kind) follow from its id.
 */
import { shallow } from 'zustand/shallow';
import type { PipelineEdgeVM, PipelineStateVM } from '../../store/pipelineModel';

export const sameEdge: (a: PipelineEdgeVM, b: PipelineEdgeVM) => boolean = shallow;

export const sameState: (a: PipelineStateVM, b: PipelineStateVM) => boolean = shallow;
