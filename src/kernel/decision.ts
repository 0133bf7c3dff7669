/**
 * A kernel predicate's answer together with the inputs it looked at, so a view can show *why* a branch was
 * taken ("pgmap_pfn_valid() is false because pfn 0x… < pfn_first 0x…"). Not a kernel structure.
 * Producers: the decide_*() functions beside each predicate (mm/memremap.ts, mm/sparse-vmemmap.ts).
 */
import { type CollectDecision, collectPredicate, collectWhy } from './mm/collectDecision';

/** One value the predicate read: a C-like path ("pgmap->altmap.free", "pfn") and its printed value. */
export interface FieldRead {
  path: string;
  /** printed as the kernel would print it: hex for pfns, addresses and flags, decimal for counts */
  value: string;
}

export interface Decision {
  /** the predicate as called, e.g. "pgmap_pfn_valid(pgmap, 0x440000)" */
  predicate: string;
  result: boolean;
  /** every input the predicate read, in the order the kernel reads them */
  reads: FieldRead[];
  /** the kernel function this models and the file it lives in (Linux 6.12) */
  models: { fn: string; file: string };
}

/**
 * What a step records: a Decision, or a collect_procs_*() decision kept as a record whose predicate and reads
 * are formatted when read (plainDecision()).
 */
export type StepDecision = Decision | CollectDecision;

/** The decision as the views and the `--steps` output show it: predicate and reads, formatted now. */
export function plainDecision(d: StepDecision): Decision {
  if (!('collect' in d)) return d;
  return {
    predicate: collectPredicate(d.collect),
    result: d.result,
    reads: [{ path: 'why', value: collectWhy(d.collect) }],
    models: d.models,
  };
}

export const read = (path: string, value: string | number | boolean): FieldRead => ({ path, value: String(value) });
