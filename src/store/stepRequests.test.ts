/**
 * The store asks the run for each step's views (issue 11); with a worker the answers come later. An
 * answer for a step the user already left is dropped: the state only ever shows the latest step asked for.
 */
import { describe, expect, it } from 'vitest';
import { runJob } from '../worker/jobs';
import { type Loaded, localLoaded, type Runner } from '../worker/runner';
import { createExplorerStore } from './appStore';
import { computeStepViews, type StepViews, type ViewRequest } from './stepViews';

/** A runner whose run answers view requests when the test says (as a worker does), in any order. */
function lateRunner() {
  const asked: { req: ViewRequest; prefetch: boolean; answer: () => void }[] = [];
  const runner: Runner = (job, progress) => {
    const r = localLoaded(runJob(job, progress), computeStepViews);
    if (r.kind !== 'run' || !r.ok) return { done: r };
    const inline = r.run;
    const late: Loaded = {
      ...r,
      run: {
        views(req, opts) {
          return new Promise<StepViews>((ok) => {
            asked.push({ req, prefetch: !!opts?.prefetch, answer: () => ok(inline.views(req) as StepViews) });
          });
        },
        dispose() {},
      },
    };
    return { done: late };
  };
  return { runner, asked };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

/** the request for `cursor` (for the step shown or ahead: a step asked for while prefetched is one request) */
const at = (asked: ReturnType<typeof lateRunner>['asked'], cursor: number) => {
  const a = asked.filter((x) => x.req.cursor === cursor).at(-1);
  if (!a) throw new Error(`no request for step ${cursor}`);
  return a;
};

describe('step requests answered later', () => {
  it('an answer overtaken by a newer request is dropped, whichever comes first', async () => {
    const { runner, asked } = lateRunner();
    // (526 steps: a run too long to be prefetched whole)
    const store = createExplorerStore({ scenario: 'rfc2020-owner-list', cursor: 0 }, runner);
    at(asked, 0).answer();
    await flush();
    expect(store.getState().cursor).toBe(0);
    expect(store.getState().views?.cursor).toBe(0);

    // (beyond the steps prefetched around 0)
    store.getState().stepTo(20);
    store.getState().stepTo(21);
    const [twenty, next] = [at(asked, 20), at(asked, 21)];
    expect([twenty.prefetch, next.prefetch]).toEqual([false, false]);
    // the newer answer first, then the overtaken one: 21 stays
    next.answer();
    await flush();
    expect(store.getState().cursor).toBe(21);
    twenty.answer();
    await flush();
    expect(store.getState().cursor).toBe(21);
    expect(store.getState().views?.cursor).toBe(21);

    store.getState().stepTo(33);
    store.getState().stepTo(34);
    // the overtaken answer first: never shown, the state waits for 34
    at(asked, 33).answer();
    await flush();
    expect(store.getState().cursor).toBe(21);
    at(asked, 34).answer();
    await flush();
    expect(store.getState().cursor).toBe(34);
  });

  it('a short run is asked whole, nearest steps first', async () => {
    const { runner, asked } = lateRunner();
    createExplorerStore({ scenario: 'ext4-single-owner', cursor: 9 }, runner);
    at(asked, 9).answer();
    await flush();
    // prefetches go out a few at a time: answer them as they come until none is left to ask
    for (let answered = 0; answered < asked.length; answered++) {
      if (asked[answered].prefetch) asked[answered].answer();
      await flush();
    }
    const ahead = asked.filter((a) => a.prefetch).map((a) => a.req.cursor);
    expect([...ahead].sort((a, b) => a - b)).toEqual([...Array(19).keys()].filter((c) => c !== 9));
    expect(ahead.slice(0, 4)).toEqual([10, 8, 11, 7]);
  });

  it('prefetches wait their turn: a few at the worker at once, so the step asked for is not queued behind a flood', async () => {
    const { runner, asked } = lateRunner();
    createExplorerStore({ scenario: 'xfs-reflink-shared', cursor: 3 }, runner);
    at(asked, 3).answer();
    await flush();
    const outstanding = () => asked.filter((a) => a.prefetch).length;
    expect(outstanding()).toBe(8);
    asked.find((a) => a.prefetch)?.answer();
    await flush();
    expect(outstanding()).toBe(9);
  });

  it('steps while an answer is on its way go from the step asked for; a step here already shows at once', async () => {
    const { runner, asked } = lateRunner();
    const store = createExplorerStore({ scenario: 'xfs-reflink-shared', cursor: 3 }, runner);
    at(asked, 3).answer();
    await flush();
    expect(store.getState().cursor).toBe(3);
    // the steps after the one shown are asked ahead, before anyone steps
    expect(asked.filter((a) => a.prefetch).map((a) => a.req.cursor)).toEqual(expect.arrayContaining([4, 5, 6, 2]));
    store.getState().next();
    store.getState().next();
    store.getState().next();
    // nothing answered yet: the state still shows 3, and the three steps went 4, 5, 6
    expect(store.getState().cursor).toBe(3);
    for (const a of [...asked]) a.answer();
    await flush();
    expect(store.getState().cursor).toBe(6);
    // step 4 is here already: shown within the call, no request
    const before = asked.length;
    store.getState().stepTo(4);
    expect(store.getState().cursor).toBe(4);
    expect(asked.slice(before).filter((a) => !a.prefetch)).toEqual([]);
  });
});
