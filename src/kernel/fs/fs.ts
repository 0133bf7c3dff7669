/**
 * A mounted DAX filesystem: the superblock state the failure path reads, the files, and (XFS) the
 * allocation groups with their rmapbt. ext4 keeps no reverse map and registers no dax holder.
 * Models: fs/xfs/xfs_mount.h (struct xfs_mount: m_sb geometry, shutdown and freeze state),
 *         fs/xfs/xfs_super.c (holder registration through fs_dax_get_by_bdev), fs/ext4/super.c (-o dax).
 */
import type { CloneSet } from './clones';
import type { Inode } from './vfs';
import type { XfsGeometry } from './xfs/xfs_format';
import type { RmapBtree } from './xfs/xfs_rmap';

export type FsType = 'xfs' | 'ext4';

/** A run of blocks the filesystem uses for itself, for the views (XFS: also an rmap record). */
export interface MetadataRegion {
  block: number;
  len: number;
  /** XFS_RMAP_OWN_* for XFS; an ext4 structure name otherwise */
  owner: number | string;
  what: string;
}

/** refcount of a block range (XFS refcountbt record; 1 = not shared) */
export interface RefcountExtent {
  block: number;
  len: number;
  refcount: number;
}

export interface Filesystem {
  type: FsType;
  /** the block device, also sb->s_id in messages: "pmem0" */
  dev: string;
  mount: string;
  blocksize: number;
  /** total blocks */
  blocks: number;
  /** SB_BORN: mounted and ready */
  sb_born: boolean;
  /** xfs_is_shutdown() / ext4 EXT4_FLAGS_SHUTDOWN */
  shutdown: boolean;
  /** SB_FREEZE_COMPLETE held by the kernel (freeze_super(FREEZE_HOLDER_KERNEL)) */
  frozen: boolean;
  /** umount(2)ed by a scenario event (and not mounted again) */
  unmounted?: boolean;
  inodes: Map<number, Inode>;
  byPath: Map<string, number>;
  /** bulk reflinked copies, materialised into `inodes` only when a process opens one */
  cloneSets: CloneSet[];
  metadata: MetadataRegion[];
  /** sorted, non-overlapping; blocks not covered have refcount 0 (free) or 1 */
  refcounts: RefcountExtent[];
  xfs: XfsState | null;
}

export interface XfsState {
  geometry: XfsGeometry;
  rmapbt: boolean;
  reflink: boolean;
  /** one rmapbt per AG (empty ones when !rmapbt) */
  rmap: RmapBtree[];
}

/** Is any block in [block, block + len) shared (refcount > 1)? Models xfs_reflink_trim_around_shared. */
export function blocksShared(fs: Filesystem, block: number, len: number): boolean {
  const r = fs.refcounts;
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r[mid].block + r[mid].len <= block) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < r.length && r[i].block < block + len; i++) if (r[i].refcount > 1) return true;
  return false;
}
