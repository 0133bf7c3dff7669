/**
 * Scenarios generated in code for the proportional-work benches (issues 10 §4, 11): many touched pages,
 * many madvise events, many processes sharing one page, many files. Shared by the benches and by
 * scripts that profile them.
 */
import type { ScenarioInput } from '../src/scenario/schema';

/** One process maps a file of `pages` pages and touches each; `events` madvise(MADV_HWPOISON) hit the first ones. */
export function touchScenario(pages: number, events: number): ScenarioInput {
  return {
    format: 1,
    id: `proportional-${pages}-${events}`,
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/A', size: pages * 4096 }],
    processes: [
      {
        name: 'P',
        // offsets from 0 of a file mapped 2 MiB-aligned would allow PMD faults where 512 pages are touched in
        // order; each touch is a fault of its own page either way
        mappings: [{ name: 'a', file: '/mnt/A' }],
        touch: Array.from({ length: pages }, (_, i) => ({ mapping: 'a', offset: i * 4096 })),
      },
    ],
    events: Array.from({ length: events }, (_, i) => ({
      kind: 'madvise' as const,
      process: 'P',
      mapping: 'a',
      offset: i * 4096,
    })),
  } as ScenarioInput;
}

/**
 * `n` processes each map the 4 KiB file /mnt/A on XFS and touch its one page; then a machine check by the
 * last of them on that page: memory_failure() walks every mapper (collect_procs_fsdax via the rmapbt).
 */
export function sharedPageScenario(n: number): ScenarioInput {
  return {
    format: 1,
    id: `shared-page-${n}`,
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '1GiB' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/A', size: 4096 }],
    processes: Array.from({ length: n }, (_, i) => ({
      name: `p${i}`,
      mceKill: (['default', 'early', 'late'] as const)[i % 3],
      mappings: [{ name: 'a', file: '/mnt/A' }],
      touch: [{ mapping: 'a', offset: 0 }],
    })),
    events: [{ kind: 'mce' as const, process: `p${n - 1}`, mapping: 'a', offset: 0 }],
  } as ScenarioInput;
}

/**
 * `n` files of 4 KiB on XFS; one process maps the last one, touches it and consumes poison in it.
 */
export function manyFilesScenario(n: number): ScenarioInput {
  return {
    format: 1,
    id: `many-files-${n}`,
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
    files: Array.from({ length: n }, (_, i) => ({ path: `/mnt/f${i}`, size: 4096 })),
    processes: [
      {
        name: 'P',
        mappings: [{ name: 'a', file: `/mnt/f${n - 1}` }],
        touch: [{ mapping: 'a', offset: 0 }],
      },
    ],
    events: [{ kind: 'mce' as const, process: 'P', mapping: 'a', offset: 0 }],
  } as ScenarioInput;
}
