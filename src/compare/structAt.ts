/**
 * Compare mode's structures: the struct page of one pfn and the DAX xarray entries that point at it, on
 * both sides, each side's kernel sought to the step the alignment column stands for. A column where one side
 * has a gap shows that side after its last step before the gap (the call it does not make changes nothing).
 * Reads the two kernels through their journals; the kernel semantics stay in the runs.
 */
import { dax_to_pfn, daxPageIsShared, describeDaxEntry, PAGE_MAPPING_DAX_SHARED } from '../kernel/fs/dax';
import { indexId } from '../kernel/ids';
import type { Kernel } from '../kernel/kernel';
import { xa_entry_raw_hex, xa_for_each } from '../kernel/lib/xarray';
import { pageFlagNames } from '../kernel/mm/page';
import { hex } from '../kernel/units';
import type { Simulation } from '../pipeline/simulate';
import type { Comparison } from './compare';

/** One field on both sides; `differs` when the two values are not the same. */
export interface SideBySide {
  field: string;
  a: string;
  b: string;
  differs: boolean;
}

export interface StructAtColumn {
  pfn: number;
  /** the step each side is after (null: before its first step) */
  stepA: string | null;
  stepB: string | null;
  /** struct page fields, drgn's names */
  page: SideBySide[];
  /** per file whose i_pages holds an entry for this pfn on either side: the entry, or "no entry" */
  xarray: SideBySide[];
}

/** How many steps each side has applied at `column`: its last step at or before the column, plus one. */
export function stepsAt(cmp: Comparison, column: number): { a: number; b: number } {
  const last = (side: 'a' | 'b') => {
    for (let c = Math.min(column, cmp.columns.length - 1); c >= 0; c--) {
      const i = cmp.columns[c][side];
      if (i !== null) return i + 1;
    }
    return 0;
  };
  return { a: last('a'), b: last('b') };
}

/** Seek a run's kernel to `n` steps applied (as the explorer's cursor does). */
function seekTo(sim: Simulation, n: number): Kernel {
  const all = sim.rt.steps;
  const c = Math.max(0, Math.min(n, all.length));
  sim.rt.k.j.seek(c === 0 ? 0 : all[c - 1].journal[1]);
  return sim.rt.k;
}

const NO_PAGE = 'no struct page';

/** The struct page of `pfn` as drgn would print its fields, or null outside every namespace's memmap. */
function pageFields(k: Kernel, pfn: number): Map<string, string> | null {
  const ns = k.namespaceOfPfn(pfn);
  if (!ns || pfn < ns.vmemmap.startPfn || pfn >= ns.vmemmap.endPfn) return null;
  const p = ns.pages.page(pfn);
  const names = pageFlagNames(p.flags);
  // v6.15: a shared folio is ->mapping NULL with ->share > 0
  const sharedNull = p.mapping === null && daxPageIsShared(k, ns, pfn);
  const mapping =
    p.mapping === null
      ? p.tail_mapping
        ? 'TAIL_MAPPING'
        : sharedNull
          ? 'NULL (shared)'
          : 'NULL'
      : p.mapping === PAGE_MAPPING_DAX_SHARED || p.mapping === 'PAGE_MAPPING_DAX_COW'
        ? p.mapping
        : p.mapping.id;
  return new Map([
    ['flags', `${hex(p.flags)}${names.length ? ` (${names.join('|')})` : ''}`],
    ['compound_head', p.compound_head === null ? '—' : hex(p.compound_head)],
    ['compound_order', String(p.compound_order)],
    ['_refcount', String(p._refcount)],
    ['mapping', mapping],
    // one word: ->index, or ->share while ->mapping is PAGE_MAPPING_DAX_SHARED (v6.2+)
    // 6.0/6.1 count a CoW page's sharers in ->index under PAGE_MAPPING_DAX_COW
    ['index / share', p.mapping === PAGE_MAPPING_DAX_SHARED || sharedNull ? `share ${p.share}` : `index ${p.index}`],
  ]);
}

/** Every file's DAX entries that cover `pfn`: by file label, "index N: raw (decoded)". */
function entriesFor(k: Kernel, pfn: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of k.mappings.values()) {
    if (m.host.kind !== 'file') continue;
    for (const { index, entry, order } of xa_for_each(m.i_pages)) {
      const first = dax_to_pfn(entry);
      if (pfn < first || pfn >= first + 2 ** order) continue;
      const label = k.inodeOfMapping(m)?.path ?? m.id;
      out.set(`${label} (${indexId(m.id, index)})`, `${xa_entry_raw_hex(entry)}: ${describeDaxEntry(entry)}`);
    }
  }
  return out;
}

function sideBySide(a: Map<string, string>, b: Map<string, string>, missing: string): SideBySide[] {
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields.map((field) => {
    const x = a.get(field) ?? missing;
    const y = b.get(field) ?? missing;
    return { field, a: x, b: y, differs: x !== y };
  });
}

/** The struct page and the xarray entries of `pfn` on both sides at the alignment column. */
export function structAtColumn(cmp: Comparison, column: number, pfn: number): StructAtColumn {
  const n = stepsAt(cmp, column);
  const ka = seekTo(cmp.a, n.a);
  const pa = pageFields(ka, pfn);
  const xa = entriesFor(ka, pfn);
  const kb = seekTo(cmp.b, n.b);
  const pb = pageFields(kb, pfn);
  const xb = entriesFor(kb, pfn);
  const empty = new Map<string, string>();
  return {
    pfn,
    stepA: n.a ? cmp.a.rt.steps[n.a - 1].id : null,
    stepB: n.b ? cmp.b.rt.steps[n.b - 1].id : null,
    page:
      pa || pb
        ? sideBySide(pa ?? empty, pb ?? empty, NO_PAGE)
        : [{ field: 'struct page', a: NO_PAGE, b: NO_PAGE, differs: false }],
    xarray: sideBySide(xa, xb, 'no entry'),
  };
}

/** The pfn compare mode shows by default at a column: the one its event handed to memory_failure(). */
export function eventPfnAt(cmp: Comparison, column: number): number | null {
  const n = stepsAt(cmp, column);
  const step = cmp.a.rt.steps[Math.max(0, n.a - 1)];
  const pfn = cmp.a.report.events[step?.event ?? 0]?.pfn ?? cmp.a.report.events[0]?.pfn ?? null;
  return pfn === null ? null : Number(pfn);
}
