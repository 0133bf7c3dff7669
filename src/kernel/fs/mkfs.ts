/**
 * mkfs of an unmounted pmem device between events: user space opens the block device exclusively and
 * writes a fresh filesystem through it. The kernel side (6.12.117): block/fops.c blkdev_open() (:606) →
 * block/bdev.c bdev_open() → bd_prepare_to_claim() (:553; -EBUSY at :565 while the mounted superblock holds
 * the device) for the O_EXCL open, and blkdev_write_iter() (:675) → pmem_submit_bio() → pmem_do_write()
 * (drivers/nvdimm/pmem.c :181).
 * Simplified: the new filesystem has the old one's geometry and options (filesystems[] entry) and its own
 * metadata where the old one had it; every file is gone (no inode, no extent, no rmap record but the
 * filesystem's own, no refcount); the namespace's badblocks and the struct pages' PG_hwpoison are kept.
 * UNVERIFIED: which sectors mkfs.xfs / mkfs.ext4 write (superblocks, AG headers, the zeroed log, inode
 * tables): a write over a bad sector clears it (pmem_do_write → pmem_clear_poison), which the model does
 * not apply; what mkfs prints is not modelled.
 */
import { EBUSY } from '../errno';
import type { KernelEvent } from '../frame';
import { fsId, nsId } from '../ids';
import type { Kernel } from '../kernel';
import type { KernelOp } from '../step';
import type { Filesystem } from './fs';
import type { Inode } from './vfs';
import { RmapBtree, RmapRecordSink } from './xfs/xfs_rmap';

type MkfsEvent = Extract<KernelEvent, { kind: 'mkfs' }>;

function fsOf(k: Kernel, ev: MkfsEvent): Filesystem {
  const fs = k.filesystems.get(ev.dev);
  if (!fs) throw new Error(`no filesystem on ${ev.dev}`);
  return fs;
}

/** blkdev_open() with O_EXCL: a device a mounted filesystem holds is busy. */
export const blkdev_open: KernelOp = (k, f) => {
  const ev = f.event as MkfsEvent;
  const fs = fsOf(k, ev);
  f.current = null;
  if (!fs.unmounted) {
    f.topReturn = -EBUSY;
    return {
      branch: 'return',
      summary: `/dev/${fs.dev} is held by the filesystem mounted on ${fs.mount} (bd_prepare_to_claim): open(O_EXCL) fails with -EBUSY, mkfs gives up`,
      touched: [fsId(fs.dev)],
    };
  }
  return {
    branch: 'next',
    summary: `/dev/${fs.dev}: no holder, opened exclusively by mkfs.${fs.type}`,
    touched: [nsId(fs.dev)],
  };
};

/** The rmapbt of a filesystem with no file: one record per metadata region piece, per AG. */
function metadataRmap(fs: Filesystem): RmapBtree[] {
  const xfs = fs.xfs;
  if (!xfs) return [];
  const g = xfs.geometry;
  const sinks = Array.from({ length: g.agcount }, () => new RmapRecordSink());
  if (xfs.rmapbt)
    for (const m of fs.metadata) {
      let block = m.block;
      let left = m.len;
      while (left > 0) {
        const ag = Math.floor(block / g.agblocks);
        const agbno = block % g.agblocks;
        const n = Math.min(left, g.agblocks - agbno);
        sinks[ag].add(agbno, n, m.owner as number, 0);
        block += n;
        left -= n;
      }
    }
  return sinks.map((sink, ag) => new RmapBtree(ag, sink));
}

/** blkdev_write_iter(): the new filesystem replaces the old one on the device. */
export const blkdev_write_iter: KernelOp = (k, f) => {
  const ev = f.event as MkfsEvent;
  const fs = fsOf(k, ev);
  const ns = k.namespace(fs.dev);
  // in-core inodes, plus the bulk copies no process opened
  let files = fs.inodes.size;
  for (const c of fs.cloneSets) {
    files += c.count;
    for (const ino of fs.inodes.keys()) if (ino >= c.firstIno && ino < c.firstIno + c.count) files--;
  }
  const id = fsId(fs.dev);
  k.j.set(id, fs, 'inodes', new Map<number, Inode>());
  k.j.set(id, fs, 'byPath', new Map<string, number>());
  k.j.set(id, fs, 'cloneSets', []);
  k.j.set(id, fs, 'refcounts', []);
  if (fs.shutdown) k.setFs(fs, 'shutdown', false);
  if (fs.xfs) k.j.set(id, fs.xfs, 'rmap', metadataRmap(fs));
  f.topReturn = 0;
  const bad = ns.badblocks.length;
  return {
    branch: 'return',
    summary: `mkfs.${fs.type} writes a fresh filesystem through pmem_submit_bio() → pmem_do_write(): ${files} file(s) gone${fs.xfs?.rmapbt ? ', the rmapbt holds only the filesystem’s own records' : ''}, no shared block; the same geometry and options; ${bad ? `${bad} bad sector(s) kept in badblocks (UNVERIFIED: mkfs's writes over bad sectors would clear them)` : 'no bad sector'}; mount it to use it`,
    touched: [id, nsId(ns.name)],
  };
};
