/**
 * XFS as the dax holder: turn a failed byte range of the pmem device into the files (rmap owners) whose
 * blocks it holds, and kill the processes mapping them, one owner at a time.
 * Models: fs/xfs/xfs_notify_failure.c at v6.12 (before the v6.14 rtgroup rework):
 * xfs_dax_notify_failure() (range translation inline), xfs_dax_notify_ddev_failure() (the per-AG walk,
 * with the v6.5 inclusive end 5cf32f63b0f4), xfs_dax_failure_fn(), xfs_failure_pgoff(),
 * xfs_failure_pgcnt(); fs/xfs/xfs_fsops.c xfs_do_force_shutdown() messages. Without xfs-range-fix
 * (v6.0–v6.4) the range ends one block past the failure; without xfs-notify-scan-all (v6.0) the first
 * metadata record shuts the filesystem down and stops the query.
 * Not modeled: realtime and external log devices (one data device per filesystem), partitions
 * (bt_dax_part_off is 0), xfs_trans_alloc_empty() and AGF read failures.
 */
import type { Decision } from '../../decision';
import { EFSCORRUPTED, EIO, ENXIO, EOPNOTSUPP, errnoName } from '../../errno';
import type { Frame, XfsNotify } from '../../frame';
import { fsId, indexId, rmapId } from '../../ids';
import type { Kernel, Namespace } from '../../kernel';
import { xa_erase, xa_for_each_range } from '../../lib/xarray';
import { MF_MEM_PRE_REMOVE } from '../../mm/memory-failure';
import { endQuietRounds, noDaxEntryIn, QUIET_FOLD_MIN } from '../../mm/quiet-rounds';
import { printk } from '../../printk';
import type { KernelOp, StepOutcome } from '../../step';
import { hex, PAGE_SHIFT } from '../../units';
import { dax_disassociate_entry, dax_to_pfn, updateIPages } from '../dax';
import type { Filesystem } from '../fs';
import type { AddressSpace, Inode } from '../vfs';
import {
  BTOBB,
  ownerName,
  XFS_AGB_TO_FSB,
  XFS_DADDR_TO_FSB,
  XFS_FSB_TO_AGBNO,
  XFS_FSB_TO_AGNO,
  XFS_RMAP_ATTR_FORK,
  XFS_RMAP_BMBT_BLOCK,
  XFS_RMAP_NON_INODE_OWNER,
  type XfsGeometry,
} from './xfs_format';

const FILE = 'fs/xfs/xfs_notify_failure.c';
/** U64_MAX as kill_dax() passes it: "the whole device" */
export const WHOLE_DEVICE = -1;

const SHUTDOWN_FORCE_UMOUNT = 0x4;
const SHUTDOWN_CORRUPT_ONDISK = 0x10;

const decide = (predicate: string, result: boolean, reads: [string, string | number][], fn: string): Decision => ({
  predicate,
  result,
  reads: reads.map(([path, value]) => ({ path, value: String(value) })),
  models: { fn, file: FILE },
});

function holderFs(k: Kernel, f: Frame): { fs: Filesystem; ns: Namespace } {
  const ns = f.ns as Namespace;
  const fs = k.filesystems.get(ns.dax_dev.holder_data as string);
  if (!fs) throw new Error(`no filesystem holds ${ns.name}`);
  return { fs, ns };
}

/**
 * xfs_do_force_shutdown(): the first shutdown prints its reason, naming the call site (%pS of the
 * caller and file:line); later ones print nothing. Both depend on the build (variants/buildFacts.ts).
 */
function xfs_force_shutdown(k: Kernel, fs: Filesystem, flags: number): string {
  if (fs.shutdown) return ' (already shut down: nothing printed)';
  k.setFs(fs, 'shutdown', true);
  const facts = k.config.build;
  const why = flags & SHUTDOWN_CORRUPT_ONDISK ? 'Corruption of on-disk metadata' : 'Metadata I/O Error';
  const which = flags & SHUTDOWN_FORCE_UMOUNT ? 'forceUmount' : 'corruptOndisk';
  const site = facts.xfsShutdownLine[which];
  const caller = facts.xfsShutdownCaller[which];
  if (!site || !caller) throw new Error(`no xfs_force_shutdown(0x${flags.toString(16)}) call site in this build`);
  if (flags & SHUTDOWN_FORCE_UMOUNT) k.printk(printk.xfs(fs.dev, 'User initiated shutdown received.'));
  k.printk(
    printk.xfs(
      fs.dev,
      `${why} (0x${flags.toString(16)}) detected at ${caller.value} (${FILE}:${site.value}).  Shutting down filesystem.`,
    ),
  );
  k.printk(printk.xfs(fs.dev, 'Please unmount the filesystem and rectify the problem(s)'));
  const notes = [
    caller.verified ? '' : `the %pS "${caller.value}" is UNVERIFIED: ${caller.source}`,
    site.verified ? '' : `the line ${site.value} is UNVERIFIED: ${site.source}`,
  ].filter(Boolean);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

export const xfs_dax_notify_failure: KernelOp = (k, f) => {
  const { fs, ns } = holderFs(k, f);
  const xfs = fs.xfs;
  const touched = [fsId(fs.dev)];
  if (!fs.sb_born) {
    k.printk(printk.xfs(fs.dev, 'filesystem is not ready for notify_failure()!'));
    f.rc = -EIO;
    return { branch: 'return', summary: 'SB_BORN not set: -EIO', touched };
  }
  const hasRmap = xfs?.rmapbt === true;
  const d = decide(
    'xfs_has_rmapbt(mp)',
    hasRmap,
    [['mp->m_features & XFS_FEAT_RMAPBT', hasRmap ? 'set' : 'clear']],
    'xfs_dax_notify_failure',
  );
  if (!hasRmap) {
    // xfs_debug("notify_failure() needs rmapbt enabled!") prints nothing on a non-debug build
    f.rc = -EOPNOTSUPP;
    return { branch: 'return', summary: 'no rmapbt: -EOPNOTSUPP (the caller falls back)', decisions: [d], touched };
  }
  const ddevBytes = ns.size - ns.data_offset;
  const offset = f.offset;
  let len = f.len;
  if (offset === 0 && len === WHOLE_DEVICE) len = ddevBytes;
  // offsets are u64 in the kernel: a pfn below the data start wraps to a huge offset past the device end
  if (offset < 0 || offset > ddevBytes - 1) {
    f.rc = -ENXIO;
    return {
      branch: 'return',
      summary: `offset ${hex(offset)} is beyond the data device: -ENXIO`,
      decisions: [d],
      touched,
    };
  }
  const rangeFix = k.has('xfs-range-fix');
  let clip = '';
  if (!rangeFix && f.len === WHOLE_DEVICE) {
    // u64: len -= ddev_end - offset leaves 2^64 - size, a range past the device end and every AG; the
    // walk stops at AG 0's first record (the AG headers, metadata) before it can leave the filesystem
    clip = '; len -= ddev_end - offset leaves 2^64 - size (past the last AG; modelled up to it)';
  } else if (rangeFix) {
    if (offset + len - 1 > ddevBytes - 1) len = ddevBytes - offset;
  } else if (offset + len > ddevBytes - 1) {
    len -= ddevBytes - 1 - offset;
    clip = `; offset + len > ddev_end: len -= ddev_end - offset → ${len}`;
  }
  const daddr = BTOBB(offset);
  const bblen = BTOBB(len);
  const g = (xfs as NonNullable<typeof xfs>).geometry;
  const fsbno = XFS_DADDR_TO_FSB(g, daddr);
  // before 5cf32f63b0f4 (v6.5) the end was daddr + bblen: the block after the failed range
  const end_fsbno = XFS_DADDR_TO_FSB(g, daddr + bblen - (rangeFix ? 1 : 0));
  f.notify = {
    dev: fs.dev,
    mf_flags: f.flags,
    offset,
    len,
    daddr,
    bblen,
    fsbno,
    agno: XFS_FSB_TO_AGNO(g, fsbno),
    end_fsbno,
    end_agno: XFS_FSB_TO_AGNO(g, end_fsbno),
    ri_low: 0,
    ri_high: 0,
    range_agend: 0,
    startblock: 0,
    blockcount: 0,
    want_shutdown: false,
    kernel_frozen: false,
    pgoff: 0,
    pgcnt: 0,
    records: new Uint32Array(0),
    cursor: 0,
    rec: null,
    error: 0,
  };
  return {
    branch: 'ddev',
    summary: `data device range [${hex(offset)}, +${hex(len)}) → daddr ${daddr}, bblen ${bblen}${clip}`,
    decisions: [d],
    touched,
  };
};

/** The loop body's set-up for AG n.agno: the query's [ri_low, ri_high] and notify.startblock/blockcount. */
function setUpAgQuery(k: Kernel, g: XfsGeometry, n: XfsNotify): string {
  n.ri_low = XFS_FSB_TO_AGBNO(g, n.fsbno);
  n.ri_high = n.agno === n.end_agno ? XFS_FSB_TO_AGBNO(g, n.end_fsbno) : 0xffffffff;
  // the last block the query can reach (no record lies past the AG's end)
  n.range_agend = Math.min(g.agblocks - 1, n.ri_high);
  n.startblock = n.ri_low;
  // v6.0–v6.4: agend = min(agf_length, ri_high); blockcount = agend - ri_low
  n.blockcount = k.has('xfs-range-fix') ? n.range_agend + 1 - n.ri_low : Math.min(g.agblocks, n.ri_high) - n.ri_low;
  const high = n.ri_high === 0xffffffff ? '0xffffffff' : n.ri_high;
  return `AG ${n.agno}: xfs_rmap_query_range([${n.ri_low}, ${high}]); notify.startblock ${n.startblock}, blockcount ${n.blockcount}`;
}

export const xfs_dax_notify_ddev_failure: KernelOp = (k, f) => {
  const { fs } = holderFs(k, f);
  const n = f.notify as XfsNotify;
  const g = geometryOf(fs);
  let summary = `fsbno ${n.fsbno} (AG ${n.agno}) … end_fsbno ${n.end_fsbno} (AG ${n.end_agno})`;
  if (n.mf_flags & MF_MEM_PRE_REMOVE) {
    k.printk(printk.xfs(fs.dev, 'Device is about to be removed!'));
    if (fs.frozen) k.printk(printk.xfs(fs.dev, 'already frozen by kernel, err=-16'));
    else {
      k.setFs(fs, 'frozen', true);
      n.kernel_frozen = true;
    }
    summary += '; MF_MEM_PRE_REMOVE: freeze_super(FREEZE_HOLDER_KERNEL)';
  }
  return { branch: 'query', summary: `${summary}; ${setUpAgQuery(k, g, n)}`, touched: [fsId(fs.dev)] };
};

/** Back from one AG's query: on to the next AG, or (error, last AG) shut down if needed, thaw, return. */
export const xfs_dax_notify_ddev_failure_ret: KernelOp = (k, f) => {
  const { fs } = holderFs(k, f);
  const n = f.notify as XfsNotify;
  const g = geometryOf(fs);
  n.error = f.rc ?? 0;
  if (!n.error && n.agno < n.end_agno) {
    n.agno++;
    n.fsbno = XFS_AGB_TO_FSB(g, n.agno, 0);
    return { branch: 'query', summary: setUpAgQuery(k, g, n), touched: [fsId(fs.dev)] };
  }
  const preRemove = (n.mf_flags & MF_MEM_PRE_REMOVE) !== 0;
  let error = n.error;
  let summary = n.error ? `the query returned ${errnoName(n.error)}: stop` : 'all AGs queried';
  if (preRemove) {
    const note = xfs_force_shutdown(k, fs, SHUTDOWN_FORCE_UMOUNT);
    summary += `; pre-remove: xfs_force_shutdown(SHUTDOWN_FORCE_UMOUNT)${note}`;
  } else if (!k.has('xfs-notify-scan-all')) {
    // v6.0: xfs_dax_failure_fn() shut down at the metadata record itself; nothing more here
  } else if (error || n.want_shutdown) {
    const note = xfs_force_shutdown(k, fs, SHUTDOWN_CORRUPT_ONDISK);
    if (!error) error = -EFSCORRUPTED;
    summary += `; ${n.want_shutdown ? 'metadata was hit' : `error ${errnoName(n.error)}`}: xfs_force_shutdown(SHUTDOWN_CORRUPT_ONDISK)${note}`;
  } else summary += ', no metadata hit';
  if (preRemove) {
    if (n.kernel_frozen) k.setFs(fs, 'frozen', false);
    summary += '; thaw_super(FREEZE_HOLDER_KERNEL)';
  }
  f.rc = error;
  return {
    branch: 'return',
    summary: `${summary}; returns ${errnoName(error)}`,
    decisions: !k.has('xfs-notify-scan-all')
      ? []
      : [
          decide(
            'error || notify.want_shutdown',
            error !== 0 || n.want_shutdown,
            [
              ['error', errnoName(n.error)],
              ['notify.want_shutdown', String(n.want_shutdown)],
            ],
            'xfs_dax_notify_ddev_failure',
          ),
        ],
    touched: [fsId(fs.dev)],
  };
};

function geometryOf(fs: Filesystem): XfsGeometry {
  const g = fs.xfs?.geometry;
  if (!g) throw new Error(`${fs.dev} is not XFS`);
  return g;
}

/**
 * invalidate_inode_pages2_range() on a DAX mapping (mm/truncate.c → fs/dax.c
 * dax_invalidate_mapping_entry_sync()): clean entries in the range are disassociated and erased.
 * Entries a read fault created are never dirty, so all of them go.
 */
function invalidate_inode_pages2_range(k: Kernel, mapping: AddressSpace, first: number, last: number): number {
  const items = [...xa_for_each_range(mapping.i_pages, first, last)];
  for (const { index, entry } of items) {
    const ns = k.namespaceOfPfn(dax_to_pfn(entry));
    if (ns) dax_disassociate_entry(k, ns, entry);
    updateIPages(k, mapping, index, (xa) => xa_erase(xa, index));
  }
  return items.length;
}

/** xfs_rmap_query_range() over one AG: find the records, then call xfs_dax_failure_fn() on each. */
export const xfs_rmap_query_range: KernelOp = (k, f) => {
  const { fs } = holderFs(k, f);
  const n = f.notify as XfsNotify;
  const xfs = fs.xfs as NonNullable<Filesystem['xfs']>;
  n.records = xfs.rmap[n.agno].queryRange(n.ri_low, n.range_agend);
  n.cursor = 0;
  const agno = n.agno;
  const touched = [fsId(fs.dev), ...Array.from(n.records.subarray(0, 64), (r) => rmapId(fs.dev, agno, r))];
  const found = `AG ${agno}: [${n.ri_low}, ${n.range_agend}] → ${n.records.length} record(s)`;
  const detail = { agno, low: n.ri_low, high: n.range_agend, records: n.records.length };
  if (!n.records.length) {
    f.rc = 0;
    return { detail, branch: 'return', summary: `${found}; returns 0`, touched };
  }
  // the rfc-2020-get-shared-files design runs the same query with its own callback
  const callback = f.shared_files ? '_get_shared_files_fn' : 'xfs_dax_failure_fn';
  return { detail, branch: 'record', summary: `${found}; ${callback}() on each`, touched };
};

/** Back from xfs_dax_failure_fn(): an error stops the query; otherwise the next record, or return 0. */
export const xfs_rmap_query_range_ret: KernelOp = (k, f) => {
  const { fs } = holderFs(k, f);
  const n = f.notify as XfsNotify;
  const rc = f.rc ?? 0;
  if (rc) return { branch: 'return', summary: `the callback returned ${errnoName(rc)}: the query stops`, touched: [] };
  if (n.cursor < n.records.length)
    return {
      branch: 'record',
      summary: `next record (${n.cursor + 1} of ${n.records.length})`,
      touched: [rmapId(fs.dev, n.agno, n.records[n.cursor])],
    };
  f.rc = 0;
  return {
    branch: 'return',
    summary: `AG ${n.agno}: all ${n.records.length} record(s) visited; returns 0`,
    touched: [],
  };
};

/** xfs_dax_failure_fn(): one rmap record. Runs of records whose inode is not in core form one step. */
export const xfs_dax_failure_fn: KernelOp = (k, f) => {
  const { fs } = holderFs(k, f);
  const n = f.notify as XfsNotify;
  const xfs = fs.xfs as NonNullable<Filesystem['xfs']>;
  const bt = xfs.rmap[n.agno];
  const preRemove = (n.mf_flags & MF_MEM_PRE_REMOVE) !== 0;

  const recno = n.records[n.cursor];
  const rec = bt.record(recno);
  n.rec = rec;
  const id = rmapId(fs.dev, n.agno, recno);
  const recText = `{startblock ${rec.rm_startblock}, blockcount ${rec.rm_blockcount}, owner ${ownerName(rec.rm_owner)}, offset ${rec.rm_offset}${rec.rm_flags ? `, flags ${rec.rm_flags}` : ''}}`;
  const metadata =
    XFS_RMAP_NON_INODE_OWNER(rec.rm_owner) || (rec.rm_flags & (XFS_RMAP_ATTR_FORK | XFS_RMAP_BMBT_BLOCK)) !== 0;
  const dMeta = decide(
    'XFS_RMAP_NON_INODE_OWNER(rm_owner) || attr fork / bmbt block',
    metadata,
    [
      ['rec->rm_owner', ownerName(rec.rm_owner)],
      ['rec->rm_flags', rec.rm_flags],
    ],
    'xfs_dax_failure_fn',
  );
  if (metadata && !preRemove && !k.has('xfs-notify-scan-all')) {
    // v6.0: shut down at once and stop the query with -EFSCORRUPTED
    n.cursor++;
    const note = xfs_force_shutdown(k, fs, SHUTDOWN_CORRUPT_ONDISK);
    f.rc = -EFSCORRUPTED;
    return {
      branch: 'return',
      summary: `${recText}: metadata → xfs_force_shutdown(SHUTDOWN_CORRUPT_ONDISK)${note}; returns -EFSCORRUPTED`,
      decisions: [dMeta],
      touched: [id, fsId(fs.dev)],
    };
  }
  if (metadata) {
    n.cursor++;
    if (!preRemove) n.want_shutdown = true;
    f.rc = 0;
    return {
      branch: 'return',
      summary: `${recText}: metadata${preRemove ? ' (pre-remove: ignored)' : ' → notify->want_shutdown = true'}`,
      decisions: [dMeta],
      touched: [id],
    };
  }

  const inode = fs.inodes.get(rec.rm_owner);
  if (!inode?.incore) {
    // xfs_iget(XFS_IGET_INCORE) → -ENODATA: skip. Consecutive such records are one step.
    const first = n.cursor;
    let last = n.cursor;
    while (last + 1 < n.records.length) {
      const r = n.records[last + 1];
      if (!bt.isInodeOwner(r)) break;
      const ino = fs.inodes.get(bt.ownerOf(r));
      if (ino?.incore) break;
      // perf: flagsOf() reads the column; bt.record() built an object per record (10^6 in a big walk)
      if (bt.flagsOf(r) & (XFS_RMAP_ATTR_FORK | XFS_RMAP_BMBT_BLOCK)) break;
      last++;
    }
    n.cursor = last + 1;
    const count = last - first + 1;
    f.rc = 0;
    return {
      branch: 'return',
      summary:
        count === 1
          ? `${recText}: xfs_iget(XFS_IGET_INCORE) = -ENODATA, inode not in core: skip`
          : `${count} records (inodes ${ownerName(rec.rm_owner)} … ${bt.ownerOf(n.records[last])}): not in core, -ENODATA, skipped`,
      decisions: [
        dMeta,
        decide('xfs_iget(XFS_IGET_INCORE) == 0', false, [['error', '-ENODATA']], 'xfs_dax_failure_fn'),
      ],
      touched: Array.from(n.records.subarray(first, Math.min(last + 1, first + 64)), (r) => rmapId(fs.dev, n.agno, r)),
      group: count > 1 ? { what: 'rmap records', first, count } : undefined,
    };
  }

  const { pgoff, pgcnt } = failureRange(fs, n, rec);
  const quiet = preRemove || f.raced ? 0 : quietRun(k, fs, n);
  if (quiet >= QUIET_FOLD_MIN) return quietRounds(f, fs, quiet, recText, dMeta);
  n.pgoff = pgoff;
  n.pgcnt = pgcnt;
  n.cursor++;
  f.mappingId = inode.mappingId;
  f.index = pgoff;
  f.endIndex = pgoff + pgcnt;
  f.path = 'holder';
  return {
    branch: 'kill',
    summary: `${recText}: inode ${inode.ino} (${inode.path}) in core; pgoff ${pgoff}, pgcnt ${pgcnt} → mf_dax_kill_procs()`,
    decisions: [dMeta, decide('xfs_iget(XFS_IGET_INCORE) == 0', true, [['ino', inode.ino]], 'xfs_dax_failure_fn')],
    touched: [id, inode.mappingId, indexId(inode.mappingId, pgoff)],
    detail: { agno: n.agno, recno, ino: inode.ino, pgoff, pgcnt },
  };
};

/** xfs_failure_pgoff() / xfs_failure_pgcnt(): the pages of the record's file that the failed range covers. */
function failureRange(
  fs: Filesystem,
  n: XfsNotify,
  rec: { rm_startblock: number; rm_blockcount: number; rm_offset: number },
): { pgoff: number; pgcnt: number } {
  const blockShift = Math.log2(fs.blocksize);
  let pos = rec.rm_offset * fs.blocksize;
  if (n.startblock > rec.rm_startblock) pos += (n.startblock - rec.rm_startblock) * fs.blocksize;
  const pgoff = Math.floor(pos / 2 ** PAGE_SHIFT);
  const lo = Math.max(rec.rm_startblock, n.startblock);
  const hi = Math.min(rec.rm_startblock + rec.rm_blockcount, n.startblock + n.blockcount);
  const pgcnt = Math.floor(((hi - lo) * 2 ** blockShift) / 2 ** PAGE_SHIFT);
  return { pgoff, pgcnt };
}

/**
 * How many records from the cursor on are quiet rounds (src/kernel/mm/quiet-rounds.ts): a data-fork record
 * of an in-core inode with no DAX entry in its failed range, so mf_dax_kill_procs() changes nothing. Only
 * where the round is 6.12's mf_dax_kill_procs() (not the 2021 designs' replacements). A run too short to
 * fold is remembered (`quietEnd`), so its records are not scanned again one by one.
 */
function quietRun(k: Kernel, fs: Filesystem, n: XfsNotify): number {
  if (k.has('rfc-2021-v4-unlocked-load') || k.has('proposal-2021-fs-kill')) return 0;
  if (n.quietEnd !== undefined && n.cursor < n.quietEnd) return 0;
  const bt = (fs.xfs as NonNullable<Filesystem['xfs']>).rmap[n.agno];
  let i = n.cursor;
  for (; i < n.records.length; i++) {
    const r = n.records[i];
    if (!bt.isInodeOwner(r) || bt.flagsOf(r) & (XFS_RMAP_ATTR_FORK | XFS_RMAP_BMBT_BLOCK)) break;
    const inode = fs.inodes.get(bt.ownerOf(r));
    if (!inode?.incore) break;
    const { pgoff, pgcnt } = failureRange(fs, n, bt.record(r));
    if (!noDaxEntryIn(k.mapping(inode.mappingId), pgoff, pgoff + pgcnt)) break;
  }
  if (i - n.cursor < QUIET_FOLD_MIN) n.quietEnd = i;
  return i - n.cursor;
}

/** A run of quiet rounds as one step: each owner's mf_dax_kill_procs() finds no entry, then xfs_irele(). */
function quietRounds(f: Frame, fs: Filesystem, count: number, recText: string, dMeta: Decision): StepOutcome {
  const n = f.notify as XfsNotify;
  const bt = (fs.xfs as NonNullable<Filesystem['xfs']>).rmap[n.agno];
  const first = n.cursor;
  const last = first + count - 1;
  const lastRec = bt.record(n.records[last]);
  const lastInode = fs.inodes.get(lastRec.rm_owner) as Inode;
  const { pgoff, pgcnt } = failureRange(fs, n, lastRec);
  n.pgoff = pgoff;
  n.pgcnt = pgcnt;
  n.cursor = last + 1;
  endQuietRounds(f, lastInode.mappingId, pgoff + pgcnt, n.mf_flags);
  f.path = 'holder';
  return {
    branch: 'return',
    summary: `${count} records from ${recText} (inodes ${bt.ownerOf(n.records[first])} … ${lastInode.ino}): each inode in core with no DAX entry in its failed range: each mf_dax_kill_procs() finds nothing to lock (dax_lock_mapping_entry(): cookie ~0, page NULL) and returns 0, then xfs_irele() (${count} rounds of ${QUIET_FOLD_MIN} or more are one step; nothing changes in them)`,
    decisions: [dMeta, decide('xfs_iget(XFS_IGET_INCORE) == 0', true, [['ino', lastInode.ino]], 'xfs_dax_failure_fn')],
    touched: Array.from(n.records.subarray(first, Math.min(last + 1, first + 64)), (r) => rmapId(fs.dev, n.agno, r)),
    group: { what: 'rmap records', first, count },
    detail: { agno: n.agno, quietRounds: count, lastIno: lastInode.ino },
  };
}

/** Back from mf_dax_kill_procs(): invalidate the revoked entries (pre-remove), xfs_irele(), return its error. */
export const xfs_dax_failure_fn_ret: KernelOp = (k, f) => {
  const n = f.notify as XfsNotify;
  const mapping = k.mapping(f.mappingId as string);
  const error = f.rc ?? 0;
  let summary = `mf_dax_kill_procs() returned ${errnoName(error)}`;
  if (n.mf_flags & MF_MEM_PRE_REMOVE) {
    const dropped = invalidate_inode_pages2_range(k, mapping, n.pgoff, n.pgoff + n.pgcnt - 1);
    summary += `; invalidate_inode_pages2_range(${mapping.id}, ${n.pgoff}, ${n.pgoff + n.pgcnt - 1}) drops ${dropped} DAX entr${dropped === 1 ? 'y' : 'ies'}`;
  }
  f.rc = error;
  return { branch: 'return', summary: `${summary}; xfs_irele(); returns ${errnoName(error)}`, touched: [mapping.id] };
};
