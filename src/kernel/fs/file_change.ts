/**
 * File and mapping changes that can race a memory failure: truncate, punch-hole, reflink remap, munmap.
 * Each is a short chain of kernel steps; run as a plain event the chain never waits (no lock is held
 * between events), run as a racing task (pipeline/race.ts) a step may find something the failure's
 * handler holds and sleep on it: it returns branch 'wait' with `f.waitFor` set, and runs again when
 * that is released.
 * Models (6.12.117): fs/xfs/xfs_iops.c xfs_vn_setattr() (ATTR_SIZE), fs/xfs/xfs_file.c
 * xfs_file_fallocate() and xfs_file_remap_range(), fs/xfs/xfs_inode.c xfs_break_dax_layouts() and
 * xfs_itruncate_extents_flags(), fs/dax.c dax_layout_busy_page_range() and dax_delete_mapping_entry(),
 * mm/truncate.c truncate_setsize() / truncate_pagecache_range(), fs/xfs/xfs_bmap_util.c
 * xfs_free_file_space(), fs/xfs/xfs_reflink.c xfs_reflink_remap_blocks(), fs/xfs/libxfs/xfs_alloc.c
 * __xfs_free_extent(), mm/vma.c do_vmi_munmap() / unmap_region() / remove_vma().
 * Every change of a data fork updates the rmapbt with it (xfs/xfs_bmap_rmap.ts: xfs_rmap_unmap of the
 * pieces that leave, xfs_rmap_map of those that come), so a later failure on a freed block finds no owner
 * and on a remapped block finds the new one.
 */

import { EIO, ENOSPC, EOPNOTSUPP } from '../errno';
import type { Frame, KernelEvent } from '../frame';
import { fileMappingId, fsId, indexId, pfnId, taskId } from '../ids';
import { blockToPfn, type Kernel } from '../kernel';
import { XA_MAX_INDEX, xa_for_each_range, xa_store_order } from '../lib/xarray';
import { daxIdleRef } from '../mm/folio_ref';
import { unmap_mapping_range } from '../mm/memory';
import type { StepOutcome } from '../step';
import { hex, PAGE_SIZE } from '../units';
import {
  dax_disassociate_entry,
  dax_is_empty_entry,
  dax_is_locked,
  dax_is_zero_entry,
  dax_to_pfn,
  updateIPages,
} from './dax';
import { findFreeRun, takeBlocks } from './file_write';
import type { Filesystem } from './fs';
import type { FileExtent, Inode } from './vfs';
import { rmapChangedIds, rmapChangesText, setExtentsAndRmap } from './xfs/xfs_bmap_rmap';

type Ev<K extends KernelEvent['kind']> = Extract<KernelEvent, { kind: K }>;

/** The files a change touches: [the file whose layout changes, the remap source if any]. */
function filesOf(k: Kernel, ev: KernelEvent): { fs: Filesystem; inode: Inode; src: Inode | null } {
  if (ev.kind === 'truncate' || ev.kind === 'punch-hole' || ev.kind === 'fallocate' || ev.kind === 'reflink-remap') {
    const fs = k.filesystems.get(ev.dev) as Filesystem;
    const ino = ev.kind === 'reflink-remap' ? ev.destIno : ev.ino;
    const src = ev.kind === 'reflink-remap' ? (fs.inodes.get(ev.srcIno) as Inode) : null;
    return { fs, inode: fs.inodes.get(ino) as Inode, src };
  }
  throw new Error(`${ev.kind} changes no file`);
}

/** The byte range [start, end) whose page cache goes: from the new size on, the hole, or the remap target. */
function cacheRange(f: Frame): [number, number] {
  const ev = f.event;
  // truncate_inode_pages(mapping, newsize): everything from the new size on (i_size is already the new one)
  if (ev.kind === 'truncate') return [Math.ceil(ev.size / PAGE_SIZE) * PAGE_SIZE, XA_MAX_INDEX];
  if (ev.kind === 'punch-hole') return [ev.offset, ev.offset + ev.length];
  if (ev.kind === 'reflink-remap') return [ev.destOffset, ev.destOffset + remapLength(f)];
  return [0, 0];
}

/** The first DAX entry of `inode` in [first, last] locked by someone else (the failure's handler). */
function lockedEntry(k: Kernel, inode: Inode, first: number, last: number): number | null {
  const mapping = k.mapping(inode.mappingId);
  for (const { index, entry } of xa_for_each_range(mapping.i_pages, first, last))
    if (dax_is_locked(entry)) return index;
  return null;
}

/** What xfs_break_layouts() breaks: pNFS leases only before v4.17 added BREAK_UNMAP for DAX pins. */
const breakLayouts = (k: Kernel): string =>
  k.has('dax-layout-busy-page')
    ? 'xfs_break_layouts(BREAK_UNMAP)'
    : 'xfs_break_layouts(): pNFS leases only, no look at pinned DAX pages (BREAK_UNMAP came in v4.17)';

/** The change's system call returns 0 to user space. */
function done(f: Frame): void {
  f.rc = 0;
  f.topReturn = 0;
}

// ---- the entry points ---------------------------------------------------------------------------------

/** xfs_vn_setattr() with ATTR_SIZE (ftruncate): take IOLOCK and MMAPLOCK exclusive, break the layouts. */
export const xfs_vn_setattr = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'truncate'>;
  const { inode } = filesOf(k, ev);
  f.mappingId = inode.mappingId;
  return {
    branch: 'next',
    summary: `${inode.path}: ATTR_SIZE ${hex(inode.i_size)} → ${hex(ev.size)}; xfs_ilock(XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL), ${breakLayouts(k)}`,
    touched: [inode.mappingId],
  };
};

/**
 * xfs_file_fallocate(): the same locks, then break the layouts (every mode, 6.12.117 fs/xfs/xfs_file.c:1095),
 * then FALLOC_FL_PUNCH_HOLE or the allocation (FALLOC_FL_ALLOCATE_RANGE, with or without KEEP_SIZE).
 */
export const xfs_file_fallocate = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'punch-hole'> | Ev<'fallocate'>;
  const { inode } = filesOf(k, ev);
  f.mappingId = inode.mappingId;
  const what = ev.kind === 'punch-hole' ? 'punch' : `allocate (${ev.keepSize ? 'FALLOC_FL_KEEP_SIZE' : 'mode 0'})`;
  // before v4.17 no layout break has a state of its own: the allocation follows at once
  const alloc = ev.kind === 'fallocate' && !k.has('dax-layout-busy-page');
  return {
    branch: alloc ? 'alloc' : 'next',
    summary: `${inode.path}: ${what} [${hex(ev.offset)}, ${hex(ev.offset + ev.length)}); xfs_ilock(XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL), ${breakLayouts(k)}`,
    touched: [inode.mappingId],
  };
};

/** xfs_alloc_file_space(): XFS_BMAPI_PREALLOC over the holes of the range: unwritten extents, not zeroed. */
export const xfs_alloc_file_space = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'fallocate'>;
  const { fs, inode } = filesOf(k, ev);
  const first = Math.floor(ev.offset / PAGE_SIZE);
  const last = Math.ceil((ev.offset + ev.length) / PAGE_SIZE);
  const made: FileExtent[] = [];
  let fileBlock = first;
  let error = 0;
  while (fileBlock < last) {
    const ext = inode.extents.find((e) => e.fileoff <= fileBlock && fileBlock < e.fileoff + e.len);
    if (ext) {
      fileBlock = ext.fileoff + ext.len;
      continue;
    }
    const next = inode.extents.find((e) => e.fileoff > fileBlock);
    const to = Math.min(last, next ? next.fileoff : last);
    const prev = [...inode.extents, ...made]
      .filter((e) => e.fileoff < fileBlock)
      .sort((a, b) => b.fileoff - a.fileoff)[0];
    const near = prev ? prev.block + prev.len + (fileBlock - (prev.fileoff + prev.len)) : 0;
    const block = findFreeRun(
      fs,
      near,
      to - fileBlock,
      made.flatMap((m) => blocksOf(m)),
    );
    if (block === null) {
      error = -ENOSPC;
      break;
    }
    made.push({ fileoff: fileBlock, block, len: to - fileBlock, unwritten: true });
    fileBlock = to;
  }
  for (const m of made) takeBlocks(k, fs, m.block, m.len);
  const rmap = made.length ? setExtentsAndRmap(k, fs, inode, [...inode.extents, ...made]) : [];
  f.rc = error;
  if (error) {
    done(f);
    f.topReturn = error;
  }
  return {
    branch: error ? 'return' : 'next',
    summary: `${made.length ? `xfs_bmapi_write(XFS_BMAPI_PREALLOC): unwritten ${blockList(made)} for file blocks ${made.map((m) => `[${m.fileoff}, ${m.fileoff + m.len})`).join(', ')} (placement UNVERIFIED; not zeroed: a bad block stays bad, and reads of it see zeroes)${rmap.length ? `; ${rmapChangesText(rmap)}` : ''}` : `no hole in file blocks [${first}, ${last}): nothing to allocate`}${error ? '; no free run left: -ENOSPC' : ''}`,
    touched: [inode.mappingId, fsId(fs.dev), ...rmapChangedIds(fs, rmap)],
  };
};

const blocksOf = (e: FileExtent): number[] => Array.from({ length: e.len }, (_, i) => e.block + i);

/** xfs_falloc_setsize(): without FALLOC_FL_KEEP_SIZE, i_size grows to the end of the range (xfs_vn_setattr_size). */
export const xfs_falloc_setsize = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'fallocate'>;
  const { fs, inode } = filesOf(k, ev);
  const end = ev.offset + ev.length;
  done(f);
  if (ev.keepSize || end <= inode.i_size)
    return {
      branch: 'return',
      summary: `${ev.keepSize ? 'FALLOC_FL_KEEP_SIZE' : `the range ends inside i_size ${hex(inode.i_size)}`}: new_size 0, i_size unchanged; returns 0`,
      touched: [inode.mappingId],
    };
  const was = inode.i_size;
  k.j.set(fileMappingId(fs.dev, inode.ino), inode, 'i_size', end);
  return {
    branch: 'return',
    summary: `xfs_vn_setattr_size(ATTR_SIZE): i_size ${hex(was)} → ${hex(end)}; returns 0`,
    touched: [inode.mappingId],
  };
};

/** The bytes a remap moves: FICLONERANGE's length, or FICLONE's source size rounded up to a block. */
const remapLength = (f: Frame): number => {
  const ev = f.event as Ev<'reflink-remap'>;
  return ev.whole ? f.len : ev.length;
};

/**
 * vfs_clone_file_range() (fs/remap_range.c :376) for ioctl(FICLONE): a filesystem without
 * ->remap_file_range (ext4) refuses with -EOPNOTSUPP; XFS goes on in xfs_file_remap_range().
 */
export const vfs_clone_file_range = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'reflink-remap'>;
  const { fs, inode, src } = filesOf(k, ev);
  f.mappingId = inode.mappingId;
  if (fs.type !== 'xfs') {
    done(f);
    f.topReturn = -EOPNOTSUPP;
    return {
      branch: 'return',
      summary: `${fs.type} has no ->remap_file_range: -EOPNOTSUPP (cp --reflink=always fails; =auto copies the data instead)`,
      touched: [inode.mappingId],
    };
  }
  return {
    branch: 'next',
    summary: `FICLONE ${src?.path} → ${inode.path}: same superblock, generic_file_rw_checks(), remap_verify_area(); ->remap_file_range = xfs_file_remap_range`,
    touched: [inode.mappingId, ...(src ? [src.mappingId] : [])],
  };
};

/**
 * xfs_file_remap_range() (fs/xfs/xfs_file.c :1169): -EOPNOTSUPP without reflink, -EIO once shut down; then
 * xfs_reflink_remap_prep(): xfs_ilock2_io_mmap() breaks both files' DAX layouts.
 */
export const xfs_file_remap_range = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'reflink-remap'>;
  const { fs, inode, src } = filesOf(k, ev);
  f.mappingId = inode.mappingId;
  const refuse = (rc: number, why: string): StepOutcome => {
    done(f);
    f.topReturn = rc;
    return { branch: 'return', summary: why, touched: [inode.mappingId] };
  };
  if (!fs.xfs?.reflink)
    return refuse(-EOPNOTSUPP, `!xfs_has_reflink(): ${fs.dev} was made without reflink: -EOPNOTSUPP`);
  if (fs.shutdown) return refuse(-EIO, 'xfs_is_shutdown(): -EIO');
  if (ev.whole) {
    // FICLONE: len 0 means "to the source's EOF"; the remap covers its last block whole
    f.len = Math.ceil((src as Inode).i_size / PAGE_SIZE) * PAGE_SIZE;
    if (f.len === 0)
      return refuse(0, `${(src as Inode).path} is empty: xfs_reflink_remap_prep() leaves len 0, returns 0`);
  }
  const len = remapLength(f);
  return {
    branch: 'next',
    summary: `${ev.whole ? 'FICLONE' : 'FICLONERANGE'} ${src?.path} [${hex(ev.srcOffset)}, +${hex(len)}) → ${inode.path} at ${hex(ev.destOffset)}; xfs_reflink_remap_prep(): xfs_ilock2_io_mmap()`,
    touched: [inode.mappingId, ...(src ? [src.mappingId] : [])],
  };
};

// ---- the DAX side: unmap, wait for locked entries, delete entries ----------------------------------------

/**
 * dax_layout_busy_page_range(mapping, 0, LLONG_MAX) from xfs_break_dax_layouts(): unmap_mapping_pages()
 * of the whole file first, then walk the entries; a locked one is waited for in get_unlocked_entry().
 */
export const dax_layout_busy_page_range = (k: Kernel, f: Frame): StepOutcome => {
  const { inode, src } = filesOf(k, f.event);
  const files = src ? [src, inode] : [inode];
  const removed: string[] = [];
  for (const file of files) {
    const mapping = k.mapping(file.mappingId);
    const gone = unmap_mapping_range(
      k,
      mapping,
      0,
      Number.MAX_SAFE_INTEGER - PAGE_SIZE,
      `${f.event.label}: xfs_break_dax_layouts()`,
    );
    removed.push(...gone.map((e) => `pt:${k.vmaOwner(e.vmaId)}:${hex(e.addr)}`));
  }
  for (const file of files) {
    const index = lockedEntry(k, file, 0, Number.MAX_SAFE_INTEGER - 1);
    if (index === null) continue;
    f.waitFor = { on: 'dax-entry', mappingId: file.mappingId, index };
    return {
      branch: 'wait',
      summary: `unmap_mapping_pages(): ${removed.length} mapping(s) removed; the entry at ${file.path} index ${index} is locked: get_unlocked_entry() sleeps (TASK_UNINTERRUPTIBLE) until dax_unlock_entry() wakes it`,
      touched: [file.mappingId, indexId(file.mappingId, index), ...removed],
      detail: { waitsOn: indexId(file.mappingId, index) },
    };
  }
  for (const file of files) {
    const busy = busyPage(k, file);
    if (!busy) continue;
    f.waitFor = { on: 'page-ref', pfn: busy.pfn };
    return {
      branch: 'wait',
      summary: `unmap_mapping_pages(): ${removed.length} mapping(s) removed; dax_busy_page(): pfn ${hex(busy.pfn)} (${file.path} index ${busy.index}) has _refcount ${busy.ref} > ${daxIdleRef(k)}, a get_user_pages() pin: xfs_break_dax_layouts() drops XFS_MMAPLOCK_EXCL and sleeps in ___wait_var_event(&page->_refcount, _refcount == ${daxIdleRef(k)}, TASK_INTERRUPTIBLE) until the last put_page()`,
      touched: [file.mappingId, indexId(file.mappingId, busy.index), pfnId(busy.pfn), ...removed],
      detail: { waitsOn: pfnId(busy.pfn) },
    };
  }
  const woke = f.waitFor !== null;
  const why =
    f.waitFor?.on === 'page-ref'
      ? `the page is unpinned (_refcount ${daxIdleRef(k)}), xfs_break_layouts() retries`
      : 'the entry is unlocked';
  f.waitFor = null;
  return {
    branch: f.event.kind === 'fallocate' ? 'alloc' : 'next',
    summary: `${woke ? `woken: ${why}; ` : ''}unmap_mapping_pages(): ${removed.length} mapping(s) removed; no locked entry, no pinned page`,
    touched: [...files.map((x) => x.mappingId), ...removed],
  };
};

/** dax_busy_page() over the file's entries: the first page whose _refcount shows a reference beyond idle. */
function busyPage(k: Kernel, inode: Inode): { pfn: number; index: number; ref: number } | null {
  const mapping = k.mapping(inode.mappingId);
  for (const { index, entry } of xa_for_each_range(mapping.i_pages, 0, Number.MAX_SAFE_INTEGER - 1)) {
    const pfn0 = dax_to_pfn(entry);
    const ns = k.namespaceOfPfn(pfn0);
    if (!ns || dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) continue;
    const ref = ns.pages.page(ns.pages.compound_head(pfn0))._refcount;
    if (ref > daxIdleRef(k)) return { pfn: pfn0, index, ref };
  }
  return null;
}

/** The pages of `items` a get_user_pages() reference still holds (_refcount > 1): freed under the pin before v4.17. */
function pinnedPages(k: Kernel, items: readonly { entry: number }[]): { pfn: number; ref: number }[] {
  const out: { pfn: number; ref: number }[] = [];
  for (const { entry } of items) {
    const pfn = dax_to_pfn(entry);
    const ns = k.namespaceOfPfn(pfn);
    if (!ns || dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) continue;
    const ref = ns.pages.page(ns.pages.compound_head(pfn))._refcount;
    if (ref > daxIdleRef(k)) out.push({ pfn, ref });
  }
  return out;
}

/** truncate_setsize(): i_size_write(), then truncate_pagecache() from the new size. */
export const truncate_setsize = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'truncate'>;
  const { inode } = filesOf(k, ev);
  const [start] = cacheRange(f);
  const was = inode.i_size;
  k.j.set(fileMappingId(ev.dev, inode.ino), inode, 'i_size', ev.size);
  const gone = unmap_mapping_range(
    k,
    k.mapping(inode.mappingId),
    start,
    Number.MAX_SAFE_INTEGER - start,
    `${ev.label}: truncate_pagecache()`,
  );
  return {
    branch: 'next',
    summary: `i_size ${hex(was)} → ${hex(ev.size)}; truncate_pagecache(): unmap_mapping_range(${hex(start)}, …) removed ${gone.length} mapping(s)`,
    touched: [inode.mappingId],
  };
};

/** truncate_pagecache_range() (punch-hole, xfs_flush_unmap_range() of a remap target). */
export const truncate_pagecache_range = (k: Kernel, f: Frame): StepOutcome => {
  const { inode } = filesOf(k, f.event);
  const [start, end] = cacheRange(f);
  const gone = unmap_mapping_range(
    k,
    k.mapping(inode.mappingId),
    start,
    end - start,
    `${f.event.label}: truncate_pagecache_range()`,
  );
  return {
    branch: 'next',
    summary: `unmap_mapping_range(${hex(start)}, ${hex(end - start)}): ${gone.length} mapping(s) removed`,
    touched: [inode.mappingId],
  };
};

/**
 * truncate_inode_pages_range() → dax_delete_mapping_entry() for each DAX entry of the range: the entry
 * leaves i_pages and dax_disassociate_entry() clears the pages' owner.
 */
export const dax_delete_mapping_entry = (k: Kernel, f: Frame): StepOutcome => {
  const { inode } = filesOf(k, f.event);
  const mapping = k.mapping(inode.mappingId);
  const [start, end] = cacheRange(f);
  const first = Math.floor(start / PAGE_SIZE);
  const last = end === XA_MAX_INDEX ? XA_MAX_INDEX : Math.ceil(end / PAGE_SIZE) - 1;
  const items = last >= first ? [...xa_for_each_range(mapping.i_pages, first, last)] : [];
  const pinned = pinnedPages(k, items);
  for (const { index, entry, order } of items) {
    const ns = k.namespaceOfPfn(dax_to_pfn(entry));
    if (ns) dax_disassociate_entry(k, ns, entry);
    updateIPages(k, mapping, index, (xa) => xa_store_order(xa, index, null, order));
  }
  const underPin = pinned.length
    ? `; pfn ${pinned.map((p) => `${hex(p.pfn)} (_refcount ${p.ref})`).join(', ')} still pinned by get_user_pages(): nothing waited for the pin, and the block is about to be freed under it`
    : '';
  return {
    branch: 'next',
    summary: items.length
      ? `${items.length} DAX entr${items.length === 1 ? 'y' : 'ies'} removed from i_pages (index ${items.map((i) => i.index).join(', ')}); ${k.has('dax-page-mapping') ? 'the pages have no owner now' : 'no page->mapping to clear (DAX pages had none)'}${underPin}`
      : `no DAX entry in [${first}, ${last}]`,
    touched: [mapping.id, ...items.map((i) => indexId(mapping.id, i.index)), ...pinned.map((p) => pfnId(p.pfn))],
    ...(pinned.length && !k.has('dax-layout-busy-page')
      ? { flaw: 'a pinned page leaves the file: its block is freed while the device may still DMA into it' }
      : {}),
  };
};

// ---- the XFS side: extents leave the file; their blocks are freed -------------------------------------

/** Cut [from, to) (file blocks) out of an extent list; returns the kept extents and the removed pieces. */
function cutExtents(
  extents: readonly FileExtent[],
  from: number,
  to: number,
): { kept: FileExtent[]; cut: FileExtent[] } {
  const kept: FileExtent[] = [];
  const cut: FileExtent[] = [];
  for (const e of extents) {
    const s = Math.max(e.fileoff, from);
    const t = Math.min(e.fileoff + e.len, to);
    if (s >= t) {
      kept.push(e);
      continue;
    }
    // a piece keeps its state (written or unwritten)
    if (e.fileoff < s) kept.push({ ...e, len: s - e.fileoff });
    cut.push({ ...e, fileoff: s, block: e.block + (s - e.fileoff), len: t - s });
    if (t < e.fileoff + e.len)
      kept.push({ ...e, fileoff: t, block: e.block + (t - e.fileoff), len: e.fileoff + e.len - t });
  }
  return { kept, cut };
}

/** Blocks of `cut` whose refcount drops to 0 are freed; shared ones just lose a reference. */
function releaseBlocks(k: Kernel, fs: Filesystem, cut: readonly FileExtent[]): FileExtent[] {
  const freed: FileExtent[] = [];
  let refcounts = fs.refcounts;
  for (const c of cut) {
    for (let b = c.block; b < c.block + c.len; b++) {
      const at = refcounts.findIndex((r) => b >= r.block && b < r.block + r.len);
      if (at < 0 || refcounts[at].refcount <= 1) {
        if (at >= 0)
          refcounts = [...refcounts.slice(0, at), ...splitAround(refcounts[at], b), ...refcounts.slice(at + 1)];
        const last = freed.at(-1);
        if (last && last.block + last.len === b) last.len++;
        else freed.push({ fileoff: c.fileoff + (b - c.block), block: b, len: 1 });
        continue;
      }
      const r = refcounts[at];
      const parts = [
        ...(r.block < b ? [{ block: r.block, len: b - r.block, refcount: r.refcount }] : []),
        // the block stays in use by its other owner: refcount 1 is kept (the model's space map, see fs.ts)
        { block: b, len: 1, refcount: r.refcount - 1 },
        ...(b + 1 < r.block + r.len ? [{ block: b + 1, len: r.block + r.len - b - 1, refcount: r.refcount }] : []),
      ];
      refcounts = [...refcounts.slice(0, at), ...parts, ...refcounts.slice(at + 1)];
    }
  }
  if (refcounts !== fs.refcounts) k.j.set(fsId(fs.dev), fs, 'refcounts', refcounts);
  return freed;
}

const blockList = (list: readonly FileExtent[]) =>
  list.map((e) => (e.len === 1 ? `block ${e.block}` : `blocks ${e.block}–${e.block + e.len - 1}`)).join(', ');

/** "to the end of the file" as a file block */
const END = Number.MAX_SAFE_INTEGER;

/** Take the range out of the inode's extent map and queue the blocks that lose their last owner. */
function unmapExtents(
  k: Kernel,
  f: Frame,
  inode: Inode,
  from: number,
  to: number,
  fs: Filesystem,
  fn: string,
): StepOutcome {
  const { kept, cut } = cutExtents(inode.extents, from, to);
  const rmap = setExtentsAndRmap(k, fs, inode, kept);
  const freed = releaseBlocks(k, fs, cut);
  f.freeing = freed;
  if (!freed.length) done(f);
  return {
    branch: freed.length ? 'free' : 'return',
    summary: cut.length
      ? `${fn}: file blocks [${from}, ${to === END ? 'EOF' : to}) unmapped from ${inode.path} (${blockList(cut)}); ${rmap.length ? `${rmapChangesText(rmap)}; ` : ''}${freed.length ? `xfs_free_extent_later(): ${blockList(freed)}` : 'every block is still shared: nothing to free'}`
      : `${fn}: no extent in file blocks [${from}, ${to === END ? 'EOF' : to})`,
    touched: [inode.mappingId, fsId(fs.dev), ...rmapChangedIds(fs, rmap)],
  };
}

/** xfs_itruncate_extents_flags(): the extents past the new size leave the file. */
export const xfs_itruncate_extents = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'truncate'>;
  const { fs, inode } = filesOf(k, ev);
  return unmapExtents(k, f, inode, Math.ceil(ev.size / PAGE_SIZE), END, fs, 'xfs_bunmapi');
};

/** xfs_free_file_space() → xfs_unmap_extent(): the hole's extents leave the file. */
export const xfs_free_file_space = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'punch-hole'>;
  const { fs, inode } = filesOf(k, ev);
  return unmapExtents(k, f, inode, ev.offset / PAGE_SIZE, (ev.offset + ev.length) / PAGE_SIZE, fs, 'xfs_unmap_extent');
};

/** xfs_reflink_remap_blocks(): dest's range now maps src's blocks (refcount + 1); dest's old blocks are released. */
export const xfs_reflink_remap_blocks = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'reflink-remap'>;
  const { fs, inode, src } = filesOf(k, ev);
  const srcFrom = ev.srcOffset / PAGE_SIZE;
  const length = remapLength(f);
  const n = length / PAGE_SIZE;
  const destFrom = ev.destOffset / PAGE_SIZE;
  const shared = cutExtents((src as Inode).extents, srcFrom, srcFrom + n).cut;
  // the source blocks gain a reference each: refcount 1 (no record) becomes 2
  let refcounts = fs.refcounts;
  for (const e of shared)
    for (let b = e.block; b < e.block + e.len; b++) {
      const at = refcounts.findIndex((r) => b >= r.block && b < r.block + r.len);
      const rc = at < 0 ? 1 : refcounts[at].refcount;
      const rest =
        at < 0 ? refcounts : [...refcounts.slice(0, at), ...splitAround(refcounts[at], b), ...refcounts.slice(at + 1)];
      refcounts = [...rest, { block: b, len: 1, refcount: rc + 1 }].sort((x, y) => x.block - y.block);
    }
  if (refcounts !== fs.refcounts) k.j.set(fsId(fs.dev), fs, 'refcounts', refcounts);
  const out = unmapExtents(k, f, inode, destFrom, destFrom + n, fs, 'xfs_reflink_remap_extent');
  const moved = shared.map((e) => ({ ...e, fileoff: e.fileoff - srcFrom + destFrom }));
  const rmap = setExtentsAndRmap(k, fs, inode, [...inode.extents, ...moved]);
  // xfs_reflink_update_dest(): FICLONE ends dest at the source's EOF
  const newSize = ev.whole ? (src as Inode).i_size : ev.destOffset + length;
  if (newSize > inode.i_size) k.j.set(fileMappingId(fs.dev, inode.ino), inode, 'i_size', newSize);
  return {
    ...out,
    summary: `${inode.path} file blocks [${destFrom}, ${destFrom + n}) now share ${blockList(shared)} with ${(src as Inode).path}${rmap.length ? ` (${rmapChangesText(rmap)})` : ''}; ${out.summary}`,
    touched: [...(out.touched ?? []), (src as Inode).mappingId, ...rmapChangedIds(fs, rmap)],
  };
};

function splitAround(r: { block: number; len: number; refcount: number }, b: number) {
  return [
    ...(r.block < b ? [{ ...r, len: b - r.block }] : []),
    ...(b + 1 < r.block + r.len ? [{ ...r, block: b + 1, len: r.block + r.len - b - 1 }] : []),
  ];
}

/**
 * __xfs_free_extent() (the deferred free, when the transaction commits): needs the AG's AGF buffer. The
 * failure's XFS handler holds that buffer for its whole rmap query (xfs_alloc_read_agf() in
 * xfs_dax_notify_ddev_failure() until xfs_trans_brelse()), so a free in that AG sleeps in xfs_buf_lock().
 */
export const __xfs_free_extent = (k: Kernel, f: Frame): StepOutcome => {
  const { fs } = filesOf(k, f.event);
  const freed = f.freeing;
  const g = fs.xfs?.geometry;
  const held = f.raceWith ? agfHeldBy(f.raceWith) : null;
  if (g && held && held.dev === fs.dev && freed.some((e) => Math.floor(e.block / g.agblocks) === held.agno)) {
    f.waitFor = { on: 'agf', dev: fs.dev, agno: held.agno };
    return {
      branch: 'wait',
      summary: `AG ${held.agno}: xfs_free_extent_fix_freelist() → xfs_alloc_read_agf() → xfs_buf_lock() sleeps: the AGF buffer is held by the rmap query of the memory failure (xfs_dax_notify_ddev_failure())`,
      touched: [fsId(fs.dev)],
      detail: { waitsOn: `AGF ${held.agno}` },
    };
  }
  const woke = f.waitFor !== null;
  f.waitFor = null;
  done(f);
  const pinned = pinnedBlocks(k, fs, freed);
  return {
    branch: 'return',
    summary: `${woke ? 'woken: the AGF buffer is released; ' : ''}${blockList(freed)} back in the free space btrees${pinned.length ? `; ${pinned.map((p) => `pfn ${hex(p.pfn)} (block ${p.block})`).join(', ')} still has _refcount ${pinned[0].ref}: the device's DMA goes on into a free block, which the next allocation can give to another file, whose data the DMA then overwrites (the DMA is not modelled: UNVERIFIED what it writes and when)` : ''}`,
    touched: [fsId(fs.dev), ...pinned.map((p) => pfnId(p.pfn))],
  };
};

/** Freed blocks whose page a get_user_pages() reference still holds (only possible before v4.17). */
function pinnedBlocks(k: Kernel, fs: Filesystem, freed: readonly FileExtent[]) {
  const ns = k.namespaces.find((n) => k.fsOfNamespace(n) === fs);
  if (!ns) return [];
  const out: { pfn: number; block: number; ref: number }[] = [];
  for (const e of freed)
    for (let b = e.block; b < e.block + e.len; b++) {
      const pfn = blockToPfn(ns, b);
      const ref = ns.pages.page(ns.pages.compound_head(pfn))._refcount;
      if (ref > 1) out.push({ pfn, block: b, ref });
    }
  return out;
}

/** The AG whose AGF buffer a failure's handler holds: while its XFS rmap query of that AG is open. */
export function agfHeldBy(handler: Frame): { dev: string; agno: number } | null {
  const n = handler.notify;
  if (!n) return null;
  // the query's caller is on the stack while the query and its callbacks run
  const open = handler.stack.some((s) => s.startsWith('xfs_dax_notify_ddev_failure@'));
  return open ? { dev: n.dev, agno: n.agno } : null;
}

// ---- munmap --------------------------------------------------------------------------------------------

/** do_vmi_munmap(): find the VMA; the mmap_lock is taken for write. */
export const do_vmi_munmap = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'munmap'>;
  const vma = k.vmaById.get(ev.vmaId);
  if (!vma) {
    done(f);
    return { branch: 'return', summary: `no VMA ${ev.vmaId}: munmap() of nothing returns 0`, touched: [] };
  }
  f.mappingId = vma.mappingId;
  return {
    branch: 'next',
    summary: `${hex(vma.vm_start)}–${hex(vma.vm_end)} (${vma.name}): mmap_write_lock(), detach the VMA`,
    touched: [vma.id, taskId(vma.pid)],
  };
};

/** unmap_region(): the VMA's page-table leaves are zapped. */
export const unmap_region = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'munmap'>;
  const vma = k.vmaById.get(ev.vmaId);
  const task = vma ? k.byPid.get(vma.pid) : undefined;
  const removed: string[] = [];
  if (vma && task?.mm)
    for (const level of ['pte', 'pmd', 'pud'] as const)
      for (const e of [...task.mm[level].values()]) {
        if (e.vmaId !== vma.id) continue;
        k.removePt(task, e);
        const size = level === 'pte' ? PAGE_SIZE : level === 'pmd' ? 2 ** 21 : 2 ** 30;
        k.logUnmap({ pid: task.pid, start: e.addr, end: e.addr + size, cause: `${ev.label}: unmap_region()` });
        removed.push(`pt:${task.pid}:${hex(e.addr)}`);
      }
  return { branch: 'next', summary: `${removed.length} page-table leaf(s) zapped`, touched: [ev.vmaId, ...removed] };
};

/** remove_vma() after unlink_file_vma(): the VMA leaves mm->mmap and the file's i_mmap. */
export const remove_vma = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'munmap'>;
  const vma = k.vmaById.get(ev.vmaId);
  const task = vma ? k.byPid.get(vma.pid) : undefined;
  done(f);
  if (!vma || !task?.mm) return { branch: 'return', summary: 'the VMA is already gone', touched: [] };
  const mapping = k.mapping(vma.mappingId);
  const at = mapping.i_mmap.indexOf(vma);
  if (at >= 0) k.j.removeAt(mapping.id, 'i_mmap', mapping.i_mmap, at);
  const mine = task.mm.vmas.indexOf(vma);
  if (mine >= 0) k.j.removeAt(vma.id, 'vmas', task.mm.vmas, mine);
  return {
    branch: 'return',
    summary: `the VMA leaves ${task.comm}:${task.pid}'s mm and ${mapping.id}'s i_mmap; munmap() returns 0`,
    touched: [vma.id, mapping.id, taskId(task.pid)],
  };
};
