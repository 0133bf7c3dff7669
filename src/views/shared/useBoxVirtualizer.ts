/**
 * A virtualizer over a list that scrolls in its own box (@tanstack/react-virtual), for the views' long lists
 * (dmesg, signals, the xarray's file picker): only the rows in the box, plus `overscan` either side, are
 * drawn; each drawn row is measured (rows wrap at narrow widths). A box with no height yet (not laid out, or
 * a test without layout) still draws a screenful rather than nothing. Sizes are read after layout, never
 * during the mount (measureAfterLayout.ts).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RefObject } from 'react';
import { measureFromObserver, observeRectAfterLayout } from './measureAfterLayout';
import { useLaidOutBox } from './useLaidOutBox';

const SCREENFUL = { width: 600, height: 400 };
const observeRect = observeRectAfterLayout(SCREENFUL);

export function useBoxVirtualizer(
  box: RefObject<HTMLElement | null>,
  count: number,
  rowPx: number | ((index: number) => number),
  overscan = 8,
) {
  const laidOut = useLaidOutBox(box);
  return useVirtualizer({
    count,
    getScrollElement: () => laidOut,
    estimateSize: typeof rowPx === 'number' ? () => rowPx : rowPx,
    overscan,
    initialRect: SCREENFUL,
    observeElementRect: observeRect,
    measureElement: measureFromObserver,
  });
}

/**
 * the row's place is inside the box's visible part, by the scroll offset and box height the virtualizer
 * keeps (reading the box's scrollTop here, in an effect right after a mount, would force a layout)
 */
export function rowInView(
  v: { scrollOffset: number | null; scrollRect: { height: number } | null },
  start: number,
  size: number,
): boolean {
  const top = v.scrollOffset ?? 0;
  const height = v.scrollRect?.height ?? 0;
  return height > 0 && start >= top && start + size <= top + height;
}
