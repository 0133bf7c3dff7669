/**
 * Bulk reflinked copies of one file ("cp --reflink" run N times). A filesystem can hold a million of
 * them; each shares the source's extents and owns one rmap record per extent, but an inode object
 * exists only once something opens the copy (xfs_iget(XFS_IGET_INCORE) fails with -ENODATA for the rest).
 */
import type { FileExtent, Inode } from './vfs';

export interface CloneSet {
  sourceIno: number;
  firstIno: number;
  count: number;
  /** path pattern with "{n}" for the copy number, 0-based */
  pattern: string;
  /** every copy is held open by a task outside the scenario (the file entry's `open`) */
  open?: boolean;
  /**
   * The copies' own extent list once their source's changed (truncate, punch-hole, a write): until then
   * they read the source's, which they share
   */
  extents?: FileExtent[];
}

/** The extent list of the copies that no process opened yet. */
export const cloneExtents = (set: CloneSet, source: Inode): FileExtent[] => set.extents ?? source.extents;

export const clonePath = (set: CloneSet, n: number): string => set.pattern.replace('{n}', String(n));

export function cloneNumberOf(set: CloneSet, path: string): number | null {
  const [pre, post] = set.pattern.split('{n}');
  if (!path.startsWith(pre) || !path.endsWith(post)) return null;
  const digits = path.slice(pre.length, path.length - post.length);
  if (!/^(0|[1-9][0-9]*)$/.test(digits)) return null;
  const n = Number(digits);
  return n < set.count ? n : null;
}
