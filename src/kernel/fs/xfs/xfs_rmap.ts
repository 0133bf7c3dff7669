/**
 * The reverse-mapping btree of one allocation group, as the failure path queries it.
 * Models: fs/xfs/libxfs/xfs_rmap.c xfs_rmap_query_range() over the overlapped rmapbt (reflink
 * filesystems): records are visited in key order (rm_startblock, rm_owner, rm_offset, rm_flags), and a
 * record is visited when its block range overlaps [low, high].
 * Simplified: records are kept in sorted typed arrays rather than btree blocks; the query visits exactly
 * the records a btree walk would, in the same order. Columnar so that an AG can hold millions of records.
 */
import { XFS_RMAP_NON_INODE_OWNER } from './xfs_format';

/** struct xfs_rmap_irec, as the explorer shows one record */
export interface XfsRmapIrec {
  recno: number;
  rm_startblock: number;
  rm_blockcount: number;
  rm_owner: number;
  rm_offset: number;
  rm_flags: number;
}

export class RmapBtree {
  readonly agno: number;
  readonly nr: number;
  private readonly start: Uint32Array;
  private readonly count: Uint32Array;
  private readonly owner: Float64Array;
  private readonly offset: Float64Array;
  private readonly flags: Uint8Array;
  /** longest record, so an overlap query can start its scan at low - maxCount */
  private readonly maxCount: number;

  /** Build from unsorted records (xfs_rmap_map / mkfs in a real filesystem). */
  constructor(agno: number, recs: RmapRecordSink) {
    this.agno = agno;
    const n = recs.length;
    const s = recs.start;
    const o = recs.owner;
    const f = recs.offset;
    const fl = recs.flags;
    const cmp = (a: number, b: number) => s[a] - s[b] || ownerCmp(o[a], o[b]) || f[a] - f[b] || fl[a] - fl[b];
    // Perf: mkfs order plus a clone set's records (owners ascending) usually arrive already in key order;
    // one linear check then replaces sorting 10^6 indices (~0.2 s with a comparator). A stable sort of
    // sorted input is the identity, so the order is the same either way.
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
    let order: ArrayLike<number> | null = null;
    if (!sorted) {
      // a plain array sorts with TimSort (stable, and quick on the presorted runs clone sets leave)
      const idx: number[] = new Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      order = idx.sort(cmp);
    }
    this.nr = n;
    let max = 0;
    if (!order) {
      // Perf: in key order already: keep the sink's columns (views of the first n records, no copy)
      this.start = s.subarray(0, n);
      this.count = recs.count.subarray(0, n);
      this.owner = o.subarray(0, n);
      this.offset = f.subarray(0, n);
      this.flags = fl.subarray(0, n);
      for (let i = 0; i < n; i++) if (this.count[i] > max) max = this.count[i];
    } else {
      this.start = new Uint32Array(n);
      this.count = new Uint32Array(n);
      this.owner = new Float64Array(n);
      this.offset = new Float64Array(n);
      this.flags = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const j = order[i];
        this.start[i] = s[j];
        this.count[i] = recs.count[j];
        this.owner[i] = o[j];
        this.offset[i] = f[j];
        this.flags[i] = fl[j];
        if (recs.count[j] > max) max = recs.count[j];
      }
    }
    this.maxCount = max;
  }

  record(recno: number): XfsRmapIrec {
    return {
      recno,
      rm_startblock: this.start[recno],
      rm_blockcount: this.count[recno],
      rm_owner: this.owner[recno],
      rm_offset: this.offset[recno],
      rm_flags: this.flags[recno],
    };
  }

  ownerOf(recno: number): number {
    return this.owner[recno];
  }

  /** rm_flags of one record, without building the record object (the failure walk's inner loop). */
  flagsOf(recno: number): number {
    return this.flags[recno];
  }

  isInodeOwner(recno: number): boolean {
    return !XFS_RMAP_NON_INODE_OWNER(this.owner[recno]);
  }

  /** First record index in key order whose range may overlap `low` (a lower bound for the scan). */
  private lowerBound(block: number): number {
    let lo = 0;
    let hi = this.nr;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.start[mid] < block) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Record numbers overlapping agbno range [low, high], in the order xfs_rmap_query_range() visits them.
   * Returned as a list of numbers (cheap even for a million records).
   */
  queryRange(low: number, high: number): Uint32Array {
    const first = this.lowerBound(Math.max(0, low - this.maxCount + 1));
    // Perf: two passes into one typed array instead of pushing 10^6 numbers to a growing list.
    let end = first;
    let nhits = 0;
    for (; end < this.nr && this.start[end] <= high; end++) if (this.start[end] + this.count[end] - 1 >= low) nhits++;
    const hits = new Uint32Array(nhits);
    for (let i = first, h = 0; i < end; i++) if (this.start[i] + this.count[i] - 1 >= low) hits[h++] = i;
    return hits;
  }

  /** The first record overlapping [low, high], or -1: queryRange's first hit without listing them all (views). */
  firstInRange(low: number, high: number): number {
    for (let i = this.lowerBound(Math.max(0, low - this.maxCount + 1)); i < this.nr && this.start[i] <= high; i++)
      if (this.start[i] + this.count[i] - 1 >= low) return i;
    return -1;
  }

  /** Records of one owner (for the views and invariants). */
  recordsOfOwner(owner: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.nr; i++) if (this.owner[i] === owner) out.push(i);
    return out;
  }
}

/** Owners compare as the kernel's u64: inode numbers sort before the (bit-63) special owners. */
function ownerCmp(a: number, b: number): number {
  if (a < 0 !== b < 0) return a < 0 ? 1 : -1;
  return a - b;
}

/**
 * Growable columns that records are appended to before the btree is built.
 * Perf: typed columns that double when full (the btree's own types), not five JS arrays: appending the
 * records of a million reflinked copies took ~0.5 s and a lot of garbage with number[] pushes.
 */
export class RmapRecordSink {
  length = 0;
  start: Uint32Array;
  count: Uint32Array;
  owner: Float64Array;
  offset: Float64Array;
  flags: Uint8Array;

  /** `capacity`: how many records the caller expects (the columns still grow past it) */
  constructor(capacity = 16) {
    const cap = Math.max(1, capacity);
    this.start = new Uint32Array(cap);
    this.count = new Uint32Array(cap);
    this.owner = new Float64Array(cap);
    this.offset = new Float64Array(cap);
    this.flags = new Uint8Array(cap);
  }

  add(startblock: number, blockcount: number, owner: number, offset: number, flags = 0): void {
    const i = this.length;
    if (i === this.start.length) this.grow();
    this.start[i] = startblock;
    this.count[i] = blockcount;
    this.owner[i] = owner;
    this.offset[i] = offset;
    this.flags[i] = flags;
    this.length = i + 1;
  }

  private grow(): void {
    const cap = this.start.length * 2;
    const widen = <T extends Uint32Array | Float64Array | Uint8Array>(a: T, next: T): T => {
      next.set(a);
      return next;
    };
    this.start = widen(this.start, new Uint32Array(cap));
    this.count = widen(this.count, new Uint32Array(cap));
    this.owner = widen(this.owner, new Float64Array(cap));
    this.offset = widen(this.offset, new Float64Array(cap));
    this.flags = widen(this.flags, new Uint8Array(cap));
  }
}
