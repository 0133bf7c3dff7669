/**
 * The struct pages of one pmem namespace (ZONE_DEVICE), stored the way the hardware stores them: in 64-byte
 * vmemmap slots, so pages whose vmemmap is deduplicated read and write the same bytes.
 * Models (Linux v6.12, x86-64, CONFIG_MEMORY_FAILURE=y, CONFIG_PAGE_IDLE_FLAG=y):
 *   include/linux/page-flags.h enum pageflags (bit numbers below), PageHead/PageTail/PageCompound,
 *     PageHWPoison/SetPageHWPoison/TestSetPageHWPoison/TestClearPageHWPoison (PF_ANY), PageReserved;
 *   include/linux/mm_types.h struct page / struct folio overlays used here: page->flags, ->compound_head
 *     (head | 1 on tails), ->mapping, ->index and its union ->share (v6.2+ fsdax reflink), ->_refcount;
 *     page[1] of a compound page: _flags_1 low byte = folio order, _nr_pages_mapped/_pincount over ->mapping,
 *     _folio_nr_pages over the low half of ->index (64-bit; the v6.10–v6.14 struct folio layout, derived);
 *   include/linux/mm.h compound_order() (reads page[1]._flags_1 & 0xff when PG_head), page_ref_count();
 *   mm/mm_init.c memmap_init_zone_device(), memmap_init_compound(), __init_zone_device_page(),
 *     __init_single_page() (zeroed page, _refcount 1), memmap_init_range() for ZONE_DEVICE with an altmap
 *     (the memmap-space pfns after altmap->reserve: plain PG_reserved pages, called from
 *     move_pfn_range_to_zone() before memmap_init_zone_device());
 *   mm/internal.h prep_compound_head(), prep_compound_tail() (mapping = TAIL_MAPPING on every tail in 6.12);
 *   include/linux/poison.h TAIL_MAPPING.
 * Bit numbers (derived from the 6.12 enum): v6.12 removed PG_error (09022bc196d2), renamed PG_mappedtodisk
 * to PG_owner_2 and moved x86 PAT from PG_uncached to PG_arch_2 (7a87225ae2c6, "Simplify the page flags a
 * little" series); PG_dropbehind (v6.14) is not there yet. PG_arch_2 is bit 23 only with CONFIG_PAGE_IDLE_FLAG
 * (x86 selects ARCH_USES_PG_ARCH_2 with X86_PAT). The model never relies on the numbers, only on the names.
 * ->mapping of tails holds TAIL_MAPPING; StructPage.mapping shows it as null with tail_mapping = true, so
 * MappingRef stays "an owner" for callers.
 * Write order: memmap_init_range() first, then memmap_init_zone_device() in ascending pfn; where struct pages
 * alias (deduplicated vmemmap) the last writer's bytes are what every alias reads.
 * Not modeled: the zone/node/section bits in the top of page->flags, ->pgmap / ->zone_device_data, ->private,
 * _mapcount and the other folio overlays (_large_mapcount, _entire_mapcount, _deferred_list), pageblock
 * migratetypes, the contents of never-initialised struct pages (garbage or 0xff poison: read here as zero with
 * initialised = false), HugeTLB fake heads (page_fixed_fake_head()).
 */
import { hex, PAGE_SIZE } from '../units';
import {
  type DevPagemap,
  MEMORY_DEVICE_COHERENT,
  MEMORY_DEVICE_FS_DAX,
  MEMORY_DEVICE_PRIVATE,
  pgmap_altmap,
} from './memremap';
import { STRUCT_PAGES_PER_VMEMMAP, type VmemmapLayout } from './sparse-vmemmap';

// enum pageflags, Linux v6.12, x86-64
export const PG_locked = 0;
export const PG_writeback = 1;
export const PG_referenced = 2;
export const PG_uptodate = 3;
export const PG_dirty = 4;
export const PG_lru = 5;
/** must be bit 6: a folio order (< 64) written to page[1]'s low byte never sets it */
export const PG_head = 6;
export const PG_waiters = 7;
export const PG_active = 8;
export const PG_workingset = 9;
export const PG_owner_priv_1 = 10;
export const PG_owner_2 = 11;
export const PG_arch_1 = 12;
export const PG_reserved = 13;
export const PG_private = 14;
export const PG_private_2 = 15;
export const PG_reclaim = 16;
export const PG_swapbacked = 17;
export const PG_unevictable = 18;
/** CONFIG_MMU */
export const PG_mlocked = 19;
/** CONFIG_MEMORY_FAILURE */
export const PG_hwpoison = 20;
/** CONFIG_PAGE_IDLE_FLAG && 64BIT */
export const PG_young = 21;
export const PG_idle = 22;
/** CONFIG_ARCH_USES_PG_ARCH_2 (x86 PAT memtype, since v6.12) */
export const PG_arch_2 = 23;
export const __NR_PAGEFLAGS = 24;
// aliases
export const PG_readahead = PG_reclaim;
export const PG_swapcache = PG_owner_priv_1;
export const PG_checked = PG_owner_priv_1;
export const PG_anon_exclusive = PG_owner_2;
export const PG_mappedtodisk = PG_owner_2;
export const PG_fscache = PG_private_2;
export const PG_isolated = PG_reclaim;
export const PG_reported = PG_uptodate;
/** stored in the first tail page's flags */
export const PG_has_hwpoisoned = PG_active;
export const PG_large_rmappable = PG_workingset;
export const PG_partially_mapped = PG_reclaim;

const PAGEFLAG_NAMES = [
  'locked',
  'writeback',
  'referenced',
  'uptodate',
  'dirty',
  'lru',
  'head',
  'waiters',
  'active',
  'workingset',
  'owner_priv_1',
  'owner_2',
  'arch_1',
  'reserved',
  'private',
  'private_2',
  'reclaim',
  'swapbacked',
  'unevictable',
  'mlocked',
  'hwpoison',
  'young',
  'idle',
  'arch_2',
];

/** The set bits of page->flags by name, as %pGp prints them ("reserved|head"). */
export function pageFlagNames(flags: number): string[] {
  const out: string[] = [];
  for (let b = 0; b < __NR_PAGEFLAGS; b++) if (flags & (1 << b)) out.push(PAGEFLAG_NAMES[b]);
  return out;
}

/** TAIL_MAPPING: (void *)0x400 + POISON_POINTER_DELTA, written to ->mapping of compound tails */
export const TAIL_MAPPING_VALUE = 0xdead000000000400n;

/**
 * page->mapping as owners see it: a file or char-device address_space, or the fsdax reflink marker
 * (the kernel stores a pointer; PAGE_MAPPING_DAX_SHARED is the pointer value 0x1, v6.2–v6.14).
 */
export type MappingRef =
  | { kind: 'address_space'; id: string }
  | 'PAGE_MAPPING_DAX_SHARED'
  /** before v6.2: a page a CoW write fault shared (dax_mapping_set_cow), also the pointer value 0x1 */
  | 'PAGE_MAPPING_DAX_COW';
/** The poison prep_compound_tail() stores in ->mapping of tails; StructPage shows it as tail_mapping. */
export const TAIL_MAPPING = 'TAIL_MAPPING' as const;
/** What a struct page's ->mapping word can hold. */
export type StoredMapping = MappingRef | typeof TAIL_MAPPING | null;

/** Which init function last wrote a struct page's bytes. */
export type InitBy = 'memmap_init_range' | 'memmap_init_zone_device' | 'memmap_init_compound';

export interface StructPage {
  pfn: number;
  /** the low __NR_PAGEFLAGS bits of page->flags; on page[1] of a compound page the low byte is the order */
  flags: number;
  /** tails: the head pfn (the kernel stores head | 1); null on heads and order-0 pages */
  compound_head: number | null;
  /** compound_order(page): page[1].flags & 0xff on a PG_head page, else 0 (derived, not stored) */
  compound_order: number;
  _refcount: number;
  /** null also when the word holds TAIL_MAPPING (see tail_mapping) */
  mapping: MappingRef | null;
  /** ->mapping holds TAIL_MAPPING (0xdead000000000400): set on compound tails by prep_compound_tail() */
  tail_mapping: boolean;
  index: number;
  /** union with index (fsdax reflink share count, v6.2+): the same storage */
  share: number;
  /** the bytes at this struct page were written by init (directly, or through an alias) */
  initialised: boolean;
  initialised_by: InitBy | null;
  /** the storage slot (physical frame * 64 + slot) holding these 64 bytes */
  slot: number;
  /** when these bytes are shared: the pfn whose own initialisation wrote them, if not this pfn */
  aliasOf: number | null;
}

/** The fields set() can write (compound_order is derived from page[1].flags). */
export type PageField = 'flags' | 'compound_head' | '_refcount' | 'mapping' | 'index' | 'share';
export interface PageFieldValue {
  flags: number;
  compound_head: number | null;
  _refcount: number;
  mapping: MappingRef | null;
  index: number;
  share: number;
}

/** A field's stored value (->mapping may hold TAIL_MAPPING). */
export type StoredFieldValue = Omit<PageFieldValue, 'mapping'> & { mapping: StoredMapping };

/** One write to a struct page field: undo(change) restores `before` in the slot. */
export interface PageChange<F extends PageField = PageField> {
  slot: number;
  pfn: number;
  field: F;
  before: StoredFieldValue[F];
  after: StoredFieldValue[F];
}

/** The stored words of a struct page (share is index). */
interface Raw {
  flags: number;
  compound_head: number | null;
  _refcount: number;
  mapping: StoredMapping;
  index: number;
}
type StoredField = keyof Raw;
const storageOf = (f: PageField): StoredField => (f === 'share' ? 'index' : f);

interface SlotState {
  fields: Partial<Raw>;
  /** pfns written through (with how many writes still applied) */
  via: Map<number, number>;
}

/** What a pfn is, from the pgmap geometry alone (not from its possibly aliased bytes). */
export type PageRole = 'uninitialised' | 'memmap' | 'order0' | 'head' | 'tail';

/** The struct pages of one namespace. Memory grows with what was written, not with the namespace. */
export class PageArray {
  readonly pgmap: DevPagemap;
  readonly layout: VmemmapLayout;
  readonly name: string;
  private readonly overrides = new Map<number, SlotState>();
  private readonly memmapStart: number;
  private readonly order: number;
  private readonly nr: number;
  private readonly cnr: number;
  private readonly first: number;
  private readonly headRefcount: number;
  /** v6.15 fsdax: dax_folio_init() may make order-9 folios of order-0 pages at run time */
  private readonly runtimeFolios: boolean;

  /** fsdaxRefcountZero: the v6.15 rework (dax-folio-refcount) also starts MEMORY_DEVICE_FS_DAX pages at 0 */
  constructor(pgmap: DevPagemap, layout: VmemmapLayout, name: string, fsdaxRefcountZero = false) {
    if (layout.pgmap !== pgmap) throw new Error('PageArray: layout was built for another pgmap');
    this.pgmap = pgmap;
    this.layout = layout;
    this.name = name;
    const altmap = pgmap_altmap(pgmap);
    // memmap_init_range(): ZONE_DEVICE with an altmap starts after altmap->reserve
    this.memmapStart = altmap ? altmap.base_pfn + altmap.reserve : layout.pfnFirst;
    this.order = pgmap.vmemmap_shift;
    this.nr = layout.pfnsPerCompound;
    this.cnr = layout.compoundNrPages;
    this.first = layout.pfnFirst;
    // __init_zone_device_page(): PRIVATE and COHERENT pages start at refcount 0, and FS_DAX too since v6.15
    const zero =
      pgmap.type === MEMORY_DEVICE_PRIVATE ||
      pgmap.type === MEMORY_DEVICE_COHERENT ||
      (fsdaxRefcountZero && pgmap.type === MEMORY_DEVICE_FS_DAX);
    this.headRefcount = zero ? 0 : 1;
    this.runtimeFolios = fsdaxRefcountZero && pgmap.type === MEMORY_DEVICE_FS_DAX;
  }

  get startPfn(): number {
    return this.layout.startPfn;
  }

  get endPfn(): number {
    return this.layout.endPfn;
  }

  // ---- what init wrote ----------------------------------------------------------------------------

  /**
   * The role of pfn by geometry (not by its possibly aliased bytes): never initialised (the info block of a
   * map=dev namespace), a memmap-space page, an order-0 ZONE_DEVICE page, a compound head or tail.
   */
  role(pfn: number): PageRole {
    if (pfn < this.memmapStart) return 'uninitialised';
    if (pfn < this.first) return 'memmap';
    if (this.order === 0) return 'order0';
    return (pfn - this.first) % this.nr === 0 ? 'head' : 'tail';
  }

  /** The head pfn of pfn's compound page by geometry (pfn itself when not compound). */
  geometricHead(pfn: number): number {
    if (this.order === 0 || pfn < this.first) return pfn;
    return pfn - ((pfn - this.first) % this.nr);
  }

  /** Did init write pfn's struct page through pfn's own address? */
  writtenByInit(pfn: number): boolean {
    const r = this.role(pfn);
    if (r === 'tail') return (pfn - this.first) % this.nr < this.cnr;
    return r !== 'uninitialised';
  }

  /**
   * The pfn whose initialisation last wrote the bytes pfn reads: the largest writer among pfn's aliases
   * (init writes in ascending pfn order). null if none wrote them.
   */
  initWriterOf(pfn: number): number | null {
    const a = this.layout.aliasesOfStructPage(pfn);
    if (a.count === 1) return this.writtenByInit(pfn) ? pfn : null;
    if (this.order === 0) {
      for (let x = a.last; x >= a.first; x -= a.stride) if (this.writtenByInit(x)) return x;
      return null;
    }
    // walk the compound pages the progression crosses, from the top
    const lastC = Math.floor((a.last - this.first) / this.nr);
    const firstC = Math.max(0, Math.floor((a.first - this.first) / this.nr));
    for (let c = lastC; c >= firstC; c--) {
      const h = this.first + c * this.nr;
      const lo = Math.max(h, a.first);
      const hi = Math.min(h + this.cnr - 1, a.last);
      if (hi < lo) continue;
      const x = hi - ((((hi - a.first) % a.stride) + a.stride) % a.stride);
      if (x >= lo) return x;
    }
    if (a.first < this.first) {
      for (let x = Math.min(a.last, this.first - 1); x >= a.first; x -= a.stride) if (this.writtenByInit(x)) return x;
    }
    return null;
  }

  /** The bytes init left in the struct page of writer pfn w. */
  private initContents(w: number): { raw: Raw; by: InitBy } {
    const r = this.role(w);
    const reserved = 1 << PG_reserved;
    if (r === 'memmap' || r === 'order0')
      return {
        raw: {
          flags: reserved,
          compound_head: null,
          _refcount: r === 'memmap' ? 1 : this.headRefcount,
          mapping: null,
          index: 0,
        },
        by: r === 'memmap' ? 'memmap_init_range' : 'memmap_init_zone_device',
      };
    if (r === 'head')
      return {
        raw: {
          flags: reserved | (1 << PG_head),
          compound_head: null,
          _refcount: this.headRefcount,
          mapping: null,
          index: 0,
        },
        by: 'memmap_init_zone_device',
      };
    const head = this.geometricHead(w);
    if (w === head + 1)
      // prep_compound_head() after prep_compound_tail(head, 1): order in _flags_1, _nr_pages_mapped and
      // _pincount (0) over ->mapping, _folio_nr_pages over ->index
      return {
        raw: { flags: reserved | this.order, compound_head: head, _refcount: 0, mapping: null, index: 2 ** this.order },
        by: 'memmap_init_compound',
      };
    return {
      raw: { flags: reserved, compound_head: head, _refcount: 0, mapping: TAIL_MAPPING, index: 0 },
      by: 'memmap_init_compound',
    };
  }

  private static readonly ZERO: Raw = { flags: 0, compound_head: null, _refcount: 0, mapping: null, index: 0 };

  /** The default (init-time) bytes pfn reads, and who wrote them. */
  private defaults(pfn: number): { raw: Raw; by: InitBy | null; writer: number | null } {
    const w = this.initWriterOf(pfn);
    if (w === null) return { raw: PageArray.ZERO, by: null, writer: null };
    const { raw, by } = this.initContents(w);
    return { raw, by, writer: w };
  }

  // ---- reading --------------------------------------------------------------------------------------

  /** pfn_to_page(pfn), dereferenced: the struct page as its bytes read now. */
  page(pfn: number): Readonly<StructPage> {
    const slot = this.layout.storageSlotOf(pfn);
    const d = this.defaults(pfn);
    const o = this.overrides.get(slot)?.fields;
    const raw: Raw = o ? { ...d.raw, ...o } : d.raw;
    let compound_order = 0;
    if (raw.flags & (1 << PG_head) && this.layout.contains(pfn + 1)) compound_order = this.rawOf(pfn + 1).flags & 0xff;
    return {
      pfn,
      flags: raw.flags,
      compound_head: raw.compound_head,
      compound_order,
      _refcount: raw._refcount,
      mapping: raw.mapping === TAIL_MAPPING ? null : raw.mapping,
      tail_mapping: raw.mapping === TAIL_MAPPING,
      index: raw.index,
      share: raw.index,
      initialised: d.by !== null,
      initialised_by: d.by,
      slot,
      aliasOf: d.writer !== null && d.writer !== pfn ? d.writer : null,
    };
  }

  pfn_to_page(pfn: number): Readonly<StructPage> {
    return this.page(pfn);
  }

  private rawOf(pfn: number): Raw {
    const slot = this.layout.storageSlotOf(pfn);
    const d = this.defaults(pfn).raw;
    const o = this.overrides.get(slot)?.fields;
    return o ? { ...d, ...o } : d;
  }

  // ---- writing --------------------------------------------------------------------------------------

  /** Write one field of pfn's struct page: the write lands in its storage slot, visible through every alias. */
  set<F extends PageField>(pfn: number, field: F, value: PageFieldValue[F]): PageChange<F> {
    const slot = this.layout.storageSlotOf(pfn);
    const stored = storageOf(field);
    const before = this.rawOf(pfn)[stored] as StoredFieldValue[F];
    let st = this.overrides.get(slot);
    if (!st) {
      st = { fields: {}, via: new Map() };
      this.overrides.set(slot, st);
    }
    (st.fields as Record<string, unknown>)[stored] = value;
    st.via.set(pfn, (st.via.get(pfn) ?? 0) + 1);
    return { slot, pfn, field, before, after: value };
  }

  /** Undo a set(): restore the value it replaced (undo in reverse order of the writes, as a journal does). */
  undo(change: PageChange): void {
    const stored = storageOf(change.field);
    const st = this.overrides.get(change.slot) ?? { fields: {}, via: new Map<number, number>() };
    const d = this.defaults(change.pfn).raw;
    if (Object.is(d[stored], change.before)) delete st.fields[stored];
    else (st.fields as Record<string, unknown>)[stored] = change.before;
    const n = (st.via.get(change.pfn) ?? 0) - 1;
    if (n > 0) st.via.set(change.pfn, n);
    else st.via.delete(change.pfn);
    if (Object.keys(st.fields).length === 0) this.overrides.delete(change.slot);
    else this.overrides.set(change.slot, st);
  }

  /** The pfns written through (set() calls still applied), ascending. */
  touchedPfns(): number[] {
    const out = new Set<number>();
    for (const st of this.overrides.values()) for (const p of st.via.keys()) out.add(p);
    return [...out].sort((a, b) => a - b);
  }

  /** The storage slots holding written values. */
  touchedSlots(): number[] {
    return [...this.overrides.keys()].sort((a, b) => a - b);
  }

  /** Every pfn whose bytes changed: the aliases of each touched slot. */
  affectedPfns(): { slot: number; first: number; last: number; stride: number; count: number }[] {
    const out = [];
    for (const [slot, st] of this.overrides) {
      const pfn = st.via.keys().next().value;
      if (pfn === undefined) continue;
      out.push({ slot, ...this.layout.aliasesOfStructPage(pfn) });
    }
    return out.sort((a, b) => a.first - b.first);
  }

  // ---- kernel accessors ---------------------------------------------------------------------------

  /** _compound_head(): the head pfn for a tail, else pfn itself */
  compound_head(pfn: number): number {
    return this.rawOf(pfn).compound_head ?? pfn;
  }

  /** page_folio(): the pfn of the folio's head page */
  page_folio(pfn: number): number {
    return this.compound_head(pfn);
  }

  compound_order(pfn: number): number {
    return this.page(pfn).compound_order;
  }

  /** folio_nr_pages(page_folio(pfn)) */
  folio_nr_pages(pfn: number): number {
    return 2 ** this.compound_order(this.compound_head(pfn));
  }

  PageHead(pfn: number): boolean {
    return (this.rawOf(pfn).flags & (1 << PG_head)) !== 0;
  }

  PageTail(pfn: number): boolean {
    return this.rawOf(pfn).compound_head !== null;
  }

  PageCompound(pfn: number): boolean {
    return this.PageHead(pfn) || this.PageTail(pfn);
  }

  PageReserved(pfn: number): boolean {
    return (this.rawOf(pfn).flags & (1 << PG_reserved)) !== 0;
  }

  page_ref_count(pfn: number): number {
    return this.rawOf(pfn)._refcount;
  }

  /** PageHWPoison(page): PF_ANY, the bit of this very struct page */
  PageHWPoison(pfn: number): boolean {
    return (this.rawOf(pfn).flags & (1 << PG_hwpoison)) !== 0;
  }

  /** SetPageHWPoison(page); null when already set (no write) */
  SetPageHWPoison(pfn: number): PageChange<'flags'> | null {
    const flags = this.rawOf(pfn).flags;
    if (flags & (1 << PG_hwpoison)) return null;
    return this.set(pfn, 'flags', flags | (1 << PG_hwpoison));
  }

  /** TestSetPageHWPoison(page): the old bit, and the write if there was one */
  TestSetPageHWPoison(pfn: number): { old: boolean; change: PageChange<'flags'> | null } {
    const old = this.PageHWPoison(pfn);
    return { old, change: old ? null : this.SetPageHWPoison(pfn) };
  }

  /** TestClearPageHWPoison(page) */
  TestClearPageHWPoison(pfn: number): { old: boolean; change: PageChange<'flags'> | null } {
    const flags = this.rawOf(pfn).flags;
    if (!(flags & (1 << PG_hwpoison))) return { old: false, change: null };
    return { old: true, change: this.set(pfn, 'flags', flags & ~(1 << PG_hwpoison)) };
  }

  // ---- checks ---------------------------------------------------------------------------------------

  /**
   * Consistency of what was written against the vmemmap and the compound geometry. Checks every pfn that
   * reads a written slot (aliases included), plus the layout's own anomalies. Empty when all is well.
   */
  checkInvariants(): string[] {
    const out: string[] = this.layout.anomalies.map((a) => `layout: ${a}`);
    for (const [slot, st] of this.overrides) {
      const frame = this.layout.slotFrame(slot);
      if (!this.layout.isAllocatedFrame(frame))
        out.push(`slot ${hex(slot)}: frame ${hex(frame)} is not a vmemmap frame of ${this.name}`);
      const via = [...st.via.keys()];
      if (via.length === 0) continue;
      for (const p of via)
        if (this.layout.storageSlotOf(p) !== slot)
          out.push(`slot ${hex(slot)}: written via pfn ${hex(p)} which maps elsewhere`);
      const a = this.layout.aliasesOfStructPage(via[0]);
      const step = a.count > 8192 ? Math.ceil(a.count / 8192) * a.stride : a.stride;
      for (let p = a.first; p <= a.last; p += step) this.checkPfn(p, st, out);
    }
    return out;
  }

  private checkPfn(p: number, st: SlotState, out: string[]): void {
    const raw = this.rawOf(p);
    const role = this.role(p);
    const head = 1 << PG_head;
    if (role === 'order0' && this.runtimeFolios) {
      this.checkRuntimeFolio(p, raw, st, out);
      return;
    }
    if (role === 'head' && !(raw.flags & head)) out.push(`pfn ${hex(p)}: compound head without PG_head`);
    if (role !== 'head' && raw.flags & head) out.push(`pfn ${hex(p)}: PG_head on a ${role} page`);
    if (role === 'tail') {
      const h = this.geometricHead(p);
      if (raw.compound_head !== h)
        out.push(
          `pfn ${hex(p)}: tail's compound_head is ${raw.compound_head === null ? 'none' : hex(raw.compound_head)}, expected ${hex(h)}`,
        );
    } else if (raw.compound_head !== null)
      out.push(`pfn ${hex(p)}: compound_head ${hex(raw.compound_head)} on a ${role} page`);
    if (raw.flags & (1 << PG_hwpoison) && !st.via.has(p)) {
      const via = [...st.via.keys()].map(hex).join(', ');
      out.push(`pfn ${hex(p)}: PG_hwpoison visible through a shared struct page slot (written via pfn ${via})`);
    }
  }

  /** An order-0 fsdax page on v6.15: alone, or a head or tail of a folio dax_folio_init() built. */
  private checkRuntimeFolio(p: number, raw: Raw, st: SlotState, out: string[]): void {
    const head = 1 << PG_head;
    if (raw.flags & head && this.compound_order(p) === 0)
      out.push(`pfn ${hex(p)}: PG_head without an order in page[1]`);
    if (raw.compound_head !== null) {
      const h = raw.compound_head;
      if (!(this.rawOf(h).flags & head) || p >= h + 2 ** this.compound_order(h))
        out.push(`pfn ${hex(p)}: compound_head ${hex(h)} is not a folio head that covers it`);
    }
    if (raw.flags & (1 << PG_hwpoison) && !st.via.has(p)) out.push(`pfn ${hex(p)}: PG_hwpoison through a shared slot`);
  }

  /** Bytes of struct page storage the overrides stand for (for display). */
  get writtenBytes(): number {
    return this.overrides.size * (PAGE_SIZE / STRUCT_PAGES_PER_VMEMMAP);
  }
}
