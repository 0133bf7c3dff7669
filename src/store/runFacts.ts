/**
 * Facts of a whole run that the page's views read at every cursor but no cursor changes: the pipeline chart's
 * shape (states in the order the run enters them) and the loops folded in the log. Made where the run is, with
 * its summary (bench A: 13,027 steps walked, ~0.1–0.2 s on the page's main thread otherwise).
 */
import type { PipelineGraph } from '../pipeline/graph';
import type { StepRecord } from '../pipeline/runtime';
import { findLoops, type LoopFold } from './navigation';
import { type PipelineShapeVM, pipelineShape } from './selectors';

export interface RunFacts {
  shape: PipelineShapeVM;
  loops: LoopFold[];
}

export function runFacts(graph: PipelineGraph, steps: StepRecord[]): RunFacts {
  return { shape: pipelineShape(graph, steps), loops: findLoops(steps) };
}
