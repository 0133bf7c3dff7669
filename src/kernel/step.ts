/**
 * What one kernel step reports about itself. The pipeline machine runs one step per state and records
 * these, together with what the journal says the step changed.
 */
import type { StepDecision } from './decision';
import type { Frame } from './frame';
import type { Kernel } from './kernel';

export interface StepOutcome {
  /** which way the step went; the machine's guards read only this */
  branch: string;
  /** one line, in kernel terms, of what the step did */
  summary: string;
  decisions?: StepDecision[];
  /** stable ids (ids.ts) of the objects the step read or wrote */
  touched?: string[];
  /** the step's key locals, for the explorer (e.g. { pgoff: 3, pgcnt: 1 }) */
  detail?: Record<string, string | number>;
  /** a run of kernel iterations shown as one step (e.g. rmap records whose inode is not in core) */
  group?: { what: string; first: number; count: number };
  /** on a design variant: the flaw its review named bites at this step (what goes wrong, in plain words) */
  flaw?: string;
}

/** A kernel function as one step: reads the frame and the kernel, mutates both, says what it did. */
export type KernelOp = (k: Kernel, f: Frame) => StepOutcome;

/** Give an op built by a factory its kernel function's name: the kernel map finds its definition by it. */
export const named = (name: string, op: KernelOp): KernelOp => Object.defineProperty(op, 'name', { value: name });
