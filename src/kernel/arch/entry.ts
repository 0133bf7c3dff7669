/**
 * Where a memory failure enters the kernel, and how the event ends for user space.
 * Models: mm/madvise.c madvise_inject_error() (flags MF_ACTION_REQUIRED | MF_COUNT_INCREASED |
 * MF_SW_SIMULATED, stepping by the compound page size); arch/x86/kernel/cpu/mce/core.c
 * do_machine_check() → queue_task_work() → kill_me_maybe(), and uc_decode_notifier() for action-optional
 * errors; mm/memory-failure.c memory_failure_queue() → memory_failure_work_func() (GHES);
 * mm/hwpoison-inject.c hwpoison_inject() (debugfs corrupt-pfn); arch/x86/mm/fault.c do_sigbus();
 * fs/dax.c dax_iomap_rw() for read(2); kernel/signal.c get_signal().
 */
import type { Decision } from '../decision';
import { nfit_handle_mce } from '../drivers/pmem';
import { EFAULT, EHWPOISON, EIO, ENXIO, EOPNOTSUPP, errnoName } from '../errno';
import type { Frame, KernelEvent } from '../frame';
import { pageSet } from '../fs/dax';
import { extentAt } from '../fs/vfs';
import { nsId, pfnId, taskId } from '../ids';
import { blockToPfn, type Kernel, type Namespace } from '../kernel';
import { type FaultResult, handle_mm_fault } from '../mm/dax_fault';
import {
  MF_ACTION_REQUIRED,
  MF_COUNT_INCREASED,
  MF_MUST_KILL,
  MF_SW_SIMULATED,
  mfFlagNames,
} from '../mm/memory-failure';
import { printk } from '../printk';
import type { Task } from '../sched';
import { deliverPending, queueSignal, tasksWithPending } from '../signal';
import { type KernelOp, named, type StepOutcome } from '../step';
import { hex, PAGE_SHIFT, PAGE_SIZE, PFN_PHYS } from '../units';
import {
  decodeMce,
  MCG_STATUS_EIPV,
  MCG_STATUS_MCIP,
  MCG_STATUS_RIPV,
  MCI_STATUS_VAL,
  SRAR_DATA_LOAD,
} from './mce-severity';

type Ev<K extends KernelEvent['kind']> = Extract<KernelEvent, { kind: K }>;

// ---- madvise(MADV_HWPOISON) -------------------------------------------------------------------------

export const madvise_inject_error: KernelOp = (k, f) => {
  const ev = f.event as Ev<'madvise'>;
  // current is the calling thread; the page tables it faults are its process's (the leader's mm)
  f.current = k.task(ev.tid ?? ev.pid);
  f.start = ev.start;
  f.end = ev.start + ev.length;
  f.topReturn = 0;
  return madviseNextPage(k, f);
};

/** Back from memory_failure(): -EOPNOTSUPP counts as success; any other error ends the madvise. */
export const madvise_inject_error_ret: KernelOp = (k, f) => {
  const task = f.current as Task;
  const ret = f.rc === -EOPNOTSUPP ? 0 : (f.rc ?? 0);
  if (ret) {
    f.topReturn = ret;
    return {
      branch: 'return',
      summary: `memory_failure() returned ${errnoName(ret)}: madvise fails with it`,
      touched: [taskId(task.pid)],
    };
  }
  return madviseNextPage(k, f);
};

/** One pass of madvise_inject_error()'s loop: the page at f.start to memory_failure(), or done. */
function madviseNextPage(k: Kernel, f: Frame): StepOutcome {
  const task = k.task((f.event as Ev<'madvise'>).pid);
  if (f.start >= f.end)
    return { branch: 'return', summary: 'madvise(MADV_HWPOISON) returns 0', touched: [taskId(task.pid)] };
  // get_user_pages_fast(start, 1, 0, &page): fault the page in if it is not mapped
  let pt = task.mm ? k.lookupPt(task.mm, f.start) : null;
  const decisions: Decision[] = [];
  const touched = [taskId(task.pid)];
  if (!pt) {
    const r = handle_mm_fault(k, task, f.start);
    decisions.push(...r.decisions);
    touched.push(...r.touched);
    if (r.ret !== 'VM_FAULT_NOPAGE') {
      f.topReturn = r.ret === 'VM_FAULT_HWPOISON' ? -EHWPOISON : -EFAULT;
      return {
        branch: 'return',
        summary: `get_user_pages_fast() fails (${r.why}): madvise returns ${errnoName(f.topReturn)}`,
        decisions,
        touched,
      };
    }
    pt = r.entry;
  }
  if (!pt) throw new Error('unreachable: no page after a successful fault');
  const pfn = pt.pfn + Math.floor((f.start - pt.addr) / PAGE_SIZE);
  const ns = k.namespaceOfPfn(pfn) as Namespace;
  const head = ns.pages.compound_head(pfn);
  pageSet(k, ns, head, '_refcount', ns.pages.page(head)._refcount + 1);
  k.printk(printk.injecting(pfn, f.start));
  f.pfn = pfn;
  // 6.1 passes no MF_ACTION_REQUIRED; the DAX kill paths add it themselves, so only the flags differ
  f.flags = (k.has('madvise-action-required') ? MF_ACTION_REQUIRED : 0) | MF_COUNT_INCREASED | MF_SW_SIMULATED;
  const size = 2 ** (PAGE_SHIFT + ns.pages.page(head).compound_order);
  const at = f.start;
  f.start += size;
  f.ns = null;
  f.path = null;
  return {
    branch: 'memory_failure',
    summary: `get_user_pages_fast(${hex(at)}) → pfn ${hex(pfn)} (ref taken); memory_failure(${hex(pfn)}, ${mfFlagNames(f.flags)}); next address +${hex(size)}`,
    decisions,
    touched: [...touched, pfnId(pfn)],
  };
}

// ---- machine checks -------------------------------------------------------------------------------

/**
 * do_machine_check(): a task's access raised a machine check. The bank is decoded as the kernel decodes it
 * (mce-severity.ts: severities[], __mc_scan_banks()); an access event's machine check is QEMU's SRAR data
 * load with RIPV. A PANIC severity ends in mce_panic(). Otherwise, unless the severity is AR or RIPV is clear
 * (kill_current_task), nothing is queued on the task (6.12.117 core.c:1540-1541): a logged action-optional
 * error goes to the decode chain, whose uc_decode_notifier() calls memory_failure(pfn, 0). Else the task gets
 * task work: kill_me_maybe() (memory_failure() on the pfn), or kill_me_now() (a bare SIGBUS). Since v6.5 the
 * choice is whether the bank reported a usable address; before, whether MCG_STATUS.RIPV was clear.
 */
export const do_machine_check: KernelOp = (k, f) => {
  const ev = f.event as Ev<'mce'> | Ev<'access'>;
  // the consuming thread is current; a single-threaded process is its own leader
  const task = k.task(ev.tid ?? ev.pid);
  f.current = task;
  if (ev.kind === 'mce') f.pfn = ev.pfn;
  const m =
    ev.kind === 'mce'
      ? { bank: ev.bank, status: BigInt(ev.status), mcgstatus: BigInt(ev.mcgstatus), misc: BigInt(ev.misc) }
      : { ...SRAR_DATA_LOAD, mcgstatus: MCG_STATUS_RIPV | MCG_STATUS_EIPV | MCG_STATUS_MCIP };
  const d = decodeMce(m);
  const MCE_FILE = 'arch/x86/kernel/cpu/mce/core.c';
  const decisions: Decision[] = [
    {
      predicate: `mce_severity() == MCE_${d.severity}_SEVERITY ("${d.msg}")`,
      result: true,
      reads: [
        { path: `m.status (bank ${m.bank})`, value: `0x${m.status.toString(16)}` },
        { path: 'm.mcgstatus', value: `0x${m.mcgstatus.toString(16)}` },
        { path: 'm.misc', value: `0x${m.misc.toString(16)}` },
        { path: 'bits', value: d.bits.join('|') || 'none' },
      ],
      models: { fn: 'mce_severity', file: 'arch/x86/kernel/cpu/mce/severity.c' },
    },
  ];
  const where = `${task.comm}:${task.pid} at phys ${hex(PFN_PHYS(f.pfn))}`;
  if (d.skipped)
    return {
      branch: 'return',
      summary: `bank ${m.bank} ${m.status & MCI_STATUS_VAL ? 'not signalled (MCI_STATUS_S clear)' : 'not valid (MCI_STATUS_VAL clear)'}: __mc_scan_banks() leaves it to machine_check_poll(); nothing more in #MC context`,
      decisions,
      touched: [taskId(task.pid)],
    };
  const note = d.nfitBadblock
    ? nfit_handle_mce(k, f, PFN_PHYS(f.pfn))
    : 'nfit_handle_mce(): not a logged, uncorrected memory error with a usable address: no bad block';
  add_taint_machine_check(k);
  const touched = [taskId(task.pid), pfnId(f.pfn), ...(f.ns ? [nsId(f.ns.name)] : [])];
  if (d.severity === 'PANIC')
    return {
      branch: 'panic',
      summary: `${d.msg}: severity PANIC in ${where}; mce_panic(): the kernel panics (its console lines are not modelled: UNVERIFIED)`,
      decisions,
      touched,
    };
  const killCurrent = !d.ripv;
  if (d.severity !== 'AR' && !killCurrent) {
    if (d.logged) mce_notify_irq(k);
    const ao = d.severity === 'AO' && d.usableAddress;
    return {
      branch: ao ? 'uc_decode_notifier' : 'return',
      summary: `${d.msg} (${d.severity}) in ${where}; ${note}; ${d.logged ? 'mce_log()' : 'not logged'}; severity != AR and RIPV set: no task work${ao ? '; the decode chain runs uc_decode_notifier()' : ''}`,
      decisions,
      touched,
    };
  }
  // before task work (v5.8) the #MC handler handled an action-required error itself
  if (!k.has('mce-task-work')) return doMachineCheckInline(f, task, d.ripv, note);
  const byAddress = k.has('mce-usable-address-kill');
  const now = byAddress ? !d.usableAddress : killCurrent;
  decisions.push(
    byAddress
      ? {
          predicate: '!mce_usable_address(&m)',
          result: now,
          reads: [
            {
              path: 'm.status & (MCI_STATUS_ADDRV | MCI_STATUS_MISCV)',
              value: d.usableAddress ? 'both set' : 'see bits',
            },
            {
              path: 'MCI_MISC_ADDR_LSB(m.misc), MCI_MISC_ADDR_MODE(m.misc)',
              value: `${m.misc & 0x3fn}, ${(m.misc >> 6n) & 7n}`,
            },
          ],
          models: { fn: 'do_machine_check', file: MCE_FILE },
        }
      : {
          predicate: 'kill_current_task (!(m.mcgstatus & MCG_STATUS_RIPV))',
          result: now,
          reads: [{ path: 'm.mcgstatus & MCG_STATUS_RIPV', value: d.ripv ? 'set' : 'clear' }],
          models: { fn: 'do_machine_check', file: MCE_FILE },
        },
  );
  const work = now ? 'kill_me_now' : 'kill_me_maybe';
  return {
    branch: work,
    summary: `${d.kind === 'SRAR' ? 'SRAR' : `${d.msg} (${d.severity}), RIPV clear:`} machine check in ${where}; ${note}; queue_task_work(${work})`,
    decisions,
    touched,
  };
};

/**
 * Before v5.8 the #MC handler itself handled a user-mode error, with interrupts enabled:
 * `if (kill_it || do_memory_failure(&m)) force_sig(SIGBUS, current)`, kill_it when RIPV is clear.
 */
function doMachineCheckInline(f: Frame, task: Task, ripv: boolean, note: string) {
  const decision: Decision = {
    predicate: 'kill_it (!(m.mcgstatus & MCG_STATUS_RIPV))',
    result: !ripv,
    reads: [{ path: 'm.mcgstatus & MCG_STATUS_RIPV', value: ripv ? 'set' : 'clear' }],
    models: { fn: 'do_machine_check', file: MCE_419 },
  };
  return {
    branch: ripv ? 'do_memory_failure' : 'force_sig',
    summary: `SRAR machine check in ${task.comm}:${task.pid} at phys ${hex(PFN_PHYS(f.pfn))}; ${note}; ${ripv ? 'do_memory_failure(&m) in the #MC handler' : 'kill_it: force_sig(SIGBUS) without memory_failure()'}`,
    decisions: [decision],
    touched: [taskId(task.pid), pfnId(f.pfn), ...(f.ns ? [nsId(f.ns.name)] : [])],
  };
}

/** arch/x86/kernel/cpu/mcheck/mce.c in v4.19 (mce/core.c from v5.0) */
export const MCE_419 = 'arch/x86/kernel/cpu/mcheck/mce.c';

/**
 * What both callers of memory_failure() from a machine check do first: the "user access" line, the mce
 * notifier, and the flags (MF_MUST_KILL when RIPV is clear: the task cannot resume where it was).
 */
function enterMemoryFailure(k: Kernel, f: Frame): void {
  const ripv = f.event.kind === 'mce' ? f.event.ripv : true;
  k.printk(printk.mceUserAccess(PFN_PHYS(f.pfn)));
  mce_notify_irq(k);
  f.flags = MF_ACTION_REQUIRED | (ripv ? 0 : MF_MUST_KILL);
  f.ns = null;
  f.path = null;
}

/** do_memory_failure(&m) (v4.19): memory_failure(pfn, MF_ACTION_REQUIRED [| MF_MUST_KILL without RIPV]). */
export const do_memory_failure: KernelOp = (k, f) => {
  enterMemoryFailure(k, f);
  return {
    branch: 'memory_failure',
    summary: `memory_failure(${hex(f.pfn)}, ${mfFlagNames(f.flags)}) from the #MC handler; current is ${(f.current as Task).comm} (read in 4.x patches; the order of the mce lines is UNVERIFIED)`,
    touched: [taskId((f.current as Task).pid)],
  };
};

/** Back from memory_failure(): 0 → set_mce_nospec(); otherwise "Memory error not recovered", and it returns ret. */
export const do_memory_failure_ret: KernelOp = (k, f) => {
  const ret = f.rc ?? 0;
  f.topReturn = ret;
  if (ret === 0)
    return {
      branch: 'return',
      summary: 'memory_failure() returned 0: set_mce_nospec() unmaps the pfn from the 1:1 map; returns 0',
      touched: [pfnId(f.pfn)],
    };
  k.printk(printk.mceNotRecovered());
  return { branch: 'return', summary: `Memory error not recovered; returns ${errnoName(ret)}`, touched: [] };
};

/** do_machine_check() after do_memory_failure(): a non-zero return means force_sig(SIGBUS, current). */
export const do_machine_check_ret: KernelOp = (_k, f) => {
  const ret = f.rc ?? 0;
  return {
    branch: ret ? 'force_sig' : 'return',
    summary: ret
      ? `do_memory_failure() returned ${errnoName(ret)}: force_sig(SIGBUS, current)`
      : 'recovered: back to user space',
    decisions: [
      {
        predicate: 'kill_it || do_memory_failure(&m)',
        result: ret !== 0,
        reads: [{ path: 'do_memory_failure()', value: errnoName(ret) }],
        models: { fn: 'do_machine_check', file: MCE_419 },
      },
    ],
    touched: [],
  };
};

/** force_sig(SIGBUS, current) from the v4.19 #MC handler: SI_KERNEL, no address. */
export const force_sig_bus: KernelOp = (k, f) => {
  const task = f.current as Task;
  queueSignal(k, task, { signo: 'SIGBUS', code: 'SI_KERNEL', addr: 0, lsb: 0 });
  return {
    branch: 'return',
    summary: `force_sig(SIGBUS, ${task.comm}:${task.pid}): SI_KERNEL, si_addr NULL`,
    touched: [taskId(task.pid)],
  };
};

/**
 * do_machine_check() taints the kernel for any valid bank it scanned: add_taint(TAINT_MACHINE_CHECK,
 * LOCKDEP_NOW_UNRELIABLE) (arch/x86/kernel/cpu/mce/core.c:1588 in 6.12.117, :1575 in 6.1.192), and
 * add_taint() prints once per boot when it turns debug_locks off (kernel/panic.c:655-656).
 */
function add_taint_machine_check(k: Kernel): void {
  if (!k.counters.debug_locks) return;
  k.setCounter('debug_locks', 0);
  k.printk(printk.debugLocksOff());
}

/**
 * mce_notify_irq(): "Machine check events logged", under DEFINE_RATELIMIT_STATE(ratelimit, 60*HZ, 2)
 * (arch/x86/kernel/cpu/mce/core.c:1759-1765 in 6.12.117): the model's runs take well under a minute, so
 * the first two of a boot print and later ones are suppressed.
 */
function mce_notify_irq(k: Kernel): void {
  if (k.counters.mce_notify_printed >= 2) return;
  k.setCounter('mce_notify_printed', k.counters.mce_notify_printed + 1);
  k.printk(printk.mceEventsLogged());
}

/** kill_me_now(): force_sig(SIGBUS): si_code SI_KERNEL, no address, no memory_failure(), nothing unmapped. */
export const kill_me_now: KernelOp = (k, f) => {
  const task = f.current as Task;
  // mce_notify_irq() reports the logged bank from irq work; the model prints it with the task work
  mce_notify_irq(k);
  queueSignal(k, task, { signo: 'SIGBUS', code: 'SI_KERNEL', addr: 0, lsb: 0 });
  f.topReturn = null;
  return {
    branch: 'return',
    summary: `p->mce_count = 0; force_sig(SIGBUS) on ${task.comm}:${task.pid}: SI_KERNEL, si_addr NULL, no memory_failure()`,
    touched: [taskId(task.pid)],
  };
};

export const kill_me_maybe: KernelOp = (k, f) => {
  const task = f.current;
  if (!task) throw new Error('kill_me_maybe without current');
  enterMemoryFailure(k, f);
  return {
    branch: 'memory_failure',
    summary: `memory_failure(${hex(f.pfn)}, ${mfFlagNames(f.flags)})`,
    touched: [taskId(task.pid)],
  };
};

/** Back from memory_failure(): 0 unmaps the pfn; -EHWPOISON/-EOPNOTSUPP do nothing; else kill_me_now(). */
export const kill_me_maybe_ret: KernelOp = (k, f) => {
  const task = f.current as Task;
  const ret = f.rc ?? 0;
  f.topReturn = ret;
  if (ret === 0)
    return {
      branch: 'return',
      summary: 'memory_failure() returned 0: set_mce_nospec() unmaps the pfn from the 1:1 map',
      touched: [pfnId(f.pfn)],
    };
  if (ret === -EHWPOISON || ret === -EOPNOTSUPP)
    return { branch: 'return', summary: `memory_failure() returned ${errnoName(ret)}: nothing more`, touched: [] };
  k.printk(printk.mceNotRecovered());
  queueSignal(k, task, { signo: 'SIGBUS', code: 'SI_KERNEL', addr: 0, lsb: 0 });
  return {
    branch: 'return',
    summary: `memory_failure() returned ${errnoName(ret)}: Memory error not recovered; kill_me_now() → force_sig(SIGBUS)`,
    touched: [taskId(task.pid)],
  };
};

/** uc_decode_notifier() (action-optional MCE) or memory_failure_work_func() (GHES): no current task. */
const asyncReport =
  (fn: 'uc_decode_notifier' | 'memory_failure_work_func'): KernelOp =>
  (k, f) => {
    const ev = f.event as Ev<'async'> | Ev<'mce'>;
    f.current = null;
    f.pfn = ev.pfn;
    f.flags = 0;
    let note = '';
    // an mce event comes here from do_machine_check(), which has done the #MC part already
    if (fn === 'uc_decode_notifier' && ev.kind === 'async') {
      // the action-optional #MC itself: do_machine_check() logs and taints, mce_notify_irq() reports it,
      // and the decode chain's work runs uc_decode_notifier() (and nfit_handle_mce()) afterwards
      add_taint_machine_check(k);
      mce_notify_irq(k);
      note = `${nfit_handle_mce(k, f, PFN_PHYS(ev.pfn))}; `;
    }
    f.ns = null;
    f.path = null;
    return {
      branch: 'memory_failure',
      summary: `${note}memory_failure(${hex(ev.pfn)}, 0) from a kworker: no current task`,
      touched: [pfnId(ev.pfn)],
    };
  };

export const uc_decode_notifier = named('uc_decode_notifier', asyncReport('uc_decode_notifier'));
export const memory_failure_work_func = named('memory_failure_work_func', asyncReport('memory_failure_work_func'));

/** The work function or notifier is back from memory_failure(): nothing more to do. */
export const asyncReturn: KernelOp = (_k, f) => {
  f.topReturn = f.rc;
  return { branch: 'return', summary: `memory_failure() returned ${errnoName(f.rc ?? 0)}`, touched: [] };
};

/** hwpoison_inject(): debugfs hwpoison/corrupt-pfn */
export const hwpoison_inject: KernelOp = (k, f) => {
  const ev = f.event as Ev<'corrupt-pfn'>;
  f.current = null;
  if (!k.namespaceOfPfn(ev.pfn)) {
    f.topReturn = -ENXIO;
    return { branch: 'return', summary: '!pfn_valid(pfn): -ENXIO', touched: [pfnId(ev.pfn)] };
  }
  k.printk(printk.injectingAtPfn(ev.pfn));
  f.pfn = ev.pfn;
  f.flags = MF_SW_SIMULATED;
  f.ns = null;
  f.path = null;
  return {
    branch: 'memory_failure',
    summary: `memory_failure(${hex(ev.pfn)}, MF_SW_SIMULATED); current is the writer of the debugfs file`,
    touched: [pfnId(ev.pfn)],
  };
};

/** Back from memory_failure(): the write(2) to corrupt-pfn returns its result (-EOPNOTSUPP as 0). */
export const hwpoison_inject_ret: KernelOp = (_k, f) => {
  f.topReturn = f.rc === -EOPNOTSUPP ? 0 : f.rc;
  return { branch: 'return', summary: `write returns ${errnoName(f.topReturn ?? 0)}`, touched: [] };
};

// ---- access and read ------------------------------------------------------------------------------

/**
 * A process touches an address. A load of a mapped page reads it (consuming poison if the media is bad); a
 * store to a writable leaf completes; anything else faults: a load of an unmapped page, or a store to an
 * unmapped or read-only page (FAULT_FLAG_WRITE; see mm/dax_fault.ts). A store does not consume poison: x86
 * raises the machine check on a load of the poisoned line, not on a store to it (UNVERIFIED: not observed
 * in real-kernel.md; the model's stores to a mapped bad page complete).
 */
export const handle_mm_fault_op: KernelOp = (k, f) => {
  const ev = f.event as Ev<'access'>;
  const task = k.task(ev.pid);
  const write = ev.write === true;
  const op = write ? 'store' : 'load';
  // the accessing thread is current (do_sigbus signals it); the page tables are the process's
  f.current = k.task(ev.tid ?? ev.pid);
  if (task.exited || !task.mm)
    return { branch: 'return', summary: `${task.comm}:${task.pid} has exited`, touched: [taskId(task.pid)] };
  const pt = k.lookupPt(task.mm, ev.addr);
  if (pt && (!write || pt.write)) {
    const pfn = pt.pfn + Math.floor((ev.addr - pt.addr) / PAGE_SIZE);
    if (!write && k.pfnHasMediaError(pfn)) {
      f.pfn = pfn;
      return {
        branch: 'machine_check',
        summary: `the load hits poisoned media at pfn ${hex(pfn)}: machine check`,
        touched: [taskId(task.pid), pfnId(pfn)],
      };
    }
    const note = write && k.pfnHasMediaError(pfn) ? ' (poisoned media: a store consumes nothing, UNVERIFIED)' : '';
    return {
      branch: 'return',
      summary: `already mapped${write ? ' writable' : ''} (${pt.level} → pfn ${hex(pfn)}): the ${op} succeeds${note}`,
      touched: [taskId(task.pid), pfnId(pfn)],
    };
  }
  const r: FaultResult = handle_mm_fault(k, task, ev.addr, true, write);
  f.faultRet = r.ret;
  if (r.ret === 'VM_FAULT_NOPAGE' && r.entry) {
    const pfn = r.entry.pfn + Math.floor((ev.addr - r.entry.addr) / PAGE_SIZE);
    if (!write && k.pfnHasMediaError(pfn)) {
      // device-dax maps without consulting badblocks: the retried load consumes the poison
      f.pfn = pfn;
      return {
        branch: 'machine_check',
        summary: `${r.why}; the retried load hits poisoned media: machine check`,
        decisions: r.decisions,
        touched: r.touched,
      };
    }
    return { branch: 'return', summary: `${r.why}; the ${op} succeeds`, decisions: r.decisions, touched: r.touched };
  }
  return { branch: 'do_sigbus', summary: `${r.ret}: ${r.why}`, decisions: r.decisions, touched: r.touched };
};

export const do_sigbus: KernelOp = (k, f) => {
  const ev = f.event;
  // the faulting address: the access event's, or (a spawned process's access) the one its fault left in f.start
  const addr = ev.kind === 'access' ? ev.addr : f.start;
  const task = f.current as Task;
  if (f.faultRet === 'VM_FAULT_HWPOISON') {
    k.printk(printk.mceKilling(task.comm, task.pid, addr));
    queueSignal(k, task, { signo: 'SIGBUS', code: 'BUS_MCEERR_AR', addr, lsb: PAGE_SHIFT });
    return {
      branch: 'return',
      summary: `force_sig_mceerr(BUS_MCEERR_AR, ${hex(addr)}, ${PAGE_SHIFT})`,
      touched: [taskId(task.pid)],
    };
  }
  queueSignal(k, task, { signo: 'SIGBUS', code: 'BUS_ADRERR', addr, lsb: 0 });
  return {
    branch: 'return',
    summary: `force_sig_fault(SIGBUS, BUS_ADRERR, ${hex(addr)})`,
    touched: [taskId(task.pid)],
  };
};

/** dax_iomap_rw() for read(2): a bad block anywhere in an extent chunk fails that chunk with -EIO. */
export const dax_iomap_rw: KernelOp = (k, f) => {
  const ev = f.event as Ev<'read'>;
  const fs = k.filesystems.get(ev.dev);
  const inode = fs?.inodes.get(ev.ino);
  const ns = fs ? k.namespaces.find((n) => n.fs === fs.dev) : undefined;
  if (!fs || !inode || !ns) throw new Error('read of an unknown file');
  f.current = k.task(ev.pid);
  if (fs.shutdown || !ns.dax_dev.alive) {
    f.topReturn = -EIO;
    return {
      branch: 'return',
      summary: `${fs.shutdown ? 'filesystem shut down' : 'device gone'}: -EIO`,
      touched: [inode.mappingId],
    };
  }
  const end = Math.min(ev.offset + ev.length, inode.i_size);
  let done = 0;
  let pos = ev.offset;
  let zeroes = 0;
  while (pos < end) {
    const fileBlock = Math.floor(pos / fs.blocksize);
    const ext = extentAt(inode, fileBlock);
    if (!ext || ext.unwritten) {
      // IOMAP_HOLE / IOMAP_UNWRITTEN: dax_iomap_iter() zeroes the user buffer (iov_iter_zero), no media access
      const next = inode.extents.find((e) => e.fileoff > fileBlock);
      const stop = ext ? ext.fileoff + ext.len : next ? next.fileoff : Number.POSITIVE_INFINITY;
      const chunkEnd = Math.min(end, stop * fs.blocksize);
      zeroes += chunkEnd - pos;
      done += chunkEnd - pos;
      pos = chunkEnd;
      continue;
    }
    const chunkEnd = Math.min(end, (ext.fileoff + ext.len) * fs.blocksize);
    const firstPfn = blockToPfn(ns, ext.block + Math.floor(pos / fs.blocksize) - ext.fileoff);
    const pages = Math.ceil((chunkEnd - (pos - (pos % PAGE_SIZE))) / PAGE_SIZE);
    if (k.isBadPmem(ns, PFN_PHYS(firstPfn), pages * PAGE_SIZE)) {
      f.topReturn = done ? done : -EIO;
      return {
        branch: 'return',
        summary: `dax_direct_access() over pfns ${hex(firstPfn)}+${pages} hits a bad block: -EHWPOISON → ${done ? `short read of ${done} bytes` : '-EIO'}`,
        touched: [inode.mappingId, pfnId(firstPfn)],
      };
    }
    done += chunkEnd - pos;
    pos = chunkEnd;
  }
  f.topReturn = done;
  const holes = zeroes ? ` (${zeroes} of them zeroes from holes or unwritten extents: iov_iter_zero)` : '';
  return { branch: 'return', summary: `read ${done} bytes${holes}`, touched: [inode.mappingId] };
};

// ---- signal delivery ------------------------------------------------------------------------------

export const get_signal: KernelOp = (k, _f) => {
  const pending = tasksWithPending(k);
  if (!pending.length) return { branch: 'done', summary: 'no signal pending', touched: [] };
  const got = deliverPending(k, pending);
  return {
    branch: 'done',
    summary: got
      .map(
        ({ task, info }) =>
          `${task.comm}:${task.pid} takes ${info.signo} ${info.code} addr ${hex(info.addr)} lsb ${info.lsb}`,
      )
      .join('; '),
    // without step details nothing reads the touched ids (Kernel.stepDetails): none for 33,334 tasks
    touched: k.stepDetails ? got.map(({ task }) => taskId(task.pid)) : [],
  };
};

export { EIO };
