/**
 * View model of the struct pages and vmemmap view, beyond what selectors.ts gives: which pfn the detail panel
 * shows, the struct pages that share its storage (to light up), the vmemmap pages of its compound page with the
 * frames behind them, and plain-words readings of the namespace's vmemmap numbers. Pure functions of the state:
 * the facts come from selectStructPages / structPageDetail / selectLinked (namespaceOfPfn alone asks the kernel
 * which namespace holds a pfn).
 */
import { pfnId } from '../kernel/ids';
import { PAGE_SIZE, STRUCT_PAGE_SIZE, STRUCT_PAGES_PER_VMEMMAP_PAGE } from '../kernel/units';
import type { AppState } from './appStore';
import {
  computeLinked,
  computeStructPages,
  type LocalState,
  type NamespaceVM,
  type PageMark,
  type StructPageDetailVM,
  structPageDetail,
} from './selectors';

export type { PageMark };

/** The pfn an id names, when it is a `pfn:` id. */
export function parsePfnId(id: string | null | undefined): number | null {
  if (!id?.startsWith('pfn:')) return null;
  const n = Number(id.slice(4));
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Parse what a user types as a pfn: "0x100264", "100264" (hex), or "#1049188" (decimal). */
export function parsePfnInput(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/^pfn:/, '');
  if (!t) return null;
  const n = t.startsWith('#')
    ? Number(t.slice(1))
    : /^(0x)?[0-9a-f]+$/.test(t)
      ? Number.parseInt(t.replace(/^0x/, ''), 16)
      : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * The pfn the detail panel shows: the selection if it is a pfn, else the first pfn linked to the selection
 * (preferring one inside [first, end) when given).
 */
export function focusPfnOf(
  selection: string | null,
  linked: Iterable<string> | null,
  range?: { first: number; end: number },
): number | null {
  const own = parsePfnId(selection);
  if (own !== null) return own;
  let any: number | null = null;
  for (const id of linked ?? []) {
    const p = parsePfnId(id);
    if (p === null) continue;
    if (!range || (p >= range.first && p < range.end)) return p;
    any ??= p;
  }
  return any;
}

export interface PfnRange {
  first: number;
  last: number;
}

/** The struct pages sharing the selected struct page's storage. */
export interface StorageHighlight {
  /** struct pages whose vmemmap page maps the same physical frame (only when more than one vmemmap page maps it) */
  sharers: PfnRange[];
  /** struct pages that are the very same 64 bytes (only when there are others) */
  slots: { first: number; last: number; stride: number; count: number } | null;
  /** struct pages in `sharers` */
  count: number;
  /** vmemmap pages mapping the frame */
  framePages: number;
  /** true when the frame is mapped by more than one vmemmap page (deduplicated vmemmap) */
  aliased: boolean;
}

const rangeSize = (r: PfnRange): number => r.last - r.first + 1;

export function storageHighlight(d: StructPageDetailVM | null): StorageHighlight {
  const none: StorageHighlight = { sharers: [], slots: null, count: 0, framePages: 1, aliased: false };
  if (!d) return none;
  const total = d.vmemmap.frameSharers.reduce((n, r) => n + rangeSize(r), 0);
  const framePages = Math.max(1, Math.round(total / STRUCT_PAGES_PER_VMEMMAP_PAGE));
  const aliased = framePages > 1;
  const sa = d.vmemmap.slotAliases;
  return {
    sharers: aliased ? d.vmemmap.frameSharers.map((r) => ({ first: r.first, last: r.last })) : [],
    slots: sa.count > 1 ? { ...sa } : null,
    count: aliased ? total : 0,
    framePages,
    aliased,
  };
}

/** Is pfn one of the struct pages the highlight lights up? (tests and the hover line) */
export function highlightKind(h: StorageHighlight, pfn: number): 'slot' | 'frame' | null {
  const s = h.slots;
  if (s && pfn >= s.first && pfn <= s.last && (pfn - s.first) % s.stride === 0) return 'slot';
  for (const r of h.sharers) if (pfn >= r.first && pfn <= r.last) return 'frame';
  return null;
}

/** One vmemmap page of a compound page, as a box in the diagram. */
export interface VmemmapBox {
  /** vmemmap page index inside the compound page (0 = the head's) */
  index: number;
  /** global vmemmap page number */
  vpage: number;
  /** virtual address of the vmemmap page */
  vaddr: string;
  frame: string;
  backing: string;
  /** the struct page at the selected one's slot in this vmemmap page */
  pfn: number;
  /** first struct page in this vmemmap page */
  firstPfn: number;
  /** this box holds the selected struct page */
  selected: boolean;
}

export interface CompoundVM {
  head: number;
  order: number;
  pages: number;
  /** vmemmap pages covering the compound page's struct pages */
  vmemmapPages: number;
  /** the boxes drawn (all of them up to 16, else the first and last few and the selected one) */
  boxes: VmemmapBox[];
  /** distinct frames over all vmemmap pages, in order of first use */
  frames: { frame: string; pages: number; backing: string }[];
  unique: number;
  aliased: number;
  bytesSaved: number;
}

const MAX_BOXES = 16;

/** The vmemmap page base address: the struct page's address minus its byte offset in the page. */
function pageBase(vaddr: string, offset: number): string {
  try {
    return `0x${(BigInt(vaddr) - BigInt(offset)).toString(16)}`;
  } catch {
    return vaddr;
  }
}

/** The compound page of pfn, vmemmap page by vmemmap page. `detail` is a StructPageDetailVM getter. */
export function compoundOf(
  detail: (pfn: number) => StructPageDetailVM | null,
  d: StructPageDetailVM,
): CompoundVM | null {
  const head = d.compound_head !== null ? Number(d.compound_head) : d.compound_order > 0 ? d.pfn : null;
  if (head === null) return null;
  const hd = head === d.pfn ? d : detail(head);
  if (!hd || hd.compound_order <= 0) return null;
  const order = hd.compound_order;
  const pages = 2 ** order;
  const vmemmapPages = Math.max(1, Math.ceil(pages / STRUCT_PAGES_PER_VMEMMAP_PAGE));
  const slot = (d.pfn - head) % STRUCT_PAGES_PER_VMEMMAP_PAGE;
  const selIndex = Math.floor((d.pfn - head) / STRUCT_PAGES_PER_VMEMMAP_PAGE);

  // walk the vmemmap pages frame run by frame run: O(distinct frames) detail reads, not O(vmemmap pages)
  const frames: CompoundVM['frames'] = [];
  const seen = new Map<string, number>();
  for (let v = 0; v < vmemmapPages; ) {
    const dv = detail(head + v * STRUCT_PAGES_PER_VMEMMAP_PAGE);
    if (!dv) break;
    const run = dv.vmemmap.frameSharers.find((r) => r.first <= dv.pfn && r.last >= dv.pfn);
    const lastV = run ? Math.floor((run.last - head) / STRUCT_PAGES_PER_VMEMMAP_PAGE) : v;
    const n = Math.max(1, Math.min(vmemmapPages - 1, lastV) - v + 1);
    const at = seen.get(dv.vmemmap.frame);
    if (at === undefined) {
      seen.set(dv.vmemmap.frame, frames.length);
      frames.push({ frame: dv.vmemmap.frame, pages: n, backing: dv.vmemmap.backing });
    } else frames[at].pages += n;
    v += n;
  }
  const unique = frames.length;
  const aliased = vmemmapPages - unique;

  let indices: number[];
  if (vmemmapPages <= MAX_BOXES) indices = Array.from({ length: vmemmapPages }, (_, i) => i);
  else
    indices = [...new Set([0, 1, 2, 3, selIndex, vmemmapPages - 2, vmemmapPages - 1])]
      .filter((i) => i >= 0 && i < vmemmapPages)
      .sort((a, b) => a - b);
  const boxes: VmemmapBox[] = [];
  for (const i of indices) {
    const pfn = head + i * STRUCT_PAGES_PER_VMEMMAP_PAGE + slot;
    const bd = pfn === d.pfn ? d : detail(pfn);
    if (!bd) continue;
    boxes.push({
      index: i,
      vpage: bd.vmemmap.page,
      vaddr: pageBase(bd.vmemmap.vaddr, bd.vmemmap.offset),
      frame: bd.vmemmap.frame,
      backing: bd.vmemmap.backing,
      pfn,
      firstPfn: head + i * STRUCT_PAGES_PER_VMEMMAP_PAGE,
      selected: i === selIndex,
    });
  }
  return { head, order, pages, vmemmapPages, boxes, frames, unique, aliased, bytesSaved: aliased * PAGE_SIZE };
}

/** 24576 → "24 KiB", 25165824 → "24 MiB" (binary units, at most one decimal). */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, '');
  return `${s} ${units[u]}`;
}

/** Why vmemmap deduplication is on or off, in the words of __vmemmap_can_optimize(). */
export interface OptimizeExplanation {
  on: boolean;
  /** one line: "on: …" / "off: …" */
  summary: string;
  /** each condition checked, with whether it held */
  checks: { text: string; ok: boolean }[];
}

export function explainOptimize(ns: Pick<NamespaceVM, 'optimized' | 'optimizeWhy'>): OptimizeExplanation {
  const r = new Map(ns.optimizeWhy.map((x) => [x.path, x.value]));
  const get = (suffix: string): string | undefined => {
    for (const [k, v] of r) if (k === suffix || k.startsWith(`${suffix} `)) return v;
    return undefined;
  };
  const checks: OptimizeExplanation['checks'] = [];
  const config = get('CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP');
  if (config !== undefined)
    checks.push({ text: `CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP=${config}`, ok: config === 'y' });
  const pgmap = get('pgmap');
  if (pgmap !== undefined) checks.push({ text: `pgmap ${pgmap}`, ok: pgmap !== 'NULL' });
  const altmap = get('altmap');
  if (altmap !== undefined)
    checks.push({
      text:
        altmap === 'NULL'
          ? 'altmap NULL: the memmap is in RAM'
          : 'altmap set: the memmap lives on the device (map=dev), which is never deduplicated',
      ok: altmap === 'NULL',
    });
  const nrV = get('nr_vmemmap_pages');
  const reserve = get('VMEMMAP_RESERVE_NR') ?? '2';
  const shift = get('pgmap->vmemmap_shift');
  if (nrV !== undefined)
    checks.push({
      text: `nr_vmemmap_pages ${nrV} ${Number(nrV) > Number(reserve) ? '>' : '≤'} VMEMMAP_RESERVE_NR ${reserve}${shift === undefined ? '' : shift === '0' ? ' (vmemmap_shift 0: order-0 pages, no compound pages)' : ` (vmemmap_shift ${shift}: ${2 ** Number(shift)} pfns per compound page)`}`,
      ok: Number(nrV) > Number(reserve),
    });
  const failed = checks.filter((c) => !c.ok).map((c) => c.text);
  const summary = ns.optimized
    ? `on: vmemmap_can_optimize() is true: each compound page keeps ${reserve} vmemmap pages (head and first tail); the rest map the first tail's frame`
    : `off: ${failed.length ? failed.join('; ') : 'vmemmap_can_optimize() is false'}`;
  return { on: ns.optimized, summary, checks };
}

/** "unique vmemmap pages: 2 of 8 per compound page, aliased 6, bytes saved 24 KiB per 2 MiB, 24 MiB total" */
export function savingsLine(
  ns: Pick<NamespaceVM, 'compoundPages' | 'optimized' | 'stats'>,
  c: Pick<CompoundVM, 'vmemmapPages' | 'unique' | 'aliased' | 'bytesSaved'> | null,
): string {
  const size = formatBytes(ns.compoundPages * PAGE_SIZE);
  const total = `${formatBytes(ns.stats.bytesSaved)} total (${ns.stats.framesAliased} aliased vmemmap pages)`;
  if (c)
    return `unique vmemmap pages: ${c.unique} of ${c.vmemmapPages} per compound page, aliased ${c.aliased}, bytes saved ${formatBytes(c.bytesSaved)} per ${size}, ${total}`;
  const perCompound = Math.max(1, (ns.compoundPages * STRUCT_PAGE_SIZE) / PAGE_SIZE);
  return ns.compoundPages > 1
    ? `${perCompound} vmemmap pages per ${size} compound page; bytes saved ${total}`
    : `order-0 pages: one vmemmap page holds ${STRUCT_PAGES_PER_VMEMMAP_PAGE} struct pages; bytes saved ${total}`;
}

export interface StructPageFocusVM {
  pfn: number;
  id: string;
  /** the selection is this pfn (not a counterpart of another object) */
  direct: boolean;
  /** the pfn lies in the focused namespace */
  inNamespace: boolean;
  detail: StructPageDetailVM | null;
  highlight: StorageHighlight;
  compound: CompoundVM | null;
}

/** One-entry memo keyed like the selectors (structPageDetail reads the kernel at the cursor). */
function memo<T>(fn: (s: LocalState) => T): (s: LocalState) => T | null {
  let key: unknown[] = [];
  let value: T | null = null;
  return (s) => {
    const next = [s.load, s.version, s.selection, s.focus.namespace];
    if (next.length === key.length && next.every((v, i) => v === key[i])) return value;
    key = next;
    value = fn(s);
    return value;
  };
}

/** The pfn the detail panel shows, its decoded struct page, its storage sharers and its compound page. */
export const computeStructPageFocus = memo((s): StructPageFocusVM | null => {
  const vm = computeStructPages(s);
  const range = vm ? { first: vm.ns.firstPfn, end: vm.ns.endPfn } : undefined;
  const pfn = focusPfnOf(s.selection, computeLinked(s)?.eager ?? null, range);
  if (pfn === null) return null;
  const detail = structPageDetail(s, pfn);
  const inNamespace = !!range && pfn >= range.first && pfn < range.end;
  const get = (p: number) => structPageDetail(s, p);
  return {
    pfn,
    id: pfnId(pfn),
    direct: parsePfnId(s.selection) === pfn,
    inNamespace,
    detail,
    highlight: inNamespace ? storageHighlight(detail) : storageHighlight(null),
    compound: detail ? compoundOf(get, detail) : null,
  };
});

/** The first data compound page of the focused namespace (for the per-compound arithmetic with no selection). */
export const computeFirstCompound = memo((s): CompoundVM | null => {
  const vm = computeStructPages(s);
  if (!vm || vm.ns.compoundPages <= 1) return null;
  const d = structPageDetail(s, vm.ns.dataPfn);
  return d ? compoundOf((p) => structPageDetail(s, p), d) : null;
});

/** The struct-page focus of the step shown (made where the run is: src/store/stepViews.ts). */
export const selectStructPageFocus = (s: AppState): StructPageFocusVM | null => s.views?.structPageFocus ?? null;
export const selectFirstCompound = (s: AppState): CompoundVM | null => s.views?.firstCompound ?? null;

/** The namespace the struct-page focus belongs to when it lies outside the focused one (for "show it"). */
export const selectFocusPfnNamespace = (s: AppState): string | null => s.views?.focusPfnNamespace ?? null;
