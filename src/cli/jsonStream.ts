/**
 * `JSON.stringify(value, null, 2)` handed out in pieces, for the CLI's `--json` document (issue 10 §4: 49 MB
 * for 100,000 processes). Perf: the whole text as one string, then escaped, then encoded for stdout, was three
 * copies of 49 MB, each in fresh pages; in pieces of about `chunk` characters the same bytes go out through
 * one small buffer at a time. The pieces joined are exactly what JSON.stringify gives
 * (src/cli/jsonStream.test.ts).
 */

/**
 * A list written like an array whose elements are made a run at a time as they are written (the report's
 * 10^5 process entries, never all held at once). JSON.stringify writes it as the array of all its elements.
 */
export class Piecewise<T> {
  constructor(
    readonly length: number,
    /** elements [from, to) */
    readonly slice: (from: number, to: number) => T[],
  ) {}
  toJSON(): T[] {
    return this.slice(0, this.length);
  }
}

/** An array this long, or a plain object holding one, is written element by element; anything else at once. */
const SPLIT_AT = 256;

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * Worth splitting: a long array, or an array or plain object with one among its values, up to `levels` down
 * (the report's one event holds 10^5 unmapped ranges).
 */
function isBig(v: unknown, splitAt: number, levels = 2): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (v instanceof Piecewise) return v.length > 0;
  // a toJSON() of its own decides what it writes: left to JSON.stringify
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) {
    if (v.length > 0 && v.length >= splitAt) return true;
    if (levels > 0) for (const x of v) if (isBig(x, splitAt, levels - 1)) return true;
    return false;
  }
  if (levels === 0 || !isPlainObject(v)) return false;
  for (const key in v) if (Object.hasOwn(v, key) && isBig(v[key], splitAt, levels - 1)) return true;
  return false;
}

/** Does JSON.stringify leave out a member whose value is `v` (an array element: writes null)? */
const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** `v` as JSON.stringify(v, null, 2) writes it `depth` levels in (its inner lines indented to that level). */
function indented(v: unknown, depth: number): string {
  const text = JSON.stringify(v, null, 2);
  // a JSON string literal never holds a raw newline (it is written \n), so every newline is a line break
  return depth === 0 || text.indexOf('\n') < 0 ? text : text.replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * The elements of `items` as JSON.stringify writes them inside an array `depth` levels in: from the newline
 * before the first to the end of the last, without brackets. Perf: one JSON.stringify for a run of elements,
 * indented by nesting it in `depth` arrays, not a call and an indenting pass per element (10^5 processes).
 */
function elementsAt(items: unknown[], depth: number): string {
  let nested: unknown = items;
  for (let i = 0; i < depth; i++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // before: "[\n" and the indent of each enclosing level, then the run's own "["; after: "\n", its indent
  // and "]", then each enclosing level's "\n", indent and "]"
  let before = 1;
  let after = 0;
  for (let i = 0; i < depth; i++) {
    before += 2 + 2 * (i + 1);
    after += 2 + 2 * i;
  }
  after += 2 + 2 * depth;
  return text.slice(before, text.length - after);
}

/**
 * Elements written together, per JSON.stringify call. Perf: a run's text stays well under V8's 128 KiB
 * regular-object limit (64 processes are ~19 KB); 512 made ~150 KB strings, each in freshly mapped
 * large-object pages, ~7,500 page faults of the 10^5-process document.
 */
const RUN = 64;

/**
 * Call `emit` with consecutive pieces of JSON.stringify(value, null, 2), each about `chunk` characters or
 * more (the last may be shorter). `value` must be something JSON.stringify writes (not undefined).
 */
export function stringifyInPieces(
  value: unknown,
  emit: (piece: string) => void,
  // perf: joined pieces under the large-object limit too (1 MiB joins were fresh pages each, ~12,000 faults)
  chunk = 1 << 16,
  splitAt = SPLIT_AT,
): void {
  let parts: string[] = [];
  let size = 0;
  const put = (s: string): void => {
    // perf: a long text (a run of elements) goes out as it is, not copied into a joined piece
    if (s.length >= chunk >> 2) {
      if (size) emit(parts.join(''));
      parts = [];
      size = 0;
      emit(s);
      return;
    }
    parts.push(s);
    size += s.length;
    if (size >= chunk) {
      emit(parts.join(''));
      parts = [];
      size = 0;
    }
  };

  const write = (v: unknown, depth: number): void => {
    if (!isBig(v, splitAt)) {
      put(indented(v, depth));
      return;
    }
    const inner = '  '.repeat(depth + 1);
    if (v instanceof Piecewise || Array.isArray(v)) {
      writeArray(v.length, v instanceof Piecewise ? v.slice : (from, to) => v.slice(from, to), depth);
      return;
    }
    const o = v as Record<string, unknown>;
    let first = true;
    put('{');
    for (const key of Object.keys(o)) {
      const x = o[key];
      if (skipped(x)) continue;
      put(`${first ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
      first = false;
      write(x, depth + 1);
    }
    // isBig() found a long array among the values, so at least one member was written
    put(`\n${'  '.repeat(depth)}}`);
  };

  /** `length` elements, taken a run at a time: runs of small ones in one call each, a big one on its own */
  const writeArray = (length: number, slice: (from: number, to: number) => unknown[], depth: number): void => {
    const inner = '  '.repeat(depth + 1);
    let opened = false;
    for (let at = 0; at < length; at += RUN) {
      const run = slice(at, Math.min(length, at + RUN));
      let from = 0;
      const flush = (to: number): void => {
        if (to > from) {
          put(opened ? ',' : '[');
          opened = true;
          put(elementsAt(from === 0 && to === run.length ? run : run.slice(from, to), depth));
        }
      };
      for (let i = 0; i < run.length; i++) {
        if (!isBig(run[i], splitAt)) continue;
        flush(i);
        put(opened ? `,\n${inner}` : `[\n${inner}`);
        opened = true;
        write(run[i], depth + 1);
        from = i + 1;
      }
      flush(run.length);
    }
    put(`\n${'  '.repeat(depth)}]`);
  };

  write(value, 0);
  if (size) emit(parts.join(''));
}
