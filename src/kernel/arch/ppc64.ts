/**
 * The pmem namespace probe on ppc64 (Book3S-64, 64 KiB pages): only what the vmemmap crash of seed 003
 * needs — where each struct page lives in the vmemmap, how the vmemmap is populated and whether the MMU
 * can translate it. No processes, filesystems or memory failures run on these arches.
 *
 * Read in Debian 6.1.192 (arch/powerpc, mm/): PAGE_SHIFT 16 with CONFIG_PPC_64K_PAGES; the vmemmap starts
 * at H_VMEMMAP_START = RADIX_VMEMMAP_START = 0xc00c000000000000 (0xc008000000000000 + 2 × 2^49,
 * asm/book3s/64/hash.h, hash-64k.h, radix.h); SECTION_SIZE_BITS 24 (asm/sparsemem.h). On the hash MMU
 * hash_page_mm() (mm/book3s64/hash_utils.c) inserts HPTEs on a miss only for the user, vmalloc and io
 * regions: a vmemmap address is translated only by the HPTEs vmemmap_populate() bolts through
 * vmemmap_create_mapping() (mm/init_64.c). vmemmap_populate_compound_pages() (mm/sparse-vmemmap.c) only
 * writes init_mm page tables, which radix walks and hash never does. A store to an untranslated vmemmap
 * address is a kernel data storage fault: __bad_page_fault() (mm/fault.c) prints "BUG: Unable to handle
 * kernel data access on write at 0x…", "Faulting instruction address: 0x…", and die() "Oops: Kernel
 * access of bad area, sig: 11 [#1]" (kernel/traps.c). mm_zero_struct_page() of a 64-byte struct page
 * stores _pp[7] first: the faulting address is the struct page's + 0x38 (reference.md §4.1: the reported
 * crash wrote 0xc00c000100400038).
 * The v5.17–v6.3 condition (no `vmemmap-arch-optin`) is inline in __populate_section_memmap():
 * is_power_of_2(sizeof(struct page)) && pgmap && pgmap_vmemmap_nr(pgmap) > 1 && !altmap (reference.md §4.1).
 * From v6.4 vmemmap_can_optimize() exists only where the architecture selects the Kconfig; Debian 6.1.192's
 * arch/powerpc/Kconfig does not select ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP (x86 does), so ppc64 never
 * optimises there. Later ppc64 radix opted in (reference.md §4.1, release UNVERIFIED): not modelled, the
 * model says "no deduplication" on every variant with the opt-in.
 */
import { hex } from '../units';

export type Arch = 'x86_64' | 'ppc64-radix' | 'ppc64-hash';
export const ARCHES: readonly Arch[] = ['x86_64', 'ppc64-radix', 'ppc64-hash'];
export const isPpc64 = (a: Arch): boolean => a !== 'x86_64';

export const PPC64_PAGE_SHIFT = 16;
export const PPC64_PAGE_SIZE = 2 ** PPC64_PAGE_SHIFT;
const STRUCT_PAGE_SIZE = 64;
/** struct pages in one 64 KiB vmemmap page */
export const PPC64_STRUCT_PAGES_PER_VMEMMAP = PPC64_PAGE_SIZE / STRUCT_PAGE_SIZE;
export const PPC64_VMEMMAP_START = 0xc00c000000000000n;
/** mm_zero_struct_page(): the first store of a 64-byte struct page is _pp[7] */
const FIRST_STORE_OFFSET = 0x38;

export interface Ppc64NamespaceSpec {
  name: string;
  mode: 'fsdax' | 'devdax';
  /** physical start and size of the range devm_memremap_pages() maps (bytes) */
  start: number;
  size: number;
  /** devdax alignment (the compound page size), bytes */
  align: number;
  map: 'dev' | 'mem';
}

export interface Ppc64StructPage {
  pfn: string;
  /** the struct page's vmemmap address */
  vaddr: string;
  /** the vmemmap page holding it and its slot */
  vmemmapPage: string;
  translated: boolean;
}

export interface Ppc64Probe {
  namespace: string;
  arch: Arch;
  mode: 'fsdax' | 'devdax';
  pageSize: number;
  firstPfn: string;
  npfns: number;
  vmemmapShift: number;
  compoundPages: number;
  /** what __populate_section_memmap() called, and why */
  populate: 'vmemmap_populate' | 'vmemmap_populate_compound_pages';
  why: string;
  /** who translates the vmemmap addresses of this range */
  translation: string;
  /** vmemmap pages the range needs without deduplication, and how many are unique with it */
  vmemmapPages: number;
  uniqueVmemmapPages: number;
  crashed: boolean;
  faultAddr: string | null;
  /** the first struct pages of the range (and those of the first two compound pages' vmemmap) */
  structPages: Ppc64StructPage[];
  dmesg: string[];
  /** values the model shows that nobody has seen a real kernel print */
  unverified: string[];
}

const vaddrOf = (pfn: number): bigint => PPC64_VMEMMAP_START + BigInt(pfn) * BigInt(STRUCT_PAGE_SIZE);
const hex64 = (v: bigint): string => `0x${v.toString(16)}`;

/**
 * dev_dax_probe() / pmem's devm_memremap_pages() on ppc64: the vmemmap population and memmap_init_zone_device().
 * `compoundDevmap` (v5.17) gives device-dax its compound pages; `archOptIn` (v6.4) makes the
 * deduplication depend on the architecture.
 */
export function ppc64Probe(
  spec: Ppc64NamespaceSpec,
  arch: Exclude<Arch, 'x86_64'>,
  has: { compoundDevmap: boolean; archOptIn: boolean },
): Ppc64Probe {
  const firstPfn = Math.floor(spec.start / PPC64_PAGE_SIZE);
  const npfns = Math.floor(spec.size / PPC64_PAGE_SIZE);
  const vmemmapShift =
    spec.mode === 'devdax' && has.compoundDevmap && spec.align > PPC64_PAGE_SIZE
      ? Math.log2(spec.align) - PPC64_PAGE_SHIFT
      : 0;
  const nr = 2 ** vmemmapShift;
  const altmap = spec.map === 'dev';
  const inline = nr > 1 && !altmap;
  let populate: Ppc64Probe['populate'] = 'vmemmap_populate';
  let why: string;
  if (vmemmapShift === 0)
    why = has.compoundDevmap
      ? 'order-0 struct pages (no vmemmap_shift): vmemmap_populate()'
      : 'no compound devmap before v5.17: vmemmap_populate()';
  else if (has.archOptIn)
    why =
      'vmemmap_can_optimize() is false: the architecture does not opt in (6.1.192 arch/powerpc/Kconfig selects no ARCH_WANT_*OPTIMIZE_VMEMMAP; the later radix opt-in is not modelled): vmemmap_populate()';
  else if (!inline) why = 'an altmap (map=dev) rules the optimisation out: vmemmap_populate()';
  else {
    populate = 'vmemmap_populate_compound_pages';
    why = `is_power_of_2(sizeof(struct page)) && pgmap && pgmap_vmemmap_nr(pgmap) = ${nr} > 1 && !altmap: vmemmap_populate_compound_pages(), unconditionally (v5.17–v6.3)`;
  }
  const compound = populate === 'vmemmap_populate_compound_pages';
  const hash = arch === 'ppc64-hash';
  const translation = compound
    ? hash
      ? 'none: init_mm page tables only, which the hash MMU never walks for the vmemmap region (no bolted HPTE)'
      : 'init_mm page tables, which the radix MMU walks'
    : hash
      ? 'bolted HPTEs: vmemmap_populate() → vmemmap_create_mapping() → htab_bolt_mapping()'
      : 'init_mm page tables (radix): vmemmap_populate() → vmemmap_create_mapping()';
  const vmemmapPages = Math.ceil((npfns * STRUCT_PAGE_SIZE) / PPC64_PAGE_SIZE);
  const perCompound = (nr * STRUCT_PAGE_SIZE) / PPC64_PAGE_SIZE;
  // head and first tail vmemmap pages kept, the rest reuse the tail: only when a compound page spans more
  const uniqueVmemmapPages = compound && perCompound > 2 ? Math.ceil(npfns / nr) * 2 : vmemmapPages;
  const crashed = compound && hash;
  const faultAddr = crashed ? hex64(vaddrOf(firstPfn) + BigInt(FIRST_STORE_OFFSET)) : null;
  const structPages: Ppc64StructPage[] = [];
  const show = new Set<number>();
  for (let i = 0; i < Math.min(4, npfns); i++) show.add(firstPfn + i);
  if (nr > 1 && npfns > nr) for (let i = 0; i < 2; i++) show.add(firstPfn + nr + i);
  for (const pfn of [...show].sort((a, b) => a - b)) {
    const slot = (pfn - firstPfn) % PPC64_STRUCT_PAGES_PER_VMEMMAP;
    const page = Math.floor((pfn - firstPfn) / PPC64_STRUCT_PAGES_PER_VMEMMAP);
    structPages.push({
      pfn: hex(pfn),
      vaddr: hex64(vaddrOf(pfn)),
      vmemmapPage: `${page} slot ${slot}`,
      translated: !crashed,
    });
  }
  const dmesg = crashed ? oops(faultAddr as string) : [];
  return {
    namespace: spec.name,
    arch,
    mode: spec.mode,
    pageSize: PPC64_PAGE_SIZE,
    firstPfn: hex(firstPfn),
    npfns,
    vmemmapShift,
    compoundPages: nr > 1 ? Math.ceil(npfns / nr) : 0,
    populate,
    why,
    translation,
    vmemmapPages,
    uniqueVmemmapPages,
    crashed,
    faultAddr,
    structPages,
    dmesg,
    unverified: crashed
      ? [
          'the range is the whole namespace: the nd_pfn info block (data offset) is not modelled on ppc64',
          'the faulting instruction address and the %pS offsets of the call trace: no 6.0–6.3 ppc64 build was seen',
          'the call trace is the call chain read in the source (dev_dax_probe → devm_memremap_pages → memremap_pages → memmap_init_zone_device → __init_zone_device_page → __init_single_page); inlining may fold some of it',
        ]
      : ['the range is the whole namespace: the nd_pfn info block (data offset) is not modelled on ppc64'],
  };
}

/** What the kernel prints when memmap_init_zone_device() stores to an untranslated struct page. */
function oops(faultAddr: string): string[] {
  return [
    `BUG: Unable to handle kernel data access on write at ${faultAddr}`,
    'Faulting instruction address: 0x?',
    'Oops: Kernel access of bad area, sig: 11 [#1]',
    'NIP [?] __init_single_page+0x?/0x?',
    'Call Trace:',
    '[?] __init_zone_device_page+0x?/0x?',
    '[?] memmap_init_zone_device+0x?/0x?',
    '[?] memremap_pages+0x?/0x?',
    '[?] devm_memremap_pages+0x?/0x?',
    '[?] dev_dax_probe+0x?/0x? [device_dax]',
  ];
}
