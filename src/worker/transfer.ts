/**
 * A finished simulation across a worker boundary. The kernel is plain data (maps, arrays, typed arrays)
 * except for five class prototypes and the journal, whose entries undo and redo a write through closures
 * (src/kernel/journal.ts), which structured clone refuses. So the side that runs the simulation tracks,
 * for every journal entry, what the closure would write (`trackJournal`); `toTransfer` swaps the closures
 * for that description; `fromTransfer` on the other side restores the prototypes and rebuilds the closures
 * over the cloned objects. Structured clone keeps shared references within one message, so a rebuilt
 * closure writes the same object the views read. Nothing here changes what a step does: the rebuilt
 * entries do what the originals did (src/worker/transfer.test.ts compares every step of every built-in).
 */
import type { Comparison } from '../compare/compare';
import { RmapBtree } from '../kernel/fs/xfs/xfs_rmap';
import { Journal, type JournalEntry } from '../kernel/journal';
import { Kernel } from '../kernel/kernel';
import { PageArray, type PageChange } from '../kernel/mm/page';
import { VmemmapLayout } from '../kernel/mm/sparse-vmemmap';
import type { Simulation } from '../pipeline/simulate';
import type { BuiltScenario } from '../scenario/build';

/** What one journal entry writes, as data. */
type Op =
  | { op: 'set'; obj: Record<string, unknown>; key: string }
  | { op: 'mapSet'; map: Map<unknown, unknown>; key: unknown; had: boolean }
  | { op: 'mapDelete'; map: Map<unknown, unknown>; key: unknown }
  | { op: 'push'; list: unknown[] }
  | { op: 'page'; pages: PageArray; change: PageChange };

type TrackedEntry = JournalEntry & { op?: Op };
type DataEntry = Omit<JournalEntry, 'revert' | 'apply'> & { op: Op };

let installed = false;
/** the op the journal method now running will record (set by the wrappers, consumed by record) */
let pendingOp: Op | null = null;
/** the last PageArray.set() not yet journalled: pageSet() (src/kernel/fs/dax.ts) records it itself */
let pendingPage: { pages: PageArray; change: PageChange } | null = null;

/**
 * Make every journal entry carry its write as data. Call once in the realm that runs simulations, before
 * any run. Idempotent. A journal entry that none of the known writers made throws: a new kind of write
 * must be taught here (and the transfer test fails first).
 */
export function trackJournal(): void {
  if (installed) return;
  installed = true;
  const J = Journal.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const wrap = (name: string, opOf: (...a: unknown[]) => Op) => {
    const orig = J[name];
    J[name] = function (this: Journal, ...a: unknown[]) {
      pendingOp = opOf(...a);
      try {
        return orig.apply(this, a);
      } finally {
        pendingOp = null;
      }
    };
  };
  wrap('set', (_o, obj, key) => ({ op: 'set', obj: obj as Record<string, unknown>, key: key as string }));
  wrap('mapSet', (_o, _f, map, key) => ({
    op: 'mapSet',
    map: map as Map<unknown, unknown>,
    key,
    had: (map as Map<unknown, unknown>).has(key),
  }));
  wrap('mapDelete', (_o, _f, map, key) => ({ op: 'mapDelete', map: map as Map<unknown, unknown>, key }));
  wrap('push', (_o, _f, list) => ({ op: 'push', list: list as unknown[] }));

  const record = Journal.prototype.record;
  Journal.prototype.record = function (this: Journal, entry: JournalEntry) {
    const before = this.entries.length;
    let op = pendingOp;
    if (!op && pendingPage) op = { op: 'page', ...pendingPage };
    pendingPage = null;
    record.call(this, entry);
    if (this.entries.length === before) return; // not recording (a scenario being built)
    if (!op) throw new Error(`transfer: untracked journal write ${entry.object}.${entry.field}`);
    (this.entries[before] as TrackedEntry).op = op;
  };

  const set = PageArray.prototype.set;
  PageArray.prototype.set = function (this: PageArray, ...a: Parameters<PageArray['set']>) {
    const change = set.apply(this, a);
    pendingPage = { pages: this, change };
    return change;
  } as PageArray['set'];
}

/** The simulation and its scenario, as structured clone takes them (the journal's closures swapped for data). */
export interface TransferredRun {
  sim: Simulation;
  built: BuiltScenario;
}

function stripJournal(k: Kernel): void {
  const entries = k.j.entries as unknown as (TrackedEntry | DataEntry)[];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as TrackedEntry;
    if (!e.op) throw new Error(`transfer: journal entry ${i} (${e.object}.${e.field}) has no tracked write`);
    entries[i] = { object: e.object, field: e.field, before: e.before, after: e.after, op: e.op };
  }
}

/**
 * Ready a finished run for postMessage. Consumes it: the journal's closures are dropped, so the run must
 * not be stepped on this side afterwards. The journal is first seeked to its end (all entries applied),
 * which is the state a clone must start from for the rebuilt closures.
 */
export function toTransfer(run: TransferredRun): TransferredRun {
  const k = run.sim.rt.k;
  k.j.seek(k.j.length);
  stripJournal(k);
  // the built scenario's kernel is the same object as the run's (structured clone keeps it shared)
  return run;
}

export function comparisonToTransfer(cmp: Comparison): Comparison {
  for (const sim of [cmp.a, cmp.b]) {
    sim.rt.k.j.seek(sim.rt.k.j.length);
    stripJournal(sim.rt.k);
  }
  return cmp;
}

function rebuild(e: DataEntry): JournalEntry {
  const { op } = e;
  const base = { object: e.object, field: e.field, before: e.before, after: e.after };
  switch (op.op) {
    case 'set':
      return {
        ...base,
        revert: () => {
          op.obj[op.key] = e.before;
        },
        apply: () => {
          op.obj[op.key] = e.after;
        },
      };
    case 'mapSet':
      return {
        ...base,
        revert: () => (op.had ? op.map.set(op.key, e.before) : op.map.delete(op.key)),
        apply: () => op.map.set(op.key, e.after),
      };
    case 'mapDelete':
      return { ...base, revert: () => op.map.set(op.key, e.before), apply: () => op.map.delete(op.key) };
    case 'push':
      return {
        ...base,
        revert: () => {
          op.list.pop();
        },
        apply: () => {
          op.list.push(e.after);
        },
      };
    case 'page':
      return {
        ...base,
        revert: () => op.pages.undo(op.change),
        // biome-ignore lint/suspicious/noExplicitAny: the page array takes any struct page field
        apply: () => void op.pages.set(op.change.pfn, op.change.field, op.change.after as any),
      };
  }
}

/** Give a structured-cloned kernel back its prototypes and its journal's closures. */
function revive(k: Kernel): Kernel {
  Object.setPrototypeOf(k, Kernel.prototype);
  Object.setPrototypeOf(k.j, Journal.prototype);
  const entries = k.j.entries as unknown as (DataEntry | JournalEntry)[];
  for (let i = 0; i < entries.length; i++) entries[i] = rebuild(entries[i] as DataEntry);
  for (const ns of k.namespaces) {
    Object.setPrototypeOf(ns.pages, PageArray.prototype);
    Object.setPrototypeOf(ns.pages.layout, VmemmapLayout.prototype);
  }
  for (const fs of k.filesystems.values())
    for (const rmap of fs.xfs?.rmap ?? []) Object.setPrototypeOf(rmap, RmapBtree.prototype);
  return k;
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
