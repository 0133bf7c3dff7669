/**
 * The design reviews of issue 8 §3: built-ins whose `kernel` is an unmerged design, opened in compare
 * mode against 6.12. Each races (or not) a file change with a failure on XFS.
 */
import type { ScenarioInput } from './schema';

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;
const XFS = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true } as const;
const mapper = (name: string, mceKill: 'default' | 'early' | 'late') => ({
  name,
  mceKill,
  mappings: [{ name: 'a', file: '/mnt/A' }],
  touch: [{ mapping: 'a', offset: '0x3000' }],
});

export const RACE_DESIGN_BUILTINS: ScenarioInput[] = [
  {
    format: 1,
    id: 'v4-race-truncate',
    title: 'Design review: v4 reads the owner unlocked while a truncate removes it',
    kernel: 'rfc-2021-v4',
    description:
      'P injects poison at A+0x3000 (madvise); R (early kill) maps the same page. XFS finds A as the owner, then a truncate of A to 0 gets in at the owner lookup: it unmaps every mapping of A, removes the DAX entries and queues the blocks for freeing (the free waits for the AGF buffer the rmap query holds). v4\'s dax_load_pfn() then reads no entry and goes on with pfn 0: an ordinary page, so add_to_kill() finds no address and P and R are SIGKILLed "because of failure to unmap corrupted page". 6.12\'s dax_lock_mapping_entry() finds no entry and skips the index: nobody maps the page any more, nobody is signalled.',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('P', 'default'), mapper('R', 'early')],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'truncate', path: '/mnt/A', size: 0, concurrentWith: 0, at: 'owner-lookup' },
    ],
  },
  {
    format: 1,
    id: 'v4-race-truncate-locked',
    title: 'Design review: a truncate that arrives while the entry is held',
    kernel: 'rfc-2021-v4',
    description:
      'As v4-race-truncate, but the truncate gets in after the tasks are collected (at unmap_and_kill). On 6.12 the entry is still locked by dax_lock_mapping_entry(): the truncate unmaps, then sleeps in get_unlocked_entry() until dax_unlock_mapping_entry(), so P and R get their SIGBUS for the page they mapped and the entry is removed only afterwards. v4 holds nothing: the truncate runs through (its block free waits for the AGF buffer on both) while v4 kills with a pfn that no longer belongs to the file.',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('P', 'default'), mapper('R', 'early')],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'truncate', path: '/mnt/A', size: 0, concurrentWith: 0, at: 'unmap_and_kill' },
    ],
  },
  {
    format: 1,
    id: 'short-circuit-single-owner',
    title: "Design review: the short-circuit proposal's filesystem kill",
    kernel: 'proposal-2021-short-circuit',
    description:
      'P injects poison at A+0x3000 (madvise); R (early kill) maps the same page. The holder handles the failure, so memory_failure() short-circuits; XFS collects the mappers of A at the index and calls kill_procs(): P and R get their SIGBUS as on 6.12, but nothing locks the entry and nothing unmaps the page, so both keep their page-table entries to the poisoned page (6.12 unmaps them in unmap_and_kill()).',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [mapper('P', 'default'), mapper('R', 'early')],
    events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
  },
];
