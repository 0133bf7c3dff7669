/**
 * Dan Williams's counter-proposal to v4 (seed 000, 2021-06-16): memory_failure() mostly untouched, an
 * early check through the pgmap op that short-circuits when the dax_dev holder handled the failure, the
 * page->mapping path kept for filesystems without a holder (6.12's memory_failure_dev_pagemap() has this
 * shape, so the model keeps it). The holder's own kill is only described: it would call the exported
 * collect_procs() and kill_procs() and "map pfns to files" itself. Modelled (UNVERIFIED: no patch exists)
 * as a collect by (mapping, index) of each owner XFS finds, then kill_procs(): no DAX entry lock and no
 * unmap_mapping_range(), which are not among the helpers the proposal would export.
 */
import type { Frame } from '../../frame';
import { vma_interval_tree_foreach } from '../../fs/vfs';
import { indexId, pfnId, taskId } from '../../ids';
import { blockToPfn, type Kernel } from '../../kernel';
import type { KernelOp } from '../../step';
import { hex, PAGE_SIZE } from '../../units';
import { dev_pagemap_mapping_shift, task_early_kill } from '../memory-failure';

/** The pfn of file page `index` of the rmap record being handled (4 KiB blocks). */
function holderPfn(k: Kernel, f: Frame, index: number): number {
  const n = f.notify;
  if (!n?.rec) return f.pfn;
  // rm_startblock is AG-relative
  const agblocks = k.filesystems.get(n.dev)?.xfs?.geometry.agblocks ?? 0;
  return blockToPfn(k.namespace(n.dev), n.agno * agblocks + n.rec.rm_startblock + (index - n.rec.rm_offset));
}

/** The filesystem's collect for one owner index (UNVERIFIED: the proposal names no function). */
export const collect_procs_file_fs: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  const index = f.index;
  // the holder maps the failed range to files itself: the page behind this index is the record's block
  // (rm_startblock + the index's distance from rm_offset), not one read from i_pages
  f.page = holderPfn(k, f, index);
  f.rc = 0;
  f.to_kill = [];
  const vmas = [...vma_interval_tree_foreach(mapping, index)];
  const notes: string[] = [];
  for (const vma of vmas) {
    const tsk = k.task(vma.pid);
    const t = task_early_kill(k, tsk, f.current, true);
    if (!t) {
      notes.push(`${tsk.comm}:${tsk.pid} not collected (task_early_kill() NULL)`);
      continue;
    }
    const addr = vma.vm_start + (index - vma.vm_pgoff) * PAGE_SIZE;
    const size_shift = dev_pagemap_mapping_shift(k, tsk, addr);
    if (!size_shift) {
      notes.push(`${tsk.comm}:${tsk.pid} nothing mapped at ${hex(addr)}: dropped`);
      continue;
    }
    f.to_kill.push({ tsk: t, addr, size_shift, vmaId: vma.id });
    notes.push(`${tsk.comm}:${tsk.pid} collected: addr ${hex(addr)}, size_shift ${size_shift}`);
  }
  const kept = f.to_kill.length;
  f.index++;
  return {
    branch: 'next',
    summary: `UNVERIFIED (the proposal's filesystem side was never written): collect by ${mapping.id} index ${index}, no entry lock; ${notes.join('; ') || 'nobody maps it'}`,
    touched: [
      mapping.id,
      indexId(mapping.id, index),
      pfnId(f.pfn),
      ...vmas.map((v) => v.id),
      ...vmas.map((v) => taskId(v.pid)),
    ],
    ...(kept
      ? {
          flaw: `only collect_procs() and kill_procs() are exported to the filesystem: ${kept} task(s) are signalled but nothing unmaps index ${index}, so their page-table entries to the poisoned page stay and a later access consumes the poison again instead of faulting`,
        }
      : {}),
  };
};
