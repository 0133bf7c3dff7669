/**
 * A large run summary crosses to the page in pieces (issue 11: no task on the main thread > 50 ms): the long
 * arrays of a summary (bench A: 13,027 steps ≈ 10 MB, 10,000 process reports ≈ 1.6 MB, the scenario's 10,000
 * processes) are sent ahead in chunks, each deserialised in a task of its own, and put back when the rest
 * arrives. Pure: the worker gives `send`, the page collects with `collect`.
 */

/** the arrays that may be long, by their path in the message's result */
export const CHUNKED_PATHS = [
  ['sim', 'rt', 'steps'],
  ['sim', 'report', 'processes'],
  ['built', 'scenario', 'processes'],
] as const;

/** elements per chunk: ~0.4 MB of steps, a few ms to deserialise on a fast machine */
export const CHUNK = 500;

export interface Chunk {
  path: number;
  items: unknown[];
}

type Tree = Record<string, unknown>;
const parentOf = (root: Tree, path: readonly string[]): Tree | null => {
  let o: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!o || typeof o !== 'object') return null;
    o = (o as Tree)[key];
  }
  return o && typeof o === 'object' ? (o as Tree) : null;
};

/**
 * Send every long array of `result` as chunks (through `send`), and give back a shallow copy of the result
 * with those arrays empty: the rest, to send last. The result itself is not changed.
 */
export function splitLong<T extends object>(result: T, send: (c: Chunk) => void, size = CHUNK): T {
  const copy = (o: Tree) => ({ ...o });
  const out = copy(result as Tree);
  for (const [i, path] of CHUNKED_PATHS.entries()) {
    // copy the objects along the path, so that emptying the array leaves the original whole
    let o: Tree = out;
    let ok = true;
    for (const key of path.slice(0, -1)) {
      const next = o[key];
      if (!next || typeof next !== 'object') {
        ok = false;
        break;
      }
      o[key] = copy(next as Tree);
      o = o[key] as Tree;
    }
    const last = path[path.length - 1];
    const list = ok ? o[last] : undefined;
    if (!Array.isArray(list) || list.length <= size) continue;
    for (let at = 0; at < list.length; at += size) send({ path: i, items: list.slice(at, at + size) });
    o[last] = [];
  }
  return out as T;
}

/** The page's side: chunks in, then the rest with its arrays filled back in order. */
export function chunkCollector() {
  const got = new Map<number, unknown[][]>();
  return {
    add(c: Chunk) {
      const list = got.get(c.path) ?? [];
      list.push(c.items);
      got.set(c.path, list);
    },
    /** the rest, its chunked arrays put back (in the order the chunks came) */
    finish<T extends object>(rest: T): T {
      for (const [i, parts] of got) {
        const path = CHUNKED_PATHS[i];
        const parent = parentOf(rest as Tree, path);
        if (!parent) continue;
        const list: unknown[] = [];
        for (const p of parts) for (const x of p) list.push(x);
        parent[path[path.length - 1]] = list;
      }
      got.clear();
      return rest;
    },
  };
}
