/**
 * The content width of an element, kept current with a ResizeObserver. It is null until the observer's
 * first callback (after the browser's layout): reading the width while the view mounts forced a layout of
 * the whole page (bench A, issue 6 §6). Where there is no ResizeObserver it is read at once, else `fallback`.
 */
import { type RefObject, useLayoutEffect, useState } from 'react';

/** `element` names the element ref points at now: when it changes, the new one is measured and observed. */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback: number, element?: unknown): number | null {
  const [width, setWidth] = useState<number | null>(typeof ResizeObserver === 'undefined' ? fallback : null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: element stands for ref.current, which React does not track
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // a box with no width (hidden) keeps the width it had, or takes the fallback
    const take = (w: number) => setWidth((old) => (w > 0 ? Math.floor(w) : (old ?? fallback)));
    if (typeof ResizeObserver === 'undefined') return take(el.getBoundingClientRect().width);
    // the observer's callback runs after layout: contentRect costs no layout of its own
    const ro = new ResizeObserver((entries) => {
      const e = entries.at(-1);
      if (e) take(e.contentRect.width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, element]);
  return width;
}
