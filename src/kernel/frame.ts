/**
 * The locals of the kernel functions on the stack while one scenario event is handled: what the
 * pipeline machine carries from one kernel step to the next. Field names follow the kernel's locals
 * (pfn, flags, rc, notify, index, cookie, to_kill). Not a kernel structure.
 */
import type { StepDecision } from './decision';
import type { FileExtent } from './fs/vfs';
import type { XfsRmapIrec } from './fs/xfs/xfs_rmap';
import type { Namespace } from './kernel';
import type { Task, Vma } from './sched';

/** A scenario event, resolved to kernel terms by the scenario builder. */
export type KernelEvent =
  /** tid: the thread of the process that makes the call (current), when not the leader */
  (
    | { kind: 'madvise'; label: string; pid: number; start: number; length: number; tid?: number }
    | {
        kind: 'mce';
        label: string;
        pid: number;
        pfn: number;
        /** the consuming thread (current), when not the leader */
        tid?: number;
        /** MCG_STATUS.RIPV */
        ripv: boolean;
        /** the bank as QEMU's `mce` command gives it: bank number, MCi_STATUS, MCG_STATUS, MCi_MISC ("0x…") */
        bank: number;
        status: string;
        mcgstatus: string;
        misc: string;
      }
    | { kind: 'async'; label: string; pfn: number; source: 'mce' | 'ghes' }
    | { kind: 'corrupt-pfn'; label: string; pfn: number }
    | { kind: 'unbind'; label: string; namespace: string }
    | { kind: 'access'; label: string; pid: number; addr: number; write?: boolean; tid?: number }
    | { kind: 'read'; label: string; pid: number; dev: string; ino: number; offset: number; length: number }
    /** write(2) / pwrite(2) of `length` bytes at `offset` (fs: which filesystem's write_iter runs) */
    | {
        kind: 'write';
        label: string;
        pid: number;
        dev: string;
        ino: number;
        offset: number;
        length: number;
        fs: 'xfs' | 'ext4';
      }
    /** umount(2) / mount(2) of the filesystem on `dev` */
    | { kind: 'umount'; label: string; dev: string }
    | { kind: 'mount'; label: string; dev: string }
    /** mkfs of the (unmounted) device `dev`: a fresh filesystem with the same options */
    | { kind: 'mkfs'; label: string; dev: string }
    /** the process exits (exit(2)): do_exit → exit_mm */
    | { kind: 'exit'; label: string; pid: number }
    /**
     * a process is created, maps and touches (fork + exec + mmap + accesses); its VMAs were placed when the
     * scenario was built, so later events can name its addresses
     */
    | {
        kind: 'spawn';
        label: string;
        pid: number;
        comm: string;
        name: string;
        flags: number;
        mmap_next: number;
        vmas: Vma[];
        touches: { addr: number; write: boolean }[];
      }
    | ({ kind: 'truncate'; label: string; dev: string; ino: number; size: number } & Racing)
    | ({ kind: 'punch-hole'; label: string; dev: string; ino: number; offset: number; length: number } & Racing)
    /** fallocate(2) mode 0 or FALLOC_FL_KEEP_SIZE: unwritten extents over the holes of the range */
    | ({
        kind: 'fallocate';
        label: string;
        dev: string;
        ino: number;
        offset: number;
        length: number;
        keepSize: boolean;
      } & Racing)
    | ({
        kind: 'reflink-remap';
        label: string;
        dev: string;
        srcIno: number;
        srcOffset: number;
        destIno: number;
        destOffset: number;
        length: number;
        /** ioctl(FICLONE) (cp --reflink): the whole source, its length read when the call runs */
        whole?: boolean;
      } & Racing)
    | ({ kind: 'munmap'; label: string; pid: number; vmaId: string } & Racing)
    /** get_user_pages() of [addr, addr + length) for DMA: each page's _refcount + 1 until the unpin */
    | { kind: 'pin'; label: string; pid: number; addr: number; length: number }
    /** put_page() of every page the pin event `pin` (its index) took */
    | { kind: 'unpin'; label: string; pid: number; pin: number }
  ) & {
    /** why the event runs no kernel step: what it reaches is outside the model (a file of a refused mount) */
    notRun?: string;
  };

/** A file or mapping change placed inside another event's handling: it starts when that event reaches `at`. */
export interface Racing {
  race?: { with: number; at: string };
}

/** What a racing task sleeps on, and who holds it. */
export type RaceWait =
  | { on: 'dax-entry'; mappingId: string; index: number }
  | { on: 'agf'; dev: string; agno: number }
  /** xfs_break_dax_layouts(): ___wait_var_event(&page->_refcount, _refcount == 1) */
  | { on: 'page-ref'; pfn: number };

/**
 * dax_iomap_rw()'s struct iomap_iter for a write: the byte range, what is done, and the mapping the last
 * ->iomap_begin returned for file blocks [from, to): written blocks, blocks it just allocated
 * (IOMAP_F_NEW), or shared blocks written through CoW blocks (IOMAP_F_SHARED, the old ones as srcmap).
 */
export interface WriteIter {
  pos: number;
  end: number;
  done: number;
  error: number;
  iomap: { type: 'mapped' | 'new' | 'cow'; from: number; to: number; cow: number[] } | null;
  /** bytes the last dax_iomap_iter() wrote */
  processed: number;
}

/** struct to_kill (mm/memory-failure.c) */
export interface ToKill {
  tsk: Task;
  /** user address, or -EFAULT (-14) when none was found */
  addr: number;
  size_shift: number;
  vmaId: string;
  /** v4.19–v5.3 (before 3d7fed4ad8cc): 0 when no address or no mapping size was found; kill_procs() SIGKILLs it */
  addr_valid?: boolean;
}

/** struct xfs_failure_info (fs/xfs/xfs_notify_failure.c) plus the query cursor */
export interface XfsNotify {
  dev: string;
  mf_flags: number;
  /** end of a run of quiet rounds too short to fold, found once (mm/quiet-rounds.ts): no rescan inside it */
  quietEnd?: number;
  /** byte range on the data device after xfs_dax_notify_failure() clipped it */
  offset: number;
  len: number;
  daddr: number;
  bblen: number;
  fsbno: number;
  agno: number;
  end_fsbno: number;
  end_agno: number;
  /** the current AG's query: ri_low.rm_startblock … range_agend (ri_high is all ones but in the last AG) */
  ri_low: number;
  ri_high: number;
  range_agend: number;
  startblock: number;
  blockcount: number;
  want_shutdown: boolean;
  kernel_frozen: boolean;
  /** xfs_failure_pgoff()/pgcnt() of the record being handled */
  pgoff: number;
  pgcnt: number;
  /** records returned by the query of the current AG, and the next one to visit */
  records: Uint32Array;
  cursor: number;
  rec: XfsRmapIrec | null;
  error: number;
}

export interface Frame {
  event: KernelEvent;
  eventIndex: number;
  /** `current`: the task whose context the kernel runs in (null for a kworker or notifier) */
  current: Task | null;
  /** the call stack: for each open call, the machine state its caller resumes at */
  stack: string[];
  // memory_failure()
  pfn: number;
  flags: number;
  ns: Namespace | null;
  /** the return value of the last function that returned (the callee's `return rc`) */
  rc: number | null;
  /** the top kernel call's return, errno as user space sees it */
  topReturn: number | null;
  result: string | null;
  // madvise_inject_error()
  start: number;
  end: number;
  // dax_holder_notify_failure()
  offset: number;
  len: number;
  notify: XfsNotify | null;
  // xfs_dax_failure_fn() / mf_dax_kill_procs()
  mappingId: string | null;
  index: number;
  endIndex: number;
  cookie: number;
  page: number | null;
  to_kill: ToKill[];
  /** how the last page fault ended (for do_sigbus) */
  faultRet: string | null;
  /**
   * rfc-2020-get-shared-files: the owner list get_shared_files() built (struct shared_files, one per owner)
   * and the next entry memory_failure walks; null on every other path
   */
  shared_files: { mappingId: string; index: number; ino: number }[] | null;
  shared_cursor: number;
  /** end of a run of quiet entries too short to fold (mm/quiet-rounds.ts), found once */
  shared_quiet_end?: number;
  /** which collect-and-kill flavour is running: the holder's per-owner rounds or the generic one */
  path: 'holder' | 'generic' | null;
  /** a racing task: the frame of the failure it races (what that handler holds), and what it sleeps on */
  raceWith: Frame | null;
  /** another event races this failure's handling (`concurrentWith`): its kill rounds are never folded */
  raced: boolean;
  waitFor: RaceWait | null;
  /** a file change's blocks queued by xfs_free_extent_later(), freed by __xfs_free_extent() */
  freeing: FileExtent[];
  /** write(2): the iomap iteration in progress (dax_iomap_rw) */
  write: WriteIter | null;
  /** the branch the last step took, read by the machine's guards */
  branch: string;
  decisions: StepDecision[];
}

export function newFrame(event: KernelEvent, eventIndex: number): Frame {
  return {
    event,
    eventIndex,
    current: null,
    stack: [],
    pfn: -1,
    flags: 0,
    ns: null,
    rc: null,
    topReturn: null,
    result: null,
    start: 0,
    end: 0,
    offset: 0,
    len: 0,
    notify: null,
    mappingId: null,
    index: 0,
    endIndex: 0,
    cookie: 0,
    page: null,
    to_kill: [],
    faultRet: null,
    path: null,
    raceWith: null,
    raced: false,
    waitFor: null,
    freeing: [],
    write: null,
    shared_files: null,
    shared_cursor: 0,
    branch: '',
    decisions: [],
  };
}
