/**
 * The process lanes as a virtual list (@tanstack/react-virtual): only the lanes in the view's scroll box
 * (plus a few either side) are in the DOM, each measured once drawn (lanes differ in height), so 10,000
 * lanes ("Show all") cost what a screenful does. The list scrolls with the view's body, under the legend.
 * It is an ARIA feed: each lane an article with its place (aria-posinset) in the list (aria-setsize).
 * Keys on a lane's title: ↑/↓ (or PgUp/PgDn) focus the lane above/below, Home/End the first/last, drawing
 * it first when it is off screen. A new selection in any view brings its lane (or the first lane it links)
 * into view; a step that touches tasks brings the first of them into view unless one already is.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { measureFromObserver, NO_FLUSH_SYNC, observeBoxRect } from '../shared/useBoxVirtualizer';

/** a box with no height yet (not laid out, or a test without layout) still draws a screenful, not nothing */
const SCREENFUL = { width: 800, height: 600 };
/** lanes drawn beyond the box either side: a lane is ~200 px (four drew ~11 lanes at mount, ~30 ms of bench A's load) */
const OVERSCAN = 2;

export interface LaneListProps {
  count: number;
  /** a lane's stable key (its task id) */
  keyOf: (index: number) => string;
  /** a lane's height before it is measured */
  estimate: (index: number) => number;
  renderLane: (index: number) => ReactNode;
  /** the lane a new selection names or links, and the selection (revealed once per selection) */
  reveal: { selection: string | null; index: number | null };
  /** the lanes the current step touches (indexes), and the step: brought into view once per step */
  touched: { step: string | null; indexes: number[] };
  /** the probe measuring a lane's content width (every lane has the same) */
  widthRef: RefObject<HTMLDivElement | null>;
}

/** The view's scroll box: the ViewPanel body around the list. */
function scrollBoxOf(el: HTMLElement | null): HTMLElement | null {
  return el?.closest<HTMLElement>('.view__body') ?? null;
}

export function LaneList({ count, keyOf, estimate, renderLane, reveal, touched, widthRef }: LaneListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollBox, setScrollBox] = useState<HTMLElement | null>(null);
  // the list starts below the legend: its offset in the scroll box (the legend wraps as the pane narrows)
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const box = scrollBoxOf(listRef.current);
    setScrollBox(box);
    const list = listRef.current;
    if (!box || !list) return;
    const measure = () =>
      setMargin(Math.max(0, list.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(box);
    return () => ro.disconnect();
  }, []);
  const v = useVirtualizer({
    ...NO_FLUSH_SYNC,
    count,
    getScrollElement: () => scrollBox,
    estimateSize: estimate,
    getItemKey: keyOf,
    overscan: OVERSCAN,
    scrollMargin: margin,
    initialRect: SCREENFUL,
    observeElementRect: observeBoxRect(SCREENFUL),
    measureElement: measureFromObserver,
  });
  const vRef = useRef(v);
  vRef.current = v;

  /**
   * the lane's title sits inside the scroll box's visible part, by the virtualizer's own offset and box size:
   * reading the box's scrollTop here, after the step's commit, forced the page's layout (~1.5 ms a step)
   */
  const headInView = (index: number): boolean => {
    const item = v.measurementsCache[index];
    const top = v.scrollOffset;
    const height = v.scrollRect?.height;
    if (!item || top === null || !height) return false;
    return item.start >= top && item.start + 24 <= top + height;
  };
  const bringIn = (index: number) => {
    if (!headInView(index)) v.scrollToIndex(index, { align: 'start' });
  };

  // a new selection: its lane, once the list has it (a far task's lane comes with the next lanes model)
  const revealed = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection (or its lane arriving) scrolls
  useEffect(() => {
    if (reveal.selection === null) {
      revealed.current = null;
      return;
    }
    if (reveal.index === null || revealed.current === reveal.selection) return;
    revealed.current = reveal.selection;
    bringIn(reveal.index);
  }, [reveal.selection, reveal.index, scrollBox]);

  // a new step that touches tasks: the first of them, unless one is in view already
  const shownStep = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per step
  useEffect(() => {
    if (touched.step === shownStep.current || !scrollBox) return;
    shownStep.current = touched.step;
    if (touched.indexes.length === 0 || touched.indexes.some(headInView)) return;
    bringIn(touched.indexes[0]);
  }, [touched.step, touched.indexes, scrollBox]);

  // keyboard: the lane to focus once it is drawn
  const focusNext = useRef<number | null>(null);
  const focusLane = (index: number): boolean => {
    const btn = listRef.current?.querySelector<HTMLButtonElement>(
      `[data-index="${index}"] .processes-lane__head button`,
    );
    if (!btn) return false;
    btn.focus();
    return true;
  };
  useEffect(() => {
    if (focusNext.current !== null && focusLane(focusNext.current)) focusNext.current = null;
  });
  const onKey = (e: KeyboardEvent, index: number) => {
    // only on a lane's title button: elsewhere (a mark inside, text clicked) the keys keep stepping the run
    const t = e.target as HTMLElement;
    if (!t.matches('.processes-lane__head button')) return;
    const to =
      e.key === 'ArrowDown' || e.key === 'PageDown'
        ? index + 1
        : e.key === 'ArrowUp' || e.key === 'PageUp'
          ? index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? count - 1
              : null;
    if (to === null) return;
    // the keys move through the lanes, not through the run's steps
    e.preventDefault();
    e.stopPropagation();
    const i = Math.max(0, Math.min(count - 1, to));
    vRef.current.scrollToIndex(i, { align: 'auto' });
    if (!focusLane(i)) focusNext.current = i;
  };

  const items = v.getVirtualItems();
  return (
    <div
      ref={listRef}
      className="processes-list"
      role="feed"
      aria-label="Process lanes"
      aria-busy="false"
      style={{ height: v.getTotalSize() }}
    >
      <div className="processes-lane processes-lane--probe" aria-hidden="true">
        <div ref={widthRef} className="processes-lane__measure" />
      </div>
      {items.map((it) => (
        // biome-ignore lint/a11y/noStaticElementInteractions: the lane's keys (↑/↓/Home/End) bubble here from its title button
        <div
          key={it.key}
          data-index={it.index}
          ref={v.measureElement}
          className="processes-slot"
          style={{ transform: `translateY(${it.start - margin}px)` }}
          onKeyDown={(e) => onKey(e, it.index)}
        >
          {renderLane(it.index)}
        </div>
      ))}
    </div>
  );
}
