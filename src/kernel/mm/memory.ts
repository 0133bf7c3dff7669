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

/** unmap_mapping_range(mapping, holebegin, holelen, even_cows = 0); returns the leaves removed. `cause` says who asked. */
export function unmap_mapping_range(
  k: Kernel,
  mapping: AddressSpace,
  holebegin: number,
  holelen: number,
  cause: string,
): PtEntry[] {
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
      const map = mm[level];
      if (map.size === 0) continue;
      const hits = probeLeaves(map, vma.id, from, to, LEVEL_SIZE[level]) ?? [...map.values()];
      for (const e of hits) {
        if (e.vmaId !== vma.id) continue;
        if (e.addr < to && e.addr + LEVEL_SIZE[level] > from) {
          k.removePt(task, e);
          k.logUnmap({ pid: task.pid, start: e.addr, end: e.addr + LEVEL_SIZE[level], cause });
          removed.push(e);
        }
      }
    }
  }
  return removed;
}

/**
 * Perf: the leaves of `vmaId` overlapping [from, to), found by looking up the level's aligned slots instead
 * of copying and scanning every leaf of the mm (a fault on a shared extent unmaps every other mapper, so a
 * file with n mappers cost n scans of whole page tables). Leaves are keyed by their level-aligned address
 * (Kernel.installPt), so the slots from alignDown(from) below `to` hold every candidate. Returns null —
 * scan instead — when there are more slots than leaves, or more than one hit: the scan's order (insertion
 * order of the map) then decides the order of removal, exactly as before.
 */
function probeLeaves(
  map: Map<number, PtEntry>,
  vmaId: string,
  from: number,
  to: number,
  size: number,
): PtEntry[] | null {
  const first = from - (from % size);
  if ((to - first) / size > map.size) return null;
  let hit: PtEntry | null = null;
  for (let a = first; a < to; a += size) {
    const e = map.get(a);
    if (!e || e.vmaId !== vmaId || !(e.addr < to && e.addr + size > from)) continue;
    if (hit) return null;
    hit = e;
  }
  return hit ? [hit] : [];
}
