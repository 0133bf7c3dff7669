/**
 * Queueing and delivering the signals memory failure sends.
 * Models: kernel/signal.c force_sig_mceerr() / send_sig_mceerr() → __send_signal_locked(), whose
 * legacy_queue() drops a standard signal that is already pending (so two SIGBUS before the task runs
 * reach its handler once), and get_signal() on the way back to user space. The processes of a scenario
 * handle SIGBUS (as ndctl's and xfstests' test programs do) and keep running; SIGKILL ends them.
 */
import type { Kernel } from './kernel';
import { exit_mm } from './mm/mmap';
import { NO_SIGNALS, type SigInfo, type Task } from './sched';

export type QueueResult = 'queued' | 'coalesced' | 'no-task';

/** Queue a signal on task; a standard signal already pending is not queued twice (legacy_queue). */
export function queueSignal(k: Kernel, task: Task, info: SigInfo): QueueResult {
  if (task.exited) return 'no-task';
  if (task.pending.some((p) => p.signo === info.signo)) return 'coalesced';
  k.setTask(task, 'pending', [...task.pending, info]);
  k.j.push('pending', 'queue', k.pendingOrder, task.pid);
  return 'queued';
}

/** Tasks with pending signals, in the order their first pending signal was queued. */
export function tasksWithPending(k: Kernel): Task[] {
  const seen = new Set<number>();
  const out: Task[] = [];
  for (const pid of k.pendingOrder) {
    const t = k.byPid.get(pid);
    if (!t || seen.has(pid) || t.pending.length === 0) continue;
    seen.add(pid);
    out.push(t);
  }
  return out;
}

/**
 * Whether any task has a pending signal: the machine's guard before get_signal(). Perf: it stops at the first
 * (tasksWithPending() built the whole list and its set of pids, 33,334 tasks for 10^5 mappers, to test its length).
 */
export function hasPendingSignals(k: Kernel): boolean {
  for (const pid of k.pendingOrder) if ((k.byPid.get(pid)?.pending.length ?? 0) > 0) return true;
  return false;
}

/** The process and its threads exit: exit_mm() once on the shared mm, then every thread loses it too. */
export function exitGroup(k: Kernel, leader: Task, why: string): number {
  const leaves = exit_mm(k, leader, why);
  for (const t of leader.threads ?? []) {
    k.setTask(t, 'mm', null);
    k.setTask(t, 'exited', true);
  }
  return leaves;
}

/** get_signal(): each task takes its pending signals; SIGKILL ends the process (do_exit → exit_mm). */
export function deliverPending(k: Kernel, pending = tasksWithPending(k)): { task: Task; info: SigInfo }[] {
  const out: { task: Task; info: SigInfo }[] = [];
  for (const task of pending) {
    for (const info of task.pending) {
      out.push({ task, info });
      // perf: the fields one by one, in SigInfo's order (a spread copy was ~2 µs each, 10^5 signals)
      k.deliver({ signo: info.signo, code: info.code, addr: info.addr, lsb: info.lsb, pid: task.pid, comm: task.comm });
    }
    const killed = task.pending.some((p) => p.signo === 'SIGKILL');
    k.setTask(task, 'pending', NO_SIGNALS);
    // SIGKILL ends the whole thread group: the leader's exit_mm() tears the shared mm down
    if (killed) exitGroup(k, task.tgid !== undefined ? k.task(task.tgid) : task, 'was killed');
  }
  k.j.set('pending', k, 'pendingOrder', []);
  return out;
}
