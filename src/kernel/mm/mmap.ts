/**
 * mmap(2) of a DAX file or a device-dax character device, and process exit.
 * Models: mm/mmap.c do_mmap() with the get_unmapped_area hooks DAX uses: thp_get_unmapped_area()
 * (mm/huge_memory.c, ext4 and XFS DAX files: 2 MiB-aligned when the length allows) and
 * dax_get_unmapped_area() (drivers/dax/device.c: aligned to the device's align); mm/interval_tree.c
 * (i_mmap insertion); kernel/exit.c exit_mm() (a killed process loses every mapping).
 * Simplified: a top-down allocator per process from a fixed mmap_base (no ASLR), one mapping per call.
 */

import { i_mmap_insert_index } from '../fs/vfs';
import { vmaId } from '../ids';
import type { Kernel } from '../kernel';
import type { Task, Vma } from '../sched';
import { ALIGN_DOWN, PAGE_SIZE, PMD_SIZE } from '../units';

/** mm->mmap_base of the n-th process created (distinct per process so addresses tell processes apart) */
export const mmapBaseFor = (n: number): number => 0x7f0000000000 + n * 0x100000000;

let vmaSeq = 0;

export interface MmapRequest {
  mappingId: string;
  name: string;
  offset: number;
  length: number;
  align: number;
  addr?: number;
}

/**
 * get_unmapped_area() and the VMA do_mmap() would make, without inserting it: where `req` lands in an mm
 * whose next top-down address is `mm.mmap_next` (advanced here). A process spawned by a later event has its
 * layout decided when the scenario is built, so events can name its addresses.
 */
export function placeMmap(pid: number, mm: { mmap_next: number }, req: MmapRequest): Vma {
  let start = req.addr;
  if (start === undefined) {
    start = ALIGN_DOWN(mm.mmap_next - req.length, Math.max(PAGE_SIZE, req.align));
    mm.mmap_next = start - PMD_SIZE; // leave a gap so neighbouring mappings are easy to tell apart
  }
  return {
    id: vmaId(pid, start),
    pid,
    vm_start: start,
    vm_end: start + req.length,
    vm_pgoff: req.offset / PAGE_SIZE,
    mappingId: req.mappingId,
    name: req.name,
    seq: vmaSeq++,
  };
}

/** mmap_region(): link a placed VMA into its mm and its file's i_mmap (through the journal). */
export function mmap_region(k: Kernel, task: Task, vma: Vma): Vma {
  const mm = task.mm;
  if (!mm) throw new Error(`${task.comm}:${task.pid} has no mm`);
  const mapping = k.mapping(vma.mappingId);
  k.vmaById.set(vma.id, vma);
  // in place, as deltas: copying the lists per mmap made n mappers of one file cost n². Perf: an mm's first VMA
  // while nothing is journaled (the setup) makes a list of one; a push gives an empty list 16 slots (10^5 mms)
  if (!k.j.enabled && mm.vmas.length === 0) mm.vmas = [vma];
  else k.j.push(vma.id, 'vmas', mm.vmas, vma);
  k.j.insertAt(mapping.id, 'i_mmap', mapping.i_mmap, i_mmap_insert_index(mapping.i_mmap, vma), vma);
  return vma;
}

/**
 * Create a shared mapping of `length` bytes of `mappingId` from file offset `offset`.
 * `align` is what the get_unmapped_area hook aligns to; `addr` pins the address (MAP_FIXED).
 */
export function do_mmap(k: Kernel, task: Task, opts: MmapRequest): Vma {
  const mm = task.mm;
  if (!mm) throw new Error(`${task.comm}:${task.pid} has no mm`);
  return mmap_region(k, task, placeMmap(task.pid, mm, opts));
}

/** The unmapped-area alignment a DAX mapping of `length` bytes at file `offset` gets. */
export function thpAlignment(offset: number, length: number): number {
  return length >= PMD_SIZE && offset % PMD_SIZE === 0 ? PMD_SIZE : PAGE_SIZE;
}

export function find_vma(task: Task, addr: number): Vma | null {
  return task.mm?.vmas.find((v) => addr >= v.vm_start && addr < v.vm_end) ?? null;
}

/**
 * exit_mm() → mmput() → exit_mmap(): the process's page tables and VMAs go away (a SIGKILLed or exiting
 * process). unmap_vmas() clears each DAX leaf; a DAX PTE is a devmap (special) entry of a VM_MIXEDMAP VMA, so
 * vm_normal_page() returns NULL for it (6.12.117 mm/memory.c:599-617) and zapping it changes no struct page
 * (_refcount, mapcount), no RSS counter and no DAX entry: the file's i_pages and page->mapping stay as they
 * were. free_pgtables() → unlink_file_vma() takes the VMAs out of each file's i_mmap. Returns the leaves removed.
 */
export function exit_mm(k: Kernel, task: Task, why = 'was killed'): number {
  const mm = task.mm;
  if (!mm) return 0;
  let removed = 0;
  const size = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: 2 ** 30 } as const;
  for (const level of ['pte', 'pmd', 'pud'] as const) {
    for (const e of [...mm[level].values()]) {
      k.removePt(task, e);
      k.logUnmap({
        pid: task.pid,
        start: e.addr,
        end: e.addr + size[level],
        cause: `exit_mm(): ${task.comm}:${task.pid} ${why}`,
      });
      removed++;
    }
  }
  for (const vma of mm.vmas) {
    const mapping = k.mapping(vma.mappingId);
    const at = mapping.i_mmap.indexOf(vma);
    if (at >= 0) k.j.removeAt(mapping.id, 'i_mmap', mapping.i_mmap, at);
  }
  k.setTask(task, 'mm', null);
  k.setTask(task, 'exited', true);
  return removed;
}
