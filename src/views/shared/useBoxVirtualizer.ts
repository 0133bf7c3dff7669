/**
 * A virtualizer over a list that scrolls in its own box (@tanstack/react-virtual), for the views' long lists
 * (dmesg, signals, the xarray's file picker): only the rows in the box, plus `overscan` either side, are
 * drawn; each drawn row is measured (rows wrap at narrow widths). A box with no height yet (not laid out, or
 * a test without layout) still draws a screenful rather than nothing.
 */
import { observeElementRect, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

const SCREENFUL = { width: 600, height: 400 };

/**
 * A scroll re-renders the list in a task of React's own, not synchronously inside the scroll event
 * (react-virtual's default, flushSync): the scroll event is dispatched in the frame's task, and a
 * flushSync there also rendered whatever else was pending (a large run's next view, mounting), so that
 * view's render, layout and the frame's paint were one long task (bench A's load: 65–187 ms each).
 */
export const NO_FLUSH_SYNC = { useFlushSync: false } as const;

/**
 * The scroll box's size, as observeElementRect() gives it, but not read when the list mounts: that read
 * forced the page's whole layout inside React's commit, once per virtual list (40–70 ms each while bench A
 * loads). The list starts from its initialRect; the ResizeObserver's first call, after the frame's own
 * layout, gives the real size. A box with no height (not laid out) counts as `screenful`.
 */
export const observeBoxRect =
  (screenful: { width: number; height: number } = SCREENFUL) =>
  <S extends Element, T extends Element>(
    inst: Virtualizer<S, T>,
    cb: (rect: { width: number; height: number }) => void,
  ): undefined | (() => void) => {
    const el = inst.scrollElement;
    const give = (rect: { width: number; height: number }) => cb(rect.height > 0 ? rect : screenful);
    // without a ResizeObserver (a test DOM) nothing would ever say the size: read it now, as before
    const RO = inst.targetWindow?.ResizeObserver;
    if (!el || typeof RO !== 'function') return observeElementRect(inst as never, give);
    const ro = new RO(() => {
      const r = el.getBoundingClientRect();
      give({ width: Math.round(r.width), height: Math.round(r.height) });
    });
    ro.observe(el, { box: 'content-box' });
    return () => ro.disconnect();
  };

/**
 * A row's size from the ResizeObserver's entry, which comes after the frame's layout, never from
 * offsetHeight when the row mounts (a forced layout of the page per mounted list of rows). Until its entry
 * comes, a row has its last measured size, or the estimate.
 */
export function measureFromObserver<S extends Element, T extends Element>(
  el: T,
  entry: ResizeObserverEntry | undefined,
  inst: Virtualizer<S, T>,
): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const index = inst.indexFromElement(el);
  return inst.itemSizeCache.get(inst.options.getItemKey(index)) ?? inst.options.estimateSize(index);
}

export function useBoxVirtualizer(
  box: RefObject<HTMLElement | null>,
  count: number,
  rowPx: number | ((index: number) => number),
  overscan = 8,
) {
  return useVirtualizer({
    ...NO_FLUSH_SYNC,
    count,
    getScrollElement: () => box.current,
    estimateSize: typeof rowPx === 'number' ? () => rowPx : rowPx,
    overscan,
    initialRect: SCREENFUL,
    observeElementRect: observeBoxRect(),
    measureElement: measureFromObserver,
  });
}

/** the row's place is inside the box's visible part */
export function rowInView(box: HTMLElement | null, start: number, size: number): boolean {
  if (!box) return false;
  return start >= box.scrollTop && start + size <= box.scrollTop + box.clientHeight;
}

/**
 * Where to scroll a box so that a row stays in its middle half, from the virtualizer's own measurements and
 * offset (no read of the DOM, which would force a layout): null when it is there already, which is most single
 * steps; a new scroll offset that puts a row stepped past the band at the band's far side, so that the next
 * steps in the same direction scroll nothing; 'center' after a jump, or for a row too tall for the band.
 */
export function keepInMiddle(
  row: { start: number; end: number } | undefined,
  top: number | null,
  height: number | undefined,
  total: number,
): number | 'center' | null {
  if (!row || top === null || !height) return 'center';
  const lo = top + height / 4;
  const hi = top + (height * 3) / 4;
  if (row.end - row.start > hi - lo) return row.start >= top && row.start <= lo ? null : 'center';
  if (row.start >= lo && row.end <= hi) return null;
  if (row.end < top || row.start > top + height) return 'center';
  // the first and last rows of the list cannot reach the band: the offset stops at the list's ends
  const to = Math.max(0, Math.min(total - height, row.end > hi ? row.start - height / 4 : row.end - (height * 3) / 4));
  return to === top ? null : to;
}
