/**
 * Files and their page caches: the parts of struct inode and struct address_space the DAX paths use.
 * Models: include/linux/fs.h (struct address_space: i_pages, i_mmap), fs/dax.c (the DAX entries kept in
 * i_pages), mm/interval_tree.c (the i_mmap interval tree, as a list kept in tree order).
 */
import type { Xarray } from './../lib/xarray';
import type { Vma } from '../sched';

/** One extent of a file: `len` blocks at file block `fileoff` live at linear device block `block`. */
export interface FileExtent {
  fileoff: number;
  block: number;
  len: number;
  /** XFS_EXT_UNWRITTEN: allocated by fallocate(2), not written yet (reads see zeroes) */
  unwritten?: boolean;
}

/** struct address_space (include/linux/fs.h), DAX flavour */
export interface AddressSpace {
  id: string;
  host: { kind: 'file'; dev: string; ino: number } | { kind: 'cdev'; name: string };
  /** mapping->i_pages: DAX entries for fsdax files; unused (empty) for a device-dax inode */
  i_pages: Xarray;
  /** mapping->i_mmap, in interval-tree order: by vm_pgoff, then by insertion */
  i_mmap: Vma[];
}

/** struct inode (include/linux/fs.h) with the extent map its filesystem keeps for it */
export interface Inode {
  ino: number;
  path: string;
  i_size: number;
  extents: FileExtent[];
  mappingId: string;
  /** in the inode cache: xfs_iget(XFS_IGET_INCORE) finds it */
  incore: boolean;
  /**
   * an fd on it held by a task outside the scenario (a file's `open`): the struct file's reference keeps
   * the inode from eviction and the mount busy; that task maps nothing, so no rmap walk ever signals it
   */
  openOutside?: true;
}

/** The extent covering file block `fileBlock`, if any (binary search; extents are sorted by fileoff). */
export function extentAt(inode: Pick<Inode, 'extents'>, fileBlock: number): FileExtent | null {
  const ex = inode.extents;
  let lo = 0;
  let hi = ex.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = ex[mid];
    if (fileBlock < e.fileoff) hi = mid - 1;
    else if (fileBlock >= e.fileoff + e.len) lo = mid + 1;
    else return e;
  }
  return null;
}

/**
 * vma_interval_tree_foreach(vma, &mapping->i_mmap, pgoff, pgoff): VMAs whose file range holds pgoff.
 * i_mmap is kept sorted by vm_pgoff, so the walk stops at the first VMA that starts past `last` (the
 * tree's start-key bound); the VMAs before it are checked for their end.
 */
export function* vma_interval_tree_foreach(mapping: AddressSpace, first: number, last = first): Generator<Vma> {
  for (const vma of mapping.i_mmap) {
    if (vma.vm_pgoff > last) return;
    const vmaLast = vma.vm_pgoff + (vma.vm_end - vma.vm_start) / 4096 - 1;
    if (vmaLast >= first) yield vma;
  }
}

/**
 * Where vma_interval_tree_insert() puts a VMA in i_mmap's tree order: after every VMA with a vm_pgoff not
 * greater than its own (ties stay in insertion order). Binary search: O(log n), then an in-place insert.
 */
export function i_mmap_insert_index(list: readonly Vma[], vma: Vma): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].vm_pgoff > vma.vm_pgoff) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
