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
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const s = recs.start;
    const o = recs.owner;
    const f = recs.offset;
    const fl = recs.flags;
    order.sort((a, b) => s[a] - s[b] || ownerCmp(o[a], o[b]) || f[a] - f[b] || fl[a] - fl[b]);
    this.nr = n;
    this.start = new Uint32Array(n);
    this.count = new Uint32Array(n);
    this.owner = new Float64Array(n);
    this.offset = new Float64Array(n);
    this.flags = new Uint8Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      const j = order[i];
      this.start[i] = s[j];
      this.count[i] = recs.count[j];
      this.owner[i] = o[j];
      this.offset[i] = f[j];
      this.flags[i] = fl[j];
      if (recs.count[j] > max) max = recs.count[j];
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
    const hits: number[] = [];
    for (let i = first; i < this.nr && this.start[i] <= high; i++) {
      if (this.start[i] + this.count[i] - 1 >= low) hits.push(i);
    }
    return Uint32Array.from(hits);
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

/** Growable columns that records are appended to before the btree is built. */
export class RmapRecordSink {
  length = 0;
  start: number[] = [];
  count: number[] = [];
  owner: number[] = [];
  offset: number[] = [];
  flags: number[] = [];

  add(startblock: number, blockcount: number, owner: number, offset: number, flags = 0): void {
    this.start.push(startblock);
    this.count.push(blockcount);
    this.owner.push(owner);
    this.offset.push(offset);
    this.flags.push(flags);
    this.length++;
  }
}
