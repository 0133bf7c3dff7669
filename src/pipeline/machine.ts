/**
 * The memory-failure pipeline as a statechart. Each state is one kernel function; entering it runs that
 * function as one step on the simulated kernel; the `step` event then follows the branch the function
 * took. Guards read only the branch the step recorded, with the fields and values that decided it.
 * Call/return is explicit: memory_failure() returns to the entry point that called it
 * (`memory_failure_return`), dax_holder_notify_failure() to pmem or kill_dax. Linux v6.12.
 */
import { setup } from 'xstate';
import {
  asyncReport,
  dax_iomap_rw,
  do_machine_check,
  do_sigbus,
  get_signal,
  handle_mm_fault_op,
  hwpoison_inject,
  kill_me_maybe,
  madvise_inject_error,
} from '../kernel/arch/entry';
import { dax_holder_notify_failure, kill_dax, pmem_pagemap_memory_failure } from '../kernel/drivers/pmem';
import {
  xfs_dax_failure_fn,
  xfs_dax_notify_ddev_failure,
  xfs_dax_notify_failure,
  xfs_rmap_query_range,
} from '../kernel/fs/xfs/xfs_notify_failure';
import {
  action_result,
  collect_procs_file,
  collect_procs_fsdax,
  dax_lock_folio,
  dax_lock_mapping_entry,
  dax_unlock_folio,
  dax_unlock_mapping_entry,
  hwpoison_filter,
  kill_procs,
  memory_failure,
  memory_failure_dev_pagemap,
  mf_dax_kill_procs,
  mf_generic_kill_procs,
  SetPageHWPoison,
  unmap_and_kill,
} from '../kernel/mm/memory-failure';
import { tasksWithPending } from '../kernel/signal';
import type { KernelOp } from '../kernel/step';
import { closeEvent, nextEvent, type Runtime, runStep } from './runtime';

/** A kernel function the machine can run: its file, its implementation, and where each branch goes. */
interface KernelStateSpec {
  file: string;
  op: KernelOp;
  group: 'entry' | 'memory_failure' | 'holder' | 'xfs' | 'generic' | 'kill';
  /** branch → next state */
  next: Record<string, string>;
}

export const KERNEL_STATES: Record<string, KernelStateSpec> = {
  // entry points
  madvise_inject_error: {
    file: 'mm/madvise.c',
    op: madvise_inject_error,
    group: 'entry',
    next: { memory_failure: 'memory_failure', return: 'event_end' },
  },
  do_machine_check: {
    file: 'arch/x86/kernel/cpu/mce/core.c',
    op: do_machine_check,
    group: 'entry',
    next: { kill_me_maybe: 'kill_me_maybe' },
  },
  kill_me_maybe: {
    file: 'arch/x86/kernel/cpu/mce/core.c',
    op: kill_me_maybe,
    group: 'entry',
    next: { memory_failure: 'memory_failure', return: 'event_end' },
  },
  uc_decode_notifier: {
    file: 'arch/x86/kernel/cpu/mce/core.c',
    op: asyncReport('uc_decode_notifier'),
    group: 'entry',
    next: { memory_failure: 'memory_failure', return: 'event_end' },
  },
  memory_failure_work_func: {
    file: 'mm/memory-failure.c',
    op: asyncReport('memory_failure_work_func'),
    group: 'entry',
    next: { memory_failure: 'memory_failure', return: 'event_end' },
  },
  hwpoison_inject: {
    file: 'mm/hwpoison-inject.c',
    op: hwpoison_inject,
    group: 'entry',
    next: { memory_failure: 'memory_failure', return: 'event_end' },
  },
  kill_dax: {
    file: 'drivers/dax/super.c',
    op: kill_dax,
    group: 'entry',
    next: { notify: 'dax_holder_notify_failure', return: 'event_end' },
  },
  handle_mm_fault: {
    file: 'mm/memory.c',
    op: handle_mm_fault_op,
    group: 'entry',
    next: { machine_check: 'do_machine_check', do_sigbus: 'do_sigbus', return: 'event_end' },
  },
  do_sigbus: { file: 'arch/x86/mm/fault.c', op: do_sigbus, group: 'entry', next: { return: 'event_end' } },
  dax_iomap_rw: { file: 'fs/dax.c', op: dax_iomap_rw, group: 'entry', next: { return: 'event_end' } },
  get_signal: { file: 'kernel/signal.c', op: get_signal, group: 'entry', next: { done: 'next_event' } },
  // memory_failure() and its dev_pagemap branch
  memory_failure: {
    file: 'mm/memory-failure.c',
    op: memory_failure,
    group: 'memory_failure',
    next: { dev_pagemap: 'memory_failure_dev_pagemap', return: 'memory_failure_return', panic: 'panic' },
  },
  memory_failure_dev_pagemap: {
    file: 'mm/memory-failure.c',
    op: memory_failure_dev_pagemap,
    group: 'memory_failure',
    next: {
      ops: 'pmem_pagemap_memory_failure',
      generic: 'mf_generic_kill_procs',
      action_result: 'action_result',
      return: 'memory_failure_return',
    },
  },
  action_result: {
    file: 'mm/memory-failure.c',
    op: action_result,
    group: 'memory_failure',
    next: { return: 'memory_failure_return' },
  },
  // the driver and its holder
  pmem_pagemap_memory_failure: {
    file: 'drivers/nvdimm/pmem.c',
    op: pmem_pagemap_memory_failure,
    group: 'holder',
    next: { notify: 'dax_holder_notify_failure' },
  },
  dax_holder_notify_failure: {
    file: 'drivers/dax/super.c',
    op: dax_holder_notify_failure,
    group: 'holder',
    next: { holder: 'xfs_dax_notify_failure', pmem: 'memory_failure_dev_pagemap', kill_dax: 'kill_dax' },
  },
  xfs_dax_notify_failure: {
    file: 'fs/xfs/xfs_notify_failure.c',
    op: xfs_dax_notify_failure,
    group: 'xfs',
    next: { ddev: 'xfs_dax_notify_ddev_failure', return: 'dax_holder_notify_failure' },
  },
  xfs_dax_notify_ddev_failure: {
    file: 'fs/xfs/xfs_notify_failure.c',
    op: xfs_dax_notify_ddev_failure,
    group: 'xfs',
    next: { query: 'xfs_rmap_query_range', return: 'dax_holder_notify_failure' },
  },
  xfs_rmap_query_range: {
    file: 'fs/xfs/libxfs/xfs_rmap.c',
    op: xfs_rmap_query_range,
    group: 'xfs',
    next: { records: 'xfs_dax_failure_fn', done: 'xfs_dax_notify_ddev_failure' },
  },
  xfs_dax_failure_fn: {
    file: 'fs/xfs/xfs_notify_failure.c',
    op: xfs_dax_failure_fn,
    group: 'xfs',
    next: {
      next: 'xfs_dax_failure_fn',
      kill: 'mf_dax_kill_procs',
      ag_done: 'xfs_rmap_query_range',
      stop: 'xfs_rmap_query_range',
    },
  },
  mf_dax_kill_procs: {
    file: 'mm/memory-failure.c',
    op: mf_dax_kill_procs,
    group: 'holder',
    next: { next: 'dax_lock_mapping_entry', return: 'xfs_dax_failure_fn' },
  },
  dax_lock_mapping_entry: {
    file: 'fs/dax.c',
    op: dax_lock_mapping_entry,
    group: 'holder',
    next: {
      locked: 'SetPageHWPoison',
      revoke: 'collect_procs_fsdax',
      none: 'dax_unlock_mapping_entry',
      busy: 'mf_dax_kill_procs',
    },
  },
  collect_procs_fsdax: {
    file: 'mm/memory-failure.c',
    op: collect_procs_fsdax,
    group: 'holder',
    next: { next: 'unmap_and_kill' },
  },
  dax_unlock_mapping_entry: {
    file: 'fs/dax.c',
    op: dax_unlock_mapping_entry,
    group: 'holder',
    next: { next: 'mf_dax_kill_procs' },
  },
  // the generic path
  mf_generic_kill_procs: {
    file: 'mm/memory-failure.c',
    op: mf_generic_kill_procs,
    group: 'generic',
    next: { next: 'dax_lock_folio' },
  },
  dax_lock_folio: {
    file: 'fs/dax.c',
    op: dax_lock_folio,
    group: 'generic',
    next: { locked: 'hwpoison_filter', fail: 'memory_failure_dev_pagemap' },
  },
  hwpoison_filter: {
    file: 'mm/memory-failure.c',
    op: hwpoison_filter,
    group: 'generic',
    next: { pass: 'SetPageHWPoison' },
  },
  collect_procs_file: {
    file: 'mm/memory-failure.c',
    op: collect_procs_file,
    group: 'generic',
    next: { next: 'unmap_and_kill' },
  },
  dax_unlock_folio: {
    file: 'fs/dax.c',
    op: dax_unlock_folio,
    group: 'generic',
    next: { return: 'memory_failure_dev_pagemap' },
  },
  // shared by both: mark, unmap, signal
  SetPageHWPoison: {
    file: 'include/linux/page-flags.h',
    op: SetPageHWPoison,
    group: 'kill',
    next: { generic: 'collect_procs_file', fsdax: 'collect_procs_fsdax' },
  },
  unmap_and_kill: { file: 'mm/memory-failure.c', op: unmap_and_kill, group: 'kill', next: { next: 'kill_procs' } },
  kill_procs: {
    file: 'mm/memory-failure.c',
    op: kill_procs,
    group: 'kill',
    next: { generic: 'dax_unlock_folio', fsdax: 'dax_unlock_mapping_entry' },
  },
};

/** Which entry state handles each kind of scenario event. */
const ENTRY: Record<string, string> = {
  madvise: 'madvise_inject_error',
  mce: 'do_machine_check',
  'async:mce': 'uc_decode_notifier',
  'async:ghes': 'memory_failure_work_func',
  'corrupt-pfn': 'hwpoison_inject',
  unbind: 'kill_dax',
  access: 'handle_mm_fault',
  read: 'dax_iomap_rw',
};

/** memory_failure() returns to its caller */
const CALLERS = [
  'madvise_inject_error',
  'kill_me_maybe',
  'uc_decode_notifier',
  'memory_failure_work_func',
  'hwpoison_inject',
];

function entryKey(rt: Runtime): string {
  const ev = rt.frame.event;
  return ev.kind === 'async' ? `async:${ev.source}` : ev.kind;
}

interface Ctx {
  rt: Runtime;
}

const kernelStates = Object.fromEntries(
  Object.entries(KERNEL_STATES).map(([fn, spec]) => [
    fn,
    {
      description: `${fn}() — ${spec.file}`,
      meta: { kernel: { fn, file: spec.file }, group: spec.group },
      entry: { type: 'run' as const, params: { fn } },
      on: {
        step: Object.entries(spec.next).map(([branch, target]) => ({
          guard: { type: 'branch' as const, params: { is: branch } },
          target,
          // loops (the next rmap record, the next index) re-enter the same state and run it again
          reenter: true,
        })),
      },
    },
  ]),
);

export const memoryFailureMachine = setup({
  types: {
    context: {} as Ctx,
    events: {} as { type: 'step' },
    input: {} as { rt: Runtime },
  },
  actions: {
    run: ({ context }, params: { fn: string }) => {
      const spec = KERNEL_STATES[params.fn];
      runStep(context.rt, params.fn, spec.file, spec.op);
    },
    nextEvent: ({ context }) => {
      nextEvent(context.rt);
    },
    closeEvent: ({ context }) => {
      closeEvent(context.rt);
    },
  },
  guards: {
    branch: ({ context }, params: { is: string }) => context.rt.frame.branch === params.is,
    entryIs: ({ context }, params: { is: string }) =>
      context.rt.eventIndex < context.rt.events.length && ENTRY[entryKey(context.rt)] === params.is,
    callerIs: ({ context }, params: { is: string }) => context.rt.frame.mfCaller === params.is,
    signalsPending: ({ context }) => tasksWithPending(context.rt.k).length > 0,
  },
}).createMachine({
  id: 'memoryFailure',
  context: ({ input }) => ({ rt: input.rt }),
  initial: 'next_event',
  states: {
    /** not a kernel function: takes the scenario's next event to the kernel entry point that handles it */
    next_event: {
      description: 'the next scenario event enters the kernel',
      entry: 'nextEvent',
      always: [
        ...Object.values(ENTRY).map((target) => ({
          guard: { type: 'entryIs' as const, params: { is: target } },
          target,
        })),
        { target: 'done' },
      ],
    },
    /** not a kernel function: memory_failure() returns to whichever entry point called it */
    memory_failure_return: {
      description: 'memory_failure() returns to its caller',
      always: CALLERS.map((target) => ({ guard: { type: 'callerIs' as const, params: { is: target } }, target })),
    },
    /** not a kernel function: back to user space, where pending signals are delivered */
    event_end: {
      description: 'return to user space',
      always: [{ guard: 'signalsPending', target: 'get_signal' }, { target: 'next_event' }],
    },
    ...kernelStates,
    panic: { type: 'final', description: 'panic("Memory failure on page %lx")', entry: 'closeEvent' },
    done: { type: 'final', description: 'all scenario events handled' },
  },
});

export type MemoryFailureMachine = typeof memoryFailureMachine;
