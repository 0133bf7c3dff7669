import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, PHYS_PFN } from '../units';
import {
  type DevPagemap,
  decide_pgmap_has_memory_failure,
  decide_pgmap_pfn_valid,
  MEMORY_DEVICE_COHERENT,
  MEMORY_DEVICE_FS_DAX,
  MEMORY_DEVICE_GENERIC,
  MEMORY_DEVICE_PCI_P2PDMA,
  MEMORY_DEVICE_PRIVATE,
  memoryTypeName,
  PGMAP_ALTMAP_VALID,
  pfn_end,
  pfn_first,
  pfn_len,
  pgmap_altmap,
  pgmap_has_memory_failure,
  pgmap_pfn_valid,
  pgmap_vmemmap_nr,
  range_len,
  vmem_altmap_offset,
} from './memremap';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/**
 * fsdax namespace0.0 (pmem0), 4 GiB at 12 GiB, ndctl -m fsdax -M dev: info block (2 pfns) then 16894 pfns of
 * memmap space, data from 66 MiB (drivers/nvdimm/pfn_devs.c arithmetic, see nvdimm-pfn.test.ts).
 */
const fsdaxMapDev = (): DevPagemap => ({
  type: MEMORY_DEVICE_FS_DAX,
  range: { start: 12 * GiB, end: 16 * GiB - 1 },
  nr_range: 1,
  vmemmap_shift: 0,
  altmap: {
    base_pfn: PHYS_PFN(12 * GiB),
    end_pfn: PHYS_PFN(16 * GiB - 1),
    reserve: 2,
    free: 16894,
    align: 0,
    alloc: 0,
  },
  flags: PGMAP_ALTMAP_VALID,
  ops: { memory_failure: 'pmem_pagemap_memory_failure' },
  owner: 'pmem0',
});

/** devdax dax1.0, 1 GiB at 16 GiB, 2 MiB align, -M mem: no altmap, no ops. */
const devdax2mMapMem = (): DevPagemap => ({
  type: MEMORY_DEVICE_GENERIC,
  range: { start: 16 * GiB, end: 17 * GiB - 1 },
  nr_range: 1,
  vmemmap_shift: 9,
  altmap: null,
  flags: 0,
  ops: null,
  owner: 'dax1.0',
});

describe('enum memory_type and pgmap flags (include/linux/memremap.h)', () => {
  it('numbers the device memory types as 6.12 does', () => {
    expect(MEMORY_DEVICE_PRIVATE).toBe(1);
    expect(MEMORY_DEVICE_COHERENT).toBe(2);
    expect(MEMORY_DEVICE_FS_DAX).toBe(3);
    expect(MEMORY_DEVICE_GENERIC).toBe(4);
    expect(MEMORY_DEVICE_PCI_P2PDMA).toBe(5);
    expect(memoryTypeName(MEMORY_DEVICE_FS_DAX)).toBe('MEMORY_DEVICE_FS_DAX');
    expect(PGMAP_ALTMAP_VALID).toBe(1);
  });
});

describe('pgmap_vmemmap_nr / vmem_altmap_offset / pgmap_altmap', () => {
  it('pgmap_vmemmap_nr is 1 << vmemmap_shift', () => {
    expect(pgmap_vmemmap_nr(fsdaxMapDev())).toBe(1);
    expect(pgmap_vmemmap_nr(devdax2mMapMem())).toBe(512);
    expect(pgmap_vmemmap_nr({ ...devdax2mMapMem(), vmemmap_shift: 18 })).toBe(262144);
  });

  it('vmem_altmap_offset is reserve + free, 0 without an altmap', () => {
    expect(vmem_altmap_offset(fsdaxMapDev().altmap)).toBe(16896);
    expect(vmem_altmap_offset(null)).toBe(0);
  });

  it('pgmap_altmap ignores an altmap without PGMAP_ALTMAP_VALID', () => {
    const pgmap = { ...fsdaxMapDev(), flags: 0 };
    expect(pgmap_altmap(pgmap)).toBeNull();
    expect(pfn_first(pgmap)).toBe(PHYS_PFN(12 * GiB));
  });
});

describe('pfn_first / pfn_end / pfn_len (mm/memremap.c)', () => {
  it('pfn_first skips the altmap reserve + free on the first range', () => {
    const pgmap = fsdaxMapDev();
    expect(pfn_first(pgmap)).toBe(PHYS_PFN(12 * GiB + 66 * MiB));
    expect(pfn_end(pgmap)).toBe(PHYS_PFN(16 * GiB));
    expect(range_len(pgmap.range)).toBe(4 * GiB);
    expect(pfn_len(pgmap)).toBe((4 * GiB - 66 * MiB) / PAGE_SIZE);
  });

  it('pfn_len counts compound pages for a devdax pgmap', () => {
    const pgmap = devdax2mMapMem();
    expect(pfn_first(pgmap)).toBe(PHYS_PFN(16 * GiB));
    expect(pfn_len(pgmap)).toBe(512);
  });
});

describe('pgmap_pfn_valid (mm/memremap.c, "device metadata space is not recoverable")', () => {
  const pgmap = fsdaxMapDev();
  const start = PHYS_PFN(pgmap.range.start);
  const first = pfn_first(pgmap);

  it('is false in the info block and the memmap space of a map=dev namespace', () => {
    expect(pgmap_pfn_valid(pgmap, start)).toBe(false);
    expect(pgmap_pfn_valid(pgmap, start + 2)).toBe(false);
    expect(pgmap_pfn_valid(pgmap, first - 1)).toBe(false);
  });

  it('is true from pfn_first to the last pfn of the range, false outside it', () => {
    expect(pgmap_pfn_valid(pgmap, first)).toBe(true);
    expect(pgmap_pfn_valid(pgmap, PHYS_PFN(pgmap.range.end))).toBe(true);
    expect(pgmap_pfn_valid(pgmap, pfn_end(pgmap))).toBe(false);
    expect(pgmap_pfn_valid(pgmap, start - 1)).toBe(false);
  });

  it('is true for every pfn of a map=mem namespace, info block included', () => {
    const mem = devdax2mMapMem();
    expect(pgmap_pfn_valid(mem, PHYS_PFN(mem.range.start))).toBe(true);
  });

  it('explains itself: the Decision names pfn_first and the altmap fields it read', () => {
    const d = decide_pgmap_pfn_valid(pgmap, first - 1);
    expect(d.result).toBe(false);
    expect(d.models).toEqual({ fn: 'pgmap_pfn_valid', file: 'mm/memremap.c' });
    expect(d.predicate).toBe(`pgmap_pfn_valid(pgmap, 0x${(first - 1).toString(16)})`);
    expect(d.reads).toContainEqual({ path: 'pfn_first(pgmap, 0)', value: `0x${first.toString(16)}` });
    expect(d.reads).toContainEqual({ path: 'pgmap->altmap.free', value: '16894' });
    const outside = decide_pgmap_pfn_valid(pgmap, start - 1);
    expect(outside.result).toBe(false);
    expect(outside.reads.map((r) => r.path)).not.toContain('pfn_first(pgmap, 0)');
  });
});

describe('pgmap_has_memory_failure (include/linux/memremap.h, v6.0+)', () => {
  it('is true for pmem fsdax (pmem_pagemap_memory_failure)', () => {
    expect(pgmap_has_memory_failure(fsdaxMapDev())).toBe(true);
    const d = decide_pgmap_has_memory_failure(fsdaxMapDev());
    expect(d.reads).toEqual([
      { path: 'pgmap->ops', value: 'set' },
      { path: 'pgmap->ops->memory_failure', value: 'pmem_pagemap_memory_failure' },
    ]);
  });

  it('is false for device-dax (no ops) and for ops without memory_failure', () => {
    expect(pgmap_has_memory_failure(devdax2mMapMem())).toBe(false);
    expect(decide_pgmap_has_memory_failure(devdax2mMapMem()).reads).toEqual([{ path: 'pgmap->ops', value: 'NULL' }]);
    expect(pgmap_has_memory_failure({ ...devdax2mMapMem(), ops: { memory_failure: null } })).toBe(false);
  });
});
