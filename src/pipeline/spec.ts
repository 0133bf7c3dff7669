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
  do_sigbus,
  get_signal,
  handle_mm_fault_op,
  hwpoison_inject,
  hwpoison_inject_ret,
  kill_me_maybe,
  kill_me_maybe_ret,
  kill_me_now,
  madvise_inject_error,
  madvise_inject_error_ret,
  memory_failure_work_func,
  uc_decode_notifier,
} from '../kernel/arch/entry';
import { dax_holder_notify_failure, kill_dax, kill_dax_ret, pmem_pagemap_memory_failure } from '../kernel/drivers/pmem';
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
import {
  action_result,
  collect_procs_file,
  collect_procs_fsdax,
  dax_lock_folio,
  dax_lock_mapping_entry,
  dax_lock_page,
  dax_unlock_folio,
  dax_unlock_mapping_entry,
  dax_unlock_page,
  hwpoison_filter,
  kill_procs,
  memory_failure,
  memory_failure_dev_pagemap,
  memory_failure_dev_pagemap_ret_generic,
  memory_failure_dev_pagemap_ret_ops,
  mf_dax_kill_procs,
  mf_generic_kill_procs,
  SetPageHWPoison,
  unmap_and_kill,
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
      kill_me_maybe: goto('kill_me_maybe'),
      kill_me_now: goto('kill_me_now'),
      // an action-optional bank: the decode chain's notifier, no task work
      uc_decode_notifier: goto('uc_decode_notifier'),
      // logged (or skipped) and nothing more: severity below AR with RIPV set
      return: RET,
      // mce_panic()
      panic: goto('panic'),
    },
  },
  // the task work queued when the error cannot be attributed: a bare SIGBUS, no memory_failure()
  kill_me_now: { fn: 'kill_me_now', file: MCE, op: kill_me_now, group: 'entry', next: { return: RET } },
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
      ops: call(
        'pmem_pagemap_memory_failure',
        resumeState('memory_failure_dev_pagemap', 'pmem_pagemap_memory_failure'),
        'mf-holder-notify',
      ),
      generic: call('mf_generic_kill_procs', resumeState('memory_failure_dev_pagemap', 'mf_generic_kill_procs')),
      action_result: goto('action_result'),
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
    next: { next: goto('dax_lock_mapping_entry'), return: RET },
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
  ...killSequence('mf_dax_kill_procs', 'collect_procs_fsdax', goto('dax_unlock_mapping_entry'), HOLDER),
  get_signal: {
    fn: 'get_signal',
    file: 'kernel/signal.c',
    op: get_signal,
    group: 'entry',
    next: { done: goto('next_event') },
  },
};

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
  exit: 'do_exit',
  spawn: 'kernel_clone',
  umount: 'path_umount',
  mount: 'path_mount',
};

/** States that are not kernel functions and record no step. */
export const PSEUDO_STATES: Record<string, string> = {
  next_event: 'the next scenario event enters the kernel at its entry point',
  event_end: 'back to user space: pending signals are delivered by get_signal()',
  panic: 'panic("Memory failure on page %lx"): the machine stops',
  done: 'all scenario events handled',
};
