/**
 * The explorer's store with its simulations run at once, in the caller's thread: for unit tests, node
 * scripts and fixtures. The page uses createExplorerStore with the worker runner (src/app/main.tsx),
 * which keeps the simulator out of the page's entry chunk.
 */
import { runJob } from '../worker/jobs';
import { inlineRunner } from '../worker/runner';
import { createExplorerStore } from './appStore';
import { computeStepViews } from './stepViews';

export function createAppStore(initial: Parameters<typeof createExplorerStore>[0] = {}) {
  return createExplorerStore(initial, inlineRunner(runJob, computeStepViews));
}
