/**
 * The scroll box to hand a virtualizer, once the browser has laid it out. @tanstack/react-virtual, when it
 * gets its scroll element, writes the element's scroll offset and reads its scroll height at once (in
 * React's commit): during a view's mount that is a synchronous layout of the whole page (bench A: 20–70 ms
 * per list, issue 6 §6). Handing the box over in the ResizeObserver's first callback, which runs after the
 * browser's own layout, makes those calls cheap. Until then the virtualizer draws from its initialRect.
 * Where there is no ResizeObserver the box is handed over at once.
 */
import { type RefObject, useLayoutEffect, useState } from 'react';
import { flushSync } from 'react-dom';

export function useLaidOutBox<T extends HTMLElement>(ref: RefObject<T | null>): T | null {
  const [laidOut, setLaidOut] = useState<T | null>(null);
  // no deps: the ref's element may change with any render (a list that appears or goes)
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === laidOut) return;
    if (!box || typeof ResizeObserver === 'undefined') {
      setLaidOut(box);
      return;
    }
    // rendered at once, inside the callback: layout is clean here; a later render may share its commit with
    // another view's new elements, and the attach would lay those out synchronously
    const ro = new ResizeObserver(() => {
      ro.disconnect();
      flushSync(() => setLaidOut(box));
    });
    ro.observe(box);
    return () => ro.disconnect();
  });
  return laidOut;
}
