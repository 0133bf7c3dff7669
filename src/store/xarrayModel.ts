/**
 * Facts the DAX xarray view needs beyond selectXarray: the decoded bits of a DAX entry, the names of the
 * page-cache marks, which indices of a mapping an id set names, and why there is no xarray to show.
 * Pure helpers over the view model (and, for the absence, over the loaded kernel); no React.
 */
import { DAX_EMPTY, DAX_LOCKED, DAX_PMD, DAX_ZERO_PAGE, dax_to_pfn, daxFlags } from '../kernel/fs/dax';
import type { Kernel } from '../kernel/kernel';
import { PAGECACHE_TAG_DIRTY, PAGECACHE_TAG_TOWRITE, PAGECACHE_TAG_WRITEBACK, type XaMark } from '../kernel/lib/xarray';
import type { AppState } from './appStore';
import type { XarrayVM } from './selectors';

export type XarrayEntryVM = XarrayVM['entries'][number];

export interface DaxEntryFacts {
  /** xa_to_value(entry): pfn << DAX_SHIFT | flags */
  value: number;
  pfn: number;
  pfnHex: string;
  /** the low DAX_SHIFT bits */
  flags: number;
  flagNames: string[];
  locked: boolean;
  pmd: boolean;
  zero: boolean;
  empty: boolean;
  /** a PTE-sized (order 0) or PMD-sized (order 9) entry, as DAX_PMD says */
  size: 'PTE' | 'PMD';
  /** order of the xarray entry: it covers indices [first, last] */
  order: number;
  first: number;
  last: number;
  pages: number;
}

const FLAG_NAMES: [number, string][] = [
  [DAX_LOCKED, 'DAX_LOCKED'],
  [DAX_PMD, 'DAX_PMD'],
  [DAX_ZERO_PAGE, 'DAX_ZERO_PAGE'],
  [DAX_EMPTY, 'DAX_EMPTY'],
];

/** Decode a DAX value entry from its raw slot contents ((v << 1) | 1) and its xarray order. */
export function daxEntryFacts(entry: Pick<XarrayEntryVM, 'index' | 'order' | 'raw'>): DaxEntryFacts {
  const value = Number(BigInt(entry.raw) >> 1n);
  const flags = daxFlags(value);
  const pfn = dax_to_pfn(value);
  const pages = 2 ** entry.order;
  return {
    value,
    pfn,
    pfnHex: `0x${pfn.toString(16)}`,
    flags,
    flagNames: FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name),
    locked: (flags & DAX_LOCKED) !== 0,
    pmd: (flags & DAX_PMD) !== 0,
    zero: (flags & DAX_ZERO_PAGE) !== 0,
    empty: (flags & DAX_EMPTY) !== 0,
    size: flags & DAX_PMD ? 'PMD' : 'PTE',
    order: entry.order,
    first: entry.index,
    last: entry.index + pages - 1,
    pages,
  };
}

const MARK_NAMES = new Map<XaMark, string>([
  [PAGECACHE_TAG_DIRTY, 'PAGECACHE_TAG_DIRTY'],
  [PAGECACHE_TAG_WRITEBACK, 'PAGECACHE_TAG_WRITEBACK'],
  [PAGECACHE_TAG_TOWRITE, 'PAGECACHE_TAG_TOWRITE'],
]);

/** The include/linux/fs.h names of xarray marks as the page cache uses them. */
export const xaMarkNames = (marks: readonly XaMark[]): string[] =>
  marks.map((m) => MARK_NAMES.get(m) ?? `XA_MARK_${m}`);

/** The indices of `mappingId` that ids of the form `<mappingId>:<index>` name. */
export function indicesOf(ids: Iterable<string>, mappingId: string): number[] {
  const prefix = `${mappingId}:`;
  const out: number[] = [];
  for (const id of ids) {
    if (!id.startsWith(prefix)) continue;
    const rest = id.slice(prefix.length);
    if (/^[0-9]+$/.test(rest)) out.push(Number(rest));
  }
  return out.sort((a, b) => a - b);
}

/** Does any of the sorted indices fall in [first, last]? */
export function coversAny(first: number, last: number, sorted: readonly number[]): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < first) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= last;
}

/**
 * The ids of the form `<mappingId>:<index>` grouped by mapping, each list sorted: one pass for every file of
 * the picker (asking indicesOf() per file walked the step's ids once per file: 1,001 files on bench A).
 */
export function pagesByMapping(ids: Iterable<string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const id of ids) {
    const at = id.lastIndexOf(':');
    const rest = id.slice(at + 1);
    if (at <= 0 || !/^[0-9]+$/.test(rest)) continue;
    const mappingId = id.slice(0, at);
    const list = out.get(mappingId);
    if (list) list.push(Number(rest));
    else out.set(mappingId, [Number(rest)]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** Another file of the picker whose page the current step touches (so the view can offer to switch), from pagesByMapping(). */
export function touchedElsewhere(
  touchedPages: ReadonlyMap<string, number[]>,
  choices: XarrayVM['choices'],
  mappingId: string,
): { id: string; label: string; index: number } | null {
  for (const c of choices) {
    const idx = c.id === mappingId ? undefined : touchedPages.get(c.id);
    if (idx?.length) return { id: c.id, label: c.label, index: idx[0] };
  }
  return null;
}

export interface XarrayAbsence {
  kind: 'devdax' | 'no-file';
  message: string;
}

/** Why selectXarray has nothing to show (no file on a DAX filesystem), or null when it has (per step). */
export const selectXarrayAbsence = (s: AppState): XarrayAbsence | null => s.views?.xarrayAbsence ?? null;

/** Why the xarray view has nothing to show, from the kernel (where the run is: src/store/stepViews.ts). */
export function xarrayAbsenceOf(k: Kernel): XarrayAbsence | null {
  const mappings = [...k.mappings.values()];
  if (mappings.some((m) => m.host.kind === 'file')) return null;
  const devdax = k.namespaces.length > 0 && k.namespaces.every((n) => n.mode === 'devdax');
  if (devdax || mappings.some((m) => m.host.kind === 'cdev'))
    return {
      kind: 'devdax',
      message:
        "device-dax keeps no page-cache entries (no xarray): the struct page's mapping/index point at the char device",
    };
  return { kind: 'no-file', message: 'no file on a DAX filesystem in this scenario: no mapping->i_pages to show' };
}
