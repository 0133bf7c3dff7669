/**
 * write(2) / pwrite(2) of a DAX file: the filesystem's write_iter, then dax_iomap_rw() iterating over
 * the file's mappings (->iomap_begin, dax_iomap_iter(), ->iomap_end) and the i_size update.
 * Models (6.12.117): fs/xfs/xfs_file.c xfs_file_write_iter() (:835, xfs_is_shutdown → -EIO) and
 * xfs_file_dax_write() (:730: i_size_write + xfs_setfilesize past EOF); fs/xfs/xfs_iomap.c
 * xfs_direct_write_iomap_begin() (:765: a hole → xfs_iomap_write_direct() with XFS_BMAPI_ZERO, IOMAP_F_NEW;
 * a shared block → xfs_reflink_allocate_cow(), IOMAP_F_SHARED with the old block as srcmap) and
 * xfs_dax_write_iomap_end() (:932: xfs_reflink_end_cow() of what was written, the CoW cancelled if nothing
 * was); fs/xfs/xfs_bmap_util.c xfs_zero_extent() (:56: blkdev_issue_zeroout of the new blocks);
 * fs/ext4/file.c ext4_file_write_iter() (:691) / ext4_dax_write_iter() (:636), fs/ext4/inode.c
 * ext4_iomap_alloc() (EXT4_GET_BLOCKS_CREATE_ZERO, :3381) and ext4_issue_zeroout() (:405); fs/dax.c
 * dax_iomap_iter() (:1434: invalidate_inode_pages2_range for IOMAP_F_NEW or CoW; dax_direct_access(),
 * on -EHWPOISON again with DAX_RECOVERY_WRITE; dax_iomap_copy_around() from srcmap; dax_recovery_write or
 * dax_copy_from_iter; a copy of 0 bytes is -EFAULT) and dax_iomap_rw() (:1563: the bytes done, else the
 * error); drivers/nvdimm/pmem.c __pmem_direct_access() (:252), pmem_recovery_write() (:335),
 * __pmem_clear_poison() and pmem_do_write() (:181: a write over bad sectors clears them first).
 * Simplified: one ->iomap_begin per extent, hole or shared run; the zeroing of new blocks and the recovery
 * write are taken to clear the poison (nvdimm_clear_poison() succeeds only where the platform implements
 * the clear-error DSM: real NVDIMMs and nfit_test do; QEMU's emulated NVDIMM: UNVERIFIED); the CoW fork's
 * staging (XFS_RMAP_OWN_COW records) is not modelled; where the allocator puts new blocks is UNVERIFIED
 * (the model takes the first free run after the file's previous block).
 */
import { EFAULT, EIO, ENOSPC, errnoName } from '../errno';
import type { Frame, KernelEvent, WriteIter } from '../frame';
import { fileMappingId, fsId, indexId, pfnId } from '../ids';
import { blockToPfn, type Kernel, type Namespace } from '../kernel';
import { xa_for_each_range, xa_store_order } from '../lib/xarray';
import { unmap_mapping_range } from '../mm/memory';
import { PG_hwpoison } from '../mm/page';
import type { KernelOp, StepOutcome } from '../step';
import { hex, PAGE_SIZE, PFN_PHYS } from '../units';
import { dax_disassociate_entry, dax_to_pfn, pageSet, updateIPages } from './dax';
import { blocksShared, type Filesystem, type RefcountExtent } from './fs';
import { extentAt, type FileExtent, type Inode } from './vfs';
import { rmapChangedIds, rmapChangesText, setExtentsAndRmap } from './xfs/xfs_bmap_rmap';
import { xfs_reflink_end_cow_range } from './xfs/xfs_reflink';

type WriteEvent = Extract<KernelEvent, { kind: 'write' }>;

function fileOf(k: Kernel, f: Frame): { fs: Filesystem; inode: Inode; ns: Namespace; ev: WriteEvent } {
  const ev = f.event as WriteEvent;
  const fs = k.filesystems.get(ev.dev);
  const inode = fs?.inodes.get(ev.ino);
  const ns = k.namespaces.find((n) => n.fs === ev.dev);
  if (!fs || !inode || !ns) throw new Error('write of an unknown file');
  return { fs, inode, ns, ev };
}

const iterOf = (f: Frame): WriteIter => {
  if (!f.write) throw new Error('no write in progress');
  return f.write;
};

// ---- blocks: allocation and the poison a new block's zeroing clears ---------------------------------

/**
 * The first run of `n` free blocks at or after `near` (else from the start), inside one AG on XFS: free
 * means no metadata, no refcount record (the model's space map: every block in use has one), not `taken`.
 */
export function findFreeRun(fs: Filesystem, near: number, n: number, taken: readonly number[] = []): number | null {
  const used = [
    ...fs.metadata.map((m) => ({ block: m.block, len: m.len })),
    ...fs.refcounts.map((r) => ({ block: r.block, len: r.len })),
    ...taken.map((b) => ({ block: b, len: 1 })),
  ].sort((a, b) => a.block - b.block);
  const agblocks = fs.xfs?.geometry.agblocks ?? fs.blocks;
  const scan = (start: number, stop: number): number | null => {
    let b = start;
    for (let i = 0; b + n <= stop; ) {
      const agEnd = (Math.floor(b / agblocks) + 1) * agblocks;
      if (b + n > agEnd) {
        b = agEnd;
        continue;
      }
      while (i < used.length && used[i].block + used[i].len <= b) i++;
      if (i < used.length && used[i].block < b + n) {
        b = used[i].block + used[i].len;
        continue;
      }
      return b;
    }
    return null;
  };
  return scan(Math.max(0, near), fs.blocks) ?? scan(0, Math.min(fs.blocks, Math.max(0, near) + n - 1));
}

/** The blocks enter the space map with one owner (refcount 1). */
export function takeBlocks(k: Kernel, fs: Filesystem, block: number, len: number): void {
  const next: RefcountExtent[] = [...fs.refcounts, { block, len, refcount: 1 }].sort((a, b) => a.block - b.block);
  k.j.set(fsId(fs.dev), fs, 'refcounts', next);
}

/**
 * A write over bad sectors clears them first (pmem_do_write → pmem_clear_poison; pmem_recovery_write →
 * __pmem_clear_poison): the sectors leave badblocks and pmem_mkpage_present() clears PG_hwpoison.
 * Returns the pfns whose poison went.
 */
export function pmemClearPoison(k: Kernel, ns: Namespace, pfn: number, pages: number): number[] {
  const cleared: number[] = [];
  for (let p = pfn; p < pfn + pages; p++) {
    if (!k.isBadPmem(ns, PFN_PHYS(p), PAGE_SIZE)) continue;
    k.clearBadblocks(ns, PFN_PHYS(p), PAGE_SIZE);
    const flags = ns.pages.page(p).flags;
    // test_and_clear_pmem_poison() → TestClearPageHWPoison()
    if (flags & (1 << PG_hwpoison)) pageSet(k, ns, p, 'flags', flags & ~(1 << PG_hwpoison));
    cleared.push(p);
  }
  return cleared;
}

const CLEAR_UNVERIFIED =
  'nvdimm_clear_poison() is taken to succeed (the platform implements the clear-error DSM; QEMU: UNVERIFIED)';

// ---- the entry points -----------------------------------------------------------------------------------

/** xfs_file_write_iter() / ext4_file_write_iter(): a shut-down filesystem fails every write with -EIO. */
export const file_write_iter: KernelOp = (k, f) => {
  const { fs, inode, ns, ev } = fileOf(k, f);
  f.current = k.task(ev.pid);
  if (ev.length === 0) {
    f.topReturn = 0;
    return { branch: 'return', summary: 'iov_iter_count() is 0: returns 0', touched: [inode.mappingId] };
  }
  if (fs.shutdown || !ns.dax_dev.alive) {
    f.topReturn = -EIO;
    return {
      branch: 'return',
      summary: fs.shutdown
        ? `${fs.type === 'xfs' ? 'xfs_is_shutdown()' : 'ext4_forced_shutdown()'}: the filesystem is shut down: -EIO`
        : 'the dax device is gone (killed by the unbind): -EIO (UNVERIFIED: the filesystem is not shut down here)',
      touched: [fsId(fs.dev), inode.mappingId],
    };
  }
  f.write = { pos: ev.offset, end: ev.offset + ev.length, done: 0, error: 0, iomap: null, processed: 0 };
  return {
    branch: 'next',
    summary: `IS_DAX: ${fs.type === 'xfs' ? 'xfs_file_dax_write(): xfs_ilock(XFS_IOLOCK_EXCL), xfs_file_write_checks()' : 'ext4_dax_write_iter(): inode_lock(), ext4_write_checks()'}; dax_iomap_rw([${hex(ev.offset)}, ${hex(ev.offset + ev.length)}) of ${inode.path}, IOMAP_WRITE)`,
    touched: [inode.mappingId],
  };
};

/**
 * ->iomap_begin (xfs_direct_write_iomap_begin / ext4_iomap_begin) at the iteration's position: the mapped
 * extent (trimmed around shared blocks on XFS), or the hole, allocated now and zeroed.
 */
export const write_iomap_begin: KernelOp = (k, f) => {
  const { fs, inode, ns } = fileOf(k, f);
  const w = iterOf(f);
  const first = Math.floor(w.pos / PAGE_SIZE);
  const last = Math.ceil(w.end / PAGE_SIZE);
  const ext = extentAt(inode, first);
  if (ext?.unwritten) return convertUnwritten(k, f, fs, inode, ns, ext, first, last);
  if (ext) {
    const extEnd = Math.min(ext.fileoff + ext.len, last);
    const block = (b: number) => ext.block + (b - ext.fileoff);
    const reflink = fs.type === 'xfs' && fs.xfs?.reflink === true;
    // xfs_reflink_trim_around_shared(): a run of all-shared or all-unshared blocks
    const shared = reflink && blocksShared(fs, block(first), 1);
    let to = first + 1;
    while (to < extEnd && (reflink ? blocksShared(fs, block(to), 1) : false) === shared) to++;
    if (!shared) {
      w.iomap = { type: 'mapped', from: first, to, cow: [] };
      return {
        branch: 'next',
        summary: `file blocks [${first}, ${to}) → blocks ${block(first)}–${block(to) - 1}: IOMAP_MAPPED, a pure overwrite`,
        touched: [inode.mappingId],
      };
    }
    // xfs_reflink_allocate_cow(..., convert_now = IS_DAX): one CoW extent for the shared run
    const run = findFreeRun(fs, block(to - 1) + 1, to - first);
    if (run === null) return endWith(k, f, -ENOSPC, 'xfs_reflink_allocate_cow(): no free run: -ENOSPC');
    const cow = Array.from({ length: to - first }, (_, i) => run + i);
    w.iomap = { type: 'cow', from: first, to, cow };
    return {
      branch: 'next',
      summary: `file blocks [${first}, ${to}) are shared (refcount > 1): xfs_reflink_allocate_cow() → CoW blocks ${run}–${run + cow.length - 1} (placement UNVERIFIED); IOMAP_F_SHARED, srcmap = blocks ${block(first)}–${block(to) - 1}`,
      touched: [inode.mappingId, fsId(fs.dev)],
    };
  }
  // a hole: up to the next extent or the end of the write
  const next = inode.extents.find((e) => e.fileoff > first);
  const to = Math.min(last, next ? next.fileoff : last);
  const prev = [...inode.extents].reverse().find((e) => e.fileoff < first);
  const near = prev ? prev.block + prev.len + (first - (prev.fileoff + prev.len)) : 0;
  const block = findFreeRun(fs, near, to - first);
  const alloc =
    fs.type === 'xfs'
      ? 'xfs_iomap_write_direct(XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO)'
      : 'ext4_iomap_alloc() → ext4_map_blocks(EXT4_GET_BLOCKS_CREATE_ZERO)';
  if (block === null) return endWith(k, f, -ENOSPC, `${alloc}: no free run of ${to - first} block(s): -ENOSPC`);
  takeBlocks(k, fs, block, to - first);
  const rmap = setExtentsAndRmap(k, fs, inode, [...inode.extents, { fileoff: first, block, len: to - first }]);
  // xfs_zero_extent() / ext4_issue_zeroout(): blkdev_issue_zeroout() writes zeroes through pmem_do_write()
  const cleared = pmemClearPoison(k, ns, blockToPfn(ns, block), to - first);
  w.iomap = { type: 'new', from: first, to, cow: [] };
  return {
    branch: 'next',
    summary: `file blocks [${first}, ${to}) are a hole: ${alloc} allocates blocks ${block}–${block + to - first - 1} (placement UNVERIFIED)${rmap.length ? `; ${rmapChangesText(rmap)}` : ''}; zeroed by ${fs.type === 'xfs' ? 'xfs_zero_extent()' : 'ext4_issue_zeroout()'} → blkdev_issue_zeroout()${cleared.length ? `, whose pmem_do_write() clears the poison of pfn ${cleared.map(hex).join(', ')} first (${CLEAR_UNVERIFIED})` : ''}; IOMAP_F_NEW`,
    touched: [inode.mappingId, fsId(fs.dev), ...cleared.map(pfnId), ...rmapChangedIds(fs, rmap)],
  };
};

/**
 * An unwritten extent (fallocate) under the write: imap_needs_alloc() for IOMAP_DAX, so
 * xfs_iomap_write_direct(XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO) zeroes the blocks and converts them to
 * written before the copy (xfs_rmap_convert on the rmapbt), IOMAP_F_NEW.
 */
function convertUnwritten(
  k: Kernel,
  f: Frame,
  fs: Filesystem,
  inode: Inode,
  ns: Namespace,
  ext: FileExtent,
  first: number,
  last: number,
): StepOutcome {
  const w = iterOf(f);
  const to = Math.min(ext.fileoff + ext.len, last);
  const at = (b: number) => ext.block + (b - ext.fileoff);
  const pieces: FileExtent[] = [
    ...(first > ext.fileoff ? [{ ...ext, len: first - ext.fileoff }] : []),
    { fileoff: first, block: at(first), len: to - first },
    ...(to < ext.fileoff + ext.len ? [{ ...ext, fileoff: to, block: at(to), len: ext.fileoff + ext.len - to }] : []),
  ];
  const rmap = setExtentsAndRmap(k, fs, inode, [...inode.extents.filter((e) => e !== ext), ...pieces]);
  // xfs_bmap_add_extent_unwritten_real() → xfs_rmap_convert_extent(): one conversion of the written range,
  // which splits the unwritten record around it (the record changes above are its outcome)
  const g = fs.xfs?.geometry;
  const convert =
    rmap.length && g
      ? `; xfs_rmap_convert(AG ${Math.floor(at(first) / g.agblocks)} [${at(first) % g.agblocks}, +${to - first}), owner ${inode.ino}, offset ${first}): the unwritten record is split around the written blocks`
      : '';
  const cleared = pmemClearPoison(k, ns, blockToPfn(ns, at(first)), to - first);
  w.iomap = { type: 'new', from: first, to, cow: [] };
  return {
    branch: 'next',
    summary: `file blocks [${first}, ${to}) are unwritten (fallocate): imap_needs_alloc() → xfs_iomap_write_direct(XFS_BMAPI_CONVERT | XFS_BMAPI_ZERO): blocks ${at(first)}–${at(to) - 1} zeroed and converted to written${convert}${cleared.length ? `; the zeroing's pmem_do_write() clears the poison of pfn ${cleared.map(hex).join(', ')} (${CLEAR_UNVERIFIED})` : ''}; IOMAP_F_NEW`,
    touched: [inode.mappingId, fsId(fs.dev), ...cleared.map(pfnId), ...rmapChangedIds(fs, rmap)],
  };
}

/** The write stops with `error` (or the bytes done so far): on to the filesystem's epilogue. */
function endWith(_k: Kernel, f: Frame, error: number, summary: string): StepOutcome {
  const w = iterOf(f);
  w.error = error;
  w.iomap = null;
  w.processed = 0;
  return { branch: 'done', summary, touched: [] };
}

/**
 * dax_iomap_iter(): for a new or CoW mapping the range's DAX entries go first (invalidate_inode_pages2_range,
 * which unmaps them); then page by page dax_direct_access() on the target, the CoW copy from srcmap,
 * and the copy from user space.
 */
export const dax_iomap_iter: KernelOp = (k, f) => {
  const { fs, inode, ns } = fileOf(k, f);
  const w = iterOf(f);
  const m = w.iomap;
  if (!m) throw new Error('dax_iomap_iter without a mapping');
  const mapping = k.mapping(inode.mappingId);
  const touched: string[] = [inode.mappingId];
  const notes: string[] = [];
  if (m.type !== 'mapped') {
    const first = Math.floor(w.pos / PAGE_SIZE);
    const last = Math.min(m.to, Math.ceil(w.end / PAGE_SIZE)) - 1;
    const items = [...xa_for_each_range(mapping.i_pages, first, last)];
    for (const { index, entry, order } of items) {
      const ens = k.namespaceOfPfn(dax_to_pfn(entry));
      if (ens) dax_disassociate_entry(k, ens, entry);
      updateIPages(k, mapping, index, (xa) => xa_store_order(xa, index, null, order));
      touched.push(indexId(mapping.id, index));
    }
    const gone = unmap_mapping_range(
      k,
      mapping,
      first * PAGE_SIZE,
      (last - first + 1) * PAGE_SIZE,
      `${f.event.label}: invalidate_inode_pages2_range()`,
    );
    notes.push(
      `${m.type === 'cow' ? '__dax_clear_dirty_range(), ' : ''}invalidate_inode_pages2_range([${first}, ${last}]): ${items.length} DAX entr${items.length === 1 ? 'y' : 'ies'} dropped, ${gone.length} mapping(s) removed`,
    );
  }
  const segEnd = Math.min(w.end, m.to * PAGE_SIZE);
  const recovery = k.has('dax-recovery-write');
  const hwpoisonErr = k.has('dax-fault-hwpoison') ? '-EHWPOISON' : '-EIO';
  let pos = w.pos;
  let error = 0;
  const recovered: number[] = [];
  while (pos < segEnd) {
    const fileBlock = Math.floor(pos / PAGE_SIZE);
    const chunkEnd = Math.min(segEnd, (fileBlock + 1) * PAGE_SIZE);
    const target =
      m.type === 'cow'
        ? m.cow[fileBlock - m.from]
        : (() => {
            const e = extentAt(inode, fileBlock);
            return e ? e.block + (fileBlock - e.fileoff) : -1;
          })();
    const pfn = blockToPfn(ns, target);
    touched.push(pfnId(pfn));
    if (k.isBadPmem(ns, PFN_PHYS(pfn), PAGE_SIZE)) {
      if (!recovery) {
        error = -EIO;
        notes.push(`dax_direct_access() of pfn ${hex(pfn)}: a bad block: -EIO (no DAX_RECOVERY_WRITE before v5.19)`);
        break;
      }
      const aligned = pos % PAGE_SIZE === 0 && chunkEnd - pos === PAGE_SIZE;
      if (!aligned) {
        error = -EFAULT;
        notes.push(
          `dax_direct_access(DAX_ACCESS) of pfn ${hex(pfn)}: ${hwpoisonErr}; again with DAX_RECOVERY_WRITE → 1 page; pmem_recovery_write(): poison, but [${hex(pos)}, ${hex(chunkEnd)}) is not a whole page: 0 bytes copied → -EFAULT`,
        );
        break;
      }
    }
    if (m.type === 'cow') {
      const e = extentAt(inode, fileBlock);
      const src = e ? blockToPfn(ns, e.block + (fileBlock - e.fileoff)) : -1;
      // dax_iomap_copy_around(): dax_iomap_direct_access(srcmap) of the page, copy_mc_to_kernel()
      if (src >= 0 && k.isBadPmem(ns, PFN_PHYS(src), PAGE_SIZE)) {
        error = -EIO;
        touched.push(pfnId(src));
        notes.push(
          `dax_iomap_copy_around(): dax_iomap_direct_access(srcmap) of the shared block under pfn ${hex(src)}: ${hwpoisonErr} → dax_mem2blk_err() = -EIO`,
        );
        break;
      }
    }
    if (k.isBadPmem(ns, PFN_PHYS(pfn), PAGE_SIZE)) {
      // pmem_recovery_write(): __pmem_clear_poison(), then the copy, then pmem_clear_bb()
      recovered.push(...pmemClearPoison(k, ns, pfn, 1));
    }
    pos = chunkEnd;
  }
  const processed = pos - w.pos;
  w.processed = processed;
  w.done += processed;
  w.pos = pos;
  if (recovered.length)
    notes.push(
      `dax_direct_access(DAX_ACCESS) → ${hwpoisonErr}, again with DAX_RECOVERY_WRITE; dax_recovery_write() → pmem_recovery_write(): __pmem_clear_poison() of pfn ${recovered.map(hex).join(', ')} (PG_hwpoison cleared; ${CLEAR_UNVERIFIED}), the copy, pmem_clear_bb(): the sectors leave badblocks`,
    );
  if (error) w.error = error;
  const more = !error && w.pos < w.end;
  notes.push(
    `${processed} byte(s) ${m.type === 'cow' ? 'copied into the CoW blocks' : 'written'} (dax_copy_from_iter)${error ? `; stops with ${w.done ? `${w.done} byte(s) done` : 'nothing done'}` : ''}`,
  );
  // ext4 has no ->iomap_end: dax_iomap_rw() goes on to the next ->iomap_begin or returns
  const branch = fs.type === 'xfs' ? 'next' : more ? 'more' : 'done';
  return { branch, summary: notes.join('; '), touched };
};

/** xfs_dax_write_iomap_end(): the CoW blocks written replace the shared ones in the data fork. */
export const xfs_dax_write_iomap_end: KernelOp = (k, f) => {
  const { fs, inode, ns } = fileOf(k, f);
  const w = iterOf(f);
  const m = w.iomap;
  const more = w.error === 0 && w.pos < w.end;
  if (m?.type !== 'cow') {
    return {
      branch: more ? 'more' : 'done',
      summary: `not a CoW mapping: nothing to do${more ? '; dax_iomap_rw() goes on at the next mapping' : ''}`,
      touched: [],
    };
  }
  const written = Math.ceil(w.processed / PAGE_SIZE);
  const start = Math.floor((w.pos - w.processed) / PAGE_SIZE);
  const newBlocks = m.cow.slice(start - m.from, start - m.from + written);
  const moved = xfs_reflink_end_cow_range(k, fs, inode, start, newBlocks)
    .slice(0, 8)
    .map(
      ({ oldBlock, refcountAfter }, i) =>
        `file block ${start + i}: block ${oldBlock} → ${newBlocks[i]} (old refcount now ${refcountAfter})`,
    );
  if (written > 8) moved.push(`… ${written - 8} more`);
  const cancelled = m.cow.length - written;
  return {
    branch: more ? 'more' : 'done',
    summary: `${written ? `xfs_reflink_end_cow(): ${moved.join(', ')}` : 'nothing written'}${cancelled ? `; xfs_reflink_cancel_cow_range(): ${cancelled} CoW block(s) freed` : ''}`,
    touched: [inode.mappingId, fsId(fs.dev), ...m.cow.slice(0, written).map((b) => pfnId(blockToPfn(ns, b)))],
  };
};

/** xfs_file_dax_write() / ext4_dax_write_iter() after dax_iomap_rw(): i_size moves past the bytes written. */
export const dax_write_epilogue: KernelOp = (k, f) => {
  const { fs, inode, ev } = fileOf(k, f);
  const w = iterOf(f);
  const ret = w.done ? w.done : w.error;
  f.topReturn = ret;
  const endPos = ev.offset + w.done;
  let grew = '';
  if (ret > 0 && endPos > inode.i_size) {
    grew = `; i_size ${hex(inode.i_size)} → ${hex(endPos)} (${fs.type === 'xfs' ? 'i_size_write, xfs_setfilesize()' : 'ext4_handle_inode_extension()'})`;
    k.j.set(fileMappingId(fs.dev, inode.ino), inode, 'i_size', endPos);
  }
  f.write = null;
  return {
    branch: 'return',
    summary: `dax_iomap_rw() returns ${ret > 0 ? `${ret} (bytes written)` : errnoName(ret)}${grew}`,
    touched: [inode.mappingId],
  };
};
