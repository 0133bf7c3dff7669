import { describe, expect, it } from 'vitest';
import type { StepViews, ViewRequest } from '../store/stepViews';
import { SUPERSEDED } from './superseded';
import { createViewQueue, type QueueReply } from './viewQueue';

/** A queue whose tasks run when the test says; compute records what it was asked. */
function harness() {
  const computed: number[] = [];
  const replies: QueueReply[] = [];
  const tasks: (() => void)[] = [];
  const enqueue = createViewQueue(
    (req) => {
      computed.push(req.cursor);
      return { cursor: req.cursor } as StepViews;
    },
    (r) => replies.push(r),
    (fn) => tasks.push(fn),
  );
  const runTasks = () => {
    while (tasks.length) tasks.shift()?.();
  };
  const req = (cursor: number): ViewRequest => ({ cursor, selection: null, focus: null, allLanes: false });
  return { enqueue, computed, replies, tasks, runTasks, req };
}

describe('the worker answers view requests newest first, dropping the overtaken', () => {
  it('a request for the step shown overtaken before it started is dropped, not computed', () => {
    const h = harness();
    h.enqueue({ id: 1, req: h.req(5), prefetch: false });
    h.enqueue({ id: 2, req: h.req(6), prefetch: false });
    h.enqueue({ id: 3, req: h.req(7), prefetch: false });
    h.runTasks();
    expect(h.computed).toEqual([7]);
    expect(h.replies).toEqual([
      { id: 1, type: 'views', error: SUPERSEDED },
      { id: 2, type: 'views', error: SUPERSEDED },
      { id: 3, type: 'views', views: { cursor: 7 } },
    ]);
  });

  it('prefetches wait behind a newer request for the step shown, and keep their order', () => {
    const h = harness();
    h.enqueue({ id: 1, req: h.req(10), prefetch: true });
    h.enqueue({ id: 2, req: h.req(11), prefetch: true });
    h.enqueue({ id: 3, req: h.req(3), prefetch: false });
    h.runTasks();
    expect(h.computed).toEqual([3, 10, 11]);
    expect(h.replies.every((r) => 'views' in r)).toBe(true);
  });

  it('one answer per task: a request that arrives between two is served before older prefetches', () => {
    const h = harness();
    h.enqueue({ id: 1, req: h.req(1), prefetch: true });
    h.enqueue({ id: 2, req: h.req(2), prefetch: true });
    h.tasks.shift()?.(); // answers the first prefetch only
    h.enqueue({ id: 3, req: h.req(9), prefetch: false });
    h.runTasks();
    expect(h.computed).toEqual([1, 9, 2]);
  });

  it('a failing computation is answered with its error', () => {
    const replies: QueueReply[] = [];
    const enqueue = createViewQueue(
      () => {
        throw new Error('no run in this worker');
      },
      (r) => replies.push(r),
      (fn) => fn(),
    );
    enqueue({ id: 4, req: { cursor: 0, selection: null, focus: null, allLanes: false }, prefetch: false });
    expect(replies).toEqual([{ id: 4, type: 'views', error: 'no run in this worker' }]);
  });
});
