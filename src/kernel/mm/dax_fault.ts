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
 * Stores (FAULT_FLAG_WRITE): a DAX file's shared mapping is write-notified (xfs_file_vm_ops and
 * ext4_dax_vm_ops have pfn_mkwrite), so a read fault installs a read-only leaf and the first store faults
 * again (xfs_filemap_pfn_mkwrite, 6.12.117 fs/xfs/xfs_file.c:1549) with IOMAP_WRITE: dax_insert_entry()
 * dirties the entry (PAGECACHE_TAG_DIRTY, fs/dax.c:916-917) and vmf_insert_mixed_mkwrite() /
 * vmf_insert_pfn_pmd(write) make the leaf writable (fs/dax.c:1712-1718). On a reflinked block the write
 * iomap is the CoW fork's new block with IOMAP_F_SHARED (fs/xfs/xfs_iomap.c:826-919): dax_insert_entry()
 * unmaps every mapper of that index in this file (fs/dax.c:882-890), moves the entry to the new pfn and
 * marks it shared and PAGECACHE_TAG_TOWRITE, dax_iomap_copy_around() copies the old block (:1700-1705), and
 * xfs_dax_write_iomap_end() → xfs_reflink_end_cow() remaps the file (fs/xfs/xfs_reflink.ts). Device-dax
 * has no pfn_mkwrite (dax_vm_ops): a store maps or reuses the leaf as a load does.
 * Simplified: files have no holes.
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
  daxMarkEntry,
  pageSet,
  updateIPages,
} from '../fs/dax';
import { blocksShared } from '../fs/fs';
import { type AddressSpace, extentAt, type Inode } from '../fs/vfs';
import { xfs_reflink_allocate_cow, xfs_reflink_end_cow } from '../fs/xfs/xfs_reflink';
import type { Kernel, Namespace } from '../kernel';
import { blockToPfn } from '../kernel';
import { xa_any_in_range, xa_load, xa_store_order } from '../lib/xarray';
import type { PtEntry, Task, Vma } from '../sched';
import { hexDigits, PAGE_SHIFT, PAGE_SIZE, PFN_PHYS, PG_PMD_NR, PMD_ORDER, PMD_SIZE, PUD_SIZE } from '../units';
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

/** `0x` and the digits, also for zero (unlike hex()): the step texts' form */
const hx = (n: number) => `0x${hexDigits(n)}`;

/** linear_page_index(vma, address) */
export const linear_page_index = (vma: Vma, address: number): number =>
  vma.vm_pgoff + Math.floor((address - vma.vm_start) / PAGE_SIZE);

/**
 * handle_mm_fault() for a load (or, with `write`, a store: FAULT_FLAG_WRITE) of `addr` by `task`, on a DAX
 * file or device-dax mapping. `explain: false` (a scenario's setup, which keeps only the outcome) skips
 * building the decisions and the touched ids, and a PTE fault that succeeds leaves `why` empty: the same
 * fault, without the record of why (a failure still says why).
 */
export function handle_mm_fault(k: Kernel, task: Task, addr: number, explain = true, write = false): FaultResult {
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
  if (mapping.host.kind === 'cdev') return dev_dax_huge_fault(k, task, vma, mapping, addr, write);
  return dax_iomap_fault(k, task, vma, mapping, addr, explain, write);
}

function dax_iomap_fault(
  k: Kernel,
  task: Task,
  vma: Vma,
  mapping: AddressSpace,
  addr: number,
  explain: boolean,
  write: boolean,
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
  // an unwritten extent (fallocate): a load maps the zero page (dax_load_hole), a store allocates and zeroes
  if (extentAt(inode, pgoff)?.unwritten)
    return sigbus(
      `file block ${pgoff} is an unwritten extent (fallocate): the kernel's zero-page load or converting store is not modelled (UNVERIFIED): the fault is refused here`,
    );
  // xfs_direct_write_iomap_begin(): a store to a block another file shares gets the CoW fork's block
  // (imap_needs_cow → xfs_reflink_allocate_cow, which finds whether the block is really shared)
  const cowOf = (block: number, n: number) => write && fs.xfs?.reflink === true && blocksShared(fs, block, n);
  const leaf = write && task.mm ? k.lookupPt(task.mm, addr) : null;
  if (leaf) {
    const mkwrite = storeToLeaf(k, task, vma, mapping, inode, ns, leaf, cowOf);
    if (mkwrite)
      return { ...mkwrite, decisions: [...decisions, ...mkwrite.decisions], touched: [...touched, ...mkwrite.touched] };
  }

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
  const ptEntryInRange = xa_any_in_range(
    mapping.i_pages,
    pmdIndex,
    pmdIndex + PG_PMD_NR - 1,
    (index, entry) => index >= pmdIndex && index < pmdIndex + PG_PMD_NR && !dax_is_pmd_entry(entry),
  );
  const ext = extentAt(inode, pmdIndex);
  const extCovers = ext !== null && ext.fileoff <= pmdIndex && ext.fileoff + ext.len >= pmdIndex + PG_PMD_NR;
  const pmdPfn = ext ? blockToPfn(ns, ext.block + (pmdIndex - ext.fileoff)) : -1;
  const pfnAligned = pmdPfn >= 0 && pmdPfn % PG_PMD_NR === 0;
  const pmdBad = extCovers && k.isBadPmem(ns, PFN_PHYS(pmdPfn), PMD_SIZE);
  // a store to a range with a shared block: the CoW iomap is shorter than PMD_SIZE (cowextsize is 32 blocks
  // by default, and xfs_reflink_trim_around_shared() trims), so dax_iomap_pmd_fault() falls back
  const pmdCow = extCovers && ext !== null && cowOf(ext.block + (pmdIndex - ext.fileoff), PG_PMD_NR);
  const pmdOk =
    colourOk && inVma && inFile && !ptesBelow && !ptEntryInRange && extCovers && pfnAligned && !pmdBad && !pmdCow;
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
        ...(write
          ? ([['store: no shared (reflinked) block in the 2 MiB (no CoW)', String(!pmdCow)]] as [string, string][])
          : []),
      ]),
    );
  // xfs_read_iomap_begin() reports IOMAP_F_SHARED to a DAX read fault only with xfs-dax-read-shared
  const reportsShared = fs.xfs?.reflink === true && k.has('xfs-dax-read-shared');
  // the extent of the faulting page itself (not the PMD's first page: a file whose page sits in a later
  // extent, e.g. after a CoW split it, would be looked up at the wrong block)
  const pageExt = extentAt(inode, pgoff);
  const shared = reportsShared && pageExt !== null && blocksShared(fs, pageExt.block + (pgoff - pageExt.fileoff), 1);
  if (pmdOk && ext) {
    const sharedPmd = reportsShared && blocksShared(fs, ext.block + (pmdIndex - ext.fileoff), PG_PMD_NR);
    const entry: PtEntry = { addr: pmdAddr, level: 'pmd', pfn: pmdPfn, vmaId: vma.id, ...(write ? { write } : {}) };
    dax_insert_entry(k, ns, mapping, vma, pmdIndex, existing, pmdPfn, DAX_PMD, sharedPmd);
    daxMarkEntry(k, mapping, pmdIndex, write, sharedPmd);
    k.installPt(task, entry, vma);
    if (explain) touched.push(`pt:${task.pid}:${hx(pmdAddr)}`);
    const how = write ? 'writable PMD mapping (vmf_insert_pfn_pmd, write), entry PAGECACHE_TAG_DIRTY' : 'PMD mapping';
    return { ret: 'VM_FAULT_NOPAGE', entry, why: `${how} of pfn ${hx(pmdPfn)}`, decisions, touched };
  }

  // ---- dax_iomap_pte_fault() ----
  const pext = extentAt(inode, pgoff);
  if (!pext) return sigbus(`no extent at file block ${pgoff} (holes are not modeled)`);
  const pfn = blockToPfn(ns, pext.block + (pgoff - pext.fileoff));
  if (explain) touched.push(`pfn:${hx(pfn)}`);
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
  const oldBlock = pext.block + (pgoff - pext.fileoff);
  const cow = cowOf(oldBlock, 1);
  if (explain && write)
    decisions.push(
      decision(
        'IOMAP_F_SHARED (imap_needs_cow && xfs_reflink_allocate_cow found the block shared)',
        cow,
        [
          ['xfs_is_cow_inode(ip) (reflink filesystem)', String(fs.xfs?.reflink === true)],
          [`refcount of block ${oldBlock} > 1`, String(cow)],
        ],
        'xfs_direct_write_iomap_begin',
        'fs/xfs/xfs_iomap.c',
      ),
    );
  if (cow) return cowFault(k, task, vma, mapping, inode, ns, pgoff, oldBlock, addr, existing, decisions, touched);
  const pteAddr = addr - (addr % PAGE_SIZE);
  // perf: no spread for the common load (10^5 setup faults)
  const entry: PtEntry = write
    ? { addr: pteAddr, level: 'pte', pfn, vmaId: vma.id, write }
    : { addr: pteAddr, level: 'pte', pfn, vmaId: vma.id };
  dax_insert_entry(k, ns, mapping, vma, pgoff, existing, pfn, 0, shared);
  daxMarkEntry(k, mapping, pgoff, write, shared);
  k.installPt(task, entry, vma);
  if (!explain) return { ret: 'VM_FAULT_NOPAGE', entry, why: '', decisions, touched };
  touched.push(`pt:${task.pid}:${hx(entry.addr)}`);
  const how = write ? 'writable PTE mapping (vmf_insert_mixed_mkwrite), entry PAGECACHE_TAG_DIRTY' : 'PTE mapping';
  return { ret: 'VM_FAULT_NOPAGE', entry, why: `${how} of pfn ${hx(pfn)}`, decisions, touched };
}

/**
 * A store to a leaf a load installed read-only: the write-protect fault (wp_pfn_shared → pfn_mkwrite, or
 * wp_huge_pmd → huge_fault) runs the DAX fault again with IOMAP_WRITE. An unshared block keeps its entry,
 * which gets PAGECACHE_TAG_DIRTY, and the leaf becomes writable; a shared block goes on to the CoW (null).
 */
function storeToLeaf(
  k: Kernel,
  task: Task,
  vma: Vma,
  mapping: AddressSpace,
  inode: Inode,
  ns: Namespace,
  leaf: PtEntry,
  cowOf: (block: number, n: number) => boolean,
): FaultResult | null {
  const touched = [`pt:${task.pid}:${hx(leaf.addr)}`];
  const done = (why: string, ret: VmFault = 'VM_FAULT_NOPAGE', entry: PtEntry | null = null): FaultResult => ({
    ret,
    entry,
    why,
    decisions: [],
    touched,
  });
  if (leaf.write)
    return done(`already writable (${leaf.level} → pfn ${hx(leaf.pfn)}): no fault`, 'VM_FAULT_NOPAGE', leaf);
  const size = leaf.level === 'pmd' ? PMD_SIZE : PAGE_SIZE;
  const index = linear_page_index(vma, leaf.addr);
  const ext = extentAt(inode, index);
  const block = ext ? ext.block + (index - ext.fileoff) : -1;
  const cow = ext !== null && cowOf(block, size / PAGE_SIZE);
  const bad = k.isBadPmem(ns, PFN_PHYS(leaf.pfn), size);
  if (leaf.level === 'pmd' && (cow || bad))
    return done(
      `a store to a read-only PMD over a ${cow ? 'shared (reflinked)' : 'bad'} range: dax_iomap_pmd_fault() falls back and wp_huge_pmd() splits the PMD; that path is not modelled (UNVERIFIED): the store is refused here`,
      'VM_FAULT_SIGBUS',
    );
  if (cow) return null;
  if (bad) {
    const hwpoison = k.has('dax-fault-hwpoison');
    return done(
      `pfn_mkwrite → dax_iomap_pte_fault(write): bad block under pfn ${hx(leaf.pfn)}: ${hwpoison ? '-EHWPOISON' : '-EIO'}`,
      hwpoison ? 'VM_FAULT_HWPOISON' : 'VM_FAULT_SIGBUS',
    );
  }
  const entry: PtEntry = { ...leaf, write: true };
  daxMarkEntry(k, mapping, leaf.level === 'pmd' ? index - (index % PG_PMD_NR) : index, true, false);
  k.installPt(task, entry, vma);
  touched.push(mapping.id);
  return done(
    `${leaf.level === 'pmd' ? 'wp_huge_pmd → dax_iomap_pmd_fault' : 'wp_pfn_shared → pfn_mkwrite → dax_iomap_pte_fault'}(write): the entry is kept and tagged PAGECACHE_TAG_DIRTY; the ${leaf.level.toUpperCase()} of pfn ${hx(leaf.pfn)} becomes writable`,
    'VM_FAULT_NOPAGE',
    entry,
  );
}

/**
 * A store to a shared (reflinked) block, 4 KiB: the CoW fork's new block (xfs_reflink_allocate_cow), then
 * dax_fault_iter(): dax_insert_entry(shared) — which unmaps every mapper of this index in this file, the
 * faulting task's own read-only PTE included, drops the old page's ownership and marks the new page shared —,
 * the copy from the old block, a writable PTE of the new pfn, and xfs_reflink_end_cow(). Mappers of the other
 * files that share the old block keep their PTEs: they are in other address_spaces.
 */
function cowFault(
  k: Kernel,
  task: Task,
  vma: Vma,
  mapping: AddressSpace,
  inode: Inode,
  ns: Namespace,
  pgoff: number,
  oldBlock: number,
  addr: number,
  existing: number | null,
  decisions: Decision[],
  touched: string[],
): FaultResult {
  const fs = k.fsOfNamespace(ns);
  if (!fs) throw new Error('CoW without a filesystem');
  const fail = (ret: VmFault, why: string): FaultResult => ({ ret, entry: null, why, decisions, touched });
  if (existing !== null && dax_is_pmd_entry(existing))
    return fail(
      'VM_FAULT_SIGBUS',
      'a 4 KiB CoW under a PMD entry of the file: not modelled (UNVERIFIED): the store is refused here',
    );
  const oldPfn = blockToPfn(ns, oldBlock);
  if (k.isBadPmem(ns, PFN_PHYS(oldPfn), PAGE_SIZE)) {
    // dax_iomap_copy_around() reads the old block through dax_iomap_direct_access(srcmap)
    const hwpoison = k.has('dax-fault-hwpoison');
    return fail(
      hwpoison ? 'VM_FAULT_HWPOISON' : 'VM_FAULT_SIGBUS',
      `CoW copy from the bad block under pfn ${hx(oldPfn)}: ${hwpoison ? '-EHWPOISON' : '-EIO'} (UNVERIFIED: the kernel has already inserted the new entry and allocated the CoW block when the copy fails; the model fails the fault before)`,
    );
  }
  const newBlock = xfs_reflink_allocate_cow(fs, oldBlock);
  if (newBlock === null) return fail('VM_FAULT_SIGBUS', 'xfs_reflink_allocate_cow(): no free block (-ENOSPC)');
  const newPfn = blockToPfn(ns, newBlock);
  dax_insert_entry(k, ns, mapping, vma, pgoff, existing, newPfn, 0, true);
  daxMarkEntry(k, mapping, pgoff, true, true);
  const entry: PtEntry = { addr: addr - (addr % PAGE_SIZE), level: 'pte', pfn: newPfn, vmaId: vma.id, write: true };
  k.installPt(task, entry, vma);
  const { refcountAfter } = xfs_reflink_end_cow(k, fs, inode, pgoff, newBlock);
  touched.push(`pfn:${hx(oldPfn)}`, `pfn:${hx(newPfn)}`, `pt:${task.pid}:${hx(entry.addr)}`);
  return {
    ret: 'VM_FAULT_NOPAGE',
    entry,
    why: `CoW of shared block ${oldBlock} (pfn ${hx(oldPfn)}) to block ${newBlock} (pfn ${hx(newPfn)}; placement UNVERIFIED): dax_insert_entry() unmapped index ${pgoff} of ${mapping.id} in every mapper, the new page is ${k.has('dax-page-share') ? 'PAGE_MAPPING_DAX_SHARED' : 'PAGE_MAPPING_DAX_COW'}, the entry PAGECACHE_TAG_DIRTY|TOWRITE; writable PTE; xfs_reflink_end_cow(): old block refcount now ${refcountAfter}`,
    decisions,
    touched,
  };
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

/**
 * dev_dax_huge_fault(): device-dax maps exactly at its alignment (PTE, PMD or PUD), never smaller. A store
 * maps the leaf writable (vmf_insert_pfn_pmd(vmf, pfn, write), …); dax_vm_ops has no pfn_mkwrite, so a store
 * to a leaf a load mapped only sets the write bit (wp_page_reuse), without a DAX fault.
 */
function dev_dax_huge_fault(
  k: Kernel,
  task: Task,
  vma: Vma,
  mapping: AddressSpace,
  addr: number,
  write: boolean,
): FaultResult {
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
  const entry: PtEntry = { addr: base, level, pfn, vmaId: vma.id, ...(write ? { write } : {}) };
  k.installPt(task, entry, vma);
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
