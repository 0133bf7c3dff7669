/**
 * Removing the user mappings of a file range.
 * Models: mm/memory.c unmap_mapping_range() / unmap_mapping_pages() → zap_page_range_single() for every
 * VMA of mapping->i_mmap that overlaps the range. A DAX PMD or PUD leaf that the range only partly covers
 * is removed whole (__split_huge_pmd() of a file-backed DAX PMD just clears it).
 */

import type { AddressSpace } from '../fs/vfs';
import { vma_interval_tree_foreach } from '../fs/vfs';
import type { Kernel } from '../kernel';
import type { PtEntry } from '../sched';
import { PAGE_SIZE, PMD_SIZE, PUD_SIZE } from '../units';

const LEVEL_SIZE = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: PUD_SIZE } as const;
export const ptSize = (e: PtEntry): number => LEVEL_SIZE[e.level];

/** unmap_mapping_range(mapping, holebegin, holelen, even_cows = 0); returns the leaves removed. */
export function unmap_mapping_range(k: Kernel, mapping: AddressSpace, holebegin: number, holelen: number): PtEntry[] {
  const first = Math.floor(holebegin / PAGE_SIZE);
  const last = Math.floor((holebegin + holelen - 1) / PAGE_SIZE);
  const removed: PtEntry[] = [];
  for (const vma of [...vma_interval_tree_foreach(mapping, first, last)]) {
    const task = k.byPid.get(vma.pid);
    const mm = task?.mm;
    if (!task || !mm) continue;
    const from = vma.vm_start + Math.max(0, first - vma.vm_pgoff) * PAGE_SIZE;
    const to = Math.min(vma.vm_end, vma.vm_start + (last + 1 - vma.vm_pgoff) * PAGE_SIZE);
    for (const level of ['pud', 'pmd', 'pte'] as const) {
      for (const e of [...mm[level].values()]) {
        if (e.vmaId !== vma.id) continue;
        if (e.addr < to && e.addr + LEVEL_SIZE[level] > from) {
          k.removePt(task, e);
          k.logUnmap({ pid: task.pid, start: e.addr, end: e.addr + LEVEL_SIZE[level] });
          removed.push(e);
        }
      }
    }
  }
  return removed;
}
