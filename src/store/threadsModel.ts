/**
 * The threads of a process for the Processes view (issue 10 §3): each thread's tid, comm and prctl(PR_MCE_KILL)
 * flags, the signals that reached it, and which thread the kernel picked for the current event's signal.
 * The pick is read from the collect_procs_*() step's decision record (src/kernel/mm/collectDecision.ts: the
 * picked thread's tid and the branch of task_early_kill()/find_early_kill_thread() that picked it), never
 * recomputed here.
 */
import { taskId } from '../kernel/ids';
import { collectWhy, type EarlyKillRule, pickReason, pickRuleText } from '../kernel/mm/collectDecision';
import { PF_MCE_EARLY, PF_MCE_PROCESS, policyOf, type Task } from '../kernel/sched';
import { hex } from '../kernel/units';
import type { StepRecord } from '../pipeline/runtime';
import type { AppState } from './appStore';
import type { LocalState, OutcomeVM, StepRef } from './selectors';

export interface ThreadVM {
  /** task:<tid>, the selection id (a thread is a task) */
  id: string;
  tid: number;
  comm: string;
  /** the thread's scenario name ("io"), or "main thread" for the leader */
  name: string;
  leader: boolean;
  /** default / early / late, as prctl(PR_MCE_KILL) left it */
  policy: string;
  /** the task flags memory failure reads, by name (PF_MCE_PROCESS, PF_MCE_EARLY) */
  flags: string[];
  exited: boolean;
  signals: OutcomeVM['signals'];
  pending: { signo: string; code: string; addr: string; lsb: number }[];
}

export interface ThreadPick {
  /** the tid the signal goes to; null: task_early_kill() returned NULL, or the picked thread's VMA was dropped */
  tid: number | null;
  /** why that thread (or why none), in the kernel's terms */
  why: string;
  /** the branch of task_early_kill()/find_early_kill_thread() that decided */
  rule: EarlyKillRule;
  /** its C predicate and the values it read */
  predicate: string;
  /** the collect step that decided it */
  step: StepRef;
}

export interface ThreadsVM {
  /** the leader first, then its threads in creation order (for_each_thread() order) */
  threads: ThreadVM[];
  /** the current event's pick, once the kernel has made it; null before (or when it never looked) */
  pick: ThreadPick | null;
}

export function flagNames(flags: number): string[] {
  return [flags & PF_MCE_PROCESS ? 'PF_MCE_PROCESS' : '', flags & PF_MCE_EARLY ? 'PF_MCE_EARLY' : ''].filter(Boolean);
}

/** The threads of the process led by `leader`; null for a single-threaded process. */
export function threadsOf(
  leader: Task,
  signals: OutcomeVM['signals'],
  collects: readonly StepRecord[],
  event: { index: number; start: number } | null,
  cursor: number,
): ThreadsVM | null {
  if (!leader.threads?.length) return null;
  const threads = [leader, ...leader.threads].map(
    (t): ThreadVM => ({
      id: taskId(t.pid),
      tid: t.pid,
      comm: t.comm,
      name: t === leader ? 'main thread' : t.name.slice(leader.name.length + 1),
      leader: t === leader,
      policy: policyOf(t.flags),
      flags: flagNames(t.flags),
      exited: t.exited,
      signals: signals.filter((x) => x.pid === t.pid),
      pending: t.pending.map((p) => ({ signo: p.signo, code: p.code, addr: hex(p.addr), lsb: p.lsb })),
    }),
  );
  let pick: ThreadPick | null = null;
  if (event)
    for (const st of collects) {
      if (st.index < event.start) continue;
      if (st.index >= cursor) break;
      for (const d of st.decisions) {
        if (!('collect' in d) || d.collect.pid !== leader.pid) continue;
        const p = d.collect.pick;
        // a VMA that was dropped (nothing mapped there) queues no signal, whichever thread was picked
        const dropped = p.tid !== null && !d.result;
        // another VMA of the process in the same step was collected: that pick stands
        if (dropped && pick?.tid != null && pick.step.index === st.index) continue;
        pick = {
          tid: d.result ? p.tid : null,
          why: dropped ? `${pickReason(p)}; but ${collectWhy(d.collect)}` : pickReason(p),
          rule: p.rule,
          predicate: pickRuleText(p),
          step: { index: st.index, id: st.id },
        };
      }
    }
  return { threads, pick };
}

/**
 * Every multi-threaded process's threads at this step, by leader pid; made where the run is (a field of the
 * step's views, src/store/stepViews.ts), with the signals of the step's outcome.
 */
export function computeThreads(s: LocalState, signals: OutcomeVM['signals']): Map<number, ThreadsVM> {
  const k = s.load.sim.rt.k;
  const out = new Map<number, ThreadsVM>();
  const leaders = k.tasks.filter((t) => t.threads?.length);
  if (!leaders.length) return out;
  const rt = s.load.sim.rt;
  const cur = s.cursor > 0 ? rt.steps[s.cursor - 1] : null;
  const ev = cur ? rt.outcomes[cur.event] : undefined;
  const event = cur && ev ? { index: cur.event, start: ev.start.step } : null;
  const collects = rt.steps.filter((st) => st.fn === 'collect_procs_fsdax' || st.fn === 'collect_procs_file');
  for (const t of leaders) {
    const vm = threadsOf(t, signals, collects, event, s.cursor);
    if (vm) out.set(t.pid, vm);
  }
  return out;
}

const NO_THREADS = new Map<number, ThreadsVM>();
/** The page's threads of the step it shows. */
export const selectThreads = (s: AppState): Map<number, ThreadsVM> => s.views?.threads ?? NO_THREADS;
