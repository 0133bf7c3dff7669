/**
 * The memory-failure pipeline as data: one state per kernel function (and one per place a function
 * resumes after a call it makes), each with the kernel function and file it models and where each of
 * its branches goes. Calls are explicit: a `call` edge pushes the state to resume at on the frame's
 * stack, and a `ret` edge pops it, so a function never has to guess whether it is being entered or
 * returned to. Leaf calls (functions that call no modelled function, such as collect_procs_fsdax) run
 * inline in their caller's frame: their edges continue the caller. Linux v6.12 (Debian 6.12.117).
 *
 * A variant keeps the states and edges whose `requires` features it has (see variants/).
 */
import {
  asyncReturn,
  dax_iomap_rw,
  do_machine_check,
  do_machine_check_ret,
  do_memory_failure,
  do_memory_failure_ret,
  do_sigbus,
  force_sig_bus,
  get_signal,
  handle_mm_fault_op,
  hwpoison_inject,
  hwpoison_inject_ret,
  kill_me_maybe,
  kill_me_maybe_ret,
  kill_me_now,
  MCE_419,
  madvise_inject_error,
  madvise_inject_error_ret,
  memory_failure_work_func,
  uc_decode_notifier,
} from '../kernel/arch/entry';
import { pmem_pgmap_memory_failure } from '../kernel/designs/corruptedRange';
import {
  _get_shared_files_fn,
  memory_failure_dev_pagemap_walk,
  xfs_fs_get_shared_files,
  xfs_fs_get_shared_files_ret,
} from '../kernel/designs/getSharedFiles';
import { dax_holder_notify_failure, kill_dax, kill_dax_ret, pmem_pagemap_memory_failure } from '../kernel/drivers/pmem';
import {
  __xfs_free_extent,
  dax_delete_mapping_entry,
  dax_layout_busy_page_range,
  do_vmi_munmap,
  remove_vma,
  truncate_pagecache_range,
  truncate_setsize,
  unmap_region,
  vfs_clone_file_range,
  xfs_alloc_file_space,
  xfs_falloc_setsize,
  xfs_file_fallocate,
  xfs_file_remap_range,
  xfs_free_file_space,
  xfs_itruncate_extents,
  xfs_reflink_remap_blocks,
  xfs_vn_setattr,
} from '../kernel/fs/file_change';
import {
  dax_iomap_iter,
  dax_write_epilogue,
  file_write_iter,
  write_iomap_begin,
  xfs_dax_write_iomap_end,
} from '../kernel/fs/file_write';
import { blkdev_open, blkdev_write_iter } from '../kernel/fs/mkfs';
import { generic_shutdown_super, path_mount, path_umount } from '../kernel/fs/mount';
import {
  xfs_dax_failure_fn,
  xfs_dax_failure_fn_ret,
  xfs_dax_notify_ddev_failure,
  xfs_dax_notify_ddev_failure_ret,
  xfs_dax_notify_failure,
  xfs_rmap_query_range,
  xfs_rmap_query_range_ret,
} from '../kernel/fs/xfs/xfs_notify_failure';
import { collect_procs_file_fs } from '../kernel/mm/designs/proposal_2021_short_circuit';
import { collect_procs_file_v4, dax_load_pfn } from '../kernel/mm/designs/rfc_2021_v4';
import { get_user_pages, put_page } from '../kernel/mm/gup';
import {
  action_result,
  collect_procs_file,
  collect_procs_fsdax,
  dax_lock_folio,
  dax_lock_mapping_entry,
  dax_lock_mapping_entry_page,
  dax_lock_page,
  dax_unlock_folio,
  dax_unlock_mapping_entry,
  dax_unlock_mapping_entry_page,
  dax_unlock_page,
  hwpoison_filter,
  hwpoison_filter_page,
  kill_procs,
  memory_failure,
  memory_failure_dev_pagemap,
  memory_failure_dev_pagemap_ret_generic,
  memory_failure_dev_pagemap_ret_ops,
  mf_dax_kill_procs,
  mf_generic_kill_procs,
  SetPageHWPoison,
  unmap_and_kill,
  unmap_mapping_range_inline,
} from '../kernel/mm/memory-failure';
import { do_exit, do_mmap_op, kernel_clone, spawn_fault } from '../kernel/process';
import type { KernelOp } from '../kernel/step';
import type { FeatureId } from '../kernel/variants/features';

export type StateGroup = 'entry' | 'memory_failure' | 'holder' | 'xfs' | 'generic' | 'kill';

/** The features an edge or state needs (`requires`) or must not have (`unless`). */
interface Gate {
  requires?: FeatureId;
  unless?: FeatureId;
}

/** Where a branch goes: on in the same frame, into a callee (resuming at `then`), or back to the caller. */
export type Edge = ({ goto: string } | { call: string; then: string } | { ret: true }) & Gate;

/**
 * A branch's edge, or alternatives of which the variant keeps the first whose gate it passes (the
 * same branch of the same function leads to a differently named callee in another release).
 */
export type Branch = Edge | Edge[];

export interface StateSpec {
  /** the kernel function this state runs */
  fn: string;
  file: string;
  op: KernelOp;
  group: StateGroup;
  /** a resume state: the function carries on here after this call returns */
  after?: string;
  /** the state exists only in variants with these features */
  requires?: FeatureId[];
  /** … and only in variants without these */
  unless?: FeatureId[];
  /** branch → edge */
  next: Record<string, Branch>;
}

const goto = (to: string, requires?: FeatureId): Edge => ({ goto: to, requires });
const call = (callee: string, then: string, requires?: FeatureId): Edge => ({ call: callee, then, requires });
const RET: Edge = { ret: true };
/** the edge where the variant lacks `feature` */
const without = (feature: FeatureId, e: Edge): Edge => ({ ...e, unless: feature });

/** dax_lock_folio()/dax_unlock_folio() (v6.7+), dax_lock_page()/dax_unlock_page() before */
const FOLIO: FeatureId = 'dax-lock-folio';

/** The id of the state where `fn` resumes after its call to `callee`. */
/**
 * The id of a leaf call that more than one function makes inline (SetPageHWPoison, unmap_and_kill,
 * kill_procs): one state per caller, so each copy continues its own caller's frame.
 */
export const inline = (caller: string, leaf: string): string => `${caller}/${leaf}`;

export const resumeState = (fn: string, callee: string): string => `${fn}@${callee}`;

const MF = 'mm/memory-failure.c';
const MCE = 'arch/x86/kernel/cpu/mce/core.c';
const XFS = 'fs/xfs/xfs_notify_failure.c';
const HOLDER: FeatureId[] = ['mf-holder-notify'];
/** v6.0 split memory_failure_dev_pagemap() into helpers; before, v4.19's inline states below */
const HELPERS: FeatureId = 'mf-generic-helper';
/** v5.8 moved the #MC handler's user-mode work into task work (kill_me_maybe/kill_me_now) */
const TASK_WORK: FeatureId = 'mce-task-work';
/** a state inside v4.19's memory_failure_dev_pagemap() */
const MFDP = (leaf: string): string => inline('memory_failure_dev_pagemap', leaf);
/** the unmerged designs (docs/designs/) */
const V4: FeatureId = 'rfc-2021-v4-unlocked-load';
const SHORT: FeatureId = 'proposal-2021-fs-kill';
/** the unmerged designs (variants/design.ts): their states exist only on their variants */
const GSF: FeatureId = 'rfc-2020-get-shared-files';
const CR: FeatureId = 'rfc-2020-corrupted-range';
/** the rmap query xfs_fs_get_shared_files() runs, a state of its own so the holder's query keeps its callback */
const GSF_QUERY = 'xfs_fs_get_shared_files/xfs_rmap_query_range';

/**
 * A function that calls memory_failure() and resumes after it; `loops` when it calls it again for the
 * next page (madvise), `mayReturn` when it can return without calling it.
 */
function mfCaller(fn: string, file: string, op: KernelOp, ret: KernelOp, loops = false, mayReturn = loops) {
  const then = resumeState(fn, 'memory_failure');
  const again: Record<string, Edge> = loops ? { memory_failure: call('memory_failure', then) } : {};
  return {
    [fn]: {
      fn,
      file,
      op,
      group: 'entry',
      next: { memory_failure: call('memory_failure', then), ...(mayReturn ? { return: RET } : {}) },
    },
    [then]: { fn, file, op: ret, group: 'entry', after: 'memory_failure', next: { ...again, return: RET } },
  } satisfies Record<string, StateSpec>;
}

/** mark, collect, unmap and signal, then unlock: the tail of both kill paths, inline in `caller` */
function killSequence(caller: string, collect: string, unlock: Branch, requires?: FeatureId[]) {
  const group: StateGroup = 'kill';
  return {
    [inline(caller, 'SetPageHWPoison')]: {
      fn: 'SetPageHWPoison',
      file: 'include/linux/page-flags.h',
      op: SetPageHWPoison,
      group,
      requires,
      next: { next: goto(collect) },
    },
    [inline(caller, 'unmap_and_kill')]: {
      fn: 'unmap_and_kill',
      file: MF,
      op: unmap_and_kill,
      group,
      requires,
      next: { next: goto(inline(caller, 'kill_procs')) },
    },
    [inline(caller, 'kill_procs')]: {
      fn: 'kill_procs',
      file: MF,
      op: kill_procs,
      group,
      requires,
      next: { next: unlock },
    },
  } satisfies Record<string, StateSpec>;
}

export const STATE_SPECS: Record<string, StateSpec> = {
  // ---- entry points: each scenario event enters the kernel at one of these -------------------------
  ...mfCaller('madvise_inject_error', 'mm/madvise.c', madvise_inject_error, madvise_inject_error_ret, true),
  do_machine_check: {
    fn: 'do_machine_check',
    file: MCE,
    op: do_machine_check,
    group: 'entry',
    next: {
      kill_me_maybe: goto('kill_me_maybe', TASK_WORK),
      kill_me_now: goto('kill_me_now', TASK_WORK),
      do_memory_failure: without(
        TASK_WORK,
        call('do_memory_failure', resumeState('do_machine_check', 'do_memory_failure')),
      ),
      force_sig: without(TASK_WORK, goto(inline('do_machine_check', 'force_sig'))),
      // an action-optional bank: the decode chain's notifier, no task work
      uc_decode_notifier: goto('uc_decode_notifier'),
      // logged (or skipped) and nothing more: severity below AR with RIPV set
      return: RET,
      // mce_panic()
      panic: goto('panic'),
    },
  },
  // v4.19: the #MC handler calls memory_failure() itself and signals current when it fails
  ...mfCaller('do_memory_failure', MCE_419, do_memory_failure, do_memory_failure_ret),
  [resumeState('do_machine_check', 'do_memory_failure')]: {
    fn: 'do_machine_check',
    file: MCE_419,
    op: do_machine_check_ret,
    group: 'entry',
    after: 'do_memory_failure',
    unless: [TASK_WORK],
    next: { force_sig: goto(inline('do_machine_check', 'force_sig')), return: RET },
  },
  [inline('do_machine_check', 'force_sig')]: {
    fn: 'force_sig',
    file: 'kernel/signal.c',
    op: force_sig_bus,
    group: 'entry',
    unless: [TASK_WORK],
    next: { return: RET },
  },
  // the task work queued when the error cannot be attributed: a bare SIGBUS, no memory_failure()
  kill_me_now: {
    fn: 'kill_me_now',
    file: MCE,
    op: kill_me_now,
    group: 'entry',
    requires: [TASK_WORK],
    next: { return: RET },
  },
  ...mfCaller('kill_me_maybe', MCE, kill_me_maybe, kill_me_maybe_ret),
  ...mfCaller('uc_decode_notifier', MCE, uc_decode_notifier, asyncReturn),
  ...mfCaller('memory_failure_work_func', MF, memory_failure_work_func, asyncReturn),
  ...mfCaller('hwpoison_inject', 'mm/hwpoison-inject.c', hwpoison_inject, hwpoison_inject_ret, false, true),
  kill_dax: {
    fn: 'kill_dax',
    file: 'drivers/dax/super.c',
    op: kill_dax,
    group: 'entry',
    next: {
      notify: call(
        'dax_holder_notify_failure',
        resumeState('kill_dax', 'dax_holder_notify_failure'),
        'kill-dax-notify',
      ),
      return: RET,
    },
  },
  [resumeState('kill_dax', 'dax_holder_notify_failure')]: {
    fn: 'kill_dax',
    file: 'drivers/dax/super.c',
    op: kill_dax_ret,
    group: 'entry',
    after: 'dax_holder_notify_failure',
    requires: ['kill-dax-notify'],
    next: { return: RET },
  },
  handle_mm_fault: {
    fn: 'handle_mm_fault',
    file: 'mm/memory.c',
    op: handle_mm_fault_op,
    group: 'entry',
    next: { machine_check: goto('do_machine_check'), do_sigbus: goto('do_sigbus'), return: RET },
  },
  do_sigbus: { fn: 'do_sigbus', file: 'arch/x86/mm/fault.c', op: do_sigbus, group: 'entry', next: { return: RET } },
  dax_iomap_rw: { fn: 'dax_iomap_rw', file: 'fs/dax.c', op: dax_iomap_rw, group: 'entry', next: { return: RET } },
  // the filesystem is unmounted or mounted again between events
  path_umount: {
    fn: 'path_umount',
    file: 'fs/namespace.c',
    op: path_umount,
    group: 'entry',
    next: { shutdown: goto('generic_shutdown_super'), return: RET },
  },
  generic_shutdown_super: {
    fn: 'generic_shutdown_super',
    file: 'fs/super.c',
    op: generic_shutdown_super,
    group: 'entry',
    next: { return: RET },
  },
  path_mount: { fn: 'path_mount', file: 'fs/namespace.c', op: path_mount, group: 'entry', next: { return: RET } },
  // mkfs of an unmounted device: user space writes a fresh filesystem through the block device
  blkdev_open: {
    fn: 'blkdev_open',
    file: 'block/fops.c',
    op: blkdev_open,
    group: 'entry',
    next: { next: goto('blkdev_write_iter'), return: RET },
  },
  blkdev_write_iter: {
    fn: 'blkdev_write_iter',
    file: 'block/fops.c',
    op: blkdev_write_iter,
    group: 'entry',
    next: { return: RET },
  },
  // a process exits, or is created and maps and touches files, between other events
  do_exit: { fn: 'do_exit', file: 'kernel/exit.c', op: do_exit, group: 'entry', next: { return: RET } },
  kernel_clone: {
    fn: 'kernel_clone',
    file: 'kernel/fork.c',
    op: kernel_clone,
    group: 'entry',
    next: { mmap: goto('do_mmap'), fault: goto(inline('kernel_clone', 'handle_mm_fault')), return: RET },
  },
  do_mmap: {
    fn: 'do_mmap',
    file: 'mm/mmap.c',
    op: do_mmap_op,
    group: 'entry',
    next: { mmap: goto('do_mmap'), fault: goto(inline('kernel_clone', 'handle_mm_fault')), return: RET },
  },
  [inline('kernel_clone', 'handle_mm_fault')]: {
    fn: 'handle_mm_fault',
    file: 'mm/memory.c',
    op: spawn_fault,
    group: 'entry',
    next: { fault: goto(inline('kernel_clone', 'handle_mm_fault')), do_sigbus: goto('do_sigbus'), return: RET },
  },

  // ---- memory_failure() and its dev_pagemap branch ----------------------------------------------------
  memory_failure: {
    fn: 'memory_failure',
    file: MF,
    op: memory_failure,
    group: 'memory_failure',
    // memory_failure() returns what memory_failure_dev_pagemap() returns: a tail call
    next: { dev_pagemap: goto('memory_failure_dev_pagemap'), return: RET, panic: goto('panic') },
  },
  memory_failure_dev_pagemap: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap,
    group: 'memory_failure',
    next: {
      ops: [
        // rfc-2020-corrupted-range: the driver's op is pmem_pgmap_memory_failure(), through the block layer
        call('pmem_pgmap_memory_failure', resumeState('memory_failure_dev_pagemap', 'pmem_pgmap_memory_failure'), CR),
        call(
          'pmem_pagemap_memory_failure',
          resumeState('memory_failure_dev_pagemap', 'pmem_pagemap_memory_failure'),
          'mf-holder-notify',
        ),
      ],
      get_shared_files: call(
        'xfs_fs_get_shared_files',
        resumeState('memory_failure_dev_pagemap', 'xfs_fs_get_shared_files'),
        GSF,
      ),
      generic: call(
        'mf_generic_kill_procs',
        resumeState('memory_failure_dev_pagemap', 'mf_generic_kill_procs'),
        HELPERS,
      ),
      inline: without(HELPERS, goto(MFDP('dax_lock_mapping_entry'))),
      action_result: goto('action_result'),
    },
  },
  // ---- v4.19: memory_failure_dev_pagemap() with everything inline (6100e34b2526) -------------------
  [MFDP('dax_lock_mapping_entry')]: {
    fn: 'dax_lock_mapping_entry',
    file: 'fs/dax.c',
    op: dax_lock_mapping_entry_page,
    group: 'generic',
    unless: [HELPERS],
    // `if (!dax_lock_mapping_entry(page)) goto out;`: out is action_result()
    next: { locked: goto(MFDP('hwpoison_filter')), fail: goto('action_result') },
  },
  [MFDP('hwpoison_filter')]: {
    fn: 'hwpoison_filter',
    file: MF,
    op: hwpoison_filter_page,
    group: 'generic',
    unless: [HELPERS],
    next: { pass: goto(MFDP('SetPageHWPoison')) },
  },
  [MFDP('SetPageHWPoison')]: {
    fn: 'SetPageHWPoison',
    file: 'include/linux/page-flags.h',
    op: SetPageHWPoison,
    group: 'kill',
    unless: [HELPERS],
    next: { next: goto(MFDP('collect_procs_file')) },
  },
  // collect_procs() → collect_procs_file(page, &tokill, force_early = MF_ACTION_REQUIRED)
  [MFDP('collect_procs_file')]: {
    fn: 'collect_procs_file',
    file: MF,
    op: collect_procs_file,
    group: 'generic',
    unless: [HELPERS],
    next: { next: goto(MFDP('unmap_mapping_range')) },
  },
  [MFDP('unmap_mapping_range')]: {
    fn: 'unmap_mapping_range',
    file: 'mm/memory.c',
    op: unmap_mapping_range_inline,
    group: 'kill',
    unless: [HELPERS],
    next: { next: goto(MFDP('kill_procs')) },
  },
  [MFDP('kill_procs')]: {
    fn: 'kill_procs',
    file: MF,
    op: kill_procs,
    group: 'kill',
    unless: [HELPERS],
    next: { next: goto(MFDP('dax_unlock_mapping_entry')) },
  },
  [MFDP('dax_unlock_mapping_entry')]: {
    fn: 'dax_unlock_mapping_entry',
    file: 'fs/dax.c',
    op: dax_unlock_mapping_entry_page,
    group: 'generic',
    unless: [HELPERS],
    next: { next: goto('action_result') },
  },
  // ---- rfc-2020-get-shared-files: the owner list, then memory_failure's walk of it ----------------------
  [resumeState('memory_failure_dev_pagemap', 'xfs_fs_get_shared_files')]: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap_walk,
    group: 'memory_failure',
    after: 'xfs_fs_get_shared_files',
    requires: [GSF],
    next: {
      kill: call('mf_dax_kill_procs', resumeState('memory_failure_dev_pagemap', 'mf_dax_kill_procs')),
      action_result: goto('action_result'),
    },
  },
  [resumeState('memory_failure_dev_pagemap', 'mf_dax_kill_procs')]: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap_walk,
    group: 'memory_failure',
    after: 'mf_dax_kill_procs',
    requires: [GSF],
    next: {
      kill: call('mf_dax_kill_procs', resumeState('memory_failure_dev_pagemap', 'mf_dax_kill_procs')),
      action_result: goto('action_result'),
    },
  },
  xfs_fs_get_shared_files: {
    fn: 'xfs_fs_get_shared_files',
    file: 'fs/xfs/xfs_super.c',
    op: xfs_fs_get_shared_files,
    group: 'xfs',
    requires: [GSF],
    next: { query: call(GSF_QUERY, resumeState('xfs_fs_get_shared_files', GSF_QUERY)) },
  },
  // the same xfs_rmap_query_range() as the holder's, with the RFC's callback
  [GSF_QUERY]: {
    fn: 'xfs_rmap_query_range',
    file: 'fs/xfs/libxfs/xfs_rmap.c',
    op: xfs_rmap_query_range,
    group: 'xfs',
    requires: [GSF],
    next: {
      record: call('_get_shared_files_fn', resumeState('xfs_rmap_query_range', '_get_shared_files_fn')),
      return: RET,
    },
  },
  [resumeState('xfs_fs_get_shared_files', GSF_QUERY)]: {
    fn: 'xfs_fs_get_shared_files',
    file: 'fs/xfs/xfs_super.c',
    op: xfs_fs_get_shared_files_ret,
    group: 'xfs',
    after: GSF_QUERY,
    requires: [GSF],
    next: { return: RET },
  },
  _get_shared_files_fn: {
    fn: '_get_shared_files_fn',
    file: 'fs/xfs/xfs_super.c',
    op: _get_shared_files_fn,
    group: 'xfs',
    requires: [GSF],
    // an oops ends the run: the task dies holding the AGF buffer and the transaction
    next: { return: RET, oops: goto('oops') },
  },
  [resumeState('xfs_rmap_query_range', '_get_shared_files_fn')]: {
    fn: 'xfs_rmap_query_range',
    file: 'fs/xfs/libxfs/xfs_rmap.c',
    op: xfs_rmap_query_range_ret,
    group: 'xfs',
    after: '_get_shared_files_fn',
    requires: [GSF],
    next: {
      record: call('_get_shared_files_fn', resumeState('xfs_rmap_query_range', '_get_shared_files_fn')),
      return: RET,
    },
  },
  // ---- rfc-2020-corrupted-range: pmem asks the superblock on the failed sector -------------------------
  pmem_pgmap_memory_failure: {
    fn: 'pmem_pgmap_memory_failure',
    file: 'drivers/nvdimm/pmem.c',
    op: pmem_pgmap_memory_failure,
    group: 'holder',
    requires: [CR],
    next: { holder: goto('xfs_dax_notify_failure'), return: RET },
  },
  [resumeState('memory_failure_dev_pagemap', 'pmem_pgmap_memory_failure')]: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap_ret_ops,
    group: 'memory_failure',
    after: 'pmem_pgmap_memory_failure',
    requires: [CR],
    next: {
      generic: call('mf_generic_kill_procs', resumeState('memory_failure_dev_pagemap', 'mf_generic_kill_procs')),
      action_result: goto('action_result'),
      return: RET,
    },
  },
  [resumeState('memory_failure_dev_pagemap', 'pmem_pagemap_memory_failure')]: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap_ret_ops,
    group: 'memory_failure',
    after: 'pmem_pagemap_memory_failure',
    requires: HOLDER,
    next: {
      generic: call('mf_generic_kill_procs', resumeState('memory_failure_dev_pagemap', 'mf_generic_kill_procs')),
      action_result: goto('action_result'),
    },
  },
  [resumeState('memory_failure_dev_pagemap', 'mf_generic_kill_procs')]: {
    fn: 'memory_failure_dev_pagemap',
    file: MF,
    op: memory_failure_dev_pagemap_ret_generic,
    group: 'memory_failure',
    after: 'mf_generic_kill_procs',
    next: { action_result: goto('action_result'), return: RET },
  },
  // a leaf call at memory_failure_dev_pagemap()'s `out:` label; the function returns rc after it
  action_result: { fn: 'action_result', file: MF, op: action_result, group: 'memory_failure', next: { return: RET } },

  // ---- the driver and its holder ------------------------------------------------------------------
  pmem_pagemap_memory_failure: {
    fn: 'pmem_pagemap_memory_failure',
    file: 'drivers/nvdimm/pmem.c',
    op: pmem_pagemap_memory_failure,
    group: 'holder',
    requires: HOLDER,
    // `return dax_holder_notify_failure(...)`: a tail call
    next: { notify: goto('dax_holder_notify_failure') },
  },
  dax_holder_notify_failure: {
    fn: 'dax_holder_notify_failure',
    file: 'drivers/dax/super.c',
    op: dax_holder_notify_failure,
    group: 'holder',
    requires: HOLDER,
    // `rc = holder_ops->notify_failure(...)` and return rc: a tail call as far as the model goes
    next: { holder: goto('xfs_dax_notify_failure'), return: RET },
  },
  xfs_dax_notify_failure: {
    fn: 'xfs_dax_notify_failure',
    file: XFS,
    op: xfs_dax_notify_failure,
    group: 'xfs',
    requires: HOLDER,
    // `return xfs_dax_notify_ddev_failure(...)`
    next: { ddev: goto('xfs_dax_notify_ddev_failure'), return: RET },
  },
  xfs_dax_notify_ddev_failure: {
    fn: 'xfs_dax_notify_ddev_failure',
    file: XFS,
    op: xfs_dax_notify_ddev_failure,
    group: 'xfs',
    requires: HOLDER,
    next: { query: call('xfs_rmap_query_range', resumeState('xfs_dax_notify_ddev_failure', 'xfs_rmap_query_range')) },
  },
  [resumeState('xfs_dax_notify_ddev_failure', 'xfs_rmap_query_range')]: {
    fn: 'xfs_dax_notify_ddev_failure',
    file: XFS,
    op: xfs_dax_notify_ddev_failure_ret,
    group: 'xfs',
    after: 'xfs_rmap_query_range',
    requires: HOLDER,
    next: {
      query: call('xfs_rmap_query_range', resumeState('xfs_dax_notify_ddev_failure', 'xfs_rmap_query_range')),
      return: RET,
    },
  },
  xfs_rmap_query_range: {
    fn: 'xfs_rmap_query_range',
    file: 'fs/xfs/libxfs/xfs_rmap.c',
    op: xfs_rmap_query_range,
    group: 'xfs',
    requires: HOLDER,
    next: {
      record: call('xfs_dax_failure_fn', resumeState('xfs_rmap_query_range', 'xfs_dax_failure_fn')),
      return: RET,
    },
  },
  [resumeState('xfs_rmap_query_range', 'xfs_dax_failure_fn')]: {
    fn: 'xfs_rmap_query_range',
    file: 'fs/xfs/libxfs/xfs_rmap.c',
    op: xfs_rmap_query_range_ret,
    group: 'xfs',
    after: 'xfs_dax_failure_fn',
    requires: HOLDER,
    next: {
      record: call('xfs_dax_failure_fn', resumeState('xfs_rmap_query_range', 'xfs_dax_failure_fn')),
      return: RET,
    },
  },
  xfs_dax_failure_fn: {
    fn: 'xfs_dax_failure_fn',
    file: XFS,
    op: xfs_dax_failure_fn,
    group: 'xfs',
    requires: HOLDER,
    next: {
      kill: call('mf_dax_kill_procs', resumeState('xfs_dax_failure_fn', 'mf_dax_kill_procs')),
      return: RET,
    },
  },
  [resumeState('xfs_dax_failure_fn', 'mf_dax_kill_procs')]: {
    fn: 'xfs_dax_failure_fn',
    file: XFS,
    op: xfs_dax_failure_fn_ret,
    group: 'xfs',
    after: 'mf_dax_kill_procs',
    requires: HOLDER,
    next: { return: RET },
  },
  // mf_dax_kill_procs(): one pass of its loop per index, its leaf calls inline
  mf_dax_kill_procs: {
    fn: 'mf_dax_kill_procs',
    file: MF,
    op: mf_dax_kill_procs,
    group: 'holder',
    requires: HOLDER,
    // the designs replace the locked per-index body: v4 reads the entry unlocked, the short-circuit
    // proposal leaves the collect to the filesystem; 6.12 locks the entry
    next: {
      next: [
        goto(inline('mf_dax_kill_procs', 'dax_load_pfn'), V4),
        goto(inline('mf_dax_kill_procs', 'collect_procs'), SHORT),
        goto('dax_lock_mapping_entry'),
      ],
      return: RET,
    },
  },
  [inline('mf_dax_kill_procs', 'dax_load_pfn')]: {
    fn: 'dax_load_pfn',
    file: 'fs/dax.c',
    op: dax_load_pfn,
    group: 'holder',
    requires: [V4],
    next: { next: goto(inline('mf_dax_kill_procs', 'collect_procs_file')) },
  },
  [inline('mf_dax_kill_procs', 'collect_procs_file')]: {
    fn: 'collect_procs_file',
    file: MF,
    op: collect_procs_file_v4,
    group: 'holder',
    requires: [V4],
    next: { next: goto(inline('mf_dax_kill_procs', 'unmap_and_kill')) },
  },
  [inline('mf_dax_kill_procs', 'collect_procs')]: {
    fn: 'collect_procs',
    file: MF,
    op: collect_procs_file_fs,
    group: 'holder',
    requires: [SHORT],
    next: { next: goto(inline('mf_dax_kill_procs', 'kill_procs')) },
  },
  dax_lock_mapping_entry: {
    fn: 'dax_lock_mapping_entry',
    file: 'fs/dax.c',
    op: dax_lock_mapping_entry,
    group: 'holder',
    requires: HOLDER,
    next: {
      locked: goto(inline('mf_dax_kill_procs', 'SetPageHWPoison')),
      revoke: goto('collect_procs_fsdax', 'mf-pre-remove'),
      none: goto('dax_unlock_mapping_entry'),
      // `if (!cookie) return -EBUSY;` in mf_dax_kill_procs()
      busy: RET,
    },
  },
  collect_procs_fsdax: {
    fn: 'collect_procs_fsdax',
    file: MF,
    op: collect_procs_fsdax,
    group: 'holder',
    requires: HOLDER,
    next: { next: goto(inline('mf_dax_kill_procs', 'unmap_and_kill')) },
  },
  dax_unlock_mapping_entry: {
    fn: 'dax_unlock_mapping_entry',
    file: 'fs/dax.c',
    op: dax_unlock_mapping_entry,
    group: 'holder',
    requires: HOLDER,
    next: { next: goto('mf_dax_kill_procs') },
  },

  // ---- the generic path: one owner through folio->mapping and folio->index ---------------------------
  mf_generic_kill_procs: {
    fn: 'mf_generic_kill_procs',
    file: MF,
    op: mf_generic_kill_procs,
    group: 'generic',
    next: { next: [goto('dax_lock_folio', FOLIO), without(FOLIO, goto('dax_lock_page'))] },
  },
  dax_lock_folio: {
    fn: 'dax_lock_folio',
    file: 'fs/dax.c',
    op: dax_lock_folio,
    group: 'generic',
    requires: [FOLIO],
    // `if (!cookie) return -EBUSY;` in mf_generic_kill_procs()
    next: { locked: goto('hwpoison_filter'), fail: RET },
  },
  dax_lock_page: {
    fn: 'dax_lock_page',
    file: 'fs/dax.c',
    op: dax_lock_page,
    group: 'generic',
    unless: [FOLIO],
    next: { locked: goto('hwpoison_filter'), fail: RET },
  },
  hwpoison_filter: {
    fn: 'hwpoison_filter',
    file: MF,
    op: hwpoison_filter,
    group: 'generic',
    next: { pass: goto(inline('mf_generic_kill_procs', 'SetPageHWPoison')) },
  },
  collect_procs_file: {
    fn: 'collect_procs_file',
    file: MF,
    op: collect_procs_file,
    group: 'generic',
    next: { next: goto(inline('mf_generic_kill_procs', 'unmap_and_kill')) },
  },
  dax_unlock_folio: {
    fn: 'dax_unlock_folio',
    file: 'fs/dax.c',
    op: dax_unlock_folio,
    group: 'generic',
    requires: [FOLIO],
    next: { return: RET },
  },
  dax_unlock_page: {
    fn: 'dax_unlock_page',
    file: 'fs/dax.c',
    op: dax_unlock_page,
    group: 'generic',
    unless: [FOLIO],
    next: { return: RET },
  },

  ...killSequence('mf_generic_kill_procs', 'collect_procs_file', [
    goto('dax_unlock_folio', FOLIO),
    without(FOLIO, goto('dax_unlock_page')),
  ]),
  ...killSequence(
    'mf_dax_kill_procs',
    'collect_procs_fsdax',
    // v4 handles one index and returns 0; the proposal's filesystem goes on to its next index
    [{ ret: true, requires: V4 }, goto('mf_dax_kill_procs', SHORT), goto('dax_unlock_mapping_entry')],
    HOLDER,
  ),
  get_signal: {
    fn: 'get_signal',
    file: 'kernel/signal.c',
    op: get_signal,
    group: 'entry',
    next: { done: goto('next_event') },
  },
};

// ---- file changes that can race a failure: truncate, punch-hole, reflink remap, munmap -------------------
// A linear chain per change; `wait` (a racing task that meets an entry or AGF the failure's handler holds)
// runs the same step again once that is released (pipeline/race.ts). A plain event waits only for a
// pinned page (v4.17+): it sleeps until a later unpin event's put_page() wakes it.

type ChainStep = [fn: string, file: string, op: KernelOp, branches?: string[], requires?: FeatureId];

/**
 * The chain's states, `entry` first, the others named `entry/fn`; the last returns. A step with
 * `requires` exists only in the variants that have the feature: elsewhere its predecessor goes on to
 * the step after it. `wait` sleeps (task_sleeps): a racing task or a sleeping event runs the same
 * step again once what it waits for is released (race.ts).
 */
function fileChangeChain(entry: string, steps: ChainStep[]): Record<string, StateSpec> {
  const id = (i: number) => (i === 0 ? entry : inline(entry, steps[i][0]));
  const onTo = (i: number): Branch => {
    if (i >= steps.length) return RET;
    const req = steps[i][4];
    if (!req) return goto(id(i));
    const after = onTo(i + 1);
    return [goto(id(i), req), ...(Array.isArray(after) ? after : [after]).map((e) => ({ ...e, unless: req }))];
  };
  const out: Record<string, StateSpec> = {};
  steps.forEach(([fn, file, op, branches = ['next'], req], i) => {
    const next: Record<string, Branch> = {};
    for (const b of branches) {
      if (b === 'wait') next.wait = goto('task_sleeps');
      else if (b === 'return') next.return = RET;
      else next[b] = onTo(i + 1);
    }
    out[id(i)] = { fn, file, op, group: 'entry', next, ...(req ? { requires: [req] } : {}) };
  });
  return out;
}

const DAX = 'fs/dax.c';
/** xfs_break_dax_layouts() → dax_layout_busy_page_range(): v4.17 (5fac7408d828) */
const BUSY: ChainStep = [
  'dax_layout_busy_page_range',
  DAX,
  dax_layout_busy_page_range,
  ['next', 'wait'],
  'dax-layout-busy-page',
];
const DELETE: ChainStep = ['dax_delete_mapping_entry', DAX, dax_delete_mapping_entry];
const FREE: ChainStep = ['__xfs_free_extent', 'fs/xfs/libxfs/xfs_alloc.c', __xfs_free_extent, ['return', 'wait']];
const UNMAP_RANGE: ChainStep = ['truncate_pagecache_range', 'mm/truncate.c', truncate_pagecache_range];

/**
 * xfs_file_fallocate(): punch-hole's chain, and after the layout break (or at once before v4.17) the
 * allocation of FALLOC_FL_ALLOCATE_RANGE: xfs_alloc_file_space(), then xfs_falloc_setsize().
 */
function fallocateChain(): Record<string, StateSpec> {
  const out = fileChangeChain('xfs_file_fallocate', [
    ['xfs_file_fallocate', 'fs/xfs/xfs_file.c', xfs_file_fallocate],
    BUSY,
    UNMAP_RANGE,
    DELETE,
    ['xfs_free_file_space', 'fs/xfs/xfs_bmap_util.c', xfs_free_file_space, ['free', 'return']],
    FREE,
  ]);
  const alloc = inline('xfs_file_fallocate', 'xfs_alloc_file_space');
  const setsize = inline('xfs_file_fallocate', 'xfs_falloc_setsize');
  out.xfs_file_fallocate.next.alloc = { goto: alloc, unless: 'dax-layout-busy-page' };
  out[inline('xfs_file_fallocate', 'dax_layout_busy_page_range')].next.alloc = goto(alloc);
  out[alloc] = {
    fn: 'xfs_alloc_file_space',
    file: 'fs/xfs/xfs_bmap_util.c',
    op: xfs_alloc_file_space,
    group: 'entry',
    next: { next: goto(setsize), return: RET },
  };
  out[setsize] = {
    fn: 'xfs_falloc_setsize',
    file: 'fs/xfs/xfs_file.c',
    op: xfs_falloc_setsize,
    group: 'entry',
    next: { return: RET },
  };
  return out;
}

export const FILE_CHANGE_SPECS: Record<string, StateSpec> = {
  ...fileChangeChain('xfs_vn_setattr', [
    ['xfs_vn_setattr', 'fs/xfs/xfs_iops.c', xfs_vn_setattr],
    BUSY,
    ['truncate_setsize', 'mm/truncate.c', truncate_setsize],
    DELETE,
    ['xfs_itruncate_extents', 'fs/xfs/xfs_inode.h', xfs_itruncate_extents, ['free', 'return']],
    FREE,
  ]),
  ...fallocateChain(),
  ...fileChangeChain('xfs_file_remap_range', [
    ['xfs_file_remap_range', 'fs/xfs/xfs_file.c', xfs_file_remap_range, ['next', 'return']],
    BUSY,
    UNMAP_RANGE,
    DELETE,
    ['xfs_reflink_remap_blocks', 'fs/xfs/xfs_reflink.c', xfs_reflink_remap_blocks, ['free', 'return']],
    FREE,
  ]),
  // ioctl(FICLONE): the VFS checks, then XFS's remap chain in the same frame
  vfs_clone_file_range: {
    fn: 'vfs_clone_file_range',
    file: 'fs/remap_range.c',
    op: vfs_clone_file_range,
    group: 'entry',
    next: { next: goto('xfs_file_remap_range'), return: RET },
  },
  ...fileChangeChain('do_vmi_munmap', [
    ['do_vmi_munmap', 'mm/vma.c', do_vmi_munmap, ['next', 'return']],
    ['unmap_region', 'mm/vma.c', unmap_region],
    ['remove_vma', 'mm/vma.c', remove_vma, ['return']],
  ]),
  // a process pins a range of its mapping for DMA, and the DMA's completion drops the references
  ...fileChangeChain('get_user_pages', [['get_user_pages', 'mm/gup.c', get_user_pages, ['return']]]),
  ...fileChangeChain('put_page', [['put_page', 'include/linux/mm.h', put_page, ['return']]]),
};
Object.assign(STATE_SPECS, FILE_CHANGE_SPECS);

// ---- write(2) of a DAX file: dax_iomap_rw() loops ->iomap_begin / dax_iomap_iter() (/ ->iomap_end) ------

/** The write states of one filesystem: its write_iter, its ->iomap_begin, the loop, its epilogue. */
function writeSpecs(
  entry: string,
  entryFile: string,
  begin: [fn: string, file: string],
  end: [fn: string, file: string] | null,
  epilogue: [fn: string, file: string],
): Record<string, StateSpec> {
  const id = (fn: string) => inline(entry, fn);
  const st = (fn: string, file: string, op: KernelOp, next: Record<string, Branch>): StateSpec => ({
    fn,
    file,
    op,
    group: 'entry',
    next,
  });
  const beginId = id(begin[0]);
  const epilogueId = id(epilogue[0]);
  const out: Record<string, StateSpec> = {
    [entry]: st(entry, entryFile, file_write_iter, { next: goto(beginId), return: RET }),
    [beginId]: st(begin[0], begin[1], write_iomap_begin, { next: goto(id('dax_iomap_iter')), done: goto(epilogueId) }),
    [id('dax_iomap_iter')]: st(
      'dax_iomap_iter',
      DAX,
      dax_iomap_iter,
      end ? { next: goto(id(end[0])) } : { more: goto(beginId), done: goto(epilogueId) },
    ),
    [epilogueId]: st(epilogue[0], epilogue[1], dax_write_epilogue, { return: RET }),
  };
  if (end)
    out[id(end[0])] = st(end[0], end[1], xfs_dax_write_iomap_end, { more: goto(beginId), done: goto(epilogueId) });
  return out;
}

export const WRITE_SPECS: Record<string, StateSpec> = {
  ...writeSpecs(
    'xfs_file_write_iter',
    'fs/xfs/xfs_file.c',
    ['xfs_direct_write_iomap_begin', 'fs/xfs/xfs_iomap.c'],
    ['xfs_dax_write_iomap_end', 'fs/xfs/xfs_iomap.c'],
    ['xfs_file_dax_write', 'fs/xfs/xfs_file.c'],
  ),
  ...writeSpecs('ext4_file_write_iter', 'fs/ext4/file.c', ['ext4_iomap_begin', 'fs/ext4/inode.c'], null, [
    'ext4_dax_write_iter',
    'fs/ext4/file.c',
  ]),
};
Object.assign(STATE_SPECS, WRITE_SPECS);

/** Which entry state handles each kind of scenario event. */
export const ENTRY: Record<string, string> = {
  madvise: 'madvise_inject_error',
  mce: 'do_machine_check',
  'async:mce': 'uc_decode_notifier',
  'async:ghes': 'memory_failure_work_func',
  'corrupt-pfn': 'hwpoison_inject',
  unbind: 'kill_dax',
  access: 'handle_mm_fault',
  read: 'dax_iomap_rw',
  'write:xfs': 'xfs_file_write_iter',
  'write:ext4': 'ext4_file_write_iter',
  truncate: 'xfs_vn_setattr',
  'punch-hole': 'xfs_file_fallocate',
  fallocate: 'xfs_file_fallocate',
  clone: 'vfs_clone_file_range',
  'reflink-remap': 'xfs_file_remap_range',
  munmap: 'do_vmi_munmap',
  pin: 'get_user_pages',
  unpin: 'put_page',
  exit: 'do_exit',
  spawn: 'kernel_clone',
  umount: 'path_umount',
  mount: 'path_mount',
  mkfs: 'blkdev_open',
};

/** States that are not kernel functions and record no step. */
export const PSEUDO_STATES: Record<string, string> = {
  next_event: 'the next scenario event enters the kernel at its entry point',
  event_end: 'back to user space: pending signals are delivered by get_signal()',
  panic: 'panic("Memory failure on page %lx"): the machine stops',
  oops: 'a kernel oops (design variants): the task dies in kernel mode holding its locks; the run ends',
  done: 'all scenario events handled',
  task_sleeps:
    'the task sleeps in the kernel (TASK_UNINTERRUPTIBLE / TASK_INTERRUPTIBLE) on what another task holds; the next event runs, and the sleeper runs on, in its own steps, once that is released',
};
