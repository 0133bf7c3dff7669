/**
 * A finished simulation across a worker boundary. The kernel is plain data (maps, arrays, typed arrays) plus
 * a few class instances: the Kernel, its page arrays and rmap btrees, and the journal's entries
 * (src/kernel/journal.ts), each a small object whose undo and redo are methods. Structured clone copies their
 * fields but not their prototypes, so `toTransfer` tags every journal entry with the key its class was
 * registered under, and `fromTransfer` on the other side gives every object its prototype back. Structured
 * clone keeps shared references within one message, so an entry still writes the very object the views read.
 * Nothing here changes what a step does (src/worker/transfer.test.ts steps every built-in on both sides).
 */
import type { Comparison } from '../compare/compare';
import { RmapBtree } from '../kernel/fs/xfs/xfs_rmap';
import { Journal, type JournalEntry, journalEntryClass, journalEntryKey } from '../kernel/journal';
import { Kernel } from '../kernel/kernel';
import { reviveLeafTable } from '../kernel/leafTable';
import { PageArray } from '../kernel/mm/page';
import { VmemmapLayout } from '../kernel/mm/sparse-vmemmap';
import type { MmStruct } from '../kernel/sched';
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';
// the modules that register journal entry classes must be loaded on the receiving side too
import '../kernel/fs/dax';

type Tagged = JournalEntry & { kind?: string };

/** The simulation and its scenario, as structured clone takes them (the journal's closures swapped for data). */
export interface TransferredRun {
  sim: Simulation;
  built: BuiltScenario;
}

function tagJournal(k: Kernel): void {
  for (const [i, e] of (k.j.entries as Tagged[]).entries()) {
    const kind = journalEntryKey(e);
    if (!kind) throw new Error(`transfer: journal entry ${i} (${e.object}.${e.field}) is of no registered kind`);
    e.kind = kind;
  }
}

/**
 * Ready a finished run for postMessage, its journal seeked to the end (all entries applied): the state the
 * receiving side starts from.
 */
export function toTransfer(run: TransferredRun): TransferredRun {
  const k = run.sim.rt.k;
  k.j.seek(k.j.length);
  tagJournal(k);
  // the built scenario's kernel is the same object as the run's (structured clone keeps it shared)
  return run;
}

export function comparisonToTransfer(cmp: Comparison): Comparison {
  for (const sim of [cmp.a, cmp.b]) {
    sim.rt.k.j.seek(sim.rt.k.j.length);
    tagJournal(sim.rt.k);
  }
  return cmp;
}

/** Give a structured-cloned kernel back its prototypes, its journal entries' included. */
function revive(k: Kernel): Kernel {
  Object.setPrototypeOf(k, Kernel.prototype);
  Object.setPrototypeOf(k.j, Journal.prototype);
  for (const e of k.j.entries as Tagged[]) {
    const c = journalEntryClass(e.kind ?? '');
    if (!c) throw new Error(`transfer: journal entry of unknown kind ${e.kind}`);
    Object.setPrototypeOf(e, c.prototype);
    delete e.kind;
    // an AG's rmapbt replaced mid-run (a block change): the btrees before and after it are instances too
    if (e.field === 'rmap') for (const v of [e.before, e.after]) if (Array.isArray(v)) reviveRmaps(v);
    // an mm's PTE table (a LeafTable) that a page-table write holds, or an exited task's mm
    reviveLeafTable((e as { map?: unknown }).map);
    if (e.field === 'mm') for (const mm of [e.before, e.after]) reviveLeafTable((mm as MmStruct | null)?.pte);
  }
  for (const t of k.byPid.values()) reviveLeafTable(t.mm?.pte);
  for (const ns of k.namespaces) {
    Object.setPrototypeOf(ns.pages, PageArray.prototype);
    Object.setPrototypeOf(ns.pages.layout, VmemmapLayout.prototype);
  }
  for (const fs of k.filesystems.values()) reviveRmaps(fs.xfs?.rmap ?? []);
  return k;
}

function reviveRmaps(list: readonly unknown[]): void {
  for (const rmap of list) if (rmap && typeof rmap === 'object') Object.setPrototypeOf(rmap, RmapBtree.prototype);
}

/** The run as received from postMessage, ready to step (its journal is at the end). */
export function fromTransfer(run: TransferredRun): TransferredRun {
  revive(run.sim.rt.k);
  if (run.built.k !== run.sim.rt.k) revive(run.built.k);
  return run;
}

export function comparisonFromTransfer(cmp: Comparison): Comparison {
  revive(cmp.a.rt.k);
  revive(cmp.b.rt.k);
  return cmp;
}
