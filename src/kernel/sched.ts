/**
 * Processes: the subset of struct task_struct and struct mm_struct that memory failure reads.
 * Models: include/linux/sched.h (PF_MCE_PROCESS, PF_MCE_EARLY), kernel/sys.c prctl(PR_MCE_KILL),
 *         include/linux/mm_types.h (struct vm_area_struct), the page tables as far as
 *         dev_pagemap_mapping_shift() walks them.
 * Threads: a process's other threads are Tasks that share its mm (the same MmStruct object, so
 * task_early_kill()'s `tsk->mm == current->mm` holds for them) and name it as their group leader (tgid);
 * for_each_process() visits leaders only, for_each_thread() the leader then its threads in creation order.
 */
import { LeafTable } from './leafTable';

export const PF_MCE_PROCESS = 0x00000080;
export const PF_MCE_EARLY = 0x08000000;

export type MceKillPolicy = 'default' | 'early' | 'late';

/** struct vm_area_struct (include/linux/mm_types.h): a shared mapping of a DAX file or device */
export interface Vma {
  id: string;
  pid: number;
  vm_start: number;
  /** exclusive */
  vm_end: number;
  /** file offset of vm_start, in pages */
  vm_pgoff: number;
  /** the address_space mapped (vma->vm_file->f_mapping) */
  mappingId: string;
  /** scenario name of the mapping, for people */
  name: string;
  /** order of insertion into mapping->i_mmap, which breaks vm_pgoff ties in the interval tree */
  seq: number;
}

/** One page-table entry that maps device memory: a PTE, PMD or PUD leaf. */
export interface PtEntry {
  /** virtual address of the first byte mapped (aligned to the level's size) */
  addr: number;
  level: 'pte' | 'pmd' | 'pud';
  pfn: number;
  vmaId: string;
  /**
   * pte_write(): a store's fault made it writable (vmf_insert_mixed_mkwrite, or a pfn_mkwrite fault). A
   * load's fault on a DAX file leaves it read-only: the shared mapping is write-notified.
   */
  write?: boolean;
}

/**
 * The PMD and PUD leaf maps of a new mm, until its first huge leaf: one shared empty map that refuses writes
 * (Kernel.installPt gives the mm a map of its own first). Perf: most mms never get a huge leaf, and two empty
 * Maps per process were ~300 bytes each of 10^5 processes, copied by every scavenge of the setup.
 */
class NoHugeLeaves extends Map<number, PtEntry> {
  override set(): this {
    throw new Error('NO_HUGE_LEAVES is shared by every new mm: Kernel.installPt replaces it before a write');
  }
  override delete(): boolean {
    return false;
  }
  override clear(): void {}
}
export const NO_HUGE_LEAVES: Map<number, PtEntry> = new NoHugeLeaves();
export const isNoHugeLeaves = (map: Map<number, PtEntry>): boolean => map instanceof NoHugeLeaves;

/** An mm with no VMAs and no page-table leaves, its next mmap at `mmap_next`. */
export const emptyMm = (mmap_next: number): MmStruct => ({
  vmas: [],
  pte: new LeafTable(),
  pmd: NO_HUGE_LEAVES,
  pud: NO_HUGE_LEAVES,
  mmap_next,
});

/** struct mm_struct: VMAs and the leaf page-table entries that map DAX memory */
export interface MmStruct {
  vmas: Vma[];
  /** leaf entries keyed by their aligned virtual address, one map per level */
  pte: Map<number, PtEntry>;
  pmd: Map<number, PtEntry>;
  pud: Map<number, PtEntry>;
  /** next top-down mmap address (mm->mmap_base and the allocator behind get_unmapped_area) */
  mmap_next: number;
}

export interface SigInfo {
  signo: 'SIGBUS' | 'SIGKILL';
  code: 'BUS_MCEERR_AR' | 'BUS_MCEERR_AO' | 'BUS_ADRERR' | 'SI_KERNEL';
  addr: number;
  lsb: number;
}

/** struct task_struct (include/linux/sched.h), one thread per process */
export interface Task {
  pid: number;
  comm: string;
  /** scenario name ("P", "Q"), for people */
  name: string;
  /** PF_MCE_PROCESS | PF_MCE_EARLY as prctl(PR_MCE_KILL) leaves them */
  flags: number;
  /** null once the process has exited (a kernel thread has none either) */
  mm: MmStruct | null;
  /** pending standard signals (signal->shared_pending / pending): a second SIGBUS is not queued; replaced, never changed in place */
  pending: readonly SigInfo[];
  exited: boolean;
  /** a thread's process (the group leader's pid); absent for a leader */
  tgid?: number;
  /** a leader's other threads, in creation order (for_each_thread() after the leader) */
  threads?: Task[];
}

/**
 * No pending signal: the one empty list every task starts with and returns to after get_signal(). Perf: 10^5
 * tasks had an empty array each; `pending` is replaced on each change (through the journal), never pushed to.
 */
export const NO_SIGNALS: readonly SigInfo[] = Object.freeze([]);

export function policyFlags(policy: MceKillPolicy): number {
  if (policy === 'early') return PF_MCE_PROCESS | PF_MCE_EARLY;
  if (policy === 'late') return PF_MCE_PROCESS;
  return 0;
}

export function policyOf(flags: number): MceKillPolicy {
  if (!(flags & PF_MCE_PROCESS)) return 'default';
  return flags & PF_MCE_EARLY ? 'early' : 'late';
}
