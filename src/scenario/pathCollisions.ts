/**
 * Colliding file names between bulk-copy patterns ("/mnt/copy-{n}", count) and explicit paths. A real
 * `cp --reflink` onto an existing name would overwrite it, so a scenario where two entries name the same
 * file cannot describe a machine: it is refused at validation. Checked without expanding the patterns
 * (10^7 copies), by indexing the patterns by the text before "{n}".
 */
import { type CloneSet, cloneNumberOf } from '../kernel/fs/clones';

/** A pattern with the entry it came from. */
export interface PatternEntry {
  set: Pick<CloneSet, 'pattern' | 'count'>;
  index: number;
}

const DIGITS = /^[0-9]$/;

/**
 * A path both patterns produce, or null. For every pair of digit counts of the two copy numbers, build
 * the smallest candidate (free digits 0, a leading digit 1): each number only grows with any other
 * choice, so if that one is over a count, no path of those lengths is shared.
 */
export function sharedPath(a: PatternEntry['set'], b: PatternEntry['set']): string | null {
  const [a1, a2] = a.pattern.split('{n}');
  const [b1, b2] = b.pattern.split('{n}');
  const maxA = String(Math.max(0, a.count - 1)).length;
  const maxB = String(Math.max(0, b.count - 1)).length;
  for (let la = 1; la <= maxA; la++)
    for (let lb = 1; lb <= maxB; lb++) {
      const len = a1.length + la + a2.length;
      if (len !== b1.length + lb + b2.length) continue;
      const at = (pre: string, l: number, post: string, i: number): string | null =>
        i < pre.length ? pre[i] : i < pre.length + l ? null : post[i - pre.length - l];
      const lead = (pre: string, l: number, i: number) => i === pre.length && l > 1;
      let path = '';
      for (let i = 0; i < len; i++) {
        const ca = at(a1, la, a2, i);
        const cb = at(b1, lb, b2, i);
        let c: string;
        if (ca !== null && cb !== null) {
          if (ca !== cb) break;
          c = ca;
        } else if (ca !== null || cb !== null) {
          c = (ca ?? cb) as string;
          if (!DIGITS.test(c)) break;
        } else c = lead(a1, la, i) || lead(b1, lb, i) ? '1' : '0';
        path += c;
      }
      if (path.length !== len) continue;
      if (cloneNumberOf(a as CloneSet, path) !== null && cloneNumberOf(b as CloneSet, path) !== null) return path;
    }
  return null;
}

/** Patterns by their text before "{n}", to find the ones a path could come from in one pass over it. */
export class PatternIndex {
  private readonly byPrefix = new Map<string, PatternEntry[]>();
  private readonly all: PatternEntry[] = [];
  private readonly prefixLengths = new Set<number>();

  add(e: PatternEntry): void {
    const pre = e.set.pattern.split('{n}')[0];
    const list = this.byPrefix.get(pre);
    if (list) list.push(e);
    else this.byPrefix.set(pre, [e]);
    this.all.push(e);
    this.prefixLengths.add(pre.length);
  }

  /** The pattern entry that also names `path`, with its copy number. */
  owner(path: string): { entry: PatternEntry; n: number } | null {
    for (const i of this.prefixLengths) {
      if (i > path.length) continue;
      const list = this.byPrefix.get(path.slice(0, i));
      if (!list) continue;
      for (const entry of list) {
        const n = cloneNumberOf(entry.set as CloneSet, path);
        if (n !== null) return { entry, n };
      }
    }
    return null;
  }

  /** An earlier pattern that shares a name with `set`, and that name. */
  overlapping(set: PatternEntry['set']): { entry: PatternEntry; path: string } | null {
    const pre = set.pattern.split('{n}')[0];
    for (const entry of this.all) {
      const other = entry.set.pattern.split('{n}')[0];
      // a shared path starts with both prefixes
      if (!pre.startsWith(other) && !other.startsWith(pre)) continue;
      const path = sharedPath(entry.set, set);
      if (path !== null) return { entry, path };
    }
    return null;
  }
}
