/**
 * struct dev_pagemap and struct vmem_altmap of a ZONE_DEVICE range, and the pfn predicates over them.
 * Models (Linux v6.12; unchanged in these parts since v5.10 multi-range pgmaps, ops->memory_failure since v6.0):
 *   include/linux/memremap.h: enum memory_type, PGMAP_ALTMAP_VALID, struct vmem_altmap, struct dev_pagemap,
 *     pgmap_altmap(), pgmap_vmemmap_nr(), pgmap_has_memory_failure();
 *   include/linux/mm.h: vmem_altmap_offset();
 *   include/linux/range.h: struct range (inclusive end), range_len();
 *   mm/memremap.c: pfn_first(), pfn_end(), pfn_len(), pgmap_pfn_valid().
 * Only single-range pgmaps are modeled (nr_range 1, as pmem namespaces create); range_id is always 0.
 * Not modeled: the percpu ref / completion (ref, done), PGMAP_ALTMAP_VALID's sibling flags, ops other than
 *   memory_failure (page_free, migrate_to_ram), owner as a pointer (here: the namespace name).
 */
import { type Decision, read } from '../decision';
import { hex, PAGE_SHIFT, PHYS_PFN } from '../units';

/** enum memory_type (0 is left unused to catch uninitialised type fields) */
export const MEMORY_DEVICE_PRIVATE = 1;
export const MEMORY_DEVICE_COHERENT = 2;
/** pmem in fsdax mode (drivers/nvdimm/pmem.c) */
export const MEMORY_DEVICE_FS_DAX = 3;
/** device-dax (drivers/dax/device.c dev_dax_probe) */
export const MEMORY_DEVICE_GENERIC = 4;
export const MEMORY_DEVICE_PCI_P2PDMA = 5;
export type MemoryType =
  | typeof MEMORY_DEVICE_PRIVATE
  | typeof MEMORY_DEVICE_COHERENT
  | typeof MEMORY_DEVICE_FS_DAX
  | typeof MEMORY_DEVICE_GENERIC
  | typeof MEMORY_DEVICE_PCI_P2PDMA;

export const memoryTypeName = (t: MemoryType): string =>
  ({
    1: 'MEMORY_DEVICE_PRIVATE',
    2: 'MEMORY_DEVICE_COHERENT',
    3: 'MEMORY_DEVICE_FS_DAX',
    4: 'MEMORY_DEVICE_GENERIC',
    5: 'MEMORY_DEVICE_PCI_P2PDMA',
  })[t];

/** pgmap->flags: pgmap->altmap is valid */
export const PGMAP_ALTMAP_VALID = 1 << 0;

/**
 * struct vmem_altmap: a device-resident pool that backs the memmap ("-M dev" / map=dev namespaces).
 * All fields are in pfns. end_pfn is the last pfn of the namespace (inclusive, as PHYS_PFN(res.end)).
 */
export interface VmemAltmap {
  /** first pfn the altmap manages (subsection-aligned namespace start) */
  base_pfn: number;
  end_pfn: number;
  /** pfns at base_pfn not usable for the memmap (the nvdimm info block) */
  reserve: number;
  /** pfns available for the memmap after the reserve */
  free: number;
  /** pfns skipped so far to align allocations (altmap_alloc_block_buf) */
  align: number;
  /** pfns handed out so far */
  alloc: number;
}

/** struct range: physical bytes, end inclusive */
export interface Range {
  start: number;
  end: number;
}

export interface DevPagemapOps {
  /** name of ops->memory_failure, e.g. "pmem_pagemap_memory_failure"; null when not implemented */
  memory_failure: string | null;
}

export interface DevPagemap {
  type: MemoryType;
  range: Range;
  nr_range: 1;
  /** order of the compound pages (0: base pages); pgmap_vmemmap_nr() = 1 << vmemmap_shift */
  vmemmap_shift: number;
  /** valid only when flags & PGMAP_ALTMAP_VALID (pgmap_altmap()) */
  altmap: VmemAltmap | null;
  flags: number;
  ops: DevPagemapOps | null;
  /** the namespace this pgmap belongs to (the kernel's owner is an opaque pointer) */
  owner: string;
}

/** range_len(): bytes in an inclusive range */
export const range_len = (range: Range): number => range.end - range.start + 1;

/** pgmap_altmap(): the altmap if PGMAP_ALTMAP_VALID is set, else NULL */
export const pgmap_altmap = (pgmap: DevPagemap): VmemAltmap | null =>
  pgmap.flags & PGMAP_ALTMAP_VALID ? pgmap.altmap : null;

/** pgmap_vmemmap_nr(): base pages per compound page */
export const pgmap_vmemmap_nr = (pgmap: DevPagemap): number => 2 ** pgmap.vmemmap_shift;

/** vmem_altmap_offset(): pfns from base_pfn where pfn_to_page() becomes a ZONE_DEVICE page (reserve + free) */
export const vmem_altmap_offset = (altmap: VmemAltmap | null): number => (altmap ? altmap.reserve + altmap.free : 0);

/** pfn_first(pgmap, 0): first pfn whose struct page memmap_init_zone_device() initialises */
export const pfn_first = (pgmap: DevPagemap): number =>
  PHYS_PFN(pgmap.range.start) + vmem_altmap_offset(pgmap_altmap(pgmap));

/** pfn_end(pgmap, 0): first pfn past the range */
export const pfn_end = (pgmap: DevPagemap): number =>
  Math.floor((pgmap.range.start + range_len(pgmap.range)) / 2 ** PAGE_SHIFT);

/** pfn_len(pgmap, 0): compound pages (or pages) after pfn_first, as the percpu ref counts them */
export const pfn_len = (pgmap: DevPagemap): number =>
  Math.floor((pfn_end(pgmap) - pfn_first(pgmap)) / pgmap_vmemmap_nr(pgmap));

const MEMREMAP_C = 'mm/memremap.c';
const MEMREMAP_H = 'include/linux/memremap.h';

/**
 * pgmap_pfn_valid(): the pfn is in the range and not in the device metadata space (the altmap
 * reserve + free area, i.e. the info block and the memmap of a map=dev namespace).
 */
export const pgmap_pfn_valid = (pgmap: DevPagemap, pfn: number): boolean => decide_pgmap_pfn_valid(pgmap, pfn).result;

export function decide_pgmap_pfn_valid(pgmap: DevPagemap, pfn: number): Decision {
  const altmap = pgmap_altmap(pgmap);
  const lo = PHYS_PFN(pgmap.range.start);
  const hi = PHYS_PFN(pgmap.range.end);
  const reads = [
    read('pfn', hex(pfn)),
    read('pgmap->nr_range', pgmap.nr_range),
    read('PHYS_PFN(pgmap->ranges[0].start)', hex(lo)),
    read('PHYS_PFN(pgmap->ranges[0].end)', hex(hi)),
  ];
  let result = false;
  if (pfn >= lo && pfn <= hi) {
    reads.push(read('pgmap->flags & PGMAP_ALTMAP_VALID', altmap ? 'PGMAP_ALTMAP_VALID' : '0'));
    if (altmap) {
      reads.push(read('pgmap->altmap.reserve', altmap.reserve), read('pgmap->altmap.free', altmap.free));
    }
    const first = pfn_first(pgmap);
    reads.push(read('pfn_first(pgmap, 0)', hex(first)));
    result = pfn >= first;
  }
  return {
    predicate: `pgmap_pfn_valid(pgmap, ${hex(pfn)})`,
    result,
    reads,
    models: { fn: 'pgmap_pfn_valid', file: MEMREMAP_C },
  };
}

/** pgmap_has_memory_failure(): pgmap->ops && pgmap->ops->memory_failure (v6.0+) */
export const pgmap_has_memory_failure = (pgmap: DevPagemap): boolean => decide_pgmap_has_memory_failure(pgmap).result;

export function decide_pgmap_has_memory_failure(pgmap: DevPagemap): Decision {
  const reads = [read('pgmap->ops', pgmap.ops ? 'set' : 'NULL')];
  if (pgmap.ops) reads.push(read('pgmap->ops->memory_failure', pgmap.ops.memory_failure ?? 'NULL'));
  return {
    predicate: 'pgmap_has_memory_failure(pgmap)',
    result: !!pgmap.ops?.memory_failure,
    reads,
    models: { fn: 'pgmap_has_memory_failure', file: MEMREMAP_H },
  };
}
