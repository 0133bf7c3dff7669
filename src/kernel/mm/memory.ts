/**
 * Removing the user mappings of a file range.
 * Models: mm/memory.c unmap_mapping_range() / unmap_mapping_pages() → zap_page_range_single() for every
 * VMA of mapping->i_mmap that overlaps the range. A DAX PMD or PUD leaf that the range only partly covers
 * is removed whole (__split_huge_pmd() of a file-backed DAX PMD just clears it).
 */

import type { AddressSpace } from '../fs/vfs';
import type { Kernel } from '../kernel';
import type { PtEntry, Task, Vma } from '../sched';
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
  // Perf: only the VMAs with a leaf in the range, in i_mmap order (a VMA without one removes nothing). The
  // kernel walks every VMA of i_mmap here: a file with n mappers, each faulting a shared extent, cost n².
  for (const vma of vmasWithLeaves(k, mapping, first, last)) {
    const task = k.byPid.get(vma.pid);
    const mm = task?.mm;
    if (!task || !mm) continue;
    const from = vma.vm_start + Math.max(0, first - vma.vm_pgoff) * PAGE_SIZE;
    const to = Math.min(vma.vm_end, vma.vm_start + (last + 1 - vma.vm_pgoff) * PAGE_SIZE);
    for (const level of LEVELS) {
      const map = mm[level];
      if (map.size === 0) continue;
      const size = LEVEL_SIZE[level];
      const hit = probeLeaf(map, vma.id, from, to, size);
      // perf: the one leaf the slots hold, taken without an array or a closure for it (10^5 mappers, one leaf each)
      if (hit) zapLeaf(k, task, vma, hit, from, to, size, cause, removed);
      else if (hit === undefined)
        for (const e of [...map.values()]) zapLeaf(k, task, vma, e, from, to, size, cause, removed);
    }
  }
  return removed;
}

/** Remove leaf `e` of `vma` if it overlaps [from, to), logging the unmap and adding it to `removed`. */
function zapLeaf(
  k: Kernel,
  task: Task,
  vma: Vma,
  e: PtEntry,
  from: number,
  to: number,
  size: number,
  cause: string,
  removed: PtEntry[],
): void {
  if (e.vmaId !== vma.id || !(e.addr < to && e.addr + size > from)) return;
  k.removePt(task, e, vma);
  k.logUnmap({ pid: task.pid, start: e.addr, end: e.addr + size, cause });
  removed.push(e);
}

/**
 * Perf: the leaves of `vmaId` overlapping [from, to), found by looking up the level's aligned slots instead
 * of copying and scanning every leaf of the mm (a fault on a shared extent unmaps every other mapper, so a
 * file with n mappers cost n scans of whole page tables). Leaves are keyed by their level-aligned address
 * (Kernel.installPt), so the slots from alignDown(from) below `to` hold every candidate: the one leaf, or null
 * for none. Returns undefined — scan instead — when there are more slots than leaves, or more than one hit: the
 * scan's order (insertion order of the map) then decides the order of removal, exactly as before.
 */
function probeLeaf(
  map: Map<number, PtEntry>,
  vmaId: string,
  from: number,
  to: number,
  size: number,
): PtEntry | null | undefined {
  const first = from - (from % size);
  if ((to - first) / size > map.size) return undefined;
  let hit: PtEntry | null = null;
  for (let a = first; a < to; a += size) {
    const e = map.get(a);
    if (!e || e.vmaId !== vmaId || !(e.addr < to && e.addr + size > from)) continue;
    if (hit) return undefined;
    hit = e;
  }
  return hit;
}

const LEVELS = ['pud', 'pmd', 'pte'] as const;

/**
 * The VMAs of `mapping` that have a page-table leaf overlapping file pages [first, last], in i_mmap order
 * (by vm_pgoff, then insertion: the order vma_interval_tree_foreach visits them), from the kernel's leaf
 * index (Kernel.leaves) instead of a walk of every VMA. Leaves are indexed by the file page they start at, so
 * while a mapping has PMD or PUD leaves (which may start before `first`) every indexed page is checked.
 */
function vmasWithLeaves(k: Kernel, mapping: AddressSpace, first: number, last: number): Vma[] {
  const byPgoff = k.leaves.get(mapping.id);
  if (!byPgoff || byPgoff.size === 0) return [];
  if (first === last && !k.hugeLeaves.get(mapping.id)) {
    const set = byPgoff.get(first);
    const distinct = set ? distinctInImmapOrder(k, set) : [];
    if (distinct) return distinct;
  }
  const ids = new Set<string>();
  const take = (pgoff: number, set: Set<PtEntry>) => {
    for (const e of set) if (pgoff <= last && pgoff + ptSize(e) / PAGE_SIZE - 1 >= first) ids.add(e.vmaId);
  };
  // with only PTE leaves, a short range is looked up page by page; otherwise every indexed page is checked
  if (!k.hugeLeaves.get(mapping.id) && last - first + 1 <= byPgoff.size) {
    for (let p = first; p <= last; p++) {
      const set = byPgoff.get(p);
      if (set) take(p, set);
    }
  } else for (const [p, set] of byPgoff) take(p, set);
  const vmas: Vma[] = [];
  for (const id of ids) {
    const vma = k.vmaById.get(id);
    if (vma) vmas.push(vma);
  }
  // perf: leaves are indexed in fault order, usually i_mmap order already: no sort of 10^5 VMAs then
  return inImmapOrder(vmas) ? vmas : vmas.sort(byImmapOrder);
}

const byImmapOrder = (a: Vma, b: Vma): number => a.vm_pgoff - b.vm_pgoff || a.seq - b.seq;

/**
 * The VMAs of one page's PTE leaves, when they come strictly in i_mmap order (so no VMA twice, and no sort
 * needed); null otherwise. Perf: the page 10^5 processes map has 10^5 leaves, whose VMA ids went through a Set
 * of 10^5 strings to drop duplicates that strictly increasing order already rules out.
 */
function distinctInImmapOrder(k: Kernel, leaves: Set<PtEntry>): Vma[] | null {
  const vmas: Vma[] = [];
  let prev: Vma | null = null;
  for (const e of leaves) {
    const vma = k.vmaById.get(e.vmaId);
    if (!vma) continue;
    if (prev && byImmapOrder(prev, vma) >= 0) return null;
    vmas.push(vma);
    prev = vma;
  }
  return vmas;
}

function inImmapOrder(vmas: readonly Vma[]): boolean {
  for (let i = 1; i < vmas.length; i++) if (byImmapOrder(vmas[i - 1], vmas[i]) > 0) return false;
  return true;
}
