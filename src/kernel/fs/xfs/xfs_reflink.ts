/**
 * Copy-on-write of a reflinked (shared) block when a process stores to it through a DAX mapping.
 * Models (v6.12.117): fs/xfs/xfs_iomap.c xfs_direct_write_iomap_begin() (imap_needs_cow →
 * xfs_reflink_allocate_cow(..., convert_now = IS_DAX), :826-834, and `out_found_cow:` returning the new
 * blocks with IOMAP_F_SHARED and the old ones as srcmap, :907-919); fs/xfs/xfs_iomap.c
 * xfs_dax_write_iomap_end() → xfs_reflink_end_cow() (:932-948); fs/xfs/xfs_reflink.c
 * xfs_reflink_end_cow_extent() (:737-862): xfs_bmap_unmap_extent + xfs_refcount_decrease_extent of the old
 * data fork mapping, then xfs_bmap_map_extent of the new one (each also updates the rmapbt).
 * Simplified: one block per CoW (what one PTE fault writes); the CoW fork's staging (its XFS_RMAP_OWN_COW
 * records and the cowextsize preallocation around the block) is not modelled, and where the allocator
 * places the new block is UNVERIFIED: the model takes the first free block after the old one.
 */
import { fsId } from '../../ids';
import type { Kernel } from '../../kernel';
import type { Filesystem, RefcountExtent } from '../fs';
import { extentAt, type FileExtent, type Inode } from '../vfs';
import { setExtentsAndRmap } from './xfs_bmap_rmap';

/** xfs_reflink_allocate_cow(): a block for the CoW of one shared block (placement UNVERIFIED, see above). */
export function xfs_reflink_allocate_cow(fs: Filesystem, oldBlock: number): number | null {
  const used: { block: number; len: number }[] = [
    ...fs.metadata.map((m) => ({ block: m.block, len: m.len })),
    ...fs.refcounts.map((r) => ({ block: r.block, len: r.len })),
  ].sort((a, b) => a.block - b.block);
  const firstFreeFrom = (start: number, end: number): number | null => {
    let b = start;
    for (const u of used) {
      if (u.block + u.len <= b) continue;
      if (u.block > b) break;
      b = u.block + u.len;
    }
    return b < end ? b : null;
  };
  return firstFreeFrom(oldBlock + 1, fs.blocks) ?? firstFreeFrom(0, oldBlock);
}

/**
 * xfs_reflink_end_cow() for file block `fileBlock` of `inode`, now written at `newBlock`: the data fork maps
 * the new block, the old block's refcount drops by one, and the rmapbt loses the inode's record of the old
 * block and gains one for the new block. Every write goes through the journal.
 */
export function xfs_reflink_end_cow(
  k: Kernel,
  fs: Filesystem,
  inode: Inode,
  fileBlock: number,
  newBlock: number,
): { oldBlock: number; refcountAfter: number } {
  const ext = extentAt(inode, fileBlock);
  if (!ext) throw new Error(`xfs_reflink_end_cow: no extent at file block ${fileBlock} of ${inode.path}`);
  const oldBlock = ext.block + (fileBlock - ext.fileoff);
  // xfs_bmap_unmap_extent + xfs_bmap_map_extent: the extent splits around the remapped block (a new array:
  // reflinked copies share their source's extent list)
  const pieces: FileExtent[] = [];
  if (fileBlock > ext.fileoff) pieces.push({ ...ext, len: fileBlock - ext.fileoff });
  pieces.push({ fileoff: fileBlock, block: newBlock, len: 1 });
  const tail = ext.fileoff + ext.len - (fileBlock + 1);
  if (tail > 0) pieces.push({ ...ext, fileoff: fileBlock + 1, block: oldBlock + 1, len: tail });
  const at = inode.extents.indexOf(ext);
  setExtentsAndRmap(k, fs, inode, [...inode.extents.slice(0, at), ...pieces, ...inode.extents.slice(at + 1)]);
  const refcountAfter = xfs_refcount_decrease_extent(k, fs, oldBlock, newBlock);
  return { oldBlock, refcountAfter };
}

/**
 * xfs_reflink_end_cow() of a write(2): file blocks [fileBlock, fileBlock + newBlocks.length) now live in
 * `newBlocks`. One data-fork update and one rmapbt update for the whole range (the transaction's deferred
 * work), one refcount decrease per old block.
 */
export function xfs_reflink_end_cow_range(
  k: Kernel,
  fs: Filesystem,
  inode: Inode,
  fileBlock: number,
  newBlocks: readonly number[],
): { oldBlock: number; refcountAfter: number }[] {
  const n = newBlocks.length;
  if (!n) return [];
  const last = fileBlock + n;
  // the data fork: the range cut out of its extents, the new blocks in its place (merged by setExtentsAndRmap)
  const oldBlocks: number[] = [];
  const extents: FileExtent[] = [];
  for (const e of inode.extents) {
    const s = Math.max(e.fileoff, fileBlock);
    const t = Math.min(e.fileoff + e.len, last);
    if (s >= t) {
      extents.push(e);
      continue;
    }
    if (e.fileoff < s) extents.push({ ...e, len: s - e.fileoff });
    for (let b = s; b < t; b++) oldBlocks[b - fileBlock] = e.block + (b - e.fileoff);
    if (t < e.fileoff + e.len)
      extents.push({ ...e, fileoff: t, block: e.block + (t - e.fileoff), len: e.fileoff + e.len - t });
  }
  for (let i = 0; i < n; i++) {
    if (oldBlocks[i] === undefined)
      throw new Error(`xfs_reflink_end_cow: no extent at file block ${fileBlock + i} of ${inode.path}`);
    extents.push({ fileoff: fileBlock + i, block: newBlocks[i], len: 1 });
  }
  setExtentsAndRmap(k, fs, inode, extents);
  const after = xfs_refcount_decrease_blocks(k, fs, oldBlocks, newBlocks);
  return oldBlocks.map((oldBlock, i) => ({ oldBlock, refcountAfter: after[i] }));
}

/**
 * The batched form of xfs_refcount_decrease_extent: each old block loses one reference, each new block
 * gains its first; one pass over the refcount records, one journal write.
 */
function xfs_refcount_decrease_blocks(
  k: Kernel,
  fs: Filesystem,
  oldBlocks: readonly number[],
  newBlocks: readonly number[],
): number[] {
  const dec = new Map<number, number>();
  for (const b of oldBlocks) dec.set(b, (dec.get(b) ?? 0) + 1);
  const sorted = [...dec.keys()].sort((a, b) => a - b);
  const afterOf = new Map<number, number>();
  const out: RefcountExtent[] = [];
  let i = 0;
  for (const r of fs.refcounts) {
    while (i < sorted.length && sorted[i] < r.block) i++;
    let from = r.block;
    for (; i < sorted.length && sorted[i] < r.block + r.len; i++) {
      const b = sorted[i];
      if (b > from) out.push({ block: from, len: b - from, refcount: r.refcount });
      const left = r.refcount - (dec.get(b) ?? 0);
      afterOf.set(b, left);
      if (left > 0) out.push({ block: b, len: 1, refcount: left });
      from = b + 1;
    }
    if (from < r.block + r.len) out.push({ block: from, len: r.block + r.len - from, refcount: r.refcount });
  }
  for (const b of newBlocks) out.push({ block: b, len: 1, refcount: 1 });
  out.sort((a, b) => a.block - b.block);
  // adjacent runs of one refcount become one record
  const merged: RefcountExtent[] = [];
  for (const r of out) {
    const prev = merged.at(-1);
    if (prev && prev.block + prev.len === r.block && prev.refcount === r.refcount) prev.len += r.len;
    else merged.push({ ...r });
  }
  k.j.set(fsId(fs.dev), fs, 'refcounts', merged);
  return oldBlocks.map((b) => afterOf.get(b) ?? 0);
}

/** The old block loses one reference (a refcount of 1 is kept as such); the new block gains its first. */
function xfs_refcount_decrease_extent(k: Kernel, fs: Filesystem, oldBlock: number, newBlock: number): number {
  const out: RefcountExtent[] = [];
  let after = 0;
  for (const r of fs.refcounts) {
    if (oldBlock < r.block || oldBlock >= r.block + r.len) {
      out.push(r);
      continue;
    }
    if (oldBlock > r.block) out.push({ block: r.block, len: oldBlock - r.block, refcount: r.refcount });
    after = r.refcount - 1;
    if (after > 0) out.push({ block: oldBlock, len: 1, refcount: after });
    const tail = r.block + r.len - (oldBlock + 1);
    if (tail > 0) out.push({ block: oldBlock + 1, len: tail, refcount: r.refcount });
  }
  out.push({ block: newBlock, len: 1, refcount: 1 });
  out.sort((a, b) => a.block - b.block);
  k.j.set(fsId(fs.dev), fs, 'refcounts', out);
  return after;
}
