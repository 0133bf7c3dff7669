/**
 * The vmemmap behind a pmem namespace's struct pages: which physical frame holds the 64 bytes of each pfn's
 * struct page, and which struct pages share (alias) the same bytes.
 * Models (Linux v6.12, x86-64, 4 KiB pages, 64-byte struct page, SPARSEMEM_VMEMMAP, X86_FEATURE_PSE):
 *   include/linux/mm.h: VMEMMAP_RESERVE_NR, __vmemmap_can_optimize() / vmemmap_can_optimize() with
 *     CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP=y (x86-64 selects it), compound_nr_pages() (mm/mm_init.c);
 *   mm/memory_hotplug.c __add_pages(): the range is populated in chunks that never cross a 128 MiB section;
 *   mm/sparse-vmemmap.c __populate_section_memmap(), vmemmap_populate_compound_pages(),
 *     reuse_compound_section(), compound_section_tail_page(), vmemmap_populate_hugepages(),
 *     vmemmap_populate_basepages(), altmap_alloc_block_buf(), vmem_altmap_next_pfn(), vmem_altmap_nr_free();
 *   arch/x86/mm/init_64.c vmemmap_populate(): a chunk smaller than a section gets 4 KiB vmemmap pages from RAM
 *     (the altmap is NOT passed: vmemmap_populate_basepages(start, end, node, NULL)); a whole section gets one
 *     2 MiB PMD block, from the altmap when there is one, else an order-9 page from RAM.
 *   arch/x86/include/asm/pgtable_64_types.h: VMEMMAP_START 0xffffea0000000000 (4-level paging, no KASLR of
 *     the vmemmap base; with CONFIG_RANDOMIZE_MEMORY the base moves, the layout here does not).
 * The layout is computed per populate chunk (one record per 128 MiB section, no per-page arrays), in the
 * order the kernel populates: ascending pfn, so frame numbers follow allocation order.
 * Physical frames from RAM are synthetic and deterministic: allocated upward from `ramBasePfn` (order-9 blocks
 * naturally aligned), never reused. Altmap frames are the real device pfns of the namespace's memmap area.
 * Not modeled: page-table pages (PGD/P4D/PUD/PMD/PTE tables: they consume no synthetic frames), vmemmap
 * already populated by boot memory sharing a section (early_section(), and the 2026 fix for it), fallback to
 * base pages when an order-9 RAM allocation fails, NUMA placement, memory hot-remove.
 */
import { type Decision, read } from '../decision';
import {
  hex,
  PAGE_SHIFT,
  PAGE_SIZE,
  PAGES_PER_SECTION,
  PAGES_PER_SUBSECTION,
  PG_PMD_NR,
  PHYS_PFN,
  STRUCT_PAGE_SIZE,
} from '../units';
import {
  type DevPagemap,
  pfn_end,
  pfn_first,
  pgmap_altmap,
  pgmap_vmemmap_nr,
  type VmemAltmap,
  vmem_altmap_offset,
} from './memremap';

/** x86-64 __VMEMMAP_BASE_L4 */
export const VMEMMAP_START = 0xffffea0000000000n;
/** struct pages per 4 KiB vmemmap page */
export const STRUCT_PAGES_PER_VMEMMAP = PAGE_SIZE / STRUCT_PAGE_SIZE;
/** vmemmap pages a device-dax compound page keeps: the head page and the first tail page */
export const VMEMMAP_RESERVE_NR = 2;
/** x86-64 selects ARCH_WANT_OPTIMIZE_DAX_VMEMMAP (v6.4+; before, the condition was inline) */
export const CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP = true;
/** The synthetic RAM pfn vmemmap pages come from when the caller gives none (4 GiB). */
export const DEFAULT_RAM_BASE_PFN = 0x100000;

const MM_H = 'include/linux/mm.h';

/**
 * vmemmap_can_optimize(altmap, pgmap): may the memmap of this pgmap's compound pages be deduplicated
 * (only VMEMMAP_RESERVE_NR vmemmap pages per compound page)? Needs no altmap and more than two vmemmap
 * pages per compound page (2 MiB: 8, 1 GiB: 4096).
 */
export const vmemmap_can_optimize = (altmap: VmemAltmap | null, pgmap: DevPagemap | null): boolean =>
  decide_vmemmap_can_optimize(altmap, pgmap).result;

export function decide_vmemmap_can_optimize(altmap: VmemAltmap | null, pgmap: DevPagemap | null): Decision {
  const reads = [read('CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP', CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP ? 'y' : 'n')];
  const done = (result: boolean): Decision => ({
    predicate: 'vmemmap_can_optimize(altmap, pgmap)',
    result,
    reads,
    models: { fn: '__vmemmap_can_optimize', file: MM_H },
  });
  if (!CONFIG_ARCH_WANT_OPTIMIZE_DAX_VMEMMAP) return done(false);
  reads.push(read('pgmap', pgmap ? 'set' : 'NULL'), read('sizeof(struct page)', STRUCT_PAGE_SIZE));
  if (!pgmap) return done(false);
  const nrPages = pgmap_vmemmap_nr(pgmap);
  const nrVmemmapPages = Math.floor((nrPages * STRUCT_PAGE_SIZE) / 2 ** PAGE_SHIFT);
  reads.push(
    read('pgmap->vmemmap_shift', pgmap.vmemmap_shift),
    read('nr_pages = pgmap_vmemmap_nr(pgmap)', nrPages),
    read('nr_vmemmap_pages = (nr_pages * sizeof(struct page)) >> PAGE_SHIFT', nrVmemmapPages),
    read('altmap', altmap ? 'set' : 'NULL'),
    read('VMEMMAP_RESERVE_NR', VMEMMAP_RESERVE_NR),
  );
  return done(!altmap && nrVmemmapPages > VMEMMAP_RESERVE_NR);
}

/** compound_nr_pages(): struct pages memmap_init_compound() initialises per compound page (mm/mm_init.c) */
export const compound_nr_pages = (altmap: VmemAltmap | null, pgmap: DevPagemap): number =>
  vmemmap_can_optimize(altmap, pgmap) ? VMEMMAP_RESERVE_NR * STRUCT_PAGES_PER_VMEMMAP : pgmap_vmemmap_nr(pgmap);

/**
 * reuse_compound_section(start_pfn, pgmap): this populate chunk lies inside a compound page bigger than a
 * subsection, so all of its vmemmap is mapped to the previous chunk's last (tail) vmemmap page.
 */
export const reuse_compound_section = (start_pfn: number, pgmap: DevPagemap): boolean => {
  const nrPages = pgmap_vmemmap_nr(pgmap);
  const offset = start_pfn - PHYS_PFN(pgmap.range.start);
  return offset % nrPages !== 0 && nrPages > PAGES_PER_SUBSECTION;
};

/** How one vmemmap page is backed. */
export type VmemmapBacking =
  /** vmemmap_populate_hugepages(): 512 vmemmap pages of a section in one 2 MiB block from the altmap */
  | 'altmap-pmd'
  /** vmemmap_populate_hugepages(): a 2 MiB order-9 RAM block */
  | 'ram-pmd'
  /** vmemmap_populate_basepages(..., NULL): a chunk smaller than a section, 4 KiB RAM pages */
  | 'ram-basepages'
  /** vmemmap_populate_compound_pages(): vmemmap page 0 of a compound page (head + tails 1..63) */
  | 'compound-head'
  /** vmemmap_populate_compound_pages(): vmemmap page 1 of a compound page (tails 64..127) */
  | 'compound-tail'
  /** vmemmap pages 2.. of a compound page, and every page of a reuse_compound_section() chunk: page 1's frame */
  | 'compound-reuse';

/** What populated a chunk. */
export type ChunkPopulate =
  | 'vmemmap_populate_hugepages'
  | 'vmemmap_populate_basepages'
  | 'vmemmap_populate_compound_pages'
  | 'vmemmap_populate_compound_pages(reuse_compound_section)';

/** One __add_pages() → sparse_add_section() → __populate_section_memmap() call. */
export interface PopulateChunk {
  index: number;
  startPfn: number;
  nrPages: number;
  populate: ChunkPopulate;
  /** frames this chunk allocated (0 for a reuse chunk) */
  framesAllocated: number;
  /** first frame allocated, or for a reuse chunk the frame it maps everything to */
  frame: number;
  from: 'altmap' | 'ram' | 'none';
}

/** An arithmetic progression of pfns: first, first + stride, …, last. */
export interface PfnProgression {
  first: number;
  last: number;
  stride: number;
  count: number;
}

/** An inclusive pfn range. */
export interface PfnRange {
  first: number;
  last: number;
}

export interface FrameContents {
  frame: number;
  kind:
    | 'vmemmap'
    /** altmap: the info block pfns (altmap->reserve) */
    | 'info-block'
    /** altmap: pfns skipped to align a PMD block (altmap->align) */
    | 'altmap-align-padding'
    /** altmap: memmap space nd_pfn_init() reserved but population did not use */
    | 'altmap-unused'
    /** not a vmemmap frame of this namespace */
    | 'not-vmemmap';
  /** the vmemmap pages (global index, pfn >> 6) mapped to this frame */
  vmemmapPages: { first: number; last: number } | null;
  /** the struct pages whose bytes live in this frame, seen through every mapping of it */
  structPfns: PfnRange | null;
}

export interface VmemmapStats {
  /** vmemmap pages covering the namespace (struct pages / 64) */
  vmemmapPagesVirtual: number;
  /** distinct physical frames backing them */
  framesAllocated: number;
  framesFromAltmap: number;
  framesFromRam: number;
  /** vmemmap pages mapped to a frame that another vmemmap page also maps */
  framesAliased: number;
  bytesSaved: number;
  /** compound pages memmap_init_zone_device() sets up (0 for order-0 pgmaps) */
  compoundPages: number;
  /** struct pages written by init through their own address: memmap_init_range() + memmap_init_zone_device() */
  structPagesInitialised: number;
  /** altmap pfns skipped for PMD alignment (altmap->align after population) */
  altmapAlignPadding: number;
}

const KIND_ALTMAP_PMD = 0;
const KIND_RAM_PMD = 1;
const KIND_RAM_BASE = 2;
const KIND_COMPOUND = 3;
const KIND_REUSE = 4;

export interface VmemmapLayoutOptions {
  /** first synthetic RAM pfn for vmemmap pages allocated from RAM */
  ramBasePfn?: number;
}

/** The memmap population of one namespace's pgmap, as memremap_pages() → pagemap_range() performs it. */
export class VmemmapLayout {
  readonly pgmap: DevPagemap;
  readonly altmap: VmemAltmap | null;
  /** PHYS_PFN(range.start) .. pfn_end: every pfn with a struct page in this layout */
  readonly startPfn: number;
  readonly endPfn: number;
  readonly pfnFirst: number;
  /** vmemmap_can_optimize(altmap, pgmap) */
  readonly optimized: boolean;
  readonly optimizeDecision: Decision;
  /** pgmap_vmemmap_nr() */
  readonly pfnsPerCompound: number;
  /** compound_nr_pages() */
  readonly compoundNrPages: number;
  readonly ramBasePfn: number;
  /** one past the last synthetic RAM frame used */
  readonly ramEndPfn: number;
  /** the altmap counters after population (alloc, align), as pgmap->altmap reads afterwards */
  readonly altmapAfter: VmemAltmap | null;
  /** things the kernel would do that break the usual aliasing rules (misaligned compound geometry) */
  readonly anomalies: string[] = [];
  readonly nrChunks: number;

  private readonly firstBoundary: number;
  private readonly kind: Uint8Array;
  private readonly frame: Float64Array;
  /** vmemmap pages per populate iteration (compound chunks) */
  private readonly iter: Float64Array;
  private readonly stats: VmemmapStats;
  /** altmap: first PMD block pfn and the chunk index of the first full section */
  private readonly altmapBlock0: number;
  private readonly firstFullChunk: number;
  private readonly nrFullChunks: number;
  /** chunk indices of RAM-backed chunks, ascending (their frames ascend too) */
  private readonly ramChunks: Int32Array;
  /** compound chunks: for a reuse chunk, the chunk whose tail frame it maps; else the chunk itself */
  private readonly origin: Int32Array;
  /** compound chunks: the vmemmap page ending the run of reuse chunks that follows (or the chunk's own end) */
  private readonly runEnd: Float64Array;

  constructor(pgmap: DevPagemap, options: VmemmapLayoutOptions = {}) {
    this.pgmap = pgmap;
    this.altmap = pgmap_altmap(pgmap);
    this.startPfn = PHYS_PFN(pgmap.range.start);
    this.endPfn = pfn_end(pgmap);
    this.pfnFirst = pfn_first(pgmap);
    this.ramBasePfn = options.ramBasePfn ?? DEFAULT_RAM_BASE_PFN;
    const R0 = this.startPfn;
    const R1 = this.endPfn;
    // check_pfn_span(): SPARSEMEM_VMEMMAP hotplugs in subsections
    if (R0 % PAGES_PER_SUBSECTION !== 0 || R1 % PAGES_PER_SUBSECTION !== 0 || R1 <= R0)
      throw new RangeError(`pgmap range ${hex(R0)}-${hex(R1)} is not subsection aligned (check_pfn_span)`);
    if (this.altmap && (this.altmap.base_pfn !== R0 || vmem_altmap_offset(this.altmap) > R1 - R0))
      throw new RangeError('memory add fail, invalid altmap (__add_pages)');

    this.optimizeDecision = decide_vmemmap_can_optimize(this.altmap, pgmap);
    this.optimized = this.optimizeDecision.result;
    this.pfnsPerCompound = pgmap_vmemmap_nr(pgmap);
    this.compoundNrPages = compound_nr_pages(this.altmap, pgmap);

    // __add_pages(): chunks end at section boundaries
    const S = PAGES_PER_SECTION;
    this.firstBoundary = R0 - (R0 % S) + S;
    this.nrChunks = R1 <= this.firstBoundary ? 1 : 1 + Math.ceil((R1 - this.firstBoundary) / S);
    const n = this.nrChunks;
    this.kind = new Uint8Array(n);
    this.frame = new Float64Array(n);
    this.iter = new Float64Array(n);

    const altmap = this.altmap;
    let altAlloc = 0;
    let altAlign = 0;
    let ramCursor = this.ramBasePfn;
    let framesFromAltmap = 0;
    let framesFromRam = 0;
    let firstFull = -1;
    let nrFull = 0;
    let block0 = -1;
    const ramChunks: number[] = [];
    const vpagesPerCompound = (this.pfnsPerCompound * STRUCT_PAGE_SIZE) / PAGE_SIZE;

    for (let j = 0; j < n; j++) {
      const start = this.chunkStart(j);
      const nrPages = this.chunkEnd(j) - start;
      const vpages = nrPages / STRUCT_PAGES_PER_VMEMMAP;
      if (this.optimized) {
        if (reuse_compound_section(start, pgmap)) {
          // compound_section_tail_page(): the PTE of the previous chunk's last vmemmap page
          this.kind[j] = KIND_REUSE;
          this.frame[j] = this.physFrameOfVmemmapPage(this.vmemmapPageOf(start) - 1);
          continue;
        }
        const size = Math.min(vpages, vpagesPerCompound);
        if (vpages % size !== 0)
          throw new RangeError(`unsupported compound geometry: chunk of ${vpages} vmemmap pages, step ${size}`);
        this.kind[j] = KIND_COMPOUND;
        this.iter[j] = size;
        this.frame[j] = ramCursor;
        const frames = 2 * (vpages / size);
        ramCursor += frames;
        framesFromRam += frames;
        ramChunks.push(j);
      } else if (nrPages === S) {
        if (firstFull < 0) firstFull = j;
        nrFull++;
        if (altmap) {
          // altmap_alloc_block_buf(PMD_SIZE): align the next pfn to the block size
          const pfn = altmap.base_pfn + altmap.reserve + altAlloc + altAlign;
          const nrAlign = Math.ceil(pfn / PG_PMD_NR) * PG_PMD_NR - pfn;
          const nrFree = Math.max(0, altmap.free - (altAlloc + altAlign));
          if (PG_PMD_NR + nrAlign > nrFree)
            throw new RangeError(`-ENOMEM: altmap exhausted populating section at pfn ${hex(start)}`);
          altAlloc += PG_PMD_NR;
          altAlign += nrAlign;
          this.kind[j] = KIND_ALTMAP_PMD;
          this.frame[j] = pfn + nrAlign;
          if (block0 < 0) block0 = pfn + nrAlign;
          framesFromAltmap += PG_PMD_NR;
        } else {
          const f = Math.ceil(ramCursor / PG_PMD_NR) * PG_PMD_NR;
          this.kind[j] = KIND_RAM_PMD;
          this.frame[j] = f;
          ramCursor = f + PG_PMD_NR;
          framesFromRam += PG_PMD_NR;
          ramChunks.push(j);
        }
      } else {
        // x86 vmemmap_populate(): less than a section → vmemmap_populate_basepages(start, end, node, NULL)
        this.kind[j] = KIND_RAM_BASE;
        this.frame[j] = ramCursor;
        ramCursor += vpages;
        framesFromRam += vpages;
        ramChunks.push(j);
      }
    }
    this.ramEndPfn = ramCursor;
    this.ramChunks = Int32Array.from(ramChunks);
    this.origin = new Int32Array(n);
    this.runEnd = new Float64Array(n);
    for (let j = 0; j < n; j++) this.origin[j] = this.kind[j] === KIND_REUSE ? this.origin[j - 1] : j;
    for (let j = n - 1; j >= 0; j--)
      this.runEnd[j] =
        j + 1 < n && this.kind[j + 1] === KIND_REUSE ? this.runEnd[j + 1] : this.chunkEnd(j) / STRUCT_PAGES_PER_VMEMMAP;
    this.firstFullChunk = firstFull;
    this.nrFullChunks = nrFull;
    this.altmapBlock0 = block0;
    this.altmapAfter = altmap ? { ...altmap, alloc: altAlloc, align: altAlign } : null;
    if (ramCursor > this.ramBasePfn && this.ramBasePfn < R1 && ramCursor > R0)
      throw new RangeError(`ramBasePfn ${hex(this.ramBasePfn)}: synthetic RAM frames overlap the namespace`);

    this.findAnomalies();
    const vmemmapPagesVirtual = (R1 - R0) / STRUCT_PAGES_PER_VMEMMAP;
    const framesAllocated = framesFromAltmap + framesFromRam;
    const nr = this.pfnsPerCompound;
    const compoundPages = pgmap.vmemmap_shift > 0 ? Math.ceil((R1 - this.pfnFirst) / nr) : 0;
    let zoneDevice: number;
    if (pgmap.vmemmap_shift === 0) zoneDevice = R1 - this.pfnFirst;
    else {
      const full = Math.floor((R1 - this.pfnFirst) / nr);
      const rest = R1 - this.pfnFirst - full * nr;
      zoneDevice = full * this.compoundNrPages + Math.min(rest, this.compoundNrPages);
    }
    const memmapRange = altmap ? this.pfnFirst - (altmap.base_pfn + altmap.reserve) : 0;
    this.stats = {
      vmemmapPagesVirtual,
      framesAllocated,
      framesFromAltmap,
      framesFromRam,
      framesAliased: vmemmapPagesVirtual - framesAllocated,
      bytesSaved: (vmemmapPagesVirtual - framesAllocated) * PAGE_SIZE,
      compoundPages,
      structPagesInitialised: memmapRange + zoneDevice,
      altmapAlignPadding: altAlign,
    };
  }

  // ---- chunk geometry ------------------------------------------------------------------------------

  chunkStart(j: number): number {
    return j === 0 ? this.startPfn : this.firstBoundary + (j - 1) * PAGES_PER_SECTION;
  }

  chunkEnd(j: number): number {
    return Math.min(this.endPfn, j === 0 ? this.firstBoundary : this.chunkStart(j) + PAGES_PER_SECTION);
  }

  chunkOf(pfn: number): number {
    return pfn < this.firstBoundary ? 0 : 1 + Math.floor((pfn - this.firstBoundary) / PAGES_PER_SECTION);
  }

  /** The populate chunks, in the order the kernel populated them. */
  chunks(): PopulateChunk[] {
    const out: PopulateChunk[] = [];
    for (let j = 0; j < this.nrChunks; j++) out.push(this.chunk(j));
    return out;
  }

  chunk(j: number): PopulateChunk {
    const startPfn = this.chunkStart(j);
    const nrPages = this.chunkEnd(j) - startPfn;
    const k = this.kind[j];
    const vpages = nrPages / STRUCT_PAGES_PER_VMEMMAP;
    const populate: ChunkPopulate =
      k === KIND_REUSE
        ? 'vmemmap_populate_compound_pages(reuse_compound_section)'
        : k === KIND_COMPOUND
          ? 'vmemmap_populate_compound_pages'
          : k === KIND_RAM_BASE
            ? 'vmemmap_populate_basepages'
            : 'vmemmap_populate_hugepages';
    return {
      index: j,
      startPfn,
      nrPages,
      populate,
      framesAllocated: this.framesOfChunk(j, vpages),
      frame: this.frame[j],
      from: k === KIND_ALTMAP_PMD ? 'altmap' : k === KIND_REUSE ? 'none' : 'ram',
    };
  }

  private framesOfChunk(j: number, vpages: number): number {
    switch (this.kind[j]) {
      case KIND_ALTMAP_PMD:
      case KIND_RAM_PMD:
        return PG_PMD_NR;
      case KIND_RAM_BASE:
        return vpages;
      case KIND_COMPOUND:
        return 2 * (vpages / this.iter[j]);
      default:
        return 0;
    }
  }

  // ---- pfn → vmemmap ------------------------------------------------------------------------------------

  contains(pfn: number): boolean {
    return Number.isInteger(pfn) && pfn >= this.startPfn && pfn < this.endPfn;
  }

  private check(pfn: number): void {
    if (!this.contains(pfn))
      throw new RangeError(`pfn ${hex(pfn)} outside ${this.pgmap.owner} [${hex(this.startPfn)}, ${hex(this.endPfn)})`);
  }

  /** The global vmemmap page index of pfn's struct page: (VMEMMAP_START + pfn * 64 - VMEMMAP_START) >> PAGE_SHIFT */
  vmemmapPageOf(pfn: number): number {
    return Math.floor(pfn / STRUCT_PAGES_PER_VMEMMAP);
  }

  /** pfn_to_page(pfn) as a virtual address: VMEMMAP_START + pfn * sizeof(struct page) */
  vmemmapAddressOf(pfn: number): bigint {
    return VMEMMAP_START + BigInt(pfn) * BigInt(STRUCT_PAGE_SIZE);
  }

  /** Byte offset of pfn's struct page inside its vmemmap page. */
  offsetInVmemmapPage(pfn: number): number {
    return (pfn % STRUCT_PAGES_PER_VMEMMAP) * STRUCT_PAGE_SIZE;
  }

  /** The physical frame (pfn) the PTE/PMD of vmemmap page v points at. */
  physFrameOfVmemmapPage(v: number): number {
    const pfn = v * STRUCT_PAGES_PER_VMEMMAP;
    this.check(pfn);
    const j = this.chunkOf(pfn);
    const p = v - this.chunkStart(j) / STRUCT_PAGES_PER_VMEMMAP;
    switch (this.kind[j]) {
      case KIND_COMPOUND: {
        const size = this.iter[j];
        return this.frame[j] + 2 * Math.floor(p / size) + (p % size === 0 ? 0 : 1);
      }
      case KIND_REUSE:
        return this.frame[j];
      default:
        return this.frame[j] + p;
    }
  }

  backingOfVmemmapPage(v: number): VmemmapBacking {
    const pfn = v * STRUCT_PAGES_PER_VMEMMAP;
    this.check(pfn);
    const j = this.chunkOf(pfn);
    switch (this.kind[j]) {
      case KIND_ALTMAP_PMD:
        return 'altmap-pmd';
      case KIND_RAM_PMD:
        return 'ram-pmd';
      case KIND_RAM_BASE:
        return 'ram-basepages';
      case KIND_REUSE:
        return 'compound-reuse';
      default: {
        const q = (v - this.chunkStart(j) / STRUCT_PAGES_PER_VMEMMAP) % this.iter[j];
        return q === 0 ? 'compound-head' : q === 1 ? 'compound-tail' : 'compound-reuse';
      }
    }
  }

  /** The frame holding pfn's struct page. */
  physFrameOf(pfn: number): number {
    return this.physFrameOfVmemmapPage(this.vmemmapPageOf(pfn));
  }

  /**
   * A key for the physical 64-byte slot holding pfn's struct page: frame * 64 + slot index. Two pfns with the
   * same key read and write the same bytes.
   */
  storageSlotOf(pfn: number): number {
    return this.physFrameOf(pfn) * STRUCT_PAGES_PER_VMEMMAP + (pfn % STRUCT_PAGES_PER_VMEMMAP);
  }

  slotFrame(slot: number): number {
    return Math.floor(slot / STRUCT_PAGES_PER_VMEMMAP);
  }

  slotIndex(slot: number): number {
    return slot % STRUCT_PAGES_PER_VMEMMAP;
  }

  /** The vmemmap pages [a, b) mapped to the same frame as vmemmap page v (a contiguous run, always). */
  vmemmapPagesSharingFrame(v: number): { first: number; end: number } {
    const pfn = v * STRUCT_PAGES_PER_VMEMMAP;
    this.check(pfn);
    const j = this.chunkOf(pfn);
    const k = this.kind[j];
    if (k !== KIND_COMPOUND && k !== KIND_REUSE) return { first: v, end: v + 1 };
    if (k === KIND_COMPOUND) {
      const base = this.chunkStart(j) / STRUCT_PAGES_PER_VMEMMAP;
      const size = this.iter[j];
      const p = v - base;
      if (p % size === 0) return { first: v, end: v + 1 };
      const first = v - (p % size) + 1;
      const end = first - 1 + size;
      // the last iteration's tail frame is also what the following reuse chunks map
      return { first, end: end === this.chunkEnd(j) / STRUCT_PAGES_PER_VMEMMAP ? this.runEnd[j] : end };
    }
    // a reuse chunk maps the tail frame of the last iteration of its origin chunk
    const o = this.origin[j];
    const oEnd = this.chunkEnd(o) / STRUCT_PAGES_PER_VMEMMAP;
    return { first: oEnd - this.iter[o] + 1, end: this.runEnd[o] };
  }

  /** The pfns whose struct page is the very same 64 bytes as pfn's (pfn itself included). */
  aliasesOfStructPage(pfn: number): PfnProgression {
    const { first, end } = this.vmemmapPagesSharingFrame(this.vmemmapPageOf(pfn));
    const o = pfn % STRUCT_PAGES_PER_VMEMMAP;
    return {
      first: first * STRUCT_PAGES_PER_VMEMMAP + o,
      last: (end - 1) * STRUCT_PAGES_PER_VMEMMAP + o,
      stride: STRUCT_PAGES_PER_VMEMMAP,
      count: end - first,
    };
  }

  /** The pfns whose struct pages live in the same physical frame as pfn's (through any vmemmap page). */
  structPagesSharingFrame(pfn: number): PfnRange[] {
    const { first, end } = this.vmemmapPagesSharingFrame(this.vmemmapPageOf(pfn));
    return [{ first: first * STRUCT_PAGES_PER_VMEMMAP, last: end * STRUCT_PAGES_PER_VMEMMAP - 1 }];
  }

  // ---- frame → struct pages (inverse) ---------------------------------------------------------------

  /** What a physical frame holds for this namespace: for a memmap-space pfn, which struct pages live in it. */
  structPagesHeldByFrame(frame: number): FrameContents {
    const none = (kind: FrameContents['kind']): FrameContents => ({
      frame,
      kind,
      vmemmapPages: null,
      structPfns: null,
    });
    const altmap = this.altmap;
    if (altmap && frame >= altmap.base_pfn && frame < this.pfnFirst) {
      if (frame < altmap.base_pfn + altmap.reserve) return none('info-block');
      if (this.nrFullChunks === 0 || frame < this.altmapBlock0) return none('altmap-align-padding');
      const k = Math.floor((frame - this.altmapBlock0) / PG_PMD_NR);
      if (k >= this.nrFullChunks) return none('altmap-unused');
      const j = this.firstFullChunk + k;
      return this.heldByVmemmapPage(frame, this.chunkStart(j) / STRUCT_PAGES_PER_VMEMMAP + (frame - this.frame[j]));
    }
    // RAM: binary search the RAM chunks by their first frame
    const rc = this.ramChunks;
    let lo = 0;
    let hi = rc.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frame[rc[mid]] <= frame) {
        found = rc[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return none('not-vmemmap');
    const j = found;
    const base = this.chunkStart(j) / STRUCT_PAGES_PER_VMEMMAP;
    const vpages = (this.chunkEnd(j) - this.chunkStart(j)) / STRUCT_PAGES_PER_VMEMMAP;
    const off = frame - this.frame[j];
    if (off >= this.framesOfChunk(j, vpages)) return none('not-vmemmap');
    if (this.kind[j] === KIND_COMPOUND) {
      const v = base + Math.floor(off / 2) * this.iter[j] + (off % 2);
      return this.heldByVmemmapPage(frame, v);
    }
    return this.heldByVmemmapPage(frame, base + off);
  }

  private heldByVmemmapPage(frame: number, v: number): FrameContents {
    const { first, end } = this.vmemmapPagesSharingFrame(v);
    return {
      frame,
      kind: 'vmemmap',
      vmemmapPages: { first, last: end - 1 },
      structPfns: { first: first * STRUCT_PAGES_PER_VMEMMAP, last: end * STRUCT_PAGES_PER_VMEMMAP - 1 },
    };
  }

  /** Is this frame one that population allocated for this namespace's vmemmap? */
  isAllocatedFrame(frame: number): boolean {
    return this.structPagesHeldByFrame(frame).kind === 'vmemmap';
  }

  // ---- summary ------------------------------------------------------------------------------------

  vmemmapStats(): VmemmapStats {
    return { ...this.stats };
  }

  /** The §4.3 numbers for one compound page: vmemmap pages, unique frames, aliased pages, bytes saved. */
  perCompoundPage(): { vmemmapPages: number; unique: number; aliased: number; bytesSaved: number } {
    const vmemmapPages = (this.pfnsPerCompound * STRUCT_PAGE_SIZE) / PAGE_SIZE;
    const unique = this.optimized ? VMEMMAP_RESERVE_NR : vmemmapPages;
    return { vmemmapPages, unique, aliased: vmemmapPages - unique, bytesSaved: (vmemmapPages - unique) * PAGE_SIZE };
  }

  private findAnomalies(): void {
    const R0 = this.startPfn;
    const R1 = this.endPfn;
    const nr = this.pfnsPerCompound;
    if (this.pgmap.vmemmap_shift === 0) return;
    if ((R1 - this.pfnFirst) % nr !== 0)
      this.anomalies.push(
        `memmap_init_zone_device: the last compound page (head ${hex(this.pfnFirst + Math.floor((R1 - this.pfnFirst) / nr) * nr)}) extends past pfn_end ${hex(R1)}; its struct pages beyond the range are not modeled`,
      );
    if (!this.optimized || nr <= PAGES_PER_SUBSECTION) return;
    // compound heads at pfn_first + k * nr must start non-reuse chunks, or they land on a shared tail frame
    if (nr >= PAGES_PER_SECTION ? R0 % PAGES_PER_SECTION !== 0 && R1 - R0 > nr : R0 % nr !== 0 && this.nrChunks > 1)
      this.anomalies.push(
        `reuse_compound_section: compound pages of ${nr} pfns from ${hex(R0)} do not start on section boundaries; later heads share a tail vmemmap frame with the previous compound page`,
      );
  }
}
