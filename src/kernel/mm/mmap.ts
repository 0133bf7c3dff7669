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

/**
 * Create a shared mapping of `length` bytes of `mappingId` from file offset `offset`.
 * `align` is what the get_unmapped_area hook aligns to; `addr` pins the address (MAP_FIXED).
 */
export function do_mmap(
  k: Kernel,
  task: Task,
  opts: { mappingId: string; name: string; offset: number; length: number; align: number; addr?: number },
): Vma {
  const mm = task.mm;
  if (!mm) throw new Error(`${task.comm}:${task.pid} has no mm`);
  let start = opts.addr;
  if (start === undefined) {
    start = ALIGN_DOWN(mm.mmap_next - opts.length, Math.max(PAGE_SIZE, opts.align));
    mm.mmap_next = start - PMD_SIZE; // leave a gap so neighbouring mappings are easy to tell apart
  }
  const vma: Vma = {
    id: vmaId(task.pid, start),
    pid: task.pid,
    vm_start: start,
    vm_end: start + opts.length,
    vm_pgoff: opts.offset / PAGE_SIZE,
    mappingId: opts.mappingId,
    name: opts.name,
    seq: vmaSeq++,
  };
  const mapping = k.mapping(opts.mappingId);
  k.vmaById.set(vma.id, vma);
  // in place, as deltas: copying the lists per mmap made n mappers of one file cost n²
  k.j.push(vma.id, 'vmas', mm.vmas, vma);
  k.j.insertAt(mapping.id, 'i_mmap', mapping.i_mmap, i_mmap_insert_index(mapping.i_mmap, vma), vma);
  return vma;
}

/** The unmapped-area alignment a DAX mapping of `length` bytes at file `offset` gets. */
export function thpAlignment(offset: number, length: number): number {
  return length >= PMD_SIZE && offset % PMD_SIZE === 0 ? PMD_SIZE : PAGE_SIZE;
}

export function find_vma(task: Task, addr: number): Vma | null {
  return task.mm?.vmas.find((v) => addr >= v.vm_start && addr < v.vm_end) ?? null;
}

/** exit_mm(): the process's page tables and VMAs go away (a SIGKILLed process). */
export function exit_mm(k: Kernel, task: Task): void {
  const mm = task.mm;
  if (!mm) return;
  const size = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: 2 ** 30 } as const;
  for (const level of ['pte', 'pmd', 'pud'] as const) {
    for (const e of [...mm[level].values()]) {
      k.removePt(task, e);
      k.logUnmap({
        pid: task.pid,
        start: e.addr,
        end: e.addr + size[level],
        cause: `exit_mm(): ${task.comm}:${task.pid} was killed`,
      });
    }
  }
  for (const vma of mm.vmas) {
    const mapping = k.mapping(vma.mappingId);
    const at = mapping.i_mmap.indexOf(vma);
    if (at >= 0) k.j.removeAt(mapping.id, 'i_mmap', mapping.i_mmap, at);
  }
  k.setTask(task, 'mm', null);
  k.setTask(task, 'exited', true);
}
