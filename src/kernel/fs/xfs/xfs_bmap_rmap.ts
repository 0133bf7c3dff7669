/**
 * An inode's data-fork mapping changes, and the reverse map follows it in the same transaction.
 * Models (v6.12.117): fs/xfs/libxfs/xfs_bmap.c xfs_bmap_del_extent_real() and xfs_bmap_add_extent_hole_real()
 * call xfs_rmap_unmap_extent() / xfs_rmap_map_extent() (fs/xfs/libxfs/xfs_rmap.c :2653, :2633), whose
 * deferred work runs xfs_rmap_unmap() / xfs_rmap_map() on the AG's rmapbt (the _shared variants on a
 * reflink filesystem: xfs_rmap_unmap_shared / xfs_rmap_map_shared); a record covers one piece of one extent
 * inside one AG.
 * Simplified: the records mirror the extent list exactly (a record per extent piece per AG): the kernel's
 * xfs_rmap_map merges a new record with a contiguous neighbour of the same owner, and so does the model, by
 * merging contiguous extents in the data fork first (as xfs_bmap_add_extent_hole_real does). The btree is
 * rebuilt for each AG that changes (columnar arrays, not btree blocks).
 */
import { fileMappingId, fsId, rmapId } from '../../ids';
import type { Kernel } from '../../kernel';
import type { Filesystem } from '../fs';
import type { FileExtent, Inode } from '../vfs';
import { XFS_RMAP_UNWRITTEN, type XfsGeometry } from './xfs_format';
import { RmapBtree, RmapRecordSink } from './xfs_rmap';

/** One record added (xfs_rmap_map) or removed (xfs_rmap_unmap), in AG terms. */
export interface RmapChange {
  op: 'map' | 'unmap' | 'convert';
  agno: number;
  agbno: number;
  len: number;
  owner: number;
  offset: number;
  /** rm_flags: XFS_RMAP_UNWRITTEN for an unwritten extent */
  flags: number;
}

/** The rmap record pieces of an extent list: each extent split at AG boundaries. */
function pieces(g: XfsGeometry, owner: number, extents: readonly FileExtent[]): RmapChange[] {
  const out: RmapChange[] = [];
  for (const e of extents) {
    let block = e.block;
    let offset = e.fileoff;
    let left = e.len;
    while (left > 0) {
      const agno = Math.floor(block / g.agblocks);
      const agbno = block % g.agblocks;
      const len = Math.min(left, g.agblocks - agbno);
      out.push({ op: 'map', agno, agbno, len, owner, offset, flags: e.unwritten ? XFS_RMAP_UNWRITTEN : 0 });
      block += len;
      offset += len;
      left -= len;
    }
  }
  return out;
}

const key = (p: RmapChange) => `${p.agno}:${p.agbno}:${p.len}:${p.offset}:${p.flags}`;
/** the same record but for its flags: an unwritten → written conversion (xfs_rmap_convert) */
const place = (p: RmapChange) => `${p.agno}:${p.agbno}:${p.len}:${p.offset}`;

/**
 * Sort by file offset and merge extents contiguous both in the file and on the device, inside one AG
 * (xfs_bmap_add_extent_hole_real merges with a contiguous left or right neighbour; AGs never share an extent).
 */
export function mergeExtents(extents: readonly FileExtent[], agblocks = Number.POSITIVE_INFINITY): FileExtent[] {
  const sorted = [...extents].sort((a, b) => a.fileoff - b.fileoff);
  const out: FileExtent[] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    const sameAg = last && Math.floor(last.block / agblocks) === Math.floor(e.block / agblocks);
    const sameState = last && !last.unwritten === !e.unwritten;
    if (last && sameAg && sameState && last.fileoff + last.len === e.fileoff && last.block + last.len === e.block)
      out[out.length - 1] = { ...last, len: last.len + e.len };
    else out.push({ ...e });
  }
  return out;
}

/**
 * Set the inode's extent list (contiguous extents merged, as the bmbt merges them); on an rmapbt
 * filesystem, xfs_rmap_unmap() the records of the pieces that went and xfs_rmap_map() those of the pieces
 * that came. Bulk reflinked copies still reading their source's extents keep the old list (their own data
 * forks did not change). Returns the record changes.
 */
export function setExtentsAndRmap(k: Kernel, fs: Filesystem, inode: Inode, list: FileExtent[]): RmapChange[] {
  const before = inode.extents;
  const next = mergeExtents(list, fs.xfs?.geometry.agblocks);
  for (const set of fs.cloneSets)
    if (set.sourceIno === inode.ino && !set.extents) k.j.set(fsId(fs.dev), set, 'extents', before);
  k.j.set(fileMappingId(fs.dev, inode.ino), inode, 'extents', next);
  const xfs = fs.xfs;
  if (!xfs?.rmapbt) return [];
  const was = pieces(xfs.geometry, inode.ino, before);
  const now = pieces(xfs.geometry, inode.ino, next);
  const nowKeys = new Set(now.map(key));
  const wasKeys = new Set(was.map(key));
  const removed = was.filter((p) => !nowKeys.has(key(p)));
  const added = now.filter((p) => !wasKeys.has(key(p)));
  const addedAt = new Set(added.map(place));
  const removedAt = new Set(removed.map(place));
  const changes: RmapChange[] = [
    ...removed.filter((p) => !addedAt.has(place(p))).map((p) => ({ ...p, op: 'unmap' as const })),
    ...added.map((p) => (removedAt.has(place(p)) ? { ...p, op: 'convert' as const } : p)),
  ];
  if (!changes.length) return changes;
  const rebuilt = xfs.rmap.slice();
  for (const agno of new Set(changes.map((c) => c.agno))) {
    const bt = xfs.rmap[agno];
    // a conversion replaces the record of the same place with the other flags
    const gone = new Set(changes.filter((c) => c.op !== 'map' && c.agno === agno).map(place));
    const sink = new RmapRecordSink(bt.nr + changes.length);
    for (let i = 0; i < bt.nr; i++) {
      const r = bt.record(i);
      const p = {
        op: 'unmap' as const,
        agno,
        agbno: r.rm_startblock,
        len: r.rm_blockcount,
        owner: r.rm_owner,
        offset: r.rm_offset,
        flags: r.rm_flags,
      };
      if (r.rm_owner === inode.ino && gone.has(place(p))) continue;
      sink.add(r.rm_startblock, r.rm_blockcount, r.rm_owner, r.rm_offset, r.rm_flags);
    }
    for (const c of changes)
      if (c.op !== 'unmap' && c.agno === agno) sink.add(c.agbno, c.len, c.owner, c.offset, c.flags);
    rebuilt[agno] = new RmapBtree(agno, sink);
  }
  k.j.set(fsId(fs.dev), xfs, 'rmap', rebuilt);
  return changes;
}

/**
 * The ids of the records a change added or converted (rmapId, after the rebuild), for the step's
 * `touched`: the rmap view flashes them.
 */
export function rmapChangedIds(fs: Filesystem, changes: readonly RmapChange[]): string[] {
  const xfs = fs.xfs;
  if (!xfs) return [];
  const out: string[] = [];
  for (const c of changes) {
    if (c.op === 'unmap') continue;
    const bt = xfs.rmap[c.agno];
    for (const r of bt.queryRange(c.agbno, c.agbno)) {
      const rec = bt.record(r);
      if (rec.rm_startblock === c.agbno && rec.rm_owner === c.owner && rec.rm_offset === c.offset)
        out.push(rmapId(fs.dev, c.agno, r));
    }
  }
  return out.slice(0, 64);
}

/** The record changes as the step text says them. */
export function rmapChangesText(changes: readonly RmapChange[]): string {
  if (!changes.length) return '';
  const fn = { map: 'xfs_rmap_map', unmap: 'xfs_rmap_unmap', convert: 'xfs_rmap_convert' } as const;
  const one = (c: RmapChange) =>
    `${fn[c.op]}(AG ${c.agno} [${c.agbno}, +${c.len}), owner ${c.owner}, offset ${c.offset}${c.flags & XFS_RMAP_UNWRITTEN ? ', XFS_RMAP_UNWRITTEN' : c.op === 'convert' ? ', written' : ''})`;
  const shown = changes.slice(0, 6).map(one).join(', ');
  return `rmapbt: ${shown}${changes.length > 6 ? `, … ${changes.length - 6} more` : ''}`;
}
