/**
 * Loading through a runner that answers later (as the worker does): progress is shown, Cancel keeps what
 * was loaded, a refused file keeps it too, and only the latest load lands.
 */
import { describe, expect, it } from 'vitest';
import { type Job, type Progress, runJob } from '../worker/jobs';
import { type Loaded, localLoaded, type Runner } from '../worker/runner';
import { createExplorerStore } from './appStore';
import { computeStepViews } from './stepViews';

/** A runner whose jobs finish when the test says so. */
function manualRunner() {
  const jobs: { job: Job; progress: (p: Progress) => void; finish: () => void; cancelled: boolean }[] = [];
  const runner: Runner = (job, progress) => {
    let resolve: (r: Loaded) => void = () => {};
    const result = new Promise<Loaded>((r) => {
      resolve = r;
    });
    const entry = {
      job,
      progress,
      finish: () => resolve(localLoaded(runJob(job), computeStepViews)),
      cancelled: false,
    };
    jobs.push(entry);
    return {
      result,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  };
  return { runner, jobs };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const loadedId = (s: { load: { status: string; id?: string } }) => (s.load.status === 'ready' ? s.load.id : null);

describe('loading in a worker', () => {
  it('starts empty with the first scenario pending, then shows it at the link step', async () => {
    const { runner, jobs } = manualRunner();
    const store = createExplorerStore({ scenario: 'ext4-single-owner', cursor: 2 }, runner);
    expect(store.getState().load).toEqual({ status: 'empty', id: 'ext4-single-owner' });
    expect(store.getState().pending).toMatchObject({ name: 'ext4-single-owner', phase: 'building' });
    jobs[0].progress({ phase: 'simulating', steps: 1024 });
    expect(store.getState().pending).toEqual({ name: 'ext4-single-owner', phase: 'simulating', steps: 1024 });
    jobs[0].finish();
    await flush();
    expect(loadedId(store.getState())).toBe('ext4-single-owner');
    expect(store.getState().cursor).toBe(2);
    expect(store.getState().pending).toBeNull();
  });

  it('Cancel stops the load and keeps the scenario on screen; a late answer is ignored', async () => {
    const { runner, jobs } = manualRunner();
    const store = createExplorerStore({ scenario: 'xfs-reflink-shared' }, runner);
    jobs[0].finish();
    await flush();
    store.getState().stepTo(3);
    store.getState().loadBuiltin('unbind-pre-remove');
    expect(store.getState().pending?.name).toBe('unbind-pre-remove');
    store.getState().cancelLoad();
    expect(jobs[1].cancelled).toBe(true);
    expect(store.getState().pending).toBeNull();
    jobs[1].finish();
    await flush();
    expect(loadedId(store.getState())).toBe('xfs-reflink-shared');
    expect(store.getState().cursor).toBe(3);
    expect(store.getState().loadError).toBeNull();
  });

  it('a refused file keeps the scenario loaded and says why', async () => {
    const { runner, jobs } = manualRunner();
    const store = createExplorerStore({ scenario: 'xfs-reflink-shared' }, runner);
    jobs[0].finish();
    await flush();
    store.getState().loadInput('{"format": 1', 'broken.json');
    jobs[1].finish();
    await flush();
    expect(loadedId(store.getState())).toBe('xfs-reflink-shared');
    expect(store.getState().loadError?.name).toBe('broken.json');
  });

  it('a second load replaces the first: only the latest lands', async () => {
    const { runner, jobs } = manualRunner();
    const store = createExplorerStore({ scenario: 'xfs-reflink-shared' }, runner);
    jobs[0].finish();
    await flush();
    store.getState().loadBuiltin('unbind-pre-remove');
    store.getState().loadBuiltin('ext4-single-owner');
    expect(jobs[1].cancelled).toBe(true);
    jobs[2].finish();
    jobs[1].finish();
    await flush();
    expect(loadedId(store.getState())).toBe('ext4-single-owner');
  });
});
