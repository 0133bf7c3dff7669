/**
 * One collect_procs_file()/collect_procs_fsdax() decision about one mapper, kept as a record: the task, the
 * thread task_early_kill() picked (6.12.117 mm/memory-failure.c:564-603) and the branch that picked it with the
 * values it read, and what became of the VMA. Its "why" text is formatted when something reads it (a view, the
 * `--steps` output): a collect over 10^5 mappers makes 10^5 of these, and nobody reads most of them.
 * Not a kernel structure: the kernel keeps only the struct to_kill it queues.
 */
import { hex } from '../units';

/**
 * The branch of task_early_kill() / find_early_kill_thread() that returned the thread (or NULL):
 * - `no-mm`: `!tsk->mm`, NULL (a kernel thread or an exiting task)
 * - `force-early`: before v5.8, `force_early` returned `tsk` itself (DAX always forces: every mapper)
 * - `current`: `force_early && tsk->mm == current->mm`, `current` (the thread that ran the access)
 * - `prctl-early`: find_early_kill_thread(), the first thread with `t->flags & PF_MCE_PROCESS` and
 *   `t->flags & PF_MCE_EARLY` (prctl PR_MCE_KILL early)
 * - `sysctl`: find_early_kill_thread(), the first thread without `PF_MCE_PROCESS` while
 *   `sysctl_memory_failure_early_kill` is 1
 * - `none`: find_early_kill_thread() found neither, NULL
 * - `pre-remove`: collect_procs_fsdax() with MF_MEM_PRE_REMOVE collects `tsk` itself, task_early_kill() is not
 *   called (every mapper)
 */
export type EarlyKillRule = 'no-mm' | 'force-early' | 'current' | 'prctl-early' | 'sysctl' | 'none' | 'pre-remove';

export interface EarlyKillPick {
  rule: EarlyKillRule;
  /** the picked thread's tid; null when the rule returned NULL */
  tid: number | null;
  /** the picked thread's comm (what "Sending SIGBUS to comm:tid" prints) */
  comm: string | null;
  /** the picked thread's `t->flags` as the rule read them (PF_MCE_PROCESS, PF_MCE_EARLY; 0 when none) */
  flags: number;
  /** `sysctl_memory_failure_early_kill` as find_early_kill_thread() read it */
  sysctl: number;
  /** the picked thread is `current` (what the step's text says first) */
  current: boolean;
  /** the process has a thread other than the leader picked (the text names it) */
  notLeader: boolean;
}

/** What collect did with one VMA of the task (or with the task, when it picked nobody). */
export type CollectOutcome =
  | { kind: 'not-collected' }
  | { kind: 'efault'; vmaId: string }
  | { kind: 'addr-invalid'; addr: number }
  | { kind: 'unmapped'; addr: number }
  | { kind: 'collected'; addr: number; size_shift: number };

export interface CollectRecord {
  /** the process (for_each_process(): its leader) */
  pid: number;
  comm: string;
  pick: EarlyKillPick;
  outcome: CollectOutcome;
  /** the variant has early-kill-v5.8 (the words for a mapper collected without being current) */
  v58: boolean;
}

/** A step's decision about one mapper: the record instead of formatted reads. */
export interface CollectDecision {
  result: boolean;
  models: { fn: string; file: string };
  collect: CollectRecord;
}

/** The predicate a collect decision shows: the process as "comm:pid". */
export const collectPredicate = (c: CollectRecord): string => `${c.comm}:${c.pid}`;

/** The decision's one-line reason, the words collect() has always recorded. */
export function collectWhy(c: CollectRecord): string {
  const o = c.outcome;
  switch (o.kind) {
    case 'not-collected':
      return `not collected: task_early_kill() is NULL (${c.pick.rule === 'no-mm' ? 'no mm' : 'not current, no early-kill thread'})`;
    case 'efault':
      return `VMA ${o.vmaId}: page_address_in_vma() = -EFAULT, dropped`;
    case 'addr-invalid':
      return `collected with addr_valid 0: nothing mapped at ${hex(o.addr)} (size_shift 0)`;
    case 'unmapped':
      return `nothing mapped at ${hex(o.addr)}: size_shift 0, dropped`;
    case 'collected': {
      const p = c.pick;
      const how = p.current
        ? ' (current)'
        : p.rule === 'pre-remove'
          ? ' (pre-remove: every mapper)'
          : c.v58
            ? ' (early kill)'
            : ' (force_early: every mapper, before v5.8)';
      const thread = p.notLeader ? `; signal to thread ${p.comm}:${p.tid}` : '';
      return `collected: addr ${hex(o.addr)}, size_shift ${o.size_shift}${how}${thread}`;
    }
  }
}

/** The C predicate of the rule that picked the thread, and the values it read, for people. */
export function pickRuleText(p: EarlyKillPick): string {
  switch (p.rule) {
    case 'no-mm':
      return 'task_early_kill(): !tsk->mm, NULL';
    case 'force-early':
      return 'task_early_kill(): force_early (before v5.8) returns tsk itself';
    case 'current':
      return 'task_early_kill(): force_early && tsk->mm == current->mm, current';
    case 'prctl-early':
      return `find_early_kill_thread(): t->flags & PF_MCE_PROCESS && t->flags & PF_MCE_EARLY (t->flags ${hex(p.flags)})`;
    case 'sysctl':
      return `find_early_kill_thread(): !(t->flags & PF_MCE_PROCESS) && sysctl_memory_failure_early_kill (= ${p.sysctl})`;
    case 'none':
      return `find_early_kill_thread(): no thread with PF_MCE_PROCESS | PF_MCE_EARLY${p.sysctl ? '' : ', and sysctl_memory_failure_early_kill = 0'}: NULL`;
    case 'pre-remove':
      return 'collect_procs_fsdax(): MF_MEM_PRE_REMOVE collects tsk itself (task_early_kill() not called)';
  }
}

/** Why the rule picked that thread (or none), in plain words and the kernel's names, for the threads view. */
export function pickReason(p: EarlyKillPick): string {
  switch (p.rule) {
    case 'no-mm':
      return 'task_early_kill() returned NULL: the process has no mm';
    case 'none':
      return `task_early_kill() returned NULL: not current, and find_early_kill_thread() found no thread with PR_MCE_KILL early${p.sysctl ? '' : ' (vm.memory_failure_early_kill is 0, so a thread without a prctl of its own does not count)'}`;
    case 'current':
      return 'task_early_kill(): current shares the mm, so the thread that ran the access is picked (force_early)';
    case 'pre-remove':
      return 'pre-remove collection: every mapper, the process itself (no thread choice)';
    case 'force-early':
      return 'before v5.8 force_early collected every process: the process itself';
    case 'prctl-early':
      return 'find_early_kill_thread(): the first thread in for_each_thread() order with PF_MCE_PROCESS | PF_MCE_EARLY (prctl PR_MCE_KILL early)';
    case 'sysctl':
      return 'find_early_kill_thread(): the first thread in for_each_thread() order without a prctl of its own (vm.memory_failure_early_kill = 1)';
  }
}
