/**
 * "[PATCH v4 04/10] mm, fsdax: Refactor memory-failure handler for dax mapping" (Shiyang Ruan, 2021-06-04):
 * the filesystem kills by (mapping, index). mf_dax_kill_procs() reads the pfn with dax_load_pfn(), which
 * takes xa_lock for one xas_load() and drops it: no DAX entry lock is held while the tasks are collected,
 * unmapped and signalled. Then collect_procs_file(pfn_to_page(pfn), mapping, index) with add_to_kill() by
 * pgoff, and unmap_and_kill() (6.12's op: the same code moved). Read in seed 000 (the posting's hunks as
 * Dan Williams quoted them); add_to_kill()'s -EFAULT and size_shift checks are v5.13's, the posting's base.
 * Not modelled: where v4 sets PG_hwpoison on this path (patch 05/10, not read): this path sets none.
 */
import { dax_to_pfn, daxEntryPages } from '../../fs/dax';
import { type AddressSpace, vma_interval_tree_foreach } from '../../fs/vfs';
import { indexId, pfnId, taskId } from '../../ids';
import type { Kernel } from '../../kernel';
import { xa_load } from '../../lib/xarray';
import { printk } from '../../printk';
import type { Task, Vma } from '../../sched';
import type { KernelOp } from '../../step';
import { hex, PAGE_SHIFT, PAGE_SIZE } from '../../units';
import { dev_pagemap_mapping_shift, task_early_kill } from '../memory-failure';

const EFAULT = -14;

/** dax_load_pfn(mapping, index): xas_lock_irq(); entry = xas_load(); pfn = dax_to_pfn(entry); xas_unlock_irq(). */
export const dax_load_pfn: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  const entry = xa_load(mapping.i_pages, f.index);
  // dax_to_pfn(NULL) is 0: nothing checks that the entry is still there
  f.page = entry === null ? 0 : dax_to_pfn(entry);
  // v4's mf_dax_kill_procs() has no failure return: it returns 0 whatever it found
  f.rc = 0;
  // the read went wrong when there is no entry, or (a failure of one pfn) the entry no longer maps it
  const covers = entry !== null && f.pfn >= f.page && f.pfn < f.page + daxEntryPages(entry);
  const wrong = entry === null || (f.pfn >= 0 && !covers);
  const why =
    entry === null
      ? `there is no entry at index ${f.index} (removed since XFS found this owner, or never faulted)`
      : `the entry at index ${f.index} now maps pfn ${hex(f.page)}`;
  return {
    branch: 'next',
    summary: `xas_load(i_pages, ${f.index}) under xa_lock = ${entry === null ? 'NULL' : hex(entry)} → pfn ${hex(f.page)}; xa_lock dropped, the entry is not locked`,
    detail: { index: f.index, pfn: hex(f.page) },
    touched: [mapping.id, indexId(mapping.id, f.index), pfnId(f.page)],
    ...(wrong
      ? {
          flaw: `${why}, and nothing checks or holds it: v4 goes on with pfn ${hex(f.page)}${f.pfn >= 0 ? `, not the failed ${hex(f.pfn)}` : ''}, so the kill below is aimed at the wrong page (Dan Williams: "This looks racy, what happened to the locking afforded by dax_lock_page()?")`,
        }
      : {}),
  };
};

/** page_address_in_vma() for a page that is not this file's: -EFAULT (page->mapping is not vma's file). */
function pageAddressInVma(k: Kernel, pfn: number, vma: Vma, mapping: AddressSpace): number {
  const ns = k.namespaceOfPfn(pfn);
  const owner = ns ? ns.pages.page(pfn).mapping : null;
  const mine = owner !== null && typeof owner === 'object' && 'id' in owner && owner.id === mapping.id;
  if (!mine) return EFAULT;
  return vma.vm_start + (ns ? ns.pages.page(pfn).index - vma.vm_pgoff : 0) * PAGE_SIZE;
}

/**
 * collect_procs_file(page, mapping, pgoff, to_kill, force_early) → add_to_kill(t, page, pgoff, vma):
 * a ZONE_DEVICE fsdax page takes its address from pgoff and its size from the page tables (size_shift 0:
 * nothing mapped there, dropped); any other page (pfn 0 after a lost entry is ordinary RAM) takes
 * page_address_in_vma(), which is -EFAULT: "Unable to find user space address", and the entry is kept,
 * so kill_procs() with MF_MUST_KILL sends SIGKILL.
 */
export const collect_procs_file_v4: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  const pfn = f.page as number;
  const zoneDevice = k.namespaceOfPfn(pfn) !== null;
  const vmas = [...vma_interval_tree_foreach(mapping, f.index)];
  const byTask = new Map<number, Vma[]>();
  for (const v of vmas) byTask.set(v.pid, [...(byTask.get(v.pid) ?? []), v]);
  const order = [...byTask.keys()].sort((a, b) => k.taskIndex(a) - k.taskIndex(b));
  const notes: string[] = [];
  f.to_kill = [];
  for (const pid of order) {
    const tsk = k.task(pid);
    const t: Task | null = task_early_kill(k, tsk, f.current, true);
    if (!t) {
      notes.push(`${tsk.comm}:${pid} not collected (task_early_kill() NULL)`);
      continue;
    }
    for (const vma of byTask.get(pid) ?? []) {
      let addr: number;
      let size_shift: number;
      if (zoneDevice) {
        addr = vma.vm_start + (f.index - vma.vm_pgoff) * PAGE_SIZE;
        size_shift = dev_pagemap_mapping_shift(k, tsk, addr);
      } else {
        addr = pageAddressInVma(k, pfn, vma, mapping);
        size_shift = PAGE_SHIFT;
      }
      if (addr === EFAULT) k.printk(printk.unableToFindAddress(pfn, tsk.comm));
      else if (size_shift === 0) {
        notes.push(`${tsk.comm}:${pid} nothing mapped at ${hex(addr)}: dropped`);
        continue;
      }
      f.to_kill.push({ tsk: t, addr, size_shift, vmaId: vma.id });
      notes.push(
        `${tsk.comm}:${pid} collected: addr ${addr === EFAULT ? '-EFAULT' : hex(addr)}, size_shift ${size_shift}`,
      );
    }
  }
  return {
    branch: 'next',
    summary: `pgoff ${f.index}, page of pfn ${hex(pfn)} (${zoneDevice ? 'ZONE_DEVICE' : 'not ZONE_DEVICE'}): ${vmas.length} VMA(s) in i_mmap; ${notes.join('; ') || 'nobody maps it'}`,
    touched: [mapping.id, indexId(mapping.id, f.index), ...vmas.map((v) => v.id), ...order.map(taskId)],
  };
};
