/**
 * A virtualizer over a list that scrolls in its own box (@tanstack/react-virtual), for the views' long lists
 * (dmesg, signals, the xarray's file picker): only the rows in the box, plus `overscan` either side, are
 * drawn; each drawn row is measured (rows wrap at narrow widths). A box with no height yet (not laid out, or
 * a test without layout) still draws a screenful rather than nothing.
 */
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';

const SCREENFUL = { width: 600, height: 400 };

export function useBoxVirtualizer(
  box: RefObject<HTMLElement | null>,
  count: number,
  rowPx: number | ((index: number) => number),
  overscan = 8,
) {
  return useVirtualizer({
    count,
    getScrollElement: () => box.current,
    estimateSize: typeof rowPx === 'number' ? () => rowPx : rowPx,
    overscan,
    initialRect: SCREENFUL,
    observeElementRect: (inst, cb) => observeElementRect(inst, (rect) => cb(rect.height > 0 ? rect : SCREENFUL)),
  });
}

/** the row's place is inside the box's visible part */
export function rowInView(box: HTMLElement | null, start: number, size: number): boolean {
  if (!box) return false;
  return start >= box.scrollTop && start + size <= box.scrollTop + box.clientHeight;
}
