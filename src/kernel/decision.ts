/**
 * A kernel predicate's answer together with the inputs it looked at, so a view can show *why* a branch was
 * taken ("pgmap_pfn_valid() is false because pfn 0x… < pfn_first 0x…"). Not a kernel structure.
 * Producers: the decide_*() functions beside each predicate (mm/memremap.ts, mm/sparse-vmemmap.ts).
 */
import { type CollectDecision, collectPredicate, collectWhy } from './mm/collectDecision';
import { hex } from './units';

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
 * A decision whose reads are kept as raw values, printed when read (plainDecision()): `paths` is a list the
 * producer shares between all its decisions, `values[i]` the value read at `paths[i]`, printed as hex() where
 * bit i of `hexMask` is set, else as String(). Perf: a run of 10^4 events records ~10^5 decisions and keeps
 * them all; this one holds two small arrays instead of a FieldRead and a printed string per read.
 */
export interface PackedDecision {
  predicate: string;
  result: boolean;
  paths: readonly string[];
  values: readonly (string | number | boolean)[];
  hexMask: number;
  models: { fn: string; file: string };
}

/**
 * What a step records: a Decision, a PackedDecision, or a collect_procs_*() decision kept as a record whose
 * predicate and reads are formatted when read (plainDecision()). All are plain data (they are structured-cloned
 * from the worker).
 */
export type StepDecision = Decision | PackedDecision | CollectDecision;

/** The decision as the views and the `--steps` output show it: predicate and reads, formatted now. */
export function plainDecision(d: StepDecision): Decision {
  if ('collect' in d)
    return {
      predicate: collectPredicate(d.collect),
      result: d.result,
      reads: [{ path: 'why', value: collectWhy(d.collect) }],
      models: d.models,
    };
  if ('paths' in d)
    return {
      predicate: d.predicate,
      result: d.result,
      reads: d.paths.map((path, i) => ({
        path,
        value: d.hexMask & (1 << i) ? hex(d.values[i] as number) : String(d.values[i]),
      })),
      models: d.models,
    };
  return d;
}

const modelsByFile = new Map<string, Map<string, { fn: string; file: string }>>();

/**
 * The one `models` object of a kernel function, shared by every decision that names it (perf: one object per
 * function instead of one per decision; readers never write it).
 */
export function modelsOf(fn: string, file: string): { fn: string; file: string } {
  let byFn = modelsByFile.get(file);
  if (!byFn) {
    byFn = new Map();
    modelsByFile.set(file, byFn);
  }
  let m = byFn.get(fn);
  if (!m) {
    m = { fn, file };
    byFn.set(fn, m);
  }
  return m;
}

/** A PackedDecision: `values` read at `paths`, the ones whose bit is set in `hexMask` printed in hex. */
export const packed = (
  predicate: string,
  result: boolean,
  paths: readonly string[],
  values: readonly (string | number | boolean)[],
  hexMask: number,
  models: { fn: string; file: string },
): PackedDecision => ({ predicate, result, paths, values, hexMask, models });

export const read = (path: string, value: string | number | boolean): FieldRead => ({ path, value: String(value) });
