import { describe, expect, it } from 'vitest';
import { devdaxPagemap, fsdaxPagemap, type PmemNamespaceSpec } from '../drivers/nvdimm-pfn';
import { PHYS_PFN } from '../units';
import { pfn_end, pfn_first } from './memremap';
import {
  type MappingRef,
  PageArray,
  type PageChange,
  PG_arch_2,
  PG_head,
  PG_hwpoison,
  PG_locked,
  PG_owner_2,
  PG_reserved,
  PG_uptodate,
  PG_writeback,
  pageFlagNames,
  type StructPage,
} from './page';
import { VmemmapLayout } from './sparse-vmemmap';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const TiB = 2 ** 40;
const RAM = 0x100000;

function namespace(kind: 'fsdax' | 'devdax', spec: PmemNamespaceSpec) {
  const { pgmap, layout: nd } = kind === 'fsdax' ? fsdaxPagemap(spec) : devdaxPagemap(spec);
  const layout = new VmemmapLayout(pgmap, { ramBasePfn: RAM });
  return { pgmap, nd, layout, pages: new PageArray(pgmap, layout, spec.name) };
}

// ---- named fixtures ------------------------------------------------------------------------------------
/** fsdax pmem0: 4 GiB at 12 GiB, order-0 pages, memmap on the device (-M dev). */
const fsdaxOrder0 = () => namespace('fsdax', { name: 'pmem0', start: 12 * GiB, size: 4 * GiB, map: 'dev' });
/** devdax dax1.0: 1 GiB at 16 GiB, 2 MiB compound pages, memmap in RAM: deduplicated. */
const devdax2mMapMem = () =>
  namespace('devdax', { name: 'dax1.0', start: 16 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'mem' });
/** devdax dax2.0: 1 GiB at 20 GiB, 2 MiB compound pages, memmap on the device (-M dev). */
const devdax2mMapDev = () =>
  namespace('devdax', { name: 'dax2.0', start: 20 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'dev' });
/** devdax dax3.0: 4 GiB at 32 GiB, 1 GiB compound pages, memmap in RAM: deduplicated across sections. */
const devdax1gMapMem = () =>
  namespace('devdax', { name: 'dax3.0', start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'mem' });
/** devdax dax9.0: 1 TiB at 1 TiB. */
const devdax1TiB = (align: number, map: 'mem' | 'dev') =>
  namespace('devdax', { name: 'dax9.0', start: 1 * TiB, size: 1 * TiB, align, map });

const bit = (b: number) => 2 ** b;
const owner = (id: string): MappingRef => ({ kind: 'address_space', id });

describe('enum pageflags (include/linux/page-flags.h, v6.12 x86-64)', () => {
  it('puts PG_head in bit 6 and PG_hwpoison after PG_mlocked (no PG_error, no PG_uncached)', () => {
    expect(PG_locked).toBe(0);
    expect(PG_writeback).toBe(1);
    expect(PG_head).toBe(6);
    expect(PG_owner_2).toBe(11);
    expect(PG_reserved).toBe(13);
    expect(PG_hwpoison).toBe(20);
    expect(PG_arch_2).toBe(23);
    expect(pageFlagNames(bit(PG_reserved) | bit(PG_head))).toEqual(['head', 'reserved']);
  });
});

describe('order-0 fsdax namespace (-M dev): memmap_init_zone_device and memmap_init_range', () => {
  const ns = fsdaxOrder0();
  const first = pfn_first(ns.pgmap);
  const start = PHYS_PFN(12 * GiB);

  it('initialises data pages as reserved order-0 ZONE_DEVICE pages with _refcount 1', () => {
    const p = ns.pages.page(first);
    expect(p).toMatchObject({
      pfn: first,
      flags: bit(PG_reserved),
      compound_head: null,
      compound_order: 0,
      _refcount: 1,
      mapping: null,
      tail_mapping: false,
      index: 0,
      share: 0,
      initialised: true,
      initialised_by: 'memmap_init_zone_device',
      aliasOf: null,
    });
    expect(ns.pages.role(first)).toBe('order0');
  });

  it('the memmap space after the info block is initialised by memmap_init_range, the info block not at all', () => {
    expect(ns.pages.page(start + 2)).toMatchObject({
      initialised_by: 'memmap_init_range',
      flags: bit(PG_reserved),
      _refcount: 1,
    });
    expect(ns.pages.role(first - 1)).toBe('memmap');
    expect(ns.pages.page(start)).toMatchObject({ initialised: false, initialised_by: null, flags: 0 });
    expect(ns.pages.role(start + 1)).toBe('uninitialised');
  });

  it('SetPageHWPoison / TestClearPageHWPoison work on the page itself, and undo restores it', () => {
    const pfn = first + 1234;
    expect(ns.pages.PageHWPoison(pfn)).toBe(false);
    const set = ns.pages.SetPageHWPoison(pfn);
    expect(set).not.toBeNull();
    expect(ns.pages.PageHWPoison(pfn)).toBe(true);
    expect(ns.pages.PageHWPoison(pfn + 1)).toBe(false);
    expect(ns.pages.SetPageHWPoison(pfn)).toBeNull();
    expect(ns.pages.TestSetPageHWPoison(pfn)).toEqual({ old: true, change: null });
    expect(ns.pages.checkInvariants()).toEqual([]);
    const clear = ns.pages.TestClearPageHWPoison(pfn);
    expect(clear.old).toBe(true);
    expect(ns.pages.PageHWPoison(pfn)).toBe(false);
    if (clear.change) ns.pages.undo(clear.change);
    expect(ns.pages.PageHWPoison(pfn)).toBe(true);
    if (set) ns.pages.undo(set);
    expect(ns.pages.PageHWPoison(pfn)).toBe(false);
    expect(ns.pages.touchedSlots()).toEqual([]);
  });

  it('rejects pfns outside the namespace', () => {
    expect(() => ns.pages.page(start - 1)).toThrowError(RangeError);
    expect(() => ns.pages.page(pfn_end(ns.pgmap))).toThrowError(RangeError);
  });
});

describe('devdax 2 MiB, memmap in RAM: memmap_init_compound with compound_nr_pages = 128', () => {
  const ns = devdax2mMapMem();
  const head = pfn_first(ns.pgmap) + 3 * 512;

  it('the head has PG_head, _refcount 1 and compound_order 9 (read from page[1])', () => {
    expect(ns.pages.page(head)).toMatchObject({
      flags: bit(PG_reserved) | bit(PG_head),
      compound_head: null,
      compound_order: 9,
      _refcount: 1,
      mapping: null,
    });
    expect(ns.pages.PageHead(head)).toBe(true);
    expect(ns.pages.folio_nr_pages(head + 300)).toBe(512);
  });

  it('page[1] carries the folio: order 9 in its low flags byte, _folio_nr_pages over index, no TAIL_MAPPING', () => {
    const p1 = ns.pages.page(head + 1);
    expect(p1.flags).toBe(bit(PG_reserved) | 9);
    // the order byte reads as PG_locked | PG_uptodate in raw flags
    expect(pageFlagNames(p1.flags)).toEqual(['locked', 'uptodate', 'reserved']);
    expect(p1.flags & bit(PG_uptodate)).toBeTruthy();
    expect(p1).toMatchObject({ compound_head: head, _refcount: 0, mapping: null, tail_mapping: false, index: 512 });
  });

  it('tails point to the head, with _refcount 0 and TAIL_MAPPING', () => {
    for (const i of [2, 63, 64, 127]) {
      expect(ns.pages.page(head + i)).toMatchObject({
        compound_head: head,
        _refcount: 0,
        mapping: null,
        tail_mapping: true,
        initialised_by: 'memmap_init_compound',
        aliasOf: null,
      });
      expect(ns.pages.compound_head(head + i)).toBe(head);
    }
  });

  it('tails past 127 were never written through their own address: they read tail 64 + (i % 64)', () => {
    expect(ns.pages.writtenByInit(head + 127)).toBe(true);
    expect(ns.pages.writtenByInit(head + 128)).toBe(false);
    expect(ns.pages.page(head + 164)).toMatchObject({ aliasOf: head + 100, compound_head: head, initialised: true });
    expect(ns.pages.page(head + 420).slot).toBe(ns.pages.page(head + 100).slot);
    expect(ns.pages.page_folio(head + 511)).toBe(head);
  });

  it('a write to tail 200 lands in the slot of tail 72 and shows at 72, 136, …, 456 and nowhere else', () => {
    const change = ns.pages.set(head + 200, 'mapping', owner('cdev:dax1.0'));
    expect(change.slot).toBe(ns.layout.storageSlotOf(head + 72));
    expect(change.before).toBe('TAIL_MAPPING');
    const seen: number[] = [];
    for (let i = 1; i < 512; i++) if (ns.pages.page(head + i).mapping !== null) seen.push(i);
    expect(seen).toEqual([72, 136, 200, 264, 328, 392, 456]);
    expect(ns.pages.page(head + 512 + 72).mapping).toBeNull();
    expect(ns.pages.touchedPfns()).toEqual([head + 200]);
    expect(ns.pages.affectedPfns()).toEqual([
      { slot: change.slot, first: head + 72, last: head + 456, stride: 64, count: 7 },
    ]);
    ns.pages.undo(change);
    expect(ns.pages.page(head + 72)).toMatchObject({ mapping: null, tail_mapping: true });
    expect(ns.pages.touchedPfns()).toEqual([]);
  });

  it('checkInvariants: clean for a poisoned head; PG_hwpoison on tail 200 shows through 6 aliases', () => {
    expect(ns.pages.checkInvariants()).toEqual([]);
    const h = ns.pages.SetPageHWPoison(head);
    expect(ns.pages.checkInvariants()).toEqual([]);
    const t = ns.pages.SetPageHWPoison(head + 200);
    const problems = ns.pages.checkInvariants();
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/PG_hwpoison visible through a shared struct page slot/);
    expect(ns.pages.PageHWPoison(head + 72)).toBe(true);
    for (const c of [t, h]) if (c) ns.pages.undo(c);
    expect(ns.pages.checkInvariants()).toEqual([]);
  });

  it('checkInvariants: a tail whose compound_head is overwritten breaks all its aliases', () => {
    const c = ns.pages.set(head + 300, 'compound_head', head + 512);
    const problems = ns.pages.checkInvariants();
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/tail's compound_head is 0x[0-9a-f]+, expected/);
    ns.pages.undo(c);
    expect(ns.pages.checkInvariants()).toEqual([]);
  });
});

describe('devdax 2 MiB, memmap on the device (-M dev): full struct pages', () => {
  const ns = devdax2mMapDev();
  const first = pfn_first(ns.pgmap);
  const head = first + 7 * 512;

  it('initialises all 512 struct pages of a compound page; no aliasing', () => {
    expect(ns.layout.compoundNrPages).toBe(512);
    expect(ns.pages.page(head + 200)).toMatchObject({
      compound_head: head,
      aliasOf: null,
      initialised_by: 'memmap_init_compound',
    });
    const c = ns.pages.set(head + 200, 'index', 5);
    expect(ns.pages.page(head + 72).index).toBe(0);
    expect(ns.pages.page(head + 200).index).toBe(5);
    ns.pages.undo(c);
  });

  it('the memmap pfns are plain reserved pages outside the compound geometry', () => {
    expect(ns.pages.role(first - 1)).toBe('memmap');
    expect(ns.pages.page(first - 1)).toMatchObject({ compound_head: null, flags: bit(PG_reserved), _refcount: 1 });
    expect(ns.pages.page(first)).toMatchObject({ compound_order: 9 });
  });
});

describe('devdax 1 GiB, memmap in RAM: one head frame and one tail frame per GiB', () => {
  const ns = devdax1gMapMem();
  const head = pfn_first(ns.pgmap) + 262144;

  it('the head reads compound_order 18; page[1] holds _folio_nr_pages = 262144 in index', () => {
    expect(ns.pages.page(head).compound_order).toBe(18);
    expect(ns.pages.page(head + 1)).toMatchObject({ flags: bit(PG_reserved) | 18, index: 262144 });
    expect(ns.pages.page(head + 200000)).toMatchObject({ compound_head: head, aliasOf: head + 64 + (200000 % 64) });
  });

  it('a write to a tail in the seventh section shows at the same slot in every section of the GiB', () => {
    const c = ns.pages.set(head + 200000, '_refcount', 3);
    expect(ns.pages.page(head + 64 + (200000 % 64))._refcount).toBe(3);
    expect(ns.pages.page(head + 262144 - 64 + (200000 % 64))._refcount).toBe(3);
    expect(ns.pages.page(head + 262144 + 64 + (200000 % 64))._refcount).toBe(0);
    ns.pages.undo(c);
    expect(ns.pages.page(head + 64 + (200000 % 64))._refcount).toBe(0);
  });
});

describe('writes are undoable, in reverse order, and re-appliable (as the journal does)', () => {
  it('restores every field and leaves nothing stored', () => {
    const ns = devdax2mMapMem();
    const head = pfn_first(ns.pgmap);
    const before: StructPage[] = [head, head + 1, head + 130].map((p) => ({ ...ns.pages.page(p) }));
    const changes: PageChange[] = [
      ns.pages.set(head, 'mapping', owner('cdev:dax1.0')),
      ns.pages.set(head, 'index', 42),
      ns.pages.set(head, 'share', 43),
      ns.pages.set(head + 1, 'flags', ns.pages.page(head + 1).flags | bit(PG_hwpoison)),
      ns.pages.set(head + 130, '_refcount', 9),
      ns.pages.set(head + 130, 'mapping', 'PAGE_MAPPING_DAX_SHARED'),
    ];
    expect(ns.pages.page(head)).toMatchObject({ index: 43, share: 43 });
    for (const c of [...changes].reverse()) ns.pages.undo(c);
    expect([head, head + 1, head + 130].map((p) => ns.pages.page(p))).toEqual(before);
    expect(ns.pages.touchedSlots()).toEqual([]);
    // journal seek forward then back again
    const c1 = ns.pages.set(head, 'index', 7);
    ns.pages.undo(c1);
    ns.pages.set(head, 'index', 7);
    expect(ns.pages.page(head).index).toBe(7);
    ns.pages.undo(c1);
    expect(ns.pages.page(head).index).toBe(0);
    expect(ns.pages.touchedPfns()).toEqual([]);
  });
});

describe('a 1 TiB devdax namespace (2^28 pfns)', () => {
  for (const [align, map] of [
    [2 * MiB, 'mem'],
    [1 * GiB, 'mem'],
    [2 * MiB, 'dev'],
  ] as const) {
    // its construction time is bench/pagearray.bench.ts's figure, not an assertion here
    it(`constructs per chunk, not per pfn, with ${align / MiB} MiB alignment, -M ${map}`, () => {
      const ns = devdax1TiB(align, map);
      expect(ns.layout.nrChunks).toBe(8192);
      const last = pfn_end(ns.pgmap) - 1;
      expect(ns.pages.page(last).compound_head).toBe(last - ((last - pfn_first(ns.pgmap)) % (align / 4096)));
      expect(ns.pages.checkInvariants()).toEqual([]);
    });
  }
});
