/**
 * Presentation facts for the Processes and VMAs view, derived only from selectProcesses' ProcessVM (no
 * kernel reads): which signal state a process is in for the current event, and how to name a si_code.
 */
import type { ProcessVM } from './selectors';

export type SignalKind = 'AR' | 'AO' | 'other';

/** BUS_MCEERR_AR → 'AR' (action required), BUS_MCEERR_AO → 'AO' (action optional). */
export function signalKind(code: string): SignalKind {
  if (code.endsWith('_AR')) return 'AR';
  if (code.endsWith('_AO')) return 'AO';
  return 'other';
}

export const SIGNAL_KIND_TEXT: Record<SignalKind, string> = {
  AR: 'action required',
  AO: 'action optional',
  other: '',
};

export type LaneStatus =
  /** a signal of the current event reached the task (get_signal dequeued it) */
  | { kind: 'delivered' }
  /** queued by kill_procs()/force_sig_mceerr(), not yet dequeued */
  | { kind: 'pending' }
  /** maps the poisoned page of the current event, got nothing: the selector's reason */
  | { kind: 'no-signal'; reason: string }
  /** not concerned by the current event */
  | { kind: 'quiet' };

/**
 * The signal state of one process at the cursor. `currentEvent` is the scenario event of the current
 * step (null before the first step).
 */
export function laneStatus(p: ProcessVM, currentEvent: number | null): LaneStatus {
  if (currentEvent !== null && p.signals.some((x) => x.event === currentEvent)) return { kind: 'delivered' };
  if (p.pending.length > 0) return { kind: 'pending' };
  if (p.note) return { kind: 'no-signal', reason: p.note };
  return { kind: 'quiet' };
}

/** Split the selector's note ("a; b; c") into its separate reasons, for a list. */
export function noteReasons(note: string): string[] {
  return note
    .split(/;\s+(?=not collected|0x[0-9a-f]+ )/)
    .map((r) => r.trim())
    .filter(Boolean);
}

/** "P — pmtest:202 (default)": the scenario name, comm:pid and the memory-failure kill policy. */
export function laneTitle(p: Pick<ProcessVM, 'name' | 'comm' | 'pid' | 'policy'>): string {
  return `${p.name} — ${p.comm}:${p.pid} (${p.policy})`;
}
