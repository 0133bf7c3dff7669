// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inTurnAfterPaint } from './afterPaint';
import { DeferParts, Deferred } from './Deferred';

// a frame every 16 ms on fake timers (the test DOM's own animation frames do not follow them)
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => setTimeout(() => cb(0), 16));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** one frame: its animation frame callbacks, then the tasks they queued */
const frame = () => act(() => vi.advanceTimersByTime(17));

describe('inTurnAfterPaint', () => {
  it('runs one caller per painted frame, in the order they asked', () => {
    const ran: string[] = [];
    inTurnAfterPaint(() => ran.push('a'));
    inTurnAfterPaint(() => ran.push('b'));
    inTurnAfterPaint(() => ran.push('c'));
    expect(ran).toEqual([]);
    frame();
    expect(ran).toEqual(['a']);
    frame();
    expect(ran).toEqual(['a', 'b']);
    frame();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a cancelled caller is taken out of the line and never runs', () => {
    const ran: string[] = [];
    inTurnAfterPaint(() => ran.push('a'));
    const cancel = inTurnAfterPaint(() => ran.push('b'));
    inTurnAfterPaint(() => ran.push('c'));
    cancel();
    frame();
    frame();
    frame();
    expect(ran).toEqual(['a', 'c']);
  });
});

describe('Deferred', () => {
  it('draws its part a painted frame later while views mount in slices', () => {
    render(
      <DeferParts.Provider value={true}>
        <p>view</p>
        <Deferred>
          <p>part</p>
        </Deferred>
      </DeferParts.Provider>,
    );
    expect(screen.getByText('view')).toBeTruthy();
    expect(screen.queryByText('part')).toBeNull();
    frame();
    expect(screen.getByText('part')).toBeTruthy();
  });

  it('draws its part at once otherwise', () => {
    render(
      <Deferred>
        <p>part</p>
      </Deferred>,
    );
    expect(screen.getByText('part')).toBeTruthy();
  });
});
