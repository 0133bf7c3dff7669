/**
 * Consistency of the simulated kernel, checked after every step in tests: what a kernel engineer would
 * assert with drgn on a live system. Each violation is a sentence naming the objects involved.
 */

import { cloneExtents } from './fs/clones';
import {
  dax_entry_order,
  dax_folio_is_shared,
  dax_is_empty_entry,
  dax_is_zero_entry,
  dax_to_pfn,
  PAGE_MAPPING_DAX_COW,
  PAGE_MAPPING_DAX_SHARED,
} from './fs/dax';
import { extentAt } from './fs/vfs';
import { XFS_RMAP_NON_INODE_OWNER, XFS_RMAP_UNWRITTEN } from './fs/xfs/xfs_format';
import { blockToPfn, firstDataPfn, type Kernel } from './kernel';
import { xa_for_each, xa_load, xaCheck } from './lib/xarray';
import { linear_page_index } from './mm/dax_fault';
import { PG_hwpoison } from './mm/page';
import { hex, PAGE_SIZE } from './units';

export function checkInvariants(k: Kernel): string[] {
  const out: string[] = [];
  checkPageCaches(k, out);
  checkPageTables(k, out);
  checkLeafIndex(k, out);
  checkRmap(k, out);
  checkPages(k, out);
  if (k.counters.num_poisoned_pages < 0) out.push('num_poisoned_pages is negative');
  return out;
}

/** xarrays well formed; every DAX entry's pages name their owner (mapping/index, or the shared count). */
function checkPageCaches(k: Kernel, out: string[]): void {
  const sharers = new Map<number, number>();
  for (const m of k.mappings.values()) {
    for (const v of xaCheck(m.i_pages)) out.push(`${m.id} i_pages: ${v}`);
    if (m.host.kind !== 'file') continue;
    for (const { index, entry } of xa_for_each(m.i_pages)) {
      if (dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) continue;
      const pfn0 = dax_to_pfn(entry);
      const ns = k.namespaceOfPfn(pfn0);
      if (!ns) {
        out.push(`${m.id}[${index}]: entry points at pfn ${hex(pfn0)} outside every namespace`);
        continue;
      }
      if (k.has('dax-shared-mapping-null')) {
        // v6.15: one folio per entry; its head names the owner, or counts the sharers (mapping NULL)
        const head = ns.pages.compound_head(pfn0);
        const f = ns.pages.page(head);
        if (dax_folio_is_shared(ns, head)) sharers.set(head, (sharers.get(head) ?? 0) + 1);
        else if (
          !f.mapping ||
          f.mapping === PAGE_MAPPING_DAX_SHARED ||
          f.mapping === PAGE_MAPPING_DAX_COW ||
          f.mapping.id !== m.id ||
          f.index !== index
        )
          out.push(
            `${m.id}[${index}] maps folio ${hex(head)} whose mapping/index say ${f.mapping ? String((f.mapping as { id?: string }).id ?? f.mapping) : 'NULL'}/${f.index}`,
          );
        if (head !== pfn0 || ns.pages.folio_nr_pages(head) !== 2 ** dax_entry_order(entry))
          out.push(
            `${m.id}[${index}]: entry of order ${dax_entry_order(entry)} maps a folio of ${ns.pages.folio_nr_pages(head)} pages at ${hex(head)}`,
          );
        continue;
      }
      const n = 2 ** dax_entry_order(entry);
      for (let i = 0; i < n; i++) {
        const page = ns.pages.page(pfn0 + i);
        if (page.mapping === PAGE_MAPPING_DAX_SHARED || page.mapping === PAGE_MAPPING_DAX_COW)
          sharers.set(pfn0 + i, (sharers.get(pfn0 + i) ?? 0) + 1);
        else if (!page.mapping || page.mapping.id !== m.id || page.index !== index + i)
          out.push(
            `${m.id}[${index + i}] maps pfn ${hex(pfn0 + i)} whose page->mapping/index say ${page.mapping ? (page.mapping as { id: string }).id : 'NULL'}/${page.index}`,
          );
      }
    }
  }
  for (const [pfn, count] of sharers) {
    const ns = k.namespaceOfPfn(pfn);
    const share = ns?.pages.page(pfn).share ?? 0;
    // v6.15: dax_folio_put() leaves an order-0 folio's ->index when its single owner goes, and the next
    // shared association counts on from it, so ->share may exceed the entries (never fall below them)
    const bad = k.has('dax-shared-mapping-null') ? share < count : share !== count;
    if (bad) out.push(`pfn ${hex(pfn)}: page->share is ${share} but ${count} page-cache entries map it`);
  }
}

/** Every present leaf belongs to a live VMA and maps what that VMA's file or device holds there. */
function checkPageTables(k: Kernel, out: string[]): void {
  for (const task of k.tasks) {
    const mm = task.mm;
    if (!mm) continue;
    for (const level of ['pte', 'pmd', 'pud'] as const) {
      for (const e of mm[level].values()) {
        const vma = mm.vmas.find((v) => v.id === e.vmaId);
        const where = `${task.comm}:${task.pid} ${level} at ${hex(e.addr)}`;
        if (!vma) {
          out.push(`${where}: no VMA ${e.vmaId}`);
          continue;
        }
        if (e.addr < vma.vm_start || e.addr >= vma.vm_end) out.push(`${where}: outside its VMA`);
        const mapping = k.mapping(vma.mappingId);
        if (!mapping.i_mmap.includes(vma)) out.push(`${where}: its VMA is not in ${mapping.id}'s i_mmap`);
        const pgoff = linear_page_index(vma, e.addr);
        if (mapping.host.kind === 'cdev') {
          const ns = k.namespace(mapping.host.name);
          if (e.pfn !== firstDataPfn(ns) + pgoff)
            out.push(`${where}: maps pfn ${hex(e.pfn)}, device page ${pgoff} is ${hex(firstDataPfn(ns) + pgoff)}`);
          continue;
        }
        const inode = k.inodeOfMapping(mapping);
        const ns = k.namespaces.find((n) => n.fs === (mapping.host as { dev: string }).dev);
        const ext = inode ? extentAt(inode, pgoff) : null;
        if (!inode || !ns || !ext) {
          out.push(`${where}: file page ${pgoff} has no block`);
          continue;
        }
        const pfn = blockToPfn(ns, ext.block + pgoff - ext.fileoff);
        if (pfn !== e.pfn) out.push(`${where}: maps pfn ${hex(e.pfn)} but file page ${pgoff} is at ${hex(pfn)}`);
        if (xa_load(mapping.i_pages, pgoff) === null)
          out.push(`${where}: mapped, but ${mapping.id} has no DAX entry at ${pgoff}`);
      }
    }
  }
}

/** The rmapbt lines alone (the rmapbt follows every block change: issue 8). */
export function checkRmapInvariants(k: Kernel): string[] {
  const out: string[] = [];
  checkRmap(k, out);
  return out;
}

/** XFS: every extent of every inode in memory has its rmap record, and every inode record its extent. */
function checkRmap(k: Kernel, out: string[]): void {
  for (const fs of k.filesystems.values()) {
    const xfs = fs.xfs;
    if (!xfs?.rmapbt) continue;
    const g = xfs.geometry;
    for (const inode of fs.inodes.values()) {
      for (const e of inode.extents) {
        let block = e.block;
        let off = e.fileoff;
        let left = e.len;
        while (left > 0) {
          const agno = Math.floor(block / g.agblocks);
          const agbno = block % g.agblocks;
          const n = Math.min(left, g.agblocks - agbno);
          const hit = Array.from(xfs.rmap[agno].queryRange(agbno, agbno)).some((r) => {
            const rec = xfs.rmap[agno].record(r);
            return (
              rec.rm_owner === inode.ino &&
              rec.rm_startblock === agbno &&
              rec.rm_blockcount === n &&
              rec.rm_offset === off &&
              ((rec.rm_flags & XFS_RMAP_UNWRITTEN) !== 0) === (e.unwritten === true)
            );
          });
          if (!hit)
            out.push(`inode ${inode.ino} extent at block ${block} (${n} blocks) has no rmap record in AG ${agno}`);
          block += n;
          off += n;
          left -= n;
        }
      }
    }
    for (const [agno, bt] of xfs.rmap.entries()) {
      // bounded: a million-record AG is checked on a stride
      const stride = Math.max(1, Math.floor(bt.nr / 4096));
      for (let r = 0; r < bt.nr; r += stride) {
        const rec = bt.record(r);
        if (XFS_RMAP_NON_INODE_OWNER(rec.rm_owner)) continue;
        const inode = fs.inodes.get(rec.rm_owner);
        const clone = fs.cloneSets.find((s) => rec.rm_owner >= s.firstIno && rec.rm_owner < s.firstIno + s.count);
        const source = clone ? fs.inodes.get(clone.sourceIno) : undefined;
        const src = inode ?? (clone && source ? { extents: cloneExtents(clone, source) } : undefined);
        if (!src) {
          out.push(`rmap AG ${agno} record ${r}: owner ${rec.rm_owner} is no inode`);
          continue;
        }
        const ext = extentAt(src, rec.rm_offset);
        const block = agno * g.agblocks + rec.rm_startblock;
        if (!ext || ext.block + (rec.rm_offset - ext.fileoff) !== block)
          out.push(
            `rmap AG ${agno} record ${r}: inode ${rec.rm_owner} offset ${rec.rm_offset} is not at block ${block}`,
          );
      }
    }
  }
}

/** struct pages: vmemmap aliasing consistent, PG_hwpoison only where SetPageHWPoison() put it. */
function checkPages(k: Kernel, out: string[]): void {
  const marked = new Set(k.hwpoisonLog);
  for (const ns of k.namespaces) {
    for (const v of ns.pages.checkInvariants()) out.push(`${ns.name}: ${v}`);
    for (const pfn of ns.pages.touchedPfns()) {
      const page = ns.pages.page(pfn);
      if (page.flags & (1 << PG_hwpoison) && !marked.has(pfn) && !marked.has(page.aliasOf ?? -1))
        out.push(`${ns.name}: pfn ${hex(pfn)} has PG_hwpoison that no SetPageHWPoison() set`);
      if (page._refcount < 0) out.push(`${ns.name}: pfn ${hex(pfn)} has a negative refcount`);
    }
  }
}

export { PAGE_SIZE };

/** Kernel.leaves (the reverse of the page tables that unmap_mapping_range looks up) holds exactly every leaf. */
function checkLeafIndex(k: Kernel, out: string[]): void {
  let live = 0;
  for (const task of k.tasks) {
    const mm = task.mm;
    if (!mm) continue;
    for (const level of ['pte', 'pmd', 'pud'] as const)
      for (const e of mm[level].values()) {
        live++;
        const vma = k.vmaById.get(e.vmaId);
        if (!vma) continue;
        const pgoff = vma.vm_pgoff + (e.addr - vma.vm_start) / PAGE_SIZE;
        if (!k.leaves.get(vma.mappingId)?.get(pgoff)?.has(e))
          out.push(
            `leaf index: ${task.pid}'s ${level} at ${hex(e.addr)} is not indexed at ${vma.mappingId} page ${pgoff}`,
          );
      }
  }
  let indexed = 0;
  for (const byPgoff of k.leaves.values()) for (const set of byPgoff.values()) indexed += set.size;
  if (indexed !== live) out.push(`leaf index: ${indexed} leaves indexed, ${live} in the page tables`);
}
