/**
 * How a pmem namespace in fsdax or devdax mode lays out its info block, memmap and data, and the dev_pagemap
 * the pmem / device-dax driver hands to memremap_pages().
 * Models (Linux v6.12; the layout is pfn_sb version 1.4, unchanged since v6.3 added page_struct_size):
 *   drivers/nvdimm/pfn_devs.c: nd_pfn_init() (a fresh namespace: dataoff, npfns, end_trunc),
 *     __nvdimm_setup_pfn() (pgmap range and vmem_altmap), init_altmap_base(), init_altmap_reserve(),
 *     nd_pfn_supported_alignments() / nd_pfn_default_alignment() (x86-64 with THP: 4K, 2M, 1G; default 2M);
 *   drivers/nvdimm/nd.h: nd_info_block_reserve() = ALIGN(SZ_8K, PAGE_SIZE);
 *   mm/memremap.c: memremap_compat_align() (generic: SUBSECTION_SIZE = 2 MiB);
 *   drivers/nvdimm/pmem.c pmem_attach_disk() (fsdax pgmap: MEMORY_DEVICE_FS_DAX, fsdax_pagemap_ops);
 *   drivers/dax/pmem.c __dax_pmem_probe() + drivers/dax/device.c dev_dax_probe() (devdax pgmap:
 *     MEMORY_DEVICE_GENERIC, no ops, vmemmap_shift = order_base_2(align >> PAGE_SHIFT)).
 * ndctl's --map=dev is PFN_MODE_PMEM (memmap on the device, altmap valid), --map=mem is PFN_MODE_RAM.
 * Not modeled: an existing info block (nd_pfn_validate(), start_pad of pre-v1.3 layouts: always 0 here),
 *   MAX_STRUCT_PAGE_SIZE overrides for debug kernels (struct page is 64 bytes), read-only regions,
 *   nd_pfn_clear_memmap_errors(), BTT, raw mode (no pfn device).
 */
import {
  type DevPagemap,
  MEMORY_DEVICE_FS_DAX,
  MEMORY_DEVICE_GENERIC,
  PGMAP_ALTMAP_VALID,
  type Range,
  type VmemAltmap,
} from '../mm/memremap';
import {
  ALIGN,
  ALIGN_DOWN,
  hex,
  IS_ALIGNED,
  PAGE_SHIFT,
  PAGE_SIZE,
  PAGES_PER_SUBSECTION,
  PHYS_PFN,
  PMD_SIZE,
  PUD_SIZE,
} from '../units';

export const SZ_4K = 4096;
export const SZ_8K = 8192;
/** MAX_STRUCT_PAGE_SIZE: the memmap space reserved per pfn, whatever sizeof(struct page) is */
export const MAX_STRUCT_PAGE_SIZE = 64;
/** memremap_compat_align(): generic (x86-64) value, SUBSECTION_SIZE */
export const MEMREMAP_COMPAT_ALIGN = PAGES_PER_SUBSECTION * PAGE_SIZE;
/** nd_info_block_reserve(): bytes at the namespace start holding the (4 KiB-offset) info block */
export const ND_INFO_BLOCK_RESERVE = ALIGN(SZ_8K, PAGE_SIZE);
/** the pfn info block (struct nd_pfn_sb) is written at this offset */
export const ND_PFN_SB_OFFSET = SZ_4K;

/** enum nd_pfn_mode */
export const PFN_MODE_NONE = 0;
export const PFN_MODE_RAM = 1;
export const PFN_MODE_PMEM = 2;

export type PfnMap = 'dev' | 'mem';

export interface NdPfnParams {
  /** namespace resource start (nsio->res.start), bytes */
  start: number;
  /** resource_size(&nsio->res), bytes */
  size: number;
  /** nd_pfn->align (ndctl --align); default nd_pfn_default_alignment() = 2 MiB */
  align?: number;
  /** ndctl --map */
  map: PfnMap;
}

export interface NdPfnLayout {
  mode: typeof PFN_MODE_RAM | typeof PFN_MODE_PMEM;
  start: number;
  size: number;
  /** nd_pfn->align as stored in pfn_sb->align */
  align: number;
  /** max(nd_pfn->align, memremap_compat_align()): what dataoff and end_trunc are aligned to */
  effectiveAlign: number;
  /** pfn_sb->dataoff: bytes from the namespace start to the first data page */
  dataOffset: number;
  /** pfn_sb->npfns: data pages */
  npfns: number;
  /** pfn_sb->end_trunc: bytes cut from the end so the data ends aligned */
  endTrunc: number;
  /** the MAX_STRUCT_PAGE_SIZE * npfns bytes nd_pfn_init() reserved for the memmap (map=dev), else 0 */
  pageMapSize: number;
  /** pgmap->range as __nvdimm_setup_pfn() sets it: the whole namespace minus end_trunc, info block included */
  range: Range;
  /** the vmem_altmap for map=dev; null for map=mem */
  altmap: VmemAltmap | null;
}

/** nd_pfn_supported_alignments() on x86-64 with transparent huge pages (PMD and PUD) */
export const ND_PFN_SUPPORTED_ALIGNMENTS = [PAGE_SIZE, PMD_SIZE, PUD_SIZE] as const;
/** nd_pfn_default_alignment(): HPAGE_PMD_SIZE when THP is available */
export const ND_PFN_DEFAULT_ALIGNMENT = PMD_SIZE;

/** An errno-carrying failure of namespace enabling, with the driver's dev_err/dev_info text. */
export class NdPfnError extends Error {
  constructor(
    readonly errno: '-EINVAL' | '-ENXIO',
    message: string,
  ) {
    super(`${errno}: ${message}`);
  }
}

/**
 * nd_pfn_init() on a namespace without an info block, then __nvdimm_setup_pfn(): the on-media layout and the
 * pgmap range / altmap. Throws NdPfnError where the kernel fails the probe.
 */
export function ndPfnLayout(params: NdPfnParams): NdPfnLayout {
  const { start, size, map } = params;
  const align = params.align ?? ND_PFN_DEFAULT_ALIGNMENT;
  if (!(ND_PFN_SUPPORTED_ALIGNMENTS as readonly number[]).includes(align))
    throw new NdPfnError('-EINVAL', `align ${hex(align)} not in nd_pfn_supported_alignments()`);
  if (!IS_ALIGNED(size, PAGE_SIZE)) throw new NdPfnError('-EINVAL', `size ${hex(size)} is not page aligned`);

  // npfns = PHYS_PFN(size - SZ_8K); align = max(nd_pfn->align, memremap_compat_align())
  const memmapNpfns = PHYS_PFN(size - SZ_8K);
  const effectiveAlign = Math.max(align, MEMREMAP_COMPAT_ALIGN);
  if (!IS_ALIGNED(start, MEMREMAP_COMPAT_ALIGN))
    throw new NdPfnError('-EINVAL', `start ${hex(start)} misaligned to ${hex(MEMREMAP_COMPAT_ALIGN)}`);
  const endTrunc = start + size - ALIGN_DOWN(start + size, effectiveAlign);

  let dataOffset: number;
  let pageMapSize = 0;
  if (map === 'dev') {
    // PFN_MODE_PMEM: the memmap of every pfn after the info block lives on the device
    pageMapSize = MAX_STRUCT_PAGE_SIZE * memmapNpfns;
    dataOffset = ALIGN(start + SZ_8K + pageMapSize, effectiveAlign) - start;
  } else {
    // PFN_MODE_RAM: only the info block
    dataOffset = ALIGN(start + SZ_8K, effectiveAlign) - start;
  }
  if (dataOffset >= size - endTrunc) throw new NdPfnError('-ENXIO', 'unable to satisfy requested alignment');
  const npfns = PHYS_PFN(size - dataOffset - endTrunc);

  // __nvdimm_setup_pfn(): start_pad is 0 for a v1.4 info block
  const base = start;
  const end = start + size - 1 - endTrunc;
  const range: Range = { start: base, end };
  let altmap: VmemAltmap | null = null;
  if (map === 'dev') {
    const basePfn = PHYS_PFN(base);
    const subsectionBase = basePfn - (basePfn % PAGES_PER_SUBSECTION); // init_altmap_base()
    altmap = {
      base_pfn: subsectionBase,
      // init_altmap_reserve(): the info block plus the padding back to the subsection start
      reserve: ND_INFO_BLOCK_RESERVE / PAGE_SIZE + (basePfn - subsectionBase),
      end_pfn: PHYS_PFN(end),
      // altmap->free = PHYS_PFN(offset - reserve), reserve in bytes here
      free: PHYS_PFN(dataOffset - ND_INFO_BLOCK_RESERVE),
      align: 0,
      alloc: 0,
    };
  } else if (dataOffset < ND_INFO_BLOCK_RESERVE) {
    throw new NdPfnError('-EINVAL', 'dataoff below the info block reserve');
  }
  return {
    mode: map === 'dev' ? PFN_MODE_PMEM : PFN_MODE_RAM,
    start,
    size,
    align,
    effectiveAlign,
    dataOffset,
    npfns,
    endTrunc,
    pageMapSize,
    range,
    altmap,
  };
}

export interface PmemNamespaceSpec extends NdPfnParams {
  /** device name: "pmem0" (fsdax) or "dax0.0" (devdax) */
  name: string;
}

/** pmem_attach_disk() for an fsdax pfn device: the pgmap it passes to devm_memremap_pages(). */
export function fsdaxPagemap(spec: PmemNamespaceSpec): { pgmap: DevPagemap; layout: NdPfnLayout } {
  const layout = ndPfnLayout(spec);
  const pgmap: DevPagemap = {
    type: MEMORY_DEVICE_FS_DAX,
    range: { ...layout.range },
    nr_range: 1,
    vmemmap_shift: 0,
    altmap: layout.altmap ? { ...layout.altmap } : null,
    flags: layout.altmap ? PGMAP_ALTMAP_VALID : 0,
    ops: { memory_failure: 'pmem_pagemap_memory_failure' },
    owner: spec.name,
  };
  return { pgmap, layout };
}

/**
 * __dax_pmem_probe() + dev_dax_probe() for a static device-dax instance: the pgmap copied from
 * nvdimm_setup_pfn() (whole namespace range, altmap for map=dev), turned MEMORY_DEVICE_GENERIC with
 * compound pages of the device alignment.
 */
export function devdaxPagemap(spec: PmemNamespaceSpec): { pgmap: DevPagemap; layout: NdPfnLayout } {
  const layout = ndPfnLayout(spec);
  const align = layout.align;
  const pgmap: DevPagemap = {
    type: MEMORY_DEVICE_GENERIC,
    range: { ...layout.range },
    nr_range: 1,
    // order_base_2(dev_dax->align >> PAGE_SHIFT) when align > PAGE_SIZE
    vmemmap_shift: align > PAGE_SIZE ? Math.log2(align) - PAGE_SHIFT : 0,
    altmap: layout.altmap ? { ...layout.altmap } : null,
    flags: layout.altmap ? PGMAP_ALTMAP_VALID : 0,
    ops: null,
    owner: spec.name,
  };
  return { pgmap, layout };
}
