/**
 * The outcome of one simulated scenario, as the CLI prints it with --json and as the app shell shows it.
 * The shape is a contract (README, docs/scenario-format.md): add keys, never rename them.
 */
export type EventKind =
  | 'mce'
  | 'async'
  | 'madvise'
  | 'corrupt-pfn'
  | 'unbind'
  | 'access'
  | 'read'
  | 'write'
  | 'truncate'
  | 'punch-hole'
  | 'fallocate'
  | 'reflink-remap'
  | 'munmap'
  | 'pin'
  | 'unpin'
  | 'exit'
  | 'spawn'
  | 'umount'
  | 'mount'
  | 'mkfs';
export type MfResultName = 'Ignored' | 'Failed' | 'Delayed' | 'Recovered';

/** One signal delivered to user space (after coalescing of standard signals). */
export interface SignalReport {
  pid: number;
  comm: string;
  signo: 'SIGBUS' | 'SIGKILL';
  /** si_code name: BUS_MCEERR_AR, BUS_MCEERR_AO, BUS_ADRERR, or SI_KERNEL for SIGKILL */
  code: string;
  /** si_addr, "0x…" */
  addr: string;
  /** si_addr_lsb */
  lsb: number;
}

export interface UnmappedRange {
  pid: number;
  /** "0x…", inclusive */
  start: string;
  /** "0x…", exclusive */
  end: string;
}

export interface EventReport {
  kind: EventKind;
  /** a person's description of the event, e.g. "P madvise(MADV_HWPOISON) 0x7f…3000" */
  label: string;
  /** the pfn handed to memory_failure, null if memory_failure was not called */
  pfn: string | null;
  /** action_result of this event */
  result: MfResultName | null;
  /** return of the event's top kernel call, errno name as user space sees it ("0", "-EBUSY", …) */
  return: string | null;
  dmesg: string[];
  /** ras:memory_failure_event lines */
  trace: string[];
  signals: SignalReport[];
  /** pfns ("0x…") on which this event called SetPageHWPoison */
  hwpoison: string[];
  unmapped: UnmappedRange[];
  hardwareCorruptedKb: number;
  /** a filesystem is shut down after this event */
  shutdown: boolean;
  /** present when the event ran no kernel step because what it reaches is outside the model, and why */
  notRun?: string;
  /**
   * the per-event owner list the rfc-2020-get-shared-files design allocates: kmalloc'd struct shared_files
   * entries and their bytes (sizeof 40 on x86-64); 0 on kernels that kill per owner without a list
   */
  allocations: { bytes: number; entries: number };
  /** inode references this event took and never dropped (the same design's xfs_iget() without xfs_irele()) */
  leakedInodeRefs: number;
  /**
   * present when a file change slept on pages pinned by get_user_pages() (xfs_break_dax_layouts(), v4.17+):
   * their pfns ("0x…"), one per wait
   */
  waitedForPins?: string[];
  /** first and last step index (into the step trace) that belong to this event; end exclusive */
  steps: { first: number; end: number };
}

/** One mmap() of a process, as the scenario's setup placed it (do_mmap: the VMA's range and file offset). */
export interface MappingReport {
  /** the scenario's name for the mapping ("a", or "m<j>" when unnamed) */
  name: string;
  /** vm_start, "0x…" */
  start: string;
  /** vm_end, "0x…", exclusive */
  end: string;
  /** file (or device) offset of vm_start in bytes (vm_pgoff << PAGE_SHIFT), "0x…" */
  offset: string;
  /** the mapped file's path, for a DAX file */
  file?: string;
  /** the device-dax character device ("dax0.0"), for a devdax mapping */
  device?: string;
}

/** A process of the scenario with its mappings, so si_addr can be related to a mapping without re-deriving the layout. */
export interface ProcessReport {
  /** the scenario's name for it ("P") */
  name: string;
  pid: number;
  comm: string;
  mappings: MappingReport[];
  /** the process's other threads (present only when it has some): a signal's pid may be one of these tids */
  threads?: { name: string; tid: number; comm: string }[];
}

export interface SimulationReport {
  scenario: string;
  kernel: string;
  /** every process the scenario created, in creation order, with its mappings */
  processes: ProcessReport[];
  /** what the kernel printed while the scenario was set up (mounts, WARNINGs of the processes' faults) */
  dmesg: string[];
  events: EventReport[];
  hardwareCorruptedKb: number;
  /** what-if runs only: the decisions forced the other way (step id, function, branch taken and forced) */
  flips?: { step: string; fn: string; from: string; to: string }[];
}
