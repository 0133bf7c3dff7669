/** The content width of an element, kept current with a ResizeObserver (a fallback where there is none). */
import { type RefObject, useLayoutEffect, useState } from 'react';

/** `element` names the element ref points at now: when it changes, the new one is measured and observed. */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback: number, element?: unknown): number {
  const [width, setWidth] = useState(fallback);
  // biome-ignore lint/correctness/useExhaustiveDependencies: element stands for ref.current, which React does not track
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, element]);
  return width;
}
