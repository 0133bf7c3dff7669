/**
 * XFS on-disk vocabulary used by the failure path: special rmap owners, rmap flags, block-number
 * conversions between 512-byte daddrs, linear blocks and the (agno << agblklog | agbno) fsblock encoding.
 * Models: fs/xfs/libxfs/xfs_format.h (XFS_RMAP_OWN_*, XFS_RMAP_NON_INODE_OWNER),
 *         fs/xfs/libxfs/xfs_rmap.h (XFS_RMAP_ATTR_FORK, XFS_RMAP_BMBT_BLOCK, XFS_RMAP_UNWRITTEN),
 *         fs/xfs/xfs_mount.h (xfs_daddr_to_agno, XFS_DADDR_TO_FSB). Kernel v6.12.
 * Owners are numbers: inode numbers are positive; the special owners are the kernel's negative values,
 * whose 64-bit two's complement has bit 63 set.
 */
export const XFS_RMAP_OWN_NULL = -1;
export const XFS_RMAP_OWN_UNKNOWN = -2;
export const XFS_RMAP_OWN_FS = -3;
export const XFS_RMAP_OWN_LOG = -4;
export const XFS_RMAP_OWN_AG = -5;
export const XFS_RMAP_OWN_INOBT = -6;
export const XFS_RMAP_OWN_INODES = -7;
export const XFS_RMAP_OWN_REFC = -8;
export const XFS_RMAP_OWN_COW = -9;

export const OWNER_NAMES: Readonly<Record<number, string>> = {
  [-1]: 'XFS_RMAP_OWN_NULL',
  [-2]: 'XFS_RMAP_OWN_UNKNOWN',
  [-3]: 'XFS_RMAP_OWN_FS',
  [-4]: 'XFS_RMAP_OWN_LOG',
  [-5]: 'XFS_RMAP_OWN_AG',
  [-6]: 'XFS_RMAP_OWN_INOBT',
  [-7]: 'XFS_RMAP_OWN_INODES',
  [-8]: 'XFS_RMAP_OWN_REFC',
  [-9]: 'XFS_RMAP_OWN_COW',
};

/** in-core rm_flags bits (struct xfs_rmap_irec) */
export const XFS_RMAP_UNWRITTEN = 1 << 0;
export const XFS_RMAP_ATTR_FORK = 1 << 1;
export const XFS_RMAP_BMBT_BLOCK = 1 << 2;

/** XFS_RMAP_NON_INODE_OWNER(owner): bit 63 of the 64-bit owner, i.e. a negative special owner */
export const XFS_RMAP_NON_INODE_OWNER = (owner: number): boolean => owner < 0;

export function ownerName(owner: number): string {
  return owner < 0 ? (OWNER_NAMES[owner] ?? `owner ${owner}`) : `inode ${owner}`;
}

/** 64-bit hex of an owner as xfs_db prints it (two's complement for the special owners). */
export function ownerHex(owner: number): string {
  const v = owner < 0 ? (1n << 64n) + BigInt(owner) : BigInt(owner);
  return `0x${v.toString(16)}`;
}

/** The mkfs geometry the failure path converts with. */
export interface XfsGeometry {
  /** sb_blocksize */
  blocksize: number;
  /** sb_agblocks */
  agblocks: number;
  /** sb_agblklog = log2(agblocks) rounded up */
  agblklog: number;
  agcount: number;
  /** sb_inopblog: log2(inodes per block) */
  inopblog: number;
}

export const BBSHIFT = 9;
/** BTOBB(bytes): bytes to 512-byte basic blocks, rounded up */
export const BTOBB = (bytes: number): number => Math.ceil(bytes / 512);

export const xfs_daddr_to_agno = (g: XfsGeometry, daddr: number): number =>
  // divide, not `>> BBSHIFT`: an AG of 2 GiB or more (agblocks * blocksize >= 2^31) would wrap to a
  // negative int32 and give AG -1 (found by the 64 GiB bench in bench/reflink-million.bench.ts)
  Math.floor(daddr / ((g.agblocks * g.blocksize) / 2 ** BBSHIFT));
export const xfs_daddr_to_agbno = (g: XfsGeometry, daddr: number): number =>
  Math.floor((daddr * 512) / g.blocksize) % g.agblocks;
/** XFS_AGB_TO_FSB: (agno << agblklog) | agbno, kept exact past 2^32 */
export const XFS_AGB_TO_FSB = (g: XfsGeometry, agno: number, agbno: number): number => agno * 2 ** g.agblklog + agbno;
export const XFS_FSB_TO_AGNO = (g: XfsGeometry, fsb: number): number => Math.floor(fsb / 2 ** g.agblklog);
export const XFS_FSB_TO_AGBNO = (g: XfsGeometry, fsb: number): number => fsb % 2 ** g.agblklog;
export const XFS_DADDR_TO_FSB = (g: XfsGeometry, daddr: number): number =>
  XFS_AGB_TO_FSB(g, xfs_daddr_to_agno(g, daddr), xfs_daddr_to_agbno(g, daddr));
/** linear device block → (agno, agbno) */
export const linearToAg = (g: XfsGeometry, block: number): { agno: number; agbno: number } => ({
  agno: Math.floor(block / g.agblocks),
  agbno: block % g.agblocks,
});

/** XFS_AGINO_TO_INO for AG 0 and the inode at slot `i` of block `agbno` */
export const xfsIno = (g: XfsGeometry, agno: number, agbno: number, slot: number): number =>
  (agno * 2 ** g.agblklog + agbno) * 2 ** g.inopblog + slot;
