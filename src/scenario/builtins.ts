/**
 * The built-in scenarios: the cases every kernel reviewer asks about first, each with the outcome Linux
 * 6.12 gives (see the tests beside this file and ../shared/kernel/real-kernel.md).
 */

import { findVariant } from '../kernel/variants/variants';
import { PIN_BUILTINS } from './pinBuiltins';
import { RACE_DESIGN_BUILTINS } from './raceBuiltins';
import type { ScenarioInput } from './schema';

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;
const EXT4 = { type: 'ext4', device: 'pmem0', mount: '/mnt' } as const;
const XFS = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true } as const;

/** A process that maps `file` whole and touches `offset` in it. */
const mapper = (
  name: string,
  mceKill: 'default' | 'early' | 'late',
  file: string,
  touch: string | null = '0x3000',
) => ({
  name,
  mceKill,
  mappings: [{ name: 'a', file }],
  touch: touch === null ? [] : [{ mapping: 'a', offset: touch }],
});

const devdaxMapper = (name: string, mceKill: 'default' | 'early' | 'late') => ({
  name,
  mceKill,
  mappings: [{ name: 'a', device: 'dax0.0', length: '4MiB' }],
  touch: [{ mapping: 'a', offset: '0x3000' }],
});

/** 100 reflinked copies of /mnt/A, each its own file entry, so each inode is in core */
const OPEN_COPIES = Array.from({ length: 100 }, (_, i) => ({ path: `/mnt/copy-${i}`, reflink: '/mnt/A' }));

export const BUILTIN_SCENARIOS: ScenarioInput[] = [
  {
    format: 1,
    id: 'xfs-reflink-shared',
    title: 'XFS reflink: poison in a block two files share',
    description:
      "B is a reflinked copy of A, so one pmem block backs offset 0x3000 of both. Q (default) and then R (early kill) map B; P maps A. P reads A+0x3000 and takes a machine check. XFS finds both owners in its rmapbt and kills per owner: A's round signals P (action required), B's round signals R (action optional). Q gets nothing: its PTE went away when R faulted the shared extent.",
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/B', reflink: '/mnt/A' },
    ],
    processes: [mapper('Q', 'default', '/mnt/B'), mapper('R', 'early', '/mnt/B'), mapper('P', 'default', '/mnt/A')],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
  },
  {
    format: 1,
    id: 'ext4-single-owner',
    title: 'ext4 -o dax: one file, two mappers, a software injection',
    description:
      "ext4 registers no dax holder, so pmem's ->memory_failure() gets -EOPNOTSUPP and the generic path finds the owner through page->mapping and page->index. P (the injector) gets SIGBUS BUS_MCEERR_AR at its exact address; V (default policy) is not signalled but loses its PTE.",
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('V', 'default', '/mnt/A'), mapper('P', 'default', '/mnt/A')],
    events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
  },
  {
    format: 1,
    id: 'xfs-metadata-hit',
    title: 'XFS: poison in an inode chunk',
    description:
      'An asynchronous report lands on the first inode chunk (rmap owner XFS_RMAP_OWN_INODES). xfs_dax_failure_fn() sets want_shutdown, XFS shuts the filesystem down (SHUTDOWN_CORRUPT_ONDISK) and returns -EFSCORRUPTED: "dax page: Failed". Nobody is signalled.',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('E', 'early', '/mnt/A')],
    // data starts 34 MiB into a 2 GiB map=dev namespace; the first inode chunk is fs block 16
    events: [{ kind: 'async', target: { namespace: 'pmem0', offset: '0x2210000' } }],
  },
  {
    format: 1,
    id: 'devdax-2m-compound',
    title: 'device-dax, 2 MiB compound pages, vmemmap deduplicated',
    description:
      "A devdax namespace with align 2M and its memmap in RAM: compound pages of order 9 whose tail struct pages share vmemmap pages. No filesystem: the generic path uses the compound head's mapping and index, so every signal carries the 2 MiB-aligned address and lsb 21. Task-list order: V2 (early) AO, then P AR.",
    namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '2GiB', map: 'mem', align: '2MiB' }],
    processes: [
      devdaxMapper('V1', 'default'),
      devdaxMapper('V2', 'early'),
      devdaxMapper('V3', 'late'),
      devdaxMapper('P', 'default'),
    ],
    events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
  },
  {
    format: 1,
    id: 'fsdax-pmd-mapping',
    title: 'fsdax PMD mappings: lsb 21, exact address',
    description:
      'The file sits on a 2 MiB-aligned extent, so both mappings are PMDs. Both processes are signalled with si_addr_lsb 21 but at the exact poisoned page address, and the whole 2 MiB is unmapped in both. On 6.15 the PMD entry is one order-9 folio: the head is marked and its address reported (UNVERIFIED, docs/variants/6.15.md).',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB', align: '2MiB' }],
    processes: [mapper('P', 'default', '/mnt/A'), mapper('V', 'early', '/mnt/A')],
    events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
  },
  {
    format: 1,
    id: 'repeat-poison',
    title: 'The same DAX page poisoned twice',
    description:
      'ZONE_DEVICE pages never reach the "already poisoned" check, so the second injection runs the whole pipeline again: P is signalled again and HardwareCorrupted counts 8 kB for one page.',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('V', 'default', '/mnt/A'), mapper('P', 'default', '/mnt/A')],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
    ],
  },
  {
    format: 1,
    id: 'altmap-memmap-space',
    title: 'Poison in the memmap that lives on the device',
    description:
      'With map=dev the struct pages live on the namespace itself (the altmap). A pfn there is not a data page: pgmap_pfn_valid() is false, "device metadata space is not recoverable", -ENXIO, "dax page: Failed".',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('E', 'early', '/mnt/A')],
    events: [{ kind: 'async', target: { namespace: 'pmem0', offset: '0x100000' } }],
  },
  {
    format: 1,
    id: 'async-no-current',
    title: 'An asynchronous report: only early-kill processes hear of it',
    description:
      'A patrol-scrub style report runs memory_failure() from a kworker, so no task is "current": V (early kill) gets BUS_MCEERR_AO, W (default) gets nothing but loses its PTE.',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('V', 'early', '/mnt/A'), mapper('W', 'default', '/mnt/A')],
    events: [{ kind: 'async', target: { file: '/mnt/A', offset: '0x3000' } }],
  },
  {
    format: 1,
    id: 'unbind-pre-remove',
    title: 'Unbinding the namespace under a mounted XFS (MF_MEM_PRE_REMOVE)',
    description:
      'kill_dax() tells the holder the whole device is going away. XFS walks every rmap record and revokes every mapped page: each task with the page mapped gets BUS_MCEERR_AO whatever its policy; U mapped file C but never touched it, so it has nothing mapped and gets nothing. No page is marked hwpoison, and the filesystem is shut down.',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/C', size: '4MiB' },
    ],
    processes: [mapper('E', 'early', '/mnt/A'), mapper('L', 'late', '/mnt/A'), mapper('U', 'early', '/mnt/C', null)],
    events: [{ kind: 'unbind', namespace: 'pmem0' }],
  },
  // ---- design reviews: a built-in whose `kernel` is a design variant opens in compare mode against 6.12 ----
  {
    format: 1,
    id: 'rfc2020-owner-list',
    kernel: 'rfc-2020-get-shared-files',
    title: 'Design review: get_shared_files() allocates a list entry per owner',
    description:
      "The Aug 2020 RFC answers a poison with a kmalloc'd list of every owner of the block. 101 files share the poisoned block (A and 100 reflinked copies, all in core): the list holds 101 struct shared_files of 40 bytes (4,040 bytes; 40 MB for a million owners, see bench/rfc2020-owner-list.bench.ts) and the 101 inode references xfs_iget() took are never dropped. The signals are 6.12's: P (action required) and Q (unmapped, not signalled).",
    namespaces: [PMEM0],
    filesystems: [XFS],
    // explicit copies are in core (open), as in the review's "millions of open files"; `count` copies are not
    files: [{ path: '/mnt/A', size: '4MiB' }, ...OPEN_COPIES],
    processes: [mapper('Q', 'default', '/mnt/copy-50', '0x0'), mapper('P', 'default', '/mnt/A', '0x0')],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x0' }],
  },
  {
    format: 1,
    id: 'rfc2020-metadata-owner',
    kernel: 'rfc-2020-get-shared-files',
    title: 'Design review: get_shared_files() on a metadata owner',
    description:
      "A report on XFS's first inode chunk (owner XFS_RMAP_OWN_INODES). The RFC's _get_shared_files_fn() calls xfs_iget() on that owner, gets -EINVAL, does not check it and reads through an inode pointer nobody set: an oops (UNVERIFIED). 6.12 notes the metadata owner and shuts the filesystem down.",
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('E', 'early', '/mnt/A')],
    // the same inode chunk as xfs-metadata-hit: fs block 16 of a 2 GiB map=dev namespace
    events: [{ kind: 'async', target: { namespace: 'pmem0', offset: '0x2210000' } }],
  },
  {
    format: 1,
    id: 'rfc2020-ext4-unhandled',
    kernel: 'rfc-2020-corrupted-range',
    title: 'Design review: ->corrupted_range leaves an ext4 poison unhandled',
    description:
      "ext4 implements no ->corrupted_range, and the 2020 series took away the page->mapping fallback: P's machine check gets -EOPNOTSUPP from memory_failure(), nothing is printed, marked, unmapped or signalled, and P goes back to the same load. V still maps the page; its next load takes the same machine check. On 6.12, P gets SIGBUS BUS_MCEERR_AR, V loses its PTE and its next access gets SIGBUS from the fault.",
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('V', 'default', '/mnt/A'), mapper('P', 'default', '/mnt/A')],
    events: [
      { kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V', mapping: 'a', offset: '0x3000' },
    ],
  },
  ...RACE_DESIGN_BUILTINS,
  ...PIN_BUILTINS,
];

/**
 * A built-in whose `kernel` names an unmerged design, or a release kept to show what a later series fixed
 * (historicalReview, e.g. 4.16 before dax_layout_busy_page()): the picker lists it under "Design reviews".
 */
export const isDesignReview = (s: ScenarioInput): boolean => {
  const v = s.kernel === undefined ? undefined : findVariant(s.kernel);
  return v?.design !== undefined || v?.historicalReview !== undefined;
};

export const DEFAULT_SCENARIO_ID = 'xfs-reflink-shared';

export function builtinScenario(id: string): ScenarioInput | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.id === id);
}
