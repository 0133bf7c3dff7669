/**
 * Size readers for @tanstack/react-virtual that never force a layout (issue 6 §6: bench A's processes and
 * outcome views spent 70–240 ms of their first render in `getBoundingClientRect`/`offsetHeight`/`clientHeight`
 * called while React commits, i.e. a synchronous layout of the whole page in the middle of the mount).
 * Sizes come from a ResizeObserver, whose callbacks run after the browser's own layout; until then the
 * virtualizer works from its `initialRect` and the rows' estimates. Where there is no ResizeObserver (a test
 * without layout) they read the element as the library's defaults do.
 */
import { measureElement, observeElementRect, type Virtualizer } from '@tanstack/react-virtual';

type Rect = { width: number; height: number };

/**
 * observeElementRect without the synchronous first read: the scroll box's size is reported from the
 * ResizeObserver's first callback (after layout). A box with no height yet reports `empty` instead.
 */
export function observeRectAfterLayout(empty: Rect) {
  return <T extends HTMLElement>(inst: Virtualizer<T, Element>, cb: (rect: Rect) => void) => {
    const box = inst.scrollElement;
    const report = (rect: Rect) => cb(rect.height > 0 ? rect : empty);
    if (!box) return;
    if (typeof ResizeObserver === 'undefined') return observeElementRect(inst, report);
    // clientWidth/clientHeight as the default reads them, but inside the observer's callback, where layout is clean
    const ro = new ResizeObserver(() => report({ width: box.clientWidth, height: box.clientHeight }));
    ro.observe(box);
    return () => ro.disconnect();
  };
}

/**
 * measureElement that takes a row's size only from the ResizeObserver entry: when a row is attached (the
 * ref callback, during React's commit) it keeps the size known for that row, or its estimate, instead of
 * reading offsetHeight there.
 */
export function measureFromObserver(
  el: Element,
  entry: ResizeObserverEntry | undefined,
  inst: Virtualizer<HTMLElement, Element>,
): number {
  if (entry || typeof ResizeObserver === 'undefined') return measureElement(el, entry, inst);
  const index = inst.indexFromElement(el);
  return inst.itemSizeCache.get(inst.options.getItemKey(index)) ?? inst.options.estimateSize(index);
}
