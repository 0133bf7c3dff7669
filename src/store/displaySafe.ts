/**
 * View models made safe to show (issue 10 §4): every string in a view model has its control characters
 * written as \uXXXX (src/text/escapeControls.ts, the CLI's rules plus newline and tab), so a `comm` or a
 * path holding ESC, NUL, a newline or a bidi override (U+202E) is shown, never interpreted, in every view,
 * tooltip, dmesg line, step text and export. Only view models go through here, never the scenario or the
 * kernel: an edit saved under Mine keeps the bytes the user wrote.
 *
 * Plain objects, arrays, Maps and Sets are copied only where a string inside changed; everything else (a
 * class instance, a function) passes through. Results are remembered per object, so a view model that did
 * not change between two cursor moves is not walked again, and a model without controls is returned as is.
 */
import { escapeControlsInline } from '../text/escapeControls';

const done = new WeakMap<object, unknown>();

export function displaySafe<T>(value: T): T {
  if (typeof value === 'string') return escapeControlsInline(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const known = done.get(value);
  if (known !== undefined) return known as T;
  const out = copyEscaped(value);
  done.set(value, out);
  return out as T;
}

function copyEscaped(value: object): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = displaySafe(value[i]);
      if (v !== value[i]) {
        copy ??= value.slice();
        copy[i] = v;
      }
    }
    return copy ?? value;
  }
  if (value instanceof Map) {
    let changed = false;
    const entries = [...value].map(([k, v]) => {
      const sv = displaySafe(v);
      const sk = displaySafe(k);
      changed ||= sv !== v || sk !== k;
      return [sk, sv] as const;
    });
    return changed ? new Map(entries) : value;
  }
  if (value instanceof Set) {
    // the set's items listed once (was once per item: n² for a set of n)
    const before = [...value];
    const items = before.map(displaySafe);
    return items.some((v, i) => v !== before[i]) ? new Set(items) : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value)) {
    const sv = displaySafe(v);
    if (sv !== v) {
      copy ??= { ...value };
      copy[k] = sv;
    }
  }
  return copy ?? value;
}
