import { describe, expect, it } from 'vitest';
import {
  MEMORY_DEVICE_FS_DAX,
  MEMORY_DEVICE_GENERIC,
  PGMAP_ALTMAP_VALID,
  pfn_end,
  pfn_first,
  pgmap_has_memory_failure,
  pgmap_pfn_valid,
} from '../mm/memremap';
import { PAGE_SIZE, PHYS_PFN } from '../units';
import {
  devdaxPagemap,
  fsdaxPagemap,
  ND_INFO_BLOCK_RESERVE,
  NdPfnError,
  ndPfnLayout,
  PFN_MODE_PMEM,
  PFN_MODE_RAM,
  SZ_8K,
} from './nvdimm-pfn';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

describe('nd_pfn_init: fsdax namespace, --map=dev (PFN_MODE_PMEM)', () => {
  // namespace0.0: 4 GiB at 12 GiB, default 2 MiB alignment
  const layout = ndPfnLayout({ start: 12 * GiB, size: 4 * GiB, map: 'dev' });

  it('reserves 64 bytes of memmap per pfn after the 8 KiB info block, aligned up to 2 MiB', () => {
    const npfnsAll = (4 * GiB - SZ_8K) / PAGE_SIZE; // PHYS_PFN(size - SZ_8K)
    expect(layout.pageMapSize).toBe(64 * npfnsAll);
    // ALIGN(start + 8K + 64 * npfns, 2M) - start = 66 MiB
    expect(layout.dataOffset).toBe(66 * MiB);
    expect(layout.npfns).toBe((4 * GiB - 66 * MiB) / PAGE_SIZE);
    expect(layout.endTrunc).toBe(0);
    expect(layout.mode).toBe(PFN_MODE_PMEM);
  });

  it('builds the vmem_altmap of __nvdimm_setup_pfn: reserve = info block, free = the rest of dataoff', () => {
    expect(ND_INFO_BLOCK_RESERVE).toBe(SZ_8K);
    expect(layout.altmap).toEqual({
      base_pfn: PHYS_PFN(12 * GiB),
      end_pfn: PHYS_PFN(16 * GiB - 1),
      reserve: 2,
      free: (66 * MiB - SZ_8K) / PAGE_SIZE,
      align: 0,
      alloc: 0,
    });
    expect(layout.range).toEqual({ start: 12 * GiB, end: 16 * GiB - 1 });
  });
});

describe('nd_pfn_init: --map=mem (PFN_MODE_RAM)', () => {
  it('keeps only the info block, aligned to 2 MiB: data at 2 MiB, no altmap', () => {
    const layout = ndPfnLayout({ start: 16 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'mem' });
    expect(layout.mode).toBe(PFN_MODE_RAM);
    expect(layout.dataOffset).toBe(2 * MiB);
    expect(layout.npfns).toBe((1 * GiB - 2 * MiB) / PAGE_SIZE);
    expect(layout.altmap).toBeNull();
    expect(layout.pageMapSize).toBe(0);
  });

  it('aligns the data to 1 GiB for a 1 GiB device-dax alignment', () => {
    const layout = ndPfnLayout({ start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'mem' });
    expect(layout.dataOffset).toBe(1 * GiB);
    expect(layout.npfns).toBe((3 * GiB) / PAGE_SIZE);
  });

  it('uses max(align, memremap_compat_align()) = 2 MiB for a 4 KiB alignment', () => {
    const layout = ndPfnLayout({ start: 16 * GiB, size: 1 * GiB, align: PAGE_SIZE, map: 'mem' });
    expect(layout.effectiveAlign).toBe(2 * MiB);
    expect(layout.dataOffset).toBe(2 * MiB);
  });
});

describe('nd_pfn_init: end_trunc and failures', () => {
  it('truncates the end to the alignment (end_trunc) and shrinks pgmap->range', () => {
    const layout = ndPfnLayout({ start: 32 * GiB, size: 3.5 * GiB, align: 1 * GiB, map: 'mem' });
    expect(layout.endTrunc).toBe(512 * MiB);
    expect(layout.range.end).toBe(35 * GiB - 1);
    expect(layout.npfns).toBe((2 * GiB) / PAGE_SIZE);
  });

  it('a 1 GiB-aligned map=dev namespace pads the memmap space to 1 GiB', () => {
    const layout = ndPfnLayout({ start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'dev' });
    expect(layout.dataOffset).toBe(1 * GiB);
    expect(layout.altmap?.free).toBe((1 * GiB - SZ_8K) / PAGE_SIZE);
  });

  it('fails a start not aligned to memremap_compat_align() with -EINVAL', () => {
    expect(() => ndPfnLayout({ start: 16 * GiB + 1 * MiB, size: 1 * GiB, map: 'mem' })).toThrowError(NdPfnError);
    expect(() => ndPfnLayout({ start: 16 * GiB + 1 * MiB, size: 1 * GiB, map: 'mem' })).toThrowError(/misaligned/);
  });

  it('fails an unsupported alignment and a namespace too small for its alignment', () => {
    expect(() => ndPfnLayout({ start: 16 * GiB, size: 1 * GiB, align: 4 * MiB, map: 'mem' })).toThrowError(/-EINVAL/);
    expect(() => ndPfnLayout({ start: 16 * GiB, size: 2 * MiB, align: 2 * MiB, map: 'mem' })).toThrowError(
      /-ENXIO: unable to satisfy requested alignment/,
    );
  });

  it('a 2 MiB-aligned start that is not section aligned keeps reserve = 2 (no subsection padding)', () => {
    const layout = ndPfnLayout({ start: 16 * GiB + 2 * MiB, size: 1 * GiB, map: 'dev' });
    expect(layout.altmap?.base_pfn).toBe(PHYS_PFN(16 * GiB + 2 * MiB));
    expect(layout.altmap?.reserve).toBe(2);
  });
});

describe('pmem_attach_disk / dev_dax_probe pgmaps', () => {
  it('fsdax: MEMORY_DEVICE_FS_DAX with fsdax_pagemap_ops, altmap valid for map=dev', () => {
    const { pgmap, layout } = fsdaxPagemap({ name: 'pmem0', start: 12 * GiB, size: 4 * GiB, map: 'dev' });
    expect(pgmap.type).toBe(MEMORY_DEVICE_FS_DAX);
    expect(pgmap.flags).toBe(PGMAP_ALTMAP_VALID);
    expect(pgmap.owner).toBe('pmem0');
    expect(pgmap_has_memory_failure(pgmap)).toBe(true);
    // the info block and the memmap are exactly the altmap's reserve + free
    expect(pfn_first(pgmap)).toBe(PHYS_PFN(12 * GiB + layout.dataOffset));
    expect(pfn_end(pgmap)).toBe(PHYS_PFN(16 * GiB));
    expect(pgmap_pfn_valid(pgmap, pfn_first(pgmap) - 1)).toBe(false);
  });

  it('fsdax map=mem: no altmap, so pfn_first is the namespace start', () => {
    const { pgmap } = fsdaxPagemap({ name: 'pmem1', start: 16 * GiB, size: 1 * GiB, map: 'mem' });
    expect(pgmap.flags).toBe(0);
    expect(pgmap.altmap).toBeNull();
    expect(pfn_first(pgmap)).toBe(PHYS_PFN(16 * GiB));
  });

  it('devdax: MEMORY_DEVICE_GENERIC, no ops, vmemmap_shift = order_base_2(align >> PAGE_SHIFT)', () => {
    const two = devdaxPagemap({ name: 'dax1.0', start: 16 * GiB, size: 1 * GiB, align: 2 * MiB, map: 'mem' }).pgmap;
    const one = devdaxPagemap({ name: 'dax3.0', start: 32 * GiB, size: 4 * GiB, align: 1 * GiB, map: 'mem' }).pgmap;
    const four = devdaxPagemap({ name: 'dax4.0', start: 16 * GiB, size: 1 * GiB, align: PAGE_SIZE, map: 'mem' }).pgmap;
    expect(two.type).toBe(MEMORY_DEVICE_GENERIC);
    expect(two.ops).toBeNull();
    expect(two.vmemmap_shift).toBe(9);
    expect(one.vmemmap_shift).toBe(18);
    expect(four.vmemmap_shift).toBe(0);
    expect(pgmap_has_memory_failure(two)).toBe(false);
  });
});
