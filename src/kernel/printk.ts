/**
 * Every kernel message the simulator prints, with the file that prints it (Linux v6.12, x86-64).
 * Formats are rendered the way printk renders them: %#lx → 0x-prefixed lowercase hex, %lx/%llx → bare
 * lowercase hex. pr_fmt prefixes are part of the text ("Memory failure: ", "mce: ", "XFS (pmem0): ").
 */
import { hex, rawHex } from './units';

/** mm/memory-failure.c: pr_fmt(fmt) "Memory failure: " fmt */
const MF = 'Memory failure: ';

export const printk = {
  /** mm/madvise.c madvise_inject_error() */
  injecting: (pfn: number, addr: number) =>
    `Injecting memory failure for pfn ${hex(pfn)} at process virtual address ${hex(addr)}`,
  /** mm/hwpoison-inject.c hwpoison_inject() */
  injectingAtPfn: (pfn: number) => `Injecting memory failure at pfn ${hex(pfn)}`,
  /** mm/memory-failure.c kill_proc() */
  sendingSigbus: (pfn: number, comm: string, pid: number) =>
    `${MF}${hex(pfn)}: Sending SIGBUS to ${comm}:${pid} due to hardware memory corruption`,
  /** mm/memory-failure.c kill_proc() before "Sending SIGBUS" (v4.19 merge log: "…: Killing dax-pmd:5421 …") */
  killing: (pfn: number, comm: string, pid: number) =>
    `${MF}${hex(pfn)}: Killing ${comm}:${pid} due to hardware memory corruption`,
  /** arch/x86/kernel/cpu/mcheck/mce.c do_memory_failure() (v4.19), as kill_me_maybe() prints it later */
  mceUserAccess419: (phys: number) => `mce: Uncorrected hardware memory error in user-access at ${rawHex(phys)}`,
  /** fs/xfs/xfs_super.c xfs_fs_fill_super() before v6.0 (xfs_alert) */
  xfsDaxReflinkRefused: () => 'DAX and reflink cannot be used together!',
  /** mm/memory-failure.c kill_procs(), forcekill with tk->addr == -EFAULT */
  forciblyKilling: (pfn: number, comm: string, pid: number) =>
    `${MF}${hex(pfn)}: forcibly killing ${comm}:${pid} because of failure to unmap corrupted page`,
  /** mm/memory-failure.c kill_procs(), kill_proc() < 0 */
  cannotSendAdvisory: (pfn: number, comm: string, pid: number) =>
    `${MF}${hex(pfn)}: Cannot send advisory machine check signal to ${comm}:${pid}`,
  /** mm/memory-failure.c __add_to_kill() */
  unableToFindAddress: (pfn: number, comm: string) =>
    `${MF}Unable to find user space address ${rawHex(pfn)} in ${comm}`,
  /** mm/memory-failure.c action_result() */
  recoveryAction: (pfn: number, type: string, result: string) =>
    `${MF}${hex(pfn)}: recovery action for ${type}: ${result}`,
  /** mm/memory-failure.c memory_failure() */
  outsideKernelControl: (pfn: number) => `${MF}${hex(pfn)}: memory outside kernel control`,
  /** include/ras/ras_event.h TRACE_EVENT(memory_failure_event) TP_printk */
  traceMemoryFailureEvent: (pfn: number, type: string, result: string) =>
    `pfn ${hex(pfn)}: recovery action for ${type}: ${result}`,
  /** arch/x86/kernel/cpu/mce/core.c kill_me_maybe() */
  mceUserAccess: (phys: number) => `mce: Uncorrected hardware memory error in user-access at ${rawHex(phys)}`,
  /** kernel/panic.c add_taint(): the first taint of a boot that makes lockdep unreliable */
  debugLocksOff: () => 'Disabling lock debugging due to kernel taint',
  /** arch/x86/kernel/cpu/mce/core.c mce_notify_irq(): pr_info(HW_ERR "Machine check events logged\n") */
  mceEventsLogged: () => 'mce: [Hardware Error]: Machine check events logged',
  /** arch/x86/kernel/cpu/mce/core.c kill_me_maybe() */
  mceNotRecovered: () => 'mce: Memory error not recovered',
  /** arch/x86/mm/fault.c do_sigbus(), VM_FAULT_HWPOISON */
  mceKilling: (comm: string, pid: number, addr: number) =>
    `MCE: Killing ${comm}:${pid} due to hardware memory corruption fault at ${rawHex(addr)}`,
  /**
   * arch/x86/mm/fault.c show_fault_oops() (6.12.117 lines 541-551) then the die header: a kernel read of an
   * address nothing maps. The address and the RIP offsets are the caller's (UNVERIFIED where shown).
   */
  oopsPageFault: (address: string, rip: string) => [
    `BUG: unable to handle page fault for address: ${address}`,
    '#PF: supervisor read access in kernel mode',
    '#PF: error_code(0x0000) - not-present page',
    'Oops: 0000 [#1] PREEMPT SMP NOPTI',
    `RIP: 0010:${rip}`,
  ],
  /** fs/ext4/super.c ext4_msg(): "EXT4-fs (<sb->s_id>): " */
  ext4: (dev: string, text: string) => `EXT4-fs (${dev}): ${text}`,
  /** fs/xfs/xfs_message.c: every xfs_* message is prefixed "XFS (<sb->s_id>): " */
  xfs: (dev: string, text: string) => `XFS (${dev}): ${text}`,
} as const;
