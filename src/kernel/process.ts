/**
 * Processes that come and go between a scenario's events: exit(2) and the creation of a process that maps
 * and touches files after an earlier event (so "a fresh process maps the poisoned file afterwards" can be
 * written).
 * Models: kernel/exit.c do_exit() → exit_mm() (mm/mmap.ts); kernel/fork.c kernel_clone() (the new task on
 * the task list, which for_each_process() walks in creation order); mm/mmap.c do_mmap() → mmap_region();
 * mm/memory.c handle_mm_fault() for each access, which stops at the first fault that fails: the SIGBUS
 * (arch/x86/mm/fault.c do_sigbus) is delivered when the task returns to user space.
 * Simplified: the new process has one thread and inherits nothing (an exec'd program); its pid and mmap
 * layout are those the scenario builder gave it.
 */
import type { Frame, KernelEvent } from './frame';
import { pfnId, taskId } from './ids';
import { handle_mm_fault } from './mm/dax_fault';
import { mmap_region } from './mm/mmap';
import { emptyMm, NO_SIGNALS, type Task } from './sched';
import { exitGroup } from './signal';
import type { KernelOp } from './step';
import { hex, PAGE_SIZE } from './units';

type Ev<K extends KernelEvent['kind']> = Extract<KernelEvent, { kind: K }>;

/** do_exit(): the process's mm goes (exit_mm); the task stays on the list as exited, its signals undelivered. */
export const do_exit: KernelOp = (k, f) => {
  const ev = f.event as Ev<'exit'>;
  const task = k.task(ev.pid);
  f.current = task;
  if (task.exited || !task.mm)
    return { branch: 'return', summary: `${task.comm}:${task.pid} has already exited`, touched: [taskId(task.pid)] };
  const vmas = task.mm.vmas.length;
  const leaves = exitGroup(k, task, 'exited');
  f.topReturn = 0;
  return {
    branch: 'return',
    summary: `exit_mm() → exit_mmap(): unmap_vmas() clears ${leaves} DAX leaf(s) of ${vmas} VMA(s) (devmap entries: vm_normal_page() is NULL, so no struct page, RSS counter or DAX entry changes; each file keeps its i_pages), free_pgtables() unlinks the VMAs from i_mmap`,
    touched: [taskId(task.pid)],
  };
};

/** kernel_clone() + exec: the new task joins the task list with its prctl(PR_MCE_KILL) flags and an empty mm. */
export const kernel_clone: KernelOp = (k, f) => {
  const ev = f.event as Ev<'spawn'>;
  const task: Task = {
    pid: ev.pid,
    comm: ev.comm,
    name: ev.name,
    flags: ev.flags,
    mm: emptyMm(ev.mmap_next),
    pending: NO_SIGNALS,
    exited: false,
  };
  k.spawnTask(task);
  f.current = task;
  f.index = 0;
  f.topReturn = ev.pid;
  return {
    branch: ev.vmas.length ? 'mmap' : ev.touches.length ? 'fault' : 'return',
    summary: `${ev.comm}:${ev.pid} (${ev.name}) created, last on the task list; flags ${hex(ev.flags)}`,
    touched: [taskId(ev.pid)],
  };
};

/** do_mmap(): one mapping of the new process, where the scenario builder placed it. */
export const do_mmap_op: KernelOp = (k, f) => {
  const ev = f.event as Ev<'spawn'>;
  const task = f.current as Task;
  const vma = ev.vmas[f.index];
  // open(2): the file's inode is in core from now on (xfs_iget(XFS_IGET_INCORE) finds it)
  const inode = k.inodeOfMapping(k.mapping(vma.mappingId));
  if (inode && !inode.incore) k.j.set(vma.mappingId, inode, 'incore', true);
  mmap_region(k, task, vma);
  f.index++;
  const more = f.index < ev.vmas.length;
  if (!more) f.index = 0;
  return {
    branch: more ? 'mmap' : ev.touches.length ? 'fault' : 'return',
    summary: `mmap(MAP_SHARED) ${vma.name}: [${hex(vma.vm_start)}, ${hex(vma.vm_end)}) of ${vma.mappingId} at pgoff ${vma.vm_pgoff}; linked into i_mmap`,
    touched: [taskId(task.pid), vma.id, vma.mappingId],
  };
};
Object.defineProperty(do_mmap_op, 'name', { value: 'do_mmap' });

/** handle_mm_fault() for the new process's next access; a failing fault ends the accesses with do_sigbus(). */
export const spawn_fault: KernelOp = (k, f: Frame) => {
  const ev = f.event as Ev<'spawn'>;
  const task = f.current as Task;
  const t = ev.touches[f.index];
  f.index++;
  const more = f.index < ev.touches.length;
  const pt = task.mm ? k.lookupPt(task.mm, t.addr) : null;
  const op = t.write ? 'store' : 'load';
  if (pt && (!t.write || pt.write))
    return {
      branch: more ? 'fault' : 'return',
      summary: `${op} at ${hex(t.addr)}: already mapped (${pt.level} → pfn ${hex(pt.pfn + Math.floor((t.addr - pt.addr) / PAGE_SIZE))})`,
      touched: [taskId(task.pid)],
    };
  const r = handle_mm_fault(k, task, t.addr, true, t.write);
  if (r.ret === 'VM_FAULT_NOPAGE')
    return {
      branch: more ? 'fault' : 'return',
      summary: `${op} at ${hex(t.addr)}: ${r.why}`,
      decisions: r.decisions,
      touched: r.touched,
    };
  f.faultRet = r.ret;
  f.start = t.addr;
  return {
    branch: 'do_sigbus',
    summary: `${op} at ${hex(t.addr)}: ${r.ret}: ${r.why}${more ? '; the remaining accesses do not run' : ''}`,
    decisions: r.decisions,
    touched: [...r.touched, ...(r.entry ? [pfnId(r.entry.pfn)] : [])],
  };
};
Object.defineProperty(spawn_fault, 'name', { value: 'handle_mm_fault' });
