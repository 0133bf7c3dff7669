/**
 * DAX page-cache entries and the page ownership that faults establish.
 * Models: fs/dax.c (v6.12): the value-entry encoding (DAX_SHIFT, DAX_LOCKED, DAX_PMD, DAX_ZERO_PAGE,
 * DAX_EMPTY), dax_insert_entry(), dax_associate_entry(), dax_disassociate_entry(),
 * dax_page_share_get()/dax_page_share_put() (v6.2+ `16900426586d` "fsdax: introduce page->share for
 * fsdax in reflink mode"), dax_lock_folio(), dax_lock_mapping_entry() (v6.0) and their unlock halves.
 * Before v6.2 a CoW write fault marked the page PAGE_MAPPING_DAX_COW and counted in page->index
 * (dax_mapping_set_cow(), 6.1.192 fs/dax.c:345-356, and its post-decrement in dax_disassociate_entry(),
 * :399-401). Dirty tracking: PAGECACHE_TAG_DIRTY (and PAGECACHE_TAG_TOWRITE for a CoW) on the entry; there is
 * no DAX_DIRTY entry flag in 6.12 or 6.1.
 * Not modeled: the hashed wait queues (a locked entry is never contended in a single-threaded
 * simulation), zero-page entries for holes.
 */

import { indexId, pfnId } from '../ids';
import { type JournalEntry, registerJournalEntry } from '../journal';
import type { Kernel, Namespace } from '../kernel';
import {
  PAGECACHE_TAG_DIRTY,
  PAGECACHE_TAG_TOWRITE,
  type XaNode,
  type Xarray,
  xa_get_order,
  xa_load,
  xa_set_mark,
  xa_store_order,
  xaFork,
  xaValueSlot,
} from '../lib/xarray';
import { MEMORY_DEVICE_FS_DAX } from '../mm/memremap';
import { type PageChange, PG_head, TAIL_MAPPING } from '../mm/page';
import { PMD_ORDER } from '../units';
import type { AddressSpace } from './vfs';

export const DAX_SHIFT = 4;
export const DAX_LOCKED = 1 << 0;
export const DAX_PMD = 1 << 1;
export const DAX_ZERO_PAGE = 1 << 2;
export const DAX_EMPTY = 1 << 3;

/** dax_make_entry(pfn, flags): the xa_mk_value() payload */
export const dax_make_entry = (pfn: number, flags: number): number => pfn * 2 ** DAX_SHIFT + flags;
export const dax_to_pfn = (entry: number): number => Math.floor(entry / 2 ** DAX_SHIFT);
export const daxFlags = (entry: number): number => entry % 2 ** DAX_SHIFT;
export const dax_is_locked = (e: number): boolean => (daxFlags(e) & DAX_LOCKED) !== 0;
export const dax_is_pmd_entry = (e: number): boolean => (daxFlags(e) & DAX_PMD) !== 0;
export const dax_is_zero_entry = (e: number): boolean => (daxFlags(e) & DAX_ZERO_PAGE) !== 0;
export const dax_is_empty_entry = (e: number): boolean => (daxFlags(e) & DAX_EMPTY) !== 0;
/** dax_entry_order() */
export const dax_entry_order = (e: number): number => (dax_is_pmd_entry(e) ? PMD_ORDER : 0);
/** number of pfns for_each_mapped_pfn() visits: none for zero/empty entries */
export const daxEntryPages = (e: number): number =>
  dax_is_zero_entry(e) || dax_is_empty_entry(e) ? 0 : 2 ** dax_entry_order(e);

/** A decoded entry, as the explorer shows it. */
export function describeDaxEntry(e: number): string {
  const flags = daxFlags(e);
  const names = [
    flags & DAX_LOCKED ? 'DAX_LOCKED' : '',
    flags & DAX_PMD ? 'DAX_PMD' : '',
    flags & DAX_ZERO_PAGE ? 'DAX_ZERO_PAGE' : '',
    flags & DAX_EMPTY ? 'DAX_EMPTY' : '',
  ].filter(Boolean);
  return `pfn 0x${dax_to_pfn(e).toString(16)}${names.length ? ` ${names.join('|')}` : ''}`;
}

/** ~0UL: the cookie for "nothing to lock" */
export const DAX_COOKIE_NONE = -1;

/**
 * Replace mapping->i_pages with a modified version, through the journal. The new version is an xaFork():
 * it shares every node with the old one and copies only the nodes `fn` writes, so each step keeps its own
 * page cache at the cost of the path it changed (was: a deep copy of the whole tree per write, which made
 * n faults on one file cost n² and kept every copy alive in the journal).
 */
export function updateIPages(
  k: Kernel,
  mapping: AddressSpace,
  index: number,
  fn: (xa: AddressSpace['i_pages']) => void,
) {
  // no journal (the scenario's setup): nothing keeps the version before the write, so no copy is needed
  // (perf: 10^4 setup faults each forked the page cache and copied its path)
  if (!k.j.enabled) {
    fn(mapping.i_pages);
    return;
  }
  const next = xaFork(mapping.i_pages);
  fn(next);
  k.j.set(indexId(mapping.id, index), mapping, 'i_pages', next);
}

/**
 * One order-0 DAX entry's value replaced in its slot, in place (xaValueSlot()): reverting puts the old value
 * back. Perf: locking and unlocking an entry each forked the page cache, copying the nodes on the path (about
 * 2.5 KB kept per write); every version of the array still reads as before, because the entries are undone
 * and redone in order, so a node shared with an earlier version holds the value of the cursor's step.
 */
class XaSlotWrite implements JournalEntry {
  readonly field = 'i_pages';
  constructor(
    readonly object: string,
    private readonly xa: Xarray,
    private readonly node: XaNode | null,
    private readonly offset: number,
    readonly before: number,
    readonly after: number,
  ) {}
  revert(): void {
    this.put(this.before);
  }
  apply(): void {
    this.put(this.after);
  }
  private put(value: number): void {
    if (this.node) this.node.slots[this.offset] = value;
    else this.xa.head = value;
  }
}

registerJournalEntry('xa-slot', XaSlotWrite);

/** dax_lock_entry()/dax_unlock_entry(): set or clear DAX_LOCKED on the entry at index. */
export function setEntryLocked(k: Kernel, mapping: AddressSpace, index: number, locked: boolean): void {
  const e = xa_load(mapping.i_pages, index);
  if (e === null) return;
  // arithmetic, not bitwise: entries of pfns at or above 2^27 do not fit in 32 bits
  if (dax_is_locked(e) === locked) return;
  const value = locked ? e + DAX_LOCKED : e - DAX_LOCKED;
  const slot = xaValueSlot(mapping.i_pages, index);
  if (slot) {
    const write = new XaSlotWrite(indexId(mapping.id, index), mapping.i_pages, slot.node, slot.offset, e, value);
    write.apply();
    k.j.record(write);
    return;
  }
  const order = xa_get_order(mapping.i_pages, index);
  const base = index - (index % 2 ** order);
  updateIPages(k, mapping, base, (xa) => xa_store_order(xa, base, value, order));
}

/** page->mapping values of fsdax pages (v6.2–v6.14) */
export const PAGE_MAPPING_DAX_SHARED = 'PAGE_MAPPING_DAX_SHARED' as const;

/** page->mapping of a page a CoW write fault shared, before v6.2 (6.1.192 include/linux/page-flags.h:650: 0x1) */
export const PAGE_MAPPING_DAX_COW = 'PAGE_MAPPING_DAX_COW' as const;

/** dax_mapping_set_cow() (before v6.2): as dax_page_share_get(), with the count in page->index. */
function dax_mapping_set_cow(k: Kernel, ns: Namespace, pfn: number): void {
  const page = ns.pages.page(pfn);
  if (page.mapping !== PAGE_MAPPING_DAX_COW) {
    if (page.mapping) pageSet(k, ns, pfn, 'index', 1);
    pageSet(k, ns, pfn, 'mapping', PAGE_MAPPING_DAX_COW);
  }
  pageSet(k, ns, pfn, 'index', ns.pages.page(pfn).index + 1);
}

/** dax_page_share_get(): the page gains a sharer; its first owner, if any, becomes share 1. */
export function dax_page_share_get(k: Kernel, ns: Namespace, pfn: number): void {
  const page = ns.pages.page(pfn);
  if (page.mapping !== PAGE_MAPPING_DAX_SHARED) {
    // Reset the index if the page was already mapped regularly before.
    if (page.mapping) pageSet(k, ns, pfn, 'index', 1);
    pageSet(k, ns, pfn, 'mapping', PAGE_MAPPING_DAX_SHARED);
  }
  pageSet(k, ns, pfn, 'index', ns.pages.page(pfn).index + 1);
}

/** dax_associate_entry(): record who owns each page the new entry maps. */
export function dax_associate_entry(
  k: Kernel,
  ns: Namespace,
  entry: number,
  mapping: AddressSpace,
  index: number,
  shared: boolean,
) {
  // before v4.17 (d2c997c0f145) a DAX page had no owner in its struct page: mapping NULL, index 0
  if (!k.has('dax-page-mapping')) return;
  if (k.has('dax-shared-mapping-null')) return dax_associate_folio(k, ns, entry, mapping, index, shared);
  const pfn0 = dax_to_pfn(entry);
  for (let i = 0; i < daxEntryPages(entry); i++) {
    if (shared) {
      if (k.has('dax-page-share')) dax_page_share_get(k, ns, pfn0 + i);
      else dax_mapping_set_cow(k, ns, pfn0 + i);
    } else {
      pageSet(k, ns, pfn0 + i, 'mapping', { kind: 'address_space', id: mapping.id });
      pageSet(k, ns, pfn0 + i, 'index', index + i);
    }
  }
}

/** dax_disassociate_entry(): drop this mapping's ownership of each page of the old entry. */
export function dax_disassociate_entry(k: Kernel, ns: Namespace, entry: number | null): void {
  if (entry === null || !k.has('dax-page-mapping')) return;
  if (k.has('dax-shared-mapping-null')) {
    if (daxEntryPages(entry) > 0) dax_folio_put(k, ns, dax_to_pfn(entry));
    return;
  }
  const pfn0 = dax_to_pfn(entry);
  for (let i = 0; i < daxEntryPages(entry); i++) {
    const page = ns.pages.page(pfn0 + i);
    if (page.mapping === PAGE_MAPPING_DAX_COW) {
      // 6.1: `if (page->index-- > 0) continue;` — a post-decrement: the last sharer keeps the flag too
      const before = page.index;
      pageSet(k, ns, pfn0 + i, 'index', before - 1);
      if (before > 0) continue;
    }
    if (page.mapping === PAGE_MAPPING_DAX_SHARED) {
      // dax_page_share_put(): keep the shared flag while other sharers remain
      const share = page.index - 1;
      pageSet(k, ns, pfn0 + i, 'index', share);
      if (share > 0) continue;
    }
    pageSet(k, ns, pfn0 + i, 'mapping', null);
    pageSet(k, ns, pfn0 + i, 'index', 0);
  }
}

// ---- v6.15: one folio per entry (dax-shared-mapping-null, dax-pmd-folio) -------------------------------

/** dax_folio_is_shared(): no owner mapping, and a share count (->share is the ->index word). */
export function dax_folio_is_shared(ns: Namespace, head: number): boolean {
  const f = ns.pages.page(head);
  return f.mapping === null && !f.tail_mapping && f.share > 0;
}

/**
 * Whether the struct page at pfn is a reflinked (shared) fsdax page, the way the running variant marks it:
 * PAGE_MAPPING_DAX_SHARED / PAGE_MAPPING_DAX_COW in ->mapping, or since v6.15 ->mapping NULL with ->share > 0.
 */
export function daxPageIsShared(k: Kernel, ns: Namespace, pfn: number): boolean {
  const m = ns.pages.page(pfn).mapping;
  if (m === PAGE_MAPPING_DAX_SHARED || m === PAGE_MAPPING_DAX_COW) return true;
  return k.has('dax-shared-mapping-null') && ns.pgmap.type === MEMORY_DEVICE_FS_DAX && dax_folio_is_shared(ns, pfn);
}

/**
 * What the struct page view says about the v6.15 refcount rework, or null on a variant without it: the
 * fields it changed, with what was not confirmed.
 */
export function daxFolioNote(k: Kernel, ns: Namespace): string | null {
  if (!k.has('dax-folio-refcount') || ns.pgmap.type !== MEMORY_DEVICE_FS_DAX) return null;
  return 'Linux 6.15 folio refcounting: _refcount is 0 when idle and counts the PTEs/PMDs mapping the folio; a shared folio has mapping NULL and share > 0; a PMD entry is an order-9 folio whose mapping and index are on the head. Read in fs/dax.c and mm/mm_init.c after v6.15, not run on a 6.15 kernel: UNVERIFIED.';
}

/**
 * dax_folio_init(): the first owner of a PMD entry makes its 512 pages one order-9 folio
 * (prep_compound_page(): PG_head, the order in page[1], compound_head and TAIL_MAPPING on every tail).
 * page[1]'s _folio_nr_pages over ->index follows the 6.12 layout the model uses (derived).
 */
function dax_folio_init(k: Kernel, ns: Namespace, entry: number): void {
  const order = dax_entry_order(entry);
  if (order === 0 || !k.has('dax-pmd-folio')) return;
  const head = dax_to_pfn(entry);
  pageSet(k, ns, head, 'flags', ns.pages.page(head).flags | (1 << PG_head));
  for (let i = 1; i < 2 ** order; i++) {
    pageSet(k, ns, head + i, 'compound_head', head);
    pageSet(k, ns, head + i, 'mapping', TAIL_MAPPING);
  }
  pageSet(k, ns, head + 1, 'flags', (ns.pages.page(head + 1).flags & ~0xff) | order);
  pageSet(k, ns, head + 1, 'index', 2 ** order);
}

/** dax_associate_entry() since v6.15: the entry's folio gains an owner, or a sharer. */
function dax_associate_folio(
  k: Kernel,
  ns: Namespace,
  entry: number,
  mapping: AddressSpace,
  index: number,
  shared: boolean,
): void {
  if (daxEntryPages(entry) === 0) return;
  const head = ns.pages.compound_head(dax_to_pfn(entry));
  const folio = ns.pages.page(head);
  if (shared && (folio.mapping !== null || dax_folio_is_shared(ns, head))) {
    // dax_folio_make_shared(): the second owner clears ->mapping and starts the count at 1
    if (folio.mapping !== null) {
      pageSet(k, ns, head, 'mapping', null);
      pageSet(k, ns, head, 'index', 1);
    }
    pageSet(k, ns, head, 'index', ns.pages.page(head).share + 1);
    return;
  }
  dax_folio_init(k, ns, entry);
  pageSet(k, ns, head, 'mapping', { kind: 'address_space', id: mapping.id });
  pageSet(k, ns, head, 'index', index);
}

/**
 * dax_folio_put(): a sharer goes (share − 1); the last owner clears ->mapping and, for a large folio,
 * splits it back to order-0 pages (folio_reset_order(), ClearPageHead, clear_compound_head, mapping NULL,
 * share 0 on each). An order-0 folio keeps its ->index: only ->mapping is cleared.
 */
function dax_folio_put(k: Kernel, ns: Namespace, pfn: number): void {
  const head = ns.pages.compound_head(pfn);
  if (dax_folio_is_shared(ns, head)) {
    const ref = ns.pages.page(head).share - 1;
    pageSet(k, ns, head, 'index', ref);
    if (ref > 0) return;
  }
  pageSet(k, ns, head, 'mapping', null);
  const order = ns.pages.compound_order(head);
  if (order === 0) return;
  pageSet(k, ns, head + 1, 'flags', ns.pages.page(head + 1).flags & ~0xff);
  for (let i = 0; i < 2 ** order; i++) {
    if (i === 0) pageSet(k, ns, head, 'flags', ns.pages.page(head).flags & ~(1 << PG_head));
    else pageSet(k, ns, head + i, 'compound_head', null);
    pageSet(k, ns, head + i, 'mapping', null);
    pageSet(k, ns, head + i, 'index', 0);
  }
}

/**
 * dax_insert_entry()'s marks: PAGECACHE_TAG_DIRTY when the fault dirties (a store; every fault before
 * dax-dirty-on-write-only), PAGECACHE_TAG_TOWRITE for a store to a shared extent (6.12.117 fs/dax.c:916-920).
 */
export function daxMarkEntry(k: Kernel, mapping: AddressSpace, index: number, write: boolean, shared: boolean): void {
  const dirty = write || !k.has('dax-dirty-on-write-only');
  if (!dirty && !(write && shared)) return;
  if (xa_load(mapping.i_pages, index) === null) return;
  updateIPages(k, mapping, index, (xa) => {
    if (dirty) xa_set_mark(xa, index, PAGECACHE_TAG_DIRTY);
    if (write && shared) xa_set_mark(xa, index, PAGECACHE_TAG_TOWRITE);
  });
}

type PageField = 'mapping' | 'index' | 'flags' | '_refcount' | 'compound_head';

/** A struct page field written: reverting undoes the write in the page's vmemmap slot. */
class PageWrite implements JournalEntry {
  constructor(
    readonly object: string,
    readonly field: PageField,
    private readonly pages: Namespace['pages'],
    private readonly pfn: number,
    private readonly change: PageChange,
    readonly before: unknown,
    readonly after: unknown,
  ) {}
  revert(): void {
    this.pages.undo(this.change);
  }
  apply(): void {
    // biome-ignore lint/suspicious/noExplicitAny: the page array takes any struct page field
    this.pages.set(this.pfn, this.field as any, this.after as any);
  }
}

registerJournalEntry('page', PageWrite);

/** Write one struct page field through the journal (the write lands in the page's vmemmap slot). */
export function pageSet(k: Kernel, ns: Namespace, pfn: number, field: PageField, value: unknown): void {
  const page = ns.pages.page(pfn);
  // a tail's ->mapping word holds TAIL_MAPPING, which the page view shows as null
  const before =
    field === 'mapping' && page.tail_mapping ? TAIL_MAPPING : (page as unknown as Record<string, unknown>)[field];
  if (before === value) return;
  // biome-ignore lint/suspicious/noExplicitAny: the page array takes any struct page field
  const change = ns.pages.set(pfn, field as any, value as any);
  if (k.j.enabled) k.j.record(new PageWrite(pfnId(pfn), field, ns.pages, pfn, change, before, value));
}
