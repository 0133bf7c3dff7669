// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store/inlineStore';
import { startUrlSync } from './urlSync';

/** xfs-reflink-shared (37 steps) before its first step */
function atStart() {
  const store = createAppStore({ scenario: 'xfs-reflink-shared', selection: null });
  store.getState().stepTo(0);
  return store;
}

describe('startUrlSync', () => {
  let stop: (() => void) | null = null;
  beforeEach(() => {
    vi.useFakeTimers();
    window.history.replaceState(null, '', '/');
  });
  afterEach(() => {
    stop?.();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('writes the address once stepping pauses, and every 2 s at most while it goes on', () => {
    const store = atStart();
    stop = startUrlSync(store);
    expect(window.location.search).toBe('?scenario=xfs-reflink-shared&step=0');
    const replace = vi.spyOn(window.history, 'replaceState');
    // a step every 100 ms for 3 s (holding an arrow key): one write, at 2 s, not one per step
    for (let i = 0; i < 30; i++) {
      store.getState().next();
      vi.advanceTimersByTime(100);
    }
    expect(replace).toHaveBeenCalledTimes(1);
    expect(window.location.search).toMatch(/step=(19|20)$/);
    // the last step is written 300 ms after the stepping stops (100 ms of which the loop has waited)
    vi.advanceTimersByTime(199);
    expect(replace).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(window.location.search).toBe('?scenario=xfs-reflink-shared&step=30');
  });

  it('writes at once when asked (Copy link), with nothing left pending', () => {
    const store = atStart();
    const sync = startUrlSync(store);
    stop = sync;
    store.getState().next();
    expect(window.location.search).toBe('?scenario=xfs-reflink-shared&step=0');
    sync.write();
    expect(window.location.search).toBe('?scenario=xfs-reflink-shared&step=1');
    const replace = vi.spyOn(window.history, 'replaceState');
    vi.advanceTimersByTime(1000);
    expect(replace).not.toHaveBeenCalled();
  });
});
