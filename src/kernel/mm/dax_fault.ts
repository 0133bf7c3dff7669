/**
 * Page faults on DAX memory: what a process's first touch of a page does to the page tables, the file's
 * xarray and the struct pages, and how a fault over a media error ends.
 * Models (v6.12): fs/dax.c dax_iomap_pmd_fault() (dax_fault_check_fallback, grab_mapping_entry's
 * PTE-vs-PMD conflict, the iomap length and pfn alignment checks in dax_iomap_direct_access),
 * dax_iomap_pte_fault(), dax_fault_iter(), dax_insert_entry(); drivers/nvdimm/pmem.c
 * __pmem_direct_access() (bad blocks → -EHWPOISON → VM_FAULT_HWPOISON); drivers/dax/device.c
 * dev_dax_huge_fault(), __dev_dax_pte/pmd/pud_fault(), dax_set_mapping(); fs/xfs/xfs_iomap.c
 * xfs_read_iomap_begin() (IOMAP_F_SHARED for reflinked extents on DAX since v6.2; before, a read fault
 * of a shared block overwrote page->mapping under WARN_ON_ONCE); arch/x86/mm/fault.c do_sigbus().
 * Simplified: every access is a read (no CoW of shared extents); files have no holes.
 */
import type { Decision } from '../decision';
import {
  DAX_EMPTY,
  DAX_LOCKED,
  DAX_PMD,
  dax_associate_entry,
  dax_disassociate_entry,
  dax_is_empty_entry,
  dax_is_pmd_entry,
  dax_is_zero_entry,
  dax_make_entry,
  pageSet,
  updateIPages,
} from '../fs/dax';
import { blocksShared } from '../fs/fs';
import { type AddressSpace, extentAt } from '../fs/vfs';
import type { Kernel, Namespace } from '../kernel';
import { blockToPfn } from '../kernel';
import { xa_for_each_range, xa_load, xa_store_order } from '../lib/xarray';
import type { PtEntry, Task, Vma } from '../sched';
import { PAGE_SHIFT, PAGE_SIZE, PFN_PHYS, PG_PMD_NR, PMD_ORDER, PMD_SIZE, PUD_SIZE } from '../units';
import { unmap_mapping_range } from './memory';
import { find_vma } from './mmap';

export type VmFault = 'VM_FAULT_NOPAGE' | 'VM_FAULT_SIGBUS' | 'VM_FAULT_HWPOISON' | 'VM_FAULT_FALLBACK';

export interface FaultResult {
  ret: VmFault;
  /** the leaf installed, when the fault mapped something */
  entry: PtEntry | null;
  /** why it ended as it did, in kernel terms */
  why: string;
  decisions: Decision[];
  /** object ids the fault touched */
  touched: string[];
}

const FAULT = { fn: 'dax_iomap_pmd_fault', file: 'fs/dax.c' };

function decision(
  predicate: string,
  result: boolean,
  reads: [string, string][],
  fn = FAULT.fn,
  file = FAULT.file,
): Decision {
  return { predicate, result, reads: reads.map(([path, value]) => ({ path, value })), models: { fn, file } };
}

const hx = (n: number) => `0x${n.toString(16)}`;

/** linear_page_index(vma, address) */
export const linear_page_index = (vma: Vma, address: number): number =>
  vma.vm_pgoff + Math.floor((address - vma.vm_start) / PAGE_SIZE);

/**
 * handle_mm_fault() for a read of `addr` by `task`, on a DAX file or device-dax mapping. `explain: false`
 * (a scenario's setup, which keeps only the outcome) skips building the decisions: the same fault, without
 * the record of why.
 */
export function handle_mm_fault(k: Kernel, task: Task, addr: number, explain = true): FaultResult {
  const vma = find_vma(task, addr);
  if (!vma)
    return {
      ret: 'VM_FAULT_SIGBUS',
      entry: null,
      why: 'no VMA at the address (SIGSEGV in a real kernel)',
      decisions: [],
      touched: [],
    };
  const mapping = k.mapping(vma.mappingId);
  if (mapping.host.kind === 'cdev') return dev_dax_huge_fault(k, task, vma, mapping, addr);
  return dax_iomap_fault(k, task, vma, mapping, addr, explain);
}

function dax_iomap_fault(
  k: Kernel,
  task: Task,
  vma: Vma,
  mapping: AddressSpace,
  addr: number,
  explain: boolean,
): FaultResult {
  if (mapping.host.kind !== 'file') throw new Error('not a file mapping');
  const fs = k.filesystems.get(mapping.host.dev);
  const inode = fs?.inodes.get(mapping.host.ino);
  if (!fs || !inode) throw new Error(`no inode behind ${mapping.id}`);
  const ns = k.namespaces.find((n) => n.fs === fs.dev) as Namespace;
  const decisions: Decision[] = [];
  const touched: string[] = [vma.id, mapping.id];
  const pgoff = linear_page_index(vma, addr);
  const sigbus = (why: string): FaultResult => ({ ret: 'VM_FAULT_SIGBUS', entry: null, why, decisions, touched });

  // xfs_read_iomap_begin() / ext4_iomap_begin() fail once the fs is shut down or the device is gone.
  if (fs.shutdown) return sigbus(`${fs.dev} is shut down: iomap_begin returns -EIO`);
  if (!ns.dax_dev.alive) return sigbus('dax device is dead: dax_direct_access returns -ENXIO');
  const max_pgoff = Math.ceil(inode.i_size / PAGE_SIZE);
  if (pgoff >= max_pgoff) return sigbus(`pgoff ${pgoff} >= max_pgoff ${max_pgoff} (beyond i_size)`);

  // ---- dax_iomap_pmd_fault(): try a 2 MiB mapping first ----
  const pmdAddr = addr - (addr % PMD_SIZE);
  const pmdIndex = pgoff - (pgoff % PG_PMD_NR);
  const colourOk = pgoff % PG_PMD_NR === Math.floor(addr / PAGE_SIZE) % PG_PMD_NR;
  const inVma = pmdAddr >= vma.vm_start && pmdAddr + PMD_SIZE <= vma.vm_end;
  const inFile = pmdIndex + PG_PMD_NR - 1 < max_pgoff;
  // Perf: look at the 512 PTE slots and the xarray range under this PMD only (was: a copy of every PTE
  // key and every xarray entry per fault, quadratic in the pages a process touches)
  const ptesBelow = ptesUnder(task.mm?.pte, pmdAddr);
  const existing = xa_load(mapping.i_pages, pgoff);
  let ptEntryInRange = false;
  for (const it of xa_for_each_range(mapping.i_pages, pmdIndex, pmdIndex + PG_PMD_NR - 1))
    if (it.index >= pmdIndex && it.index < pmdIndex + PG_PMD_NR && !dax_is_pmd_entry(it.entry)) {
      ptEntryInRange = true;
      break;
    }
  const ext = extentAt(inode, pmdIndex);
  const extCovers = ext !== null && ext.fileoff <= pmdIndex && ext.fileoff + ext.len >= pmdIndex + PG_PMD_NR;
  const pmdPfn = ext ? blockToPfn(ns, ext.block + (pmdIndex - ext.fileoff)) : -1;
  const pfnAligned = pmdPfn >= 0 && pmdPfn % PG_PMD_NR === 0;
  const pmdBad = extCovers && k.isBadPmem(ns, PFN_PHYS(pmdPfn), PMD_SIZE);
  const pmdOk = colourOk && inVma && inFile && !ptesBelow && !ptEntryInRange && extCovers && pfnAligned && !pmdBad;
  if (explain)
    decisions.push(
      decision('dax_pmd_fault_ok', pmdOk, [
        ['(pgoff & PG_PMD_COLOUR) == ((address >> PAGE_SHIFT) & PG_PMD_COLOUR)', String(colourOk)],
        ['pmd range inside [vm_start, vm_end)', String(inVma)],
        ['(xa_index | PG_PMD_COLOUR) < max_pgoff', String(inFile)],
        ['pmd_none(*vmf->pmd) (no PTE table below)', String(!ptesBelow)],
        ['no PTE entry in the xarray range', String(!ptEntryInRange)],
        ['iomap_length >= PMD_SIZE', String(extCovers)],
        ['pfn aligned to PMD', pmdPfn >= 0 ? `${hx(pmdPfn)}: ${pfnAligned}` : 'no extent'],
        ['no bad blocks in the 2 MiB', String(!pmdBad)],
      ]),
    );
  // xfs_read_iomap_begin() reports IOMAP_F_SHARED to a DAX read fault only with xfs-dax-read-shared
  const reportsShared = fs.xfs?.reflink === true && k.has('xfs-dax-read-shared');
  const shared = reportsShared && ext !== null && blocksShared(fs, ext.block + (pgoff - ext.fileoff), 1);
  if (pmdOk && ext) {
    const sharedPmd = reportsShared && blocksShared(fs, ext.block + (pmdIndex - ext.fileoff), PG_PMD_NR);
    const entry: PtEntry = { addr: pmdAddr, level: 'pmd', pfn: pmdPfn, vmaId: vma.id };
    dax_insert_entry(k, ns, mapping, vma, pmdIndex, existing, pmdPfn, DAX_PMD, sharedPmd);
    k.installPt(task, entry);
    touched.push(`pt:${task.pid}:${hx(pmdAddr)}`);
    return { ret: 'VM_FAULT_NOPAGE', entry, why: `PMD mapping of pfn ${hx(pmdPfn)}`, decisions, touched };
  }

  // ---- dax_iomap_pte_fault() ----
  const pext = extentAt(inode, pgoff);
  if (!pext) return sigbus(`no extent at file block ${pgoff} (holes are not modeled)`);
  const pfn = blockToPfn(ns, pext.block + (pgoff - pext.fileoff));
  touched.push(`pfn:${hx(pfn)}`);
  const bad = k.isBadPmem(ns, PFN_PHYS(pfn), PAGE_SIZE);
  if (explain)
    decisions.push(
      decision(
        'is_bad_pmem',
        bad,
        [['pmem badblocks over the page', bad ? 'bad' : 'clean']],
        '__pmem_direct_access',
        'drivers/nvdimm/pmem.c',
      ),
    );
  if (bad) {
    // before v6.4 __pmem_direct_access() failed a bad block with -EIO, which the fault turns into SIGBUS
    const hwpoison = k.has('dax-fault-hwpoison');
    return {
      ret: hwpoison ? 'VM_FAULT_HWPOISON' : 'VM_FAULT_SIGBUS',
      entry: null,
      why: `bad block under pfn ${hx(pfn)}: ${hwpoison ? '-EHWPOISON' : '-EIO'}`,
      decisions,
      touched,
    };
  }
  const entry: PtEntry = { addr: addr - (addr % PAGE_SIZE), level: 'pte', pfn, vmaId: vma.id };
  dax_insert_entry(k, ns, mapping, vma, pgoff, existing, pfn, 0, shared);
  k.installPt(task, entry);
  touched.push(`pt:${task.pid}:${hx(entry.addr)}`);
  return { ret: 'VM_FAULT_NOPAGE', entry, why: `PTE mapping of pfn ${hx(pfn)}`, decisions, touched };
}

/**
 * dax_insert_entry(): a shared extent (or a zero page being replaced) first unmaps every mapper of the
 * index in this file; then the old entry's pages lose this owner and the new entry's pages gain it.
 * An existing real entry for an unshared extent is kept as it is.
 */
function dax_insert_entry(
  k: Kernel,
  ns: Namespace,
  mapping: AddressSpace,
  vma: Vma,
  index: number,
  old: number | null,
  pfn: number,
  flags: number,
  shared: boolean,
): void {
  const pmd = (flags & DAX_PMD) !== 0;
  const order = pmd ? PMD_ORDER : 0;
  // grab_mapping_entry() leaves a locked empty entry of the fault's order when there was none
  const placeholder = old ?? DAX_EMPTY | DAX_LOCKED | (pmd ? DAX_PMD : 0);
  if (shared || dax_is_zero_entry(placeholder)) {
    const task = k.byPid.get(vma.pid);
    const who = task ? `${task.name} (${task.comm}:${task.pid})` : 'a task';
    const cause = `dax_insert_entry(): ${who} faulted ${shared ? 'the shared (reflinked) extent' : 'over a zero page'} at ${mapping.id} index ${index}`;
    if (dax_is_pmd_entry(placeholder))
      unmap_mapping_range(k, mapping, (index - (index % PG_PMD_NR)) * PAGE_SIZE, PMD_SIZE, cause);
    else unmap_mapping_range(k, mapping, index * PAGE_SIZE, PAGE_SIZE, cause);
  }
  if (shared || dax_is_zero_entry(placeholder) || dax_is_empty_entry(placeholder)) {
    const entry = dax_make_entry(pfn, flags);
    if (!shared) warnIfOwned(k, ns, vma, pfn, pmd ? PG_PMD_NR : 1);
    dax_disassociate_entry(k, ns, old);
    dax_associate_entry(k, ns, entry, mapping, index, shared);
    const base = index - (index % 2 ** order);
    updateIPages(k, mapping, base, (xa) => xa_store_order(xa, base, entry, order));
  }
}

/**
 * dax_associate_entry()'s WARN_ON_ONCE(page->mapping): a page another file already owns (a reflinked
 * block faulted through a second file without IOMAP_F_SHARED). The kernel warns once per boot and
 * overwrites the owner. Only builds whose splat is known print one (variants/buildFacts.ts).
 */
function warnIfOwned(k: Kernel, ns: Namespace, vma: Vma, pfn: number, nr: number): void {
  const splat = k.config.build.daxAssociateWarn?.value;
  if (!splat) return;
  for (let i = 0; i < nr; i++)
    if (ns.pages.page(pfn + i).mapping) {
      const pid = vma.pid;
      k.warnOnce(splat.at, () => [
        `WARNING: CPU: 0 PID: ${pid} at ${splat.at} ${splat.rip}`,
        // a PMD fault has dax_iomap_pmd_fault where a PTE fault has dax_iomap_pte_fault; only the latter was seen
        ...(nr === 1 ? ['Call Trace:', ...splat.trace.map((fn) => ` ${fn}`)] : []),
      ]);
      return;
    }
}

/** dev_dax_huge_fault(): device-dax maps exactly at its alignment (PTE, PMD or PUD), never smaller. */
function dev_dax_huge_fault(k: Kernel, task: Task, vma: Vma, mapping: AddressSpace, addr: number): FaultResult {
  const ns = k.namespaces.find((n) => n.cdevMappingId === mapping.id) as Namespace;
  const decisions: Decision[] = [];
  const touched = [vma.id, mapping.id];
  const size = ns.align;
  const level: PtEntry['level'] = size === PUD_SIZE ? 'pud' : size === PMD_SIZE ? 'pmd' : 'pte';
  const base = addr - (addr % size);
  const fn = `__dev_dax_${level}_fault`;
  const fits = base >= vma.vm_start && base + size <= vma.vm_end;
  decisions.push(
    decision(
      'fault range inside the VMA',
      fits,
      [['[addr & ~(align-1), +align) ⊆ [vm_start, vm_end)', String(fits)]],
      fn,
      'drivers/dax/device.c',
    ),
  );
  if (!ns.dax_dev.alive) return { ret: 'VM_FAULT_SIGBUS', entry: null, why: 'dax device is dead', decisions, touched };
  if (!fits) return { ret: 'VM_FAULT_SIGBUS', entry: null, why: 'fault range outside the VMA', decisions, touched };
  const pgoff = linear_page_index(vma, base);
  const pfn = ns.pgmap.range.start / PAGE_SIZE + ns.data_offset / PAGE_SIZE + pgoff;
  const devEnd = (ns.size - ns.data_offset) / PAGE_SIZE;
  if (pgoff + size / PAGE_SIZE > devEnd)
    return { ret: 'VM_FAULT_SIGBUS', entry: null, why: 'beyond the device', decisions, touched };
  dax_set_mapping(k, ns, mapping, vma, pfn, size, addr);
  const entry: PtEntry = { addr: base, level, pfn, vmaId: vma.id };
  k.installPt(task, entry);
  touched.push(`pt:${task.pid}:${hx(base)}`, `pfn:${hx(pfn)}`);
  return { ret: 'VM_FAULT_NOPAGE', entry, why: `${level.toUpperCase()} mapping of pfn ${hx(pfn)}`, decisions, touched };
}

/**
 * dax_set_mapping(): the first fault of a page (of the compound head, with vmemmap_shift) records the
 * char device's mapping and the device pgoff of the fault's aligned start (v6.12, after 7fcbd9785d4c
 * "device-dax: correct pgoff align in dax_set_mapping()").
 */
function dax_set_mapping(
  k: Kernel,
  ns: Namespace,
  mapping: AddressSpace,
  vma: Vma,
  pfn: number,
  size: number,
  addr: number,
) {
  const nr_pages = ns.pgmap.vmemmap_shift ? 1 : size / PAGE_SIZE;
  const pgoff = linear_page_index(vma, addr - (addr % size));
  for (let i = 0; i < nr_pages; i++) {
    const head = ns.pages.compound_head(pfn + i);
    if (ns.pages.page(head).mapping) continue;
    pageSet(k, ns, head, 'mapping', { kind: 'address_space', id: mapping.id });
    pageSet(k, ns, head, 'index', pgoff + i);
  }
}

export const faultLsb = PAGE_SHIFT;

/** pmd_none(): is any PTE installed in the 2 MiB at pmdAddr (PTE leaves are keyed by their address) */
function ptesUnder(pte: Map<number, unknown> | undefined, pmdAddr: number): boolean {
  if (!pte || pte.size === 0) return false;
  // whichever is fewer: the process's PTE leaves, or the 512 slots under the PMD
  if (pte.size < PG_PMD_NR) {
    for (const a of pte.keys()) if (a >= pmdAddr && a < pmdAddr + PMD_SIZE) return true;
    return false;
  }
  for (let a = pmdAddr; a < pmdAddr + PMD_SIZE; a += PAGE_SIZE) if (pte.has(a)) return true;
  return false;
}
