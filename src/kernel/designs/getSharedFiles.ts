/**
 * The unmerged design rfc-2020-get-shared-files: "[RFC PATCH 1/8] fs: introduce get_shared_files() for
 * dax&reflink" (Shiyang Ruan, Aug 7 2020, on v5.8). XFS answers super_operations->get_shared_files(sb,
 * offset, list) with an rmap query whose callback kmallocs one struct shared_files per owner; memory_failure
 * then walks the list and kills per entry (here with 6.12's mf_dax_kill_procs(), everything else is 6.12's).
 * The XFS code is read in Darrick J. Wong's review (seed 004); where the patch's memory-failure side is not
 * known (patches 2-8), the step says UNVERIFIED.
 */
import type { Decision } from '../decision';
import { EINVAL, ENODATA, errnoName } from '../errno';
import type { Frame, XfsNotify } from '../frame';
import type { Filesystem } from '../fs/fs';
import { ownerName, XFS_FSB_TO_AGNO, XFS_RMAP_NON_INODE_OWNER } from '../fs/xfs/xfs_format';
import { fsId, indexId, pfnId, rmapId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import { endQuietRounds, noDaxEntryIn, QUIET_FOLD_MIN } from '../mm/quiet-rounds';
import { printk } from '../printk';
import type { KernelOp } from '../step';
import { hex, PAGE_SHIFT, PFN_PHYS } from '../units';

const FILE = 'fs/xfs/xfs_super.c';

/**
 * sizeof(struct shared_files) on x86-64, from the RFC's own definition in include/linux/dax.h:
 * struct list_head list (2 pointers, 16) + struct address_space *mapping (8) + pgoff_t index (8) +
 * dax_entry_t cookie (unsigned long, 8) = 40 bytes, no padding. kmalloc(40) is served from kmalloc-64.
 */
export const SIZEOF_SHARED_FILES = 40;
export const KMALLOC_SLAB_SHARED_FILES = 64;

const decide = (predicate: string, result: boolean, reads: [string, string | number][], fn: string): Decision => ({
  predicate,
  result,
  reads: reads.map(([path, value]) => ({ path, value: String(value) })),
  models: { fn, file: FILE },
});

/** The filesystem on the page's device when it implements ->get_shared_files (the RFC's XFS, with rmapbt). */
export function sharedFilesFs(k: Kernel, ns: Namespace): Filesystem | null {
  const fs = ns.dax_dev.holder_data ? k.filesystems.get(ns.dax_dev.holder_data) : undefined;
  return fs?.type === 'xfs' && fs.xfs?.rmapbt === true ? fs : null;
}

function fsOf(k: Kernel, f: Frame): Filesystem {
  const fs = sharedFilesFs(k, f.ns as Namespace);
  if (!fs?.xfs) throw new Error('get_shared_files() without an XFS on the device');
  return fs;
}

/**
 * xfs_fs_get_shared_files(sb, offset, list): one rmap query at the block of `offset`. The RFC converts with
 * XFS_B_TO_FSB() (bytes → a linear block count, rounded up) into an xfs_agblock_t (u32), takes the AG from
 * it as if it were an encoded fsblock, and queries rm_startblock = that number in the AG.
 */
export const xfs_fs_get_shared_files: KernelOp = (k, f) => {
  const fs = fsOf(k, f);
  const ns = f.ns as Namespace;
  const g = (fs.xfs as NonNullable<Filesystem['xfs']>).geometry;
  // the caller's offset: bytes into the data device (what XFS_B_TO_FSB reads; the signature says pgoff_t)
  const offset = PFN_PHYS(f.pfn) - ns.phys_addr - ns.data_offset;
  const blocklog = Math.log2(g.blocksize);
  const linear = Math.floor((offset + g.blocksize - 1) / g.blocksize);
  const bno = linear % 2 ** 32;
  const agno = XFS_FSB_TO_AGNO(g, bno);
  const trueAgno = Math.floor(linear / g.agblocks);
  const trueAgbno = linear % g.agblocks;
  const asPgoff = Math.ceil(offset / 2 ** PAGE_SHIFT / g.blocksize);
  f.shared_files = [];
  f.shared_cursor = 0;
  f.notify = {
    dev: fs.dev,
    mf_flags: f.flags,
    offset,
    len: g.blocksize,
    daddr: 0,
    bblen: 0,
    fsbno: bno,
    agno,
    end_fsbno: bno,
    end_agno: agno,
    ri_low: bno,
    ri_high: bno,
    range_agend: bno,
    startblock: bno,
    blockcount: 1,
    want_shutdown: false,
    kernel_frozen: false,
    pgoff: 0,
    pgcnt: 0,
    records: new Uint32Array(0),
    cursor: 0,
    rec: null,
    error: 0,
  } satisfies XfsNotify;
  const wrong = agno !== trueAgno || bno !== trueAgbno;
  const units = `bno = XFS_B_TO_FSB(mp, ${hex(offset)}) = ${bno}, agno = XFS_FSB_TO_AGNO(mp, bno) = ${agno}; rmap_low/high.rm_startblock = ${bno}`;
  return {
    branch: 'query',
    summary: `${units}; xfs_trans_alloc_empty(), xfs_alloc_read_agf(AG ${agno}), xfs_rmapbt_init_cursor(), xfs_rmap_query_range(_get_shared_files_fn) (offset taken as bytes: UNVERIFIED what the caller passed; as the pgoff_t of its type, ${offset / 2 ** PAGE_SHIFT}, XFS_B_TO_FSB would give block ${asPgoff})`,
    decisions: [
      decide(
        'bno is the AG block of the failed page',
        !wrong,
        [
          ['offset', hex(offset)],
          ['mp->m_sb.sb_blocklog', blocklog],
          ['mp->m_sb.sb_agblklog', g.agblklog],
          ['failed block (AG, agbno)', `${trueAgno}, ${trueAgbno}`],
        ],
        'xfs_fs_get_shared_files',
      ),
    ],
    touched: [fsId(fs.dev)],
    detail: { offset: hex(offset), bno, agno, agbno: trueAgbno, trueAgno },
    flaw: wrong
      ? `XFS_B_TO_FSB() gives a linear block number (${linear}), the RFC stores it in an xfs_agblock_t and uses it as AG ${agno}'s block: the failed page is block ${trueAgbno} of AG ${trueAgno}, so the query looks at the wrong block (Darrick J. Wong: "You just ripped the upper 32 bits off the fsblock number")`
      : undefined,
  };
};

/** Back from the query: xfs_btree_del_cursor(), xfs_trans_brelse(); return the query's error. */
export const xfs_fs_get_shared_files_ret: KernelOp = (_k, f) => {
  const list = f.shared_files ?? [];
  const rc = f.rc ?? 0;
  return {
    branch: 'return',
    summary: `xfs_btree_del_cursor(), xfs_trans_brelse(); list of ${list.length} struct shared_files (${list.length * SIZEOF_SHARED_FILES} bytes); returns ${errnoName(rc)}`,
    touched: [],
  };
};

/**
 * _get_shared_files_fn(cur, rec, list): xfs_iget(XFS_IGET_INCORE) on rm_owner without checking the error,
 * then kmalloc + list_add_tail. A run of in-core inode owners is one step (10^6 owners in a big walk).
 */
export const _get_shared_files_fn: KernelOp = (k, f) => {
  const fs = fsOf(k, f);
  const n = f.notify as XfsNotify;
  const bt = (fs.xfs as NonNullable<Filesystem['xfs']>).rmap[n.agno];
  const first = n.cursor;
  const recno = n.records[first];
  const rec = bt.record(recno);
  const recText = `{startblock ${rec.rm_startblock}, blockcount ${rec.rm_blockcount}, owner ${ownerName(rec.rm_owner)}, offset ${rec.rm_offset}}`;
  const metadata = XFS_RMAP_NON_INODE_OWNER(rec.rm_owner);
  const inode = metadata ? undefined : fs.inodes.get(rec.rm_owner);
  if (!inode?.incore) {
    // xfs_iget() rejects a special owner (ino outside every AG: -EINVAL) and, with XFS_IGET_INCORE, an inode
    // not in core (-ENODATA); either way it returns before `*ipp = ip` (6.12.117 fs/xfs/xfs_icache.c:795-820)
    const error = metadata ? -EINVAL : -ENODATA;
    n.cursor++;
    for (const line of printk.oopsPageFault(
      '<ip, uninitialised>->i_vnode.i_mapping',
      '_get_shared_files_fn+0x?/0x? [xfs]',
    ))
      k.printk(line);
    return {
      branch: 'oops',
      summary: `${recText}: xfs_iget(mp, tp, ${ownerName(rec.rm_owner)}, XFS_IGET_INCORE, 0, &ip) = ${errnoName(error)}, not checked; ip was never set, and \`if (ip && !ip->i_vnode.i_mapping)\` reads through it → oops (UNVERIFIED: what the stack slot holds decides the address, or whether it oopses at all; the dmesg lines, address and RIP offsets are UNVERIFIED)`,
      decisions: [
        decide(
          'xfs_iget() == 0',
          false,
          [
            ['rec->rm_owner', ownerName(rec.rm_owner)],
            ['error', errnoName(error)],
          ],
          '_get_shared_files_fn',
        ),
      ],
      touched: [rmapId(fs.dev, n.agno, recno), fsId(fs.dev)],
      flaw: `xfs_iget() failed with ${errnoName(error)} on ${metadata ? `a metadata owner (${ownerName(rec.rm_owner)})` : 'an inode not in core'} and nobody checked: the inode pointer is uninitialised stack and is dereferenced (Darrick J. Wong: "No error checking at all? What if rm_owner refers to metadata?")`,
    };
  }
  // a run of in-core inode owners: each xfs_iget() takes a reference, each gets a 40-byte entry
  let last = first;
  while (last + 1 < n.records.length) {
    const r = n.records[last + 1];
    if (!bt.isInodeOwner(r) || !fs.inodes.get(bt.ownerOf(r))?.incore) break;
    last++;
  }
  const list = f.shared_files as NonNullable<Frame['shared_files']>;
  for (let i = first; i <= last; i++) {
    const r = bt.record(n.records[i]);
    const ino = fs.inodes.get(r.rm_owner);
    if (ino) list.push({ mappingId: ino.mappingId, index: r.rm_offset, ino: ino.ino });
  }
  const count = last - first + 1;
  n.cursor = last + 1;
  k.setCounter('owner_list_entries', k.counters.owner_list_entries + count);
  k.setCounter('owner_list_bytes', k.counters.owner_list_bytes + count * SIZEOF_SHARED_FILES);
  k.setCounter('leaked_inode_refs', k.counters.leaked_inode_refs + count);
  f.rc = 0;
  const inExtent = n.startblock - rec.rm_startblock;
  const total = list.length;
  return {
    branch: 'return',
    summary:
      (count === 1
        ? `${recText}: inode ${inode.ino} (${inode.path}) in core, one reference taken; kmalloc(${SIZEOF_SHARED_FILES}) → {mapping ${inode.mappingId}, index ${rec.rm_offset}}`
        : `${count} in-core owners (inodes ${inode.ino} …): ${count} references taken, ${count} × kmalloc(${SIZEOF_SHARED_FILES})`) +
      `; the list holds ${total} entries, ${total * SIZEOF_SHARED_FILES} bytes (${total * KMALLOC_SLAB_SHARED_FILES} in kmalloc-64)` +
      (inExtent ? `; index = rm_offset is the extent's first page, ${inExtent} before the failed one` : ''),
    decisions: [decide('xfs_iget() == 0', true, [['ino', inode.ino]], '_get_shared_files_fn')],
    touched: Array.from(n.records.subarray(first, Math.min(last + 1, first + 64)), (r) => rmapId(fs.dev, n.agno, r)),
    group: count > 1 ? { what: 'rmap records', first, count } : undefined,
    detail: { entries: total, bytes: total * SIZEOF_SHARED_FILES, refsTaken: count },
    flaw: `one kmalloc'd entry and one inode reference per owner: ${total} entries, ${total * SIZEOF_SHARED_FILES} bytes so far, and no xfs_irele() anywhere (Darrick J. Wong: "If there are millions of open files reflinked to this range of pmem this is going to allocate a /lot/ of memory"; "we leak the reference")`,
  };
};

/** memory_failure's walk of the list: the next entry's (mapping, index) → mf_dax_kill_procs(), then kfree. */
export const memory_failure_dev_pagemap_walk: KernelOp = (k, f) => {
  const list = f.shared_files ?? [];
  const touched = [pfnId(f.pfn)];
  if (f.shared_cursor === 0 && f.rc && f.rc < 0 && !list.length) {
    return { branch: 'action_result', summary: `get_shared_files() returned ${errnoName(f.rc)}`, touched };
  }
  // a long run of entries whose file has no DAX entry at their index is one step (mm/quiet-rounds.ts)
  const quiet = foldQuietEntries(k, f, list);
  if (f.shared_cursor < list.length) {
    const e = list[f.shared_cursor++];
    f.mappingId = e.mappingId;
    f.index = e.index;
    f.endIndex = e.index + 1;
    f.path = 'holder';
    return {
      branch: 'kill',
      summary: `${quiet}entry ${f.shared_cursor} of ${list.length}: {mapping ${e.mappingId} (inode ${e.ino}), index ${e.index}} → kill its mappers (6.12's mf_dax_kill_procs() stands in for the RFC's loop, UNVERIFIED)`,
      touched: [e.mappingId, indexId(e.mappingId, e.index)],
    };
  }
  const n = list.length;
  f.rc = 0;
  return {
    branch: 'action_result',
    summary: `${quiet}list walked: ${n} entries kfree'd (${n * SIZEOF_SHARED_FILES} bytes); the ${n} inode reference${n === 1 ? '' : 's'} _get_shared_files_fn() took stay${n === 1 ? 's' : ''} held (leaked)`,
    touched,
    detail: { entries: n, bytes: n * SIZEOF_SHARED_FILES, leakedInodeRefs: n },
  };
};

/**
 * From the cursor on, a run of at least QUIET_FOLD_MIN entries whose file holds no DAX entry at the entry's
 * index: each would be an mf_dax_kill_procs() that locks nothing and returns 0. Skip them (the frame left as
 * the last would leave it) and say so; shorter runs are walked entry by entry. Never while raced.
 */
function foldQuietEntries(k: Kernel, f: Frame, list: NonNullable<Frame['shared_files']>): string {
  if (f.raced) return '';
  const from = f.shared_cursor;
  if (f.shared_quiet_end !== undefined && from < f.shared_quiet_end) return '';
  let i = from;
  while (i < list.length && noDaxEntryIn(k.mapping(list[i].mappingId), list[i].index, list[i].index + 1)) i++;
  const count = i - from;
  if (count < QUIET_FOLD_MIN) {
    f.shared_quiet_end = i;
    return '';
  }
  const last = list[i - 1];
  endQuietRounds(f, last.mappingId, last.index + 1, f.notify?.mf_flags ?? 0);
  f.shared_cursor = i;
  return `entries ${from + 1}–${i} (${count}, inodes ${list[from].ino} … ${last.ino}): no DAX entry at their index, each mf_dax_kill_procs() locks nothing and returns 0 (${QUIET_FOLD_MIN} or more such rounds are one step); `;
}
