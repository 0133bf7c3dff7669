/**
 * mount(2) and umount(2) of a DAX filesystem between scenario events.
 * Models (v6.12.117): fs/namespace.c path_umount() (:2029; a mount with open files, an mmap's vm_file among
 * them, is busy: -EBUSY) and path_mount() (:3883); fs/super.c generic_shutdown_super() (:612): evict_inodes()
 * → truncate_inode_pages_final() → truncate_folio_batch_exceptionals() → dax_delete_mapping_entry()
 * (mm/truncate.c:72-105, fs/dax.c __dax_invalidate_entry :746-762: dax_disassociate_entry(trunc), the
 * entry erased), then ->put_super: xfs_fs_put_super() "Unmounting Filesystem %pU" (fs/xfs/xfs_super.c:1142;
 * 6.1.192 :1116 without the uuid) and, freeing the buftarg, fs_put_dax() (fs/xfs/xfs_buf.c:2034: the dax
 * holder is cleared), or ext4_put_super() "unmounting filesystem %pU." (fs/ext4/super.c:1320; 6.1.192 :1291
 * "unmounting filesystem."); mount: xfs_fs_fill_super / ext4_fill_super messages and, for XFS, the holder
 * registration (fs_dax_get_by_bdev).
 * Simplified: the same filesystem is mounted again (or the fresh one an mkfs event made, mkfs.ts); mounting a filesystem that was shut
 * down replays its log in a real kernel, whose lines are not modelled (UNVERIFIED).
 */
import { EBUSY, EINVAL } from '../errno';
import type { KernelEvent } from '../frame';
import { fsId, nsId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import { createXarray, xa_for_each } from '../lib/xarray';
import { printk } from '../printk';
import type { KernelOp } from '../step';
import { dax_disassociate_entry } from './dax';
import type { Filesystem } from './fs';

/**
 * What mount(2) prints (xfs_fs_fill_super → xfs_setup_dax_always, xfs_log_mount; ext4_fill_super). The
 * uuid is mkfs's random one: shown as <uuid>.
 */
export function printMount(k: Kernel, fs: Filesystem): void {
  const uuid = k.has('mount-msg-uuid');
  if (fs.type === 'xfs') {
    if (!k.has('xfs-dax-not-experimental'))
      k.printk(printk.xfs(fs.dev, 'DAX enabled. Warning: EXPERIMENTAL, use at your own risk'));
    k.printk(printk.xfs(fs.dev, `Mounting V5 Filesystem${uuid ? ' <uuid>' : ''}`));
    k.printk(printk.xfs(fs.dev, 'Ending clean mount'));
  } else {
    if (!k.has('ext4-dax-not-experimental'))
      k.printk(printk.ext4(fs.dev, 'DAX enabled. Warning: EXPERIMENTAL, use at your own risk'));
    k.printk(
      printk.ext4(
        fs.dev,
        k.has('ext4-mount-msg-quota')
          ? `mounted filesystem${uuid ? ' <uuid> r/w' : ''} with ordered data mode. Quota mode: none.`
          : 'mounted filesystem with ordered data mode. Opts: dax',
      ),
    );
  }
}

/** The live tasks with a mapping of a file on `fs` (each mmap holds the mount busy). */
export function mountUsers(k: Kernel, fs: Filesystem): number[] {
  const pids: number[] = [];
  for (const t of k.tasks) {
    if (t.exited || !t.mm) continue;
    const uses = t.mm.vmas.some((v) => {
      const host = k.mapping(v.mappingId).host;
      return host.kind === 'file' && host.dev === fs.dev;
    });
    if (uses) pids.push(t.pid);
  }
  return pids;
}

/** generic_shutdown_super(): every in-core inode's DAX entries dropped, the put_super line, the holder cleared. */
export function shutdownSuper(k: Kernel, fs: Filesystem, ns: Namespace): { entries: number; inodes: number } {
  let entries = 0;
  let inodes = 0;
  for (const inode of fs.inodes.values()) {
    const mapping = k.mapping(inode.mappingId);
    const list = [...xa_for_each(mapping.i_pages)];
    for (const { entry } of list) dax_disassociate_entry(k, ns, entry);
    entries += list.length;
    if (list.length) k.j.set(mapping.id, mapping, 'i_pages', createXarray());
    if (inode.incore) {
      k.j.set(mapping.id, inode, 'incore', false);
      inodes++;
    }
  }
  const uuid = k.has('mount-msg-uuid');
  if (fs.type === 'xfs') k.printk(printk.xfs(fs.dev, `Unmounting Filesystem${uuid ? ' <uuid>' : ''}`));
  else k.printk(printk.ext4(fs.dev, `unmounting filesystem${uuid ? ' <uuid>' : ''}.`));
  if (ns.dax_dev.holder_data === fs.dev) {
    k.setDax(ns, 'holder_ops', null);
    k.setDax(ns, 'holder_data', null);
  }
  k.j.set(fsId(fs.dev), fs, 'unmounted', true);
  return { entries, inodes };
}

/** path_mount() of the filesystem again: a fresh superblock (not shut down), the mount lines, the holder. */
export function mountAgain(k: Kernel, fs: Filesystem, ns: Namespace): boolean {
  const wasShutdown = fs.shutdown;
  printMount(k, fs);
  k.setFs(fs, 'shutdown', false);
  if (fs.type === 'xfs') {
    k.setDax(ns, 'holder_ops', 'xfs_dax_holder_operations');
    k.setDax(ns, 'holder_data', fs.dev);
  }
  k.j.set(fsId(fs.dev), fs, 'unmounted', false);
  return wasShutdown;
}

type Ev<K extends KernelEvent['kind']> = Extract<KernelEvent, { kind: K }>;

const fsAndNs = (k: Kernel, dev: string): { fs: Filesystem; ns: Namespace } => {
  const fs = k.filesystems.get(dev);
  if (!fs) throw new Error(`no filesystem on ${dev}`);
  return { fs, ns: k.namespace(dev) };
};

/** path_umount(): busy while a process maps one of its files; else on to generic_shutdown_super(). */
export const path_umount: KernelOp = (k, f) => {
  const { fs } = fsAndNs(k, (f.event as Ev<'umount'>).dev);
  f.current = null;
  if (fs.unmounted) {
    f.topReturn = -EINVAL;
    return { branch: 'return', summary: `${fs.mount} is not mounted: -EINVAL`, touched: [fsId(fs.dev)] };
  }
  const users = mountUsers(k, fs);
  if (users.length) {
    f.topReturn = -EBUSY;
    return {
      branch: 'return',
      summary: `${fs.mount} is busy: ${users.map((p) => `${k.task(p).comm}:${p}`).join(', ')} map(s) files on it: -EBUSY`,
      touched: [fsId(fs.dev), ...users.map((p) => `task:${p}`)],
    };
  }
  // files a scenario entry holds `open`: a struct file of a task outside the scenario keeps the mount busy too
  let heldOpen = 0;
  for (const inode of fs.inodes.values()) if (inode.openOutside) heldOpen++;
  if (heldOpen) {
    f.topReturn = -EBUSY;
    return {
      branch: 'return',
      summary: `${fs.mount} is busy: ${heldOpen} file(s) on it held open by a task outside the scenario: -EBUSY`,
      touched: [fsId(fs.dev)],
    };
  }
  f.topReturn = 0;
  return { branch: 'shutdown', summary: `${fs.mount}: no open files; the superblock goes`, touched: [fsId(fs.dev)] };
};

export const generic_shutdown_super: KernelOp = (k, f) => {
  const { fs, ns } = fsAndNs(k, (f.event as Ev<'umount'>).dev);
  const wasShutdown = fs.shutdown;
  const r = shutdownSuper(k, fs, ns);
  return {
    branch: 'return',
    summary: `evict_inodes(): ${r.inodes} inode(s) evicted, ${r.entries} DAX entr${r.entries === 1 ? 'y' : 'ies'} deleted (dax_delete_mapping_entry → dax_disassociate_entry(trunc)); ${fs.type === 'xfs' ? 'xfs_fs_put_super(); fs_put_dax(): the dax holder is cleared' : 'ext4_put_super()'}${wasShutdown ? ' (a shut-down filesystem: its other unmount lines are not modelled, UNVERIFIED)' : ''}`,
    touched: [fsId(fs.dev), nsId(ns.name)],
  };
};

/** path_mount() of the filesystem again. */
export const path_mount: KernelOp = (k, f) => {
  const { fs, ns } = fsAndNs(k, (f.event as Ev<'mount'>).dev);
  f.current = null;
  if (!fs.unmounted) {
    f.topReturn = -EBUSY;
    return { branch: 'return', summary: `${fs.dev} is already mounted: -EBUSY`, touched: [fsId(fs.dev)] };
  }
  const wasShutdown = mountAgain(k, fs, ns);
  f.topReturn = 0;
  return {
    branch: 'return',
    summary: `${fs.dev} mounted on ${fs.mount}: a new superblock${fs.type === 'xfs' ? ', dax holder xfs_dax_holder_operations' : ''}${wasShutdown ? '; it had been shut down: the log replay lines are not modelled (UNVERIFIED)' : ''}; inodes come in core as files are opened`,
    touched: [fsId(fs.dev), nsId(ns.name)],
  };
};
