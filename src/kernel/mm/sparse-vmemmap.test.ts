import { describe, expect, it } from 'vitest';
import { devdaxPagemap, fsdaxPagemap, type PmemNamespaceSpec } from '../drivers/nvdimm-pfn';
import { PAGE_SIZE, PAGES_PER_SECTION, PHYS_PFN } from '../units';
import { type DevPagemap, pfn_end, pfn_first, pgmap_altmap, pgmap_pfn_valid, pgmap_vmemmap_nr } from './memremap';
import {
  compound_nr_pages,
  decide_vmemmap_can_optimize,
  reuse_compound_section,
  VMEMMAP_START,
  VmemmapLayout,
  vmemmap_can_optimize,
} from './sparse-vmemmap';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const RAM = 0x100000;

// ---- named fixtures ------------------------------------------------------------------------------------

/** devdax dax1.0: 1 GiB at 16 GiB, 2 MiB compound pages, memmap in RAM (-M mem): deduplicated vmemmap. */
const devdax2mMapMem = () =>
  devdaxPagemap({ name: 'dax1.0', start: 16 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'mem' });
/** devdax dax2.0: 1 GiB at 20 GiB, 2 MiB compound pages, memmap on the device (-M dev): full vmemmap. */
const devdax2mMapDev = () =>
  devdaxPagemap({ name: 'dax2.0', start: 20 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'dev' });
/** devdax dax3.0: 4 GiB at 32 GiB, 1 GiB compound pages, memmap in RAM: one vmemmap frame pair per GiB. */
const devdax1gMapMem = () =>
  devdaxPagemap({ name: 'dax3.0', start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'mem' });
/** fsdax pmem0: 4 GiB at 12 GiB, order-0 pages, -M dev. */
const fsdaxOrder0 = () => fsdaxPagemap({ name: 'pmem0', start: 12 * GiB, size: 4 * GiB, map: 'dev' });

const layoutOf = (f: { pgmap: DevPagemap }) => new VmemmapLayout(f.pgmap, { ramBasePfn: RAM });

// ---- a literal re-run of the kernel's populate loops, one vmemmap page at a time -------------------------

/** __add_pages() → __populate_section_memmap() for every chunk, with a PTE map (vmemmap page → frame). */
function populateByHand(pgmap: DevPagemap, ramBase: number): Map<number, number> {
  const pte = new Map<number, number>();
  const altmap = pgmap_altmap(pgmap);
  let alloc = 0;
  let align = 0;
  let ram = ramBase;
  const set = (v: number, f: number) => {
    if (!pte.has(v)) pte.set(v, f); // vmemmap_pte_populate(): only pte_none entries
  };
  const nr = pgmap_vmemmap_nr(pgmap);
  const R0 = PHYS_PFN(pgmap.range.start);
  const R1 = pfn_end(pgmap);
  for (let pfn = R0; pfn < R1; ) {
    const cur = Math.min(R1 - pfn, Math.ceil((pfn + 1) / PAGES_PER_SECTION) * PAGES_PER_SECTION - pfn);
    const start = pfn / 64;
    const end = (pfn + cur) / 64;
    if (vmemmap_can_optimize(altmap, pgmap)) {
      if (reuse_compound_section(pfn, pgmap)) {
        const f = pte.get(start - 1) as number;
        for (let v = start; v < end; v++) set(v, f);
      } else {
        const size = Math.min(end - start, (nr * 64) / PAGE_SIZE);
        for (let addr = start; addr < end; addr += size) {
          set(addr, ram++);
          set(addr + 1, ram++);
          const tail = pte.get(addr + 1) as number;
          for (let v = addr + 2; v < addr + size; v++) set(v, tail);
        }
      }
    } else if (cur < PAGES_PER_SECTION) {
      for (let v = start; v < end; v++) set(v, ram++);
    } else {
      for (let pmd = start; pmd < end; pmd += 512) {
        let block: number;
        if (altmap) {
          const next = altmap.base_pfn + altmap.reserve + alloc + align;
          const pad = Math.ceil(next / 512) * 512 - next;
          if (512 + pad > altmap.free - alloc - align) throw new Error('ENOMEM');
          alloc += 512;
          align += pad;
          block = next + pad;
        } else {
          block = Math.ceil(ram / 512) * 512;
          ram = block + 512;
        }
        for (let i = 0; i < 512; i++) set(pmd + i, block + i);
      }
    }
    pfn += cur;
  }
  return pte;
}

const CROSS_CHECK: [string, PmemNamespaceSpec, 'fsdax' | 'devdax'][] = [
  ['fsdax 4G -M dev', { name: 'pmem0', start: 12 * GiB, size: 4 * GiB, map: 'dev' }, 'fsdax'],
  [
    'fsdax 1G+256M -M mem, start 2 MiB past a section',
    { name: 'pmem1', start: 16 * GiB + 2 * MiB, size: 1.25 * GiB, map: 'mem' },
    'fsdax',
  ],
  [
    'fsdax 1G -M dev, start 2 MiB past a section',
    { name: 'pmem2', start: 16 * GiB + 2 * MiB, size: 1 * GiB, map: 'dev' },
    'fsdax',
  ],
  ['devdax 2M -M mem', { name: 'dax1.0', start: 16 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'mem' }, 'devdax'],
  [
    'devdax 2M -M mem, unaligned start and end',
    { name: 'dax1.1', start: 16 * GiB + 6 * MiB, size: 1.5 * GiB + 4 * MiB, align: 2 * MiB, map: 'mem' },
    'devdax',
  ],
  ['devdax 2M -M dev', { name: 'dax2.0', start: 20 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'dev' }, 'devdax'],
  ['devdax 1G -M mem', { name: 'dax3.0', start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'mem' }, 'devdax'],
  [
    'devdax 1G -M mem, start off the section grid',
    { name: 'dax3.1', start: 32 * GiB + 2 * MiB, size: 3 * GiB, align: 1 * GiB, map: 'mem' },
    'devdax',
  ],
  ['devdax 1G -M dev', { name: 'dax3.2', start: 32 * GiB, size: 3 * GiB, align: 1 * GiB, map: 'dev' }, 'devdax'],
  ['devdax 4K -M mem', { name: 'dax4.0', start: 16 * GiB, size: 512 * MiB, align: PAGE_SIZE, map: 'mem' }, 'devdax'],
];

describe('VmemmapLayout agrees with a page-by-page run of the kernel populate loops', () => {
  for (const [label, spec, mode] of CROSS_CHECK) {
    it(label, () => {
      const { pgmap } = mode === 'fsdax' ? fsdaxPagemap(spec) : devdaxPagemap(spec);
      const layout = new VmemmapLayout(pgmap, { ramBasePfn: RAM });
      const pte = populateByHand(pgmap, RAM);
      const byFrame = new Map<number, number[]>();
      for (const [v, f] of pte) {
        expect(layout.physFrameOfVmemmapPage(v)).toBe(f);
        const list = byFrame.get(f) ?? [];
        list.push(v);
        byFrame.set(f, list);
      }
      expect(pte.size).toBe(layout.vmemmapStats().vmemmapPagesVirtual);
      expect(byFrame.size).toBe(layout.vmemmapStats().framesAllocated);
      for (const [f, vs] of byFrame) {
        const share = layout.vmemmapPagesSharingFrame(vs[0]);
        expect(share).toEqual({ first: vs[0], end: vs[vs.length - 1] + 1 });
        expect(share.end - share.first).toBe(vs.length); // contiguous
        const held = layout.structPagesHeldByFrame(f);
        expect(held.kind).toBe('vmemmap');
        expect(held.vmemmapPages).toEqual({ first: vs[0], last: vs[vs.length - 1] });
      }
    });
  }
});

describe('vmemmap_can_optimize (include/linux/mm.h, ARCH_WANT_OPTIMIZE_DAX_VMEMMAP on x86-64)', () => {
  it('is true for 2 MiB and 1 GiB compound pages with the memmap in RAM', () => {
    expect(vmemmap_can_optimize(null, devdax2mMapMem().pgmap)).toBe(true);
    expect(vmemmap_can_optimize(null, devdax1gMapMem().pgmap)).toBe(true);
  });

  it('is false with an altmap (-M dev), for order-0 pages, and for 2 vmemmap pages or fewer', () => {
    const dev = devdax2mMapDev().pgmap;
    expect(vmemmap_can_optimize(pgmap_altmap(dev), dev)).toBe(false);
    expect(vmemmap_can_optimize(null, fsdaxOrder0().pgmap)).toBe(false);
    // order 7: 128 struct pages = 2 vmemmap pages, not more than VMEMMAP_RESERVE_NR
    expect(vmemmap_can_optimize(null, { ...devdax2mMapMem().pgmap, vmemmap_shift: 7 })).toBe(false);
    expect(vmemmap_can_optimize(null, { ...devdax2mMapMem().pgmap, vmemmap_shift: 8 })).toBe(true);
    expect(vmemmap_can_optimize(null, null)).toBe(false);
  });

  it('returns a Decision with the nr_vmemmap_pages it computed', () => {
    const d = decide_vmemmap_can_optimize(null, devdax2mMapMem().pgmap);
    expect(d.result).toBe(true);
    expect(d.models).toEqual({ fn: '__vmemmap_can_optimize', file: 'include/linux/mm.h' });
    expect(d.reads).toContainEqual({
      path: 'nr_vmemmap_pages = (nr_pages * sizeof(struct page)) >> PAGE_SHIFT',
      value: '8',
    });
    expect(d.reads).toContainEqual({ path: 'altmap', value: 'NULL' });
    const dev = devdax2mMapDev().pgmap;
    expect(decide_vmemmap_can_optimize(pgmap_altmap(dev), dev).reads).toContainEqual({ path: 'altmap', value: 'set' });
  });
});

describe('compound_nr_pages (mm/mm_init.c)', () => {
  it('is VMEMMAP_RESERVE_NR * 64 = 128 when optimised, else pgmap_vmemmap_nr', () => {
    expect(compound_nr_pages(null, devdax2mMapMem().pgmap)).toBe(128);
    expect(compound_nr_pages(null, devdax1gMapMem().pgmap)).toBe(128);
    const dev = devdax2mMapDev().pgmap;
    expect(compound_nr_pages(pgmap_altmap(dev), dev)).toBe(512);
    const oneGDev = devdaxPagemap({ name: 'dax3.2', start: 32 * GiB, size: 3 * GiB, align: 1 * GiB, map: 'dev' }).pgmap;
    expect(compound_nr_pages(pgmap_altmap(oneGDev), oneGDev)).toBe(262144);
    expect(compound_nr_pages(null, fsdaxOrder0().pgmap)).toBe(1);
  });
});

describe('reuse_compound_section (mm/sparse-vmemmap.c)', () => {
  it('is true only for sections inside a compound page bigger than a subsection', () => {
    const oneG = devdax1gMapMem().pgmap;
    const base = PHYS_PFN(oneG.range.start);
    expect(reuse_compound_section(base, oneG)).toBe(false);
    expect(reuse_compound_section(base + PAGES_PER_SECTION, oneG)).toBe(true);
    expect(reuse_compound_section(base + 8 * PAGES_PER_SECTION, oneG)).toBe(false);
    const twoM = devdax2mMapMem().pgmap;
    expect(reuse_compound_section(PHYS_PFN(twoM.range.start) + PAGES_PER_SECTION, twoM)).toBe(false);
  });
});

describe('devdax 2 MiB with the memmap in RAM (deduplicated vmemmap)', () => {
  const f = devdax2mMapMem();
  const layout = layoutOf(f);
  const head = pfn_first(f.pgmap) + 5 * 512; // the sixth compound page

  it('vmemmap address and page of a struct page: VMEMMAP_START + pfn * 64', () => {
    expect(layout.vmemmapAddressOf(0x400000)).toBe(0xffffea0010000000n);
    expect(layout.vmemmapAddressOf(head + 100) - VMEMMAP_START).toBe(BigInt((head + 100) * 64));
    expect(layout.vmemmapPageOf(head + 100)).toBe((head + 64) / 64);
    expect(layout.offsetInVmemmapPage(head + 100)).toBe(36 * 64);
  });

  it('tail 100, tail 164 and tail 420 are the same 64 bytes: the slot of struct page 64 + 36', () => {
    const slot = layout.storageSlotOf(head + 100);
    expect(layout.storageSlotOf(head + 164)).toBe(slot);
    expect(layout.storageSlotOf(head + 420)).toBe(slot);
    expect(layout.storageSlotOf(head + 101)).not.toBe(slot);
    expect(layout.aliasesOfStructPage(head + 420)).toEqual({
      first: head + 100,
      last: head + 484,
      stride: 64,
      count: 7,
    });
  });

  it('tail 200 aliases 72, 136, 200, 264, 328, 392 and 456', () => {
    const a = layout.aliasesOfStructPage(head + 200);
    expect(a).toEqual({ first: head + 72, last: head + 456, stride: 64, count: 7 });
  });

  it('tails 64..511 share one physical frame; the head and tails 1..63 have their own', () => {
    const tailFrame = layout.physFrameOf(head + 64);
    for (let i = 64; i < 512; i++) expect(layout.physFrameOf(head + i)).toBe(tailFrame);
    expect(layout.structPagesSharingFrame(head + 300)).toEqual([{ first: head + 64, last: head + 511 }]);
    const headFrame = layout.physFrameOf(head);
    expect(headFrame).not.toBe(tailFrame);
    for (let i = 0; i < 64; i++) {
      expect(layout.physFrameOf(head + i)).toBe(headFrame);
      expect(layout.aliasesOfStructPage(head + i).count).toBe(1);
    }
    expect(layout.structPagesSharingFrame(head + 10)).toEqual([{ first: head, last: head + 63 }]);
  });

  it('allocates 2 RAM frames per compound page, in order (head frame, tail frame)', () => {
    expect(layout.physFrameOf(head)).toBe(RAM + 2 * 5);
    expect(layout.physFrameOf(head + 64)).toBe(RAM + 2 * 5 + 1);
    expect(layout.backingOfVmemmapPage(head / 64)).toBe('compound-head');
    expect(layout.backingOfVmemmapPage(head / 64 + 1)).toBe('compound-tail');
    expect(layout.backingOfVmemmapPage(head / 64 + 7)).toBe('compound-reuse');
    expect(layout.structPagesHeldByFrame(RAM + 11)).toMatchObject({
      kind: 'vmemmap',
      structPfns: { first: head + 64, last: head + 511 },
    });
  });

  it('matches §4.3: 8 vmemmap pages → 2 unique + 6 aliased, 24 KiB saved per 2 MiB', () => {
    expect(layout.perCompoundPage()).toEqual({ vmemmapPages: 8, unique: 2, aliased: 6, bytesSaved: 24 * 1024 });
    expect(layout.vmemmapStats()).toEqual({
      vmemmapPagesVirtual: 4096,
      framesAllocated: 1024,
      framesFromAltmap: 0,
      framesFromRam: 1024,
      framesAliased: 3072,
      bytesSaved: 3072 * PAGE_SIZE,
      compoundPages: 512,
      structPagesInitialised: 512 * 128,
      altmapAlignPadding: 0,
    });
    // per 128 MiB section: 64 compound pages x 2 = 128 vmemmap pages instead of 512
    expect(layout.chunk(0)).toMatchObject({
      populate: 'vmemmap_populate_compound_pages',
      framesAllocated: 128,
      from: 'ram',
    });
  });
});

describe('devdax 2 MiB with the memmap on the device (-M dev, altmap)', () => {
  const f = devdax2mMapDev();
  const layout = layoutOf(f);
  const altmap = f.layout.altmap;
  if (!altmap) throw new Error('fixture has an altmap');
  const first = pfn_first(f.pgmap);

  it('does not deduplicate: every struct page has its own slot', () => {
    expect(layout.optimized).toBe(false);
    expect(layout.aliasesOfStructPage(first + 200).count).toBe(1);
    expect(layout.physFrameOf(first + 64)).not.toBe(layout.physFrameOf(first + 128));
  });

  it('backs the vmemmap with 2 MiB blocks inside the namespace, after a 510-pfn alignment pad', () => {
    const block0 = altmap.base_pfn + 512; // ALIGN(base_pfn + reserve, 512)
    expect(layout.physFrameOf(PHYS_PFN(f.pgmap.range.start))).toBe(block0);
    expect(layout.backingOfVmemmapPage(first / 64)).toBe('altmap-pmd');
    for (const pfn of [first, first + 200, pfn_end(f.pgmap) - 1]) {
      const frame = layout.physFrameOf(pfn);
      expect(frame).toBeGreaterThanOrEqual(altmap.base_pfn + altmap.reserve);
      expect(frame).toBeLessThan(first);
      expect(pgmap_pfn_valid(f.pgmap, frame)).toBe(false);
    }
    expect(layout.altmapAfter).toMatchObject({ alloc: 4096, align: 510 });
    expect(layout.vmemmapStats()).toMatchObject({
      framesFromAltmap: 4096,
      framesFromRam: 0,
      framesAliased: 0,
      altmapAlignPadding: 510,
    });
  });

  it('the inverse: a memmap-space pfn holds the struct pages of 64 pfns', () => {
    const frame = layout.physFrameOf(first + 200);
    expect(layout.structPagesHeldByFrame(frame)).toEqual({
      frame,
      kind: 'vmemmap',
      vmemmapPages: { first: (first + 192) / 64, last: (first + 192) / 64 },
      structPfns: { first: first + 192, last: first + 255 },
    });
    expect(layout.structPagesHeldByFrame(altmap.base_pfn).kind).toBe('info-block');
    expect(layout.structPagesHeldByFrame(altmap.base_pfn + 2).kind).toBe('altmap-align-padding');
    expect(layout.structPagesHeldByFrame(first).kind).toBe('not-vmemmap');
  });
});

describe('devdax 1 GiB with the memmap in RAM (deduplicated across sections)', () => {
  const f = devdax1gMapMem();
  const layout = layoutOf(f);
  const nr = 262144;
  const head = pfn_first(f.pgmap) + nr; // the second compound page (the first holds the info block)

  it('matches §4.3: 4096 vmemmap pages → 2 unique + 4094 aliased per 1 GiB', () => {
    expect(layout.perCompoundPage()).toEqual({
      vmemmapPages: 4096,
      unique: 2,
      aliased: 4094,
      bytesSaved: 16 * MiB - 8 * 1024,
    });
    expect(layout.vmemmapStats()).toMatchObject({
      vmemmapPagesVirtual: 16384,
      framesAllocated: 8,
      framesAliased: 16376,
      compoundPages: 4,
      structPagesInitialised: 4 * 128,
    });
  });

  it('maps the 7 later sections of a compound page to its tail frame (reuse_compound_section)', () => {
    const tailFrame = layout.physFrameOf(head + 64);
    expect(layout.chunk(9)).toMatchObject({
      populate: 'vmemmap_populate_compound_pages(reuse_compound_section)',
      framesAllocated: 0,
      frame: tailFrame,
    });
    expect(layout.physFrameOf(head + 3 * PAGES_PER_SECTION + 5)).toBe(tailFrame);
    expect(layout.physFrameOf(head + nr - 1)).toBe(tailFrame);
    expect(layout.physFrameOf(head + nr)).not.toBe(tailFrame);
    expect(layout.structPagesSharingFrame(head + 200000)).toEqual([{ first: head + 64, last: head + nr - 1 }]);
    expect(layout.aliasesOfStructPage(head + 200000)).toEqual({
      first: head + 64 + (200000 % 64),
      last: head + nr - 64 + (200000 % 64),
      stride: 64,
      count: 4095, // vmemmap page 1 and the 4094 pages aliased to it
    });
    expect(layout.anomalies).toEqual([]);
  });

  it('a 1 GiB namespace whose start is off the section grid is flagged', () => {
    const off = devdaxPagemap({ name: 'dax3.1', start: 32 * GiB + 2 * MiB, size: 3 * GiB, align: 1 * GiB, map: 'mem' });
    const l = new VmemmapLayout(off.pgmap, { ramBasePfn: RAM });
    expect(l.anomalies.some((a) => a.startsWith('reuse_compound_section'))).toBe(true);
  });
});

describe('order-0 fsdax namespace (-M dev)', () => {
  const f = fsdaxOrder0();
  const layout = layoutOf(f);

  it('uses one 2 MiB altmap block per section and no RAM', () => {
    expect(layout.nrChunks).toBe(32);
    expect(layout.chunks().every((c) => c.populate === 'vmemmap_populate_hugepages' && c.from === 'altmap')).toBe(true);
    expect(layout.vmemmapStats()).toMatchObject({
      vmemmapPagesVirtual: 16384,
      framesFromAltmap: 16384,
      compoundPages: 0,
    });
    // memmap_init_range() (the memmap space) + memmap_init_zone_device() (the data)
    expect(layout.vmemmapStats().structPagesInitialised).toBe(PHYS_PFN(4 * GiB) - 2);
  });

  it('a namespace off the section grid gets its partial sections from RAM, even with an altmap', () => {
    const g = fsdaxPagemap({ name: 'pmem2', start: 16 * GiB + 2 * MiB, size: 1 * GiB, map: 'dev' });
    const l = new VmemmapLayout(g.pgmap, { ramBasePfn: RAM });
    expect(l.chunk(0)).toMatchObject({
      populate: 'vmemmap_populate_basepages',
      from: 'ram',
      framesAllocated: (PAGES_PER_SECTION - 512) / 64,
    });
    expect(l.chunk(1)).toMatchObject({ populate: 'vmemmap_populate_hugepages', from: 'altmap' });
    expect(l.backingOfVmemmapPage(PHYS_PFN(16 * GiB + 2 * MiB) / 64)).toBe('ram-basepages');
  });

  it('rejects pfns outside the namespace and RAM frames that overlap it', () => {
    expect(() => layout.physFrameOf(PHYS_PFN(12 * GiB) - 1)).toThrowError(RangeError);
    expect(() => new VmemmapLayout(devdax2mMapMem().pgmap, { ramBasePfn: PHYS_PFN(16 * GiB) })).toThrowError(/overlap/);
  });
});
