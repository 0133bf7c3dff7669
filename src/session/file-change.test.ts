/**
 * The race events as plain events on Linux 6.12: what truncate, punch-hole, a reflink remap and munmap do
 * to a mapped DAX file (fs/xfs/xfs_iops.c, fs/xfs/xfs_file.c, fs/dax.c, mm/truncate.c, mm/vma.c).
 */
import { describe, expect, it } from 'vitest';
import { xa_load } from '../kernel/lib/xarray';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, beforeEvents, pidOf, ptOf, type Run, run } from './__fixtures__/helpers';

type Ev = NonNullable<ScenarioInput['events']>[number];

/** P maps A and touches pages 3 and 5; B is a reflink-capable sibling file; then `events`. */
const scenario = (events: Ev[]): ScenarioInput => ({
  format: 1,
  id: 'file-change',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
  files: [
    { path: '/mnt/A', size: '1MiB' },
    { path: '/mnt/B', size: '1MiB' },
  ],
  processes: [
    {
      name: 'P',
      mappings: [{ name: 'a', file: '/mnt/A' }],
      touch: [
        { mapping: 'a', offset: '0x3000' },
        { mapping: 'a', offset: '0x5000' },
      ],
    },
  ],
  events,
});

const inodeOf = (r: Run, path: string) => {
  const fs = r.k.filesystems.get('pmem0');
  const inode = fs?.inodes.get(fs.byPath.get(path) as number);
  if (!inode) throw new Error(path);
  return inode;
};
const entryAt = (r: Run, path: string, index: number) =>
  xa_load(r.k.mapping(inodeOf(r, path).mappingId).i_pages, index);
const stepsOf = (r: Run, event: number) => r.sim.rt.steps.filter((s) => s.event === event);

describe('file changes as plain events on 6.12', () => {
  it('truncate of a mapped DAX file: the mappings go, the DAX entries go, the blocks are freed', () => {
    const r = run(scenario([{ kind: 'truncate', path: '/mnt/A', size: '0x4000' }]));
    const a = addrIn(r, 'P/a');
    const before = beforeEvents(r, () => ({
      pt3: ptOf(r, 'P', a + 0x3000),
      entry3: entryAt(r, '/mnt/A', 3),
      extents: inodeOf(r, '/mnt/A').extents.map((e) => ({ ...e })),
    }));
    expect(before.pt3).not.toBeNull();
    expect(before.entry3).not.toBeNull();
    // xfs_break_dax_layouts() unmaps the whole file, not only past the new size
    expect(ptOf(r, 'P', a + 0x3000)).toBeNull();
    expect(ptOf(r, 'P', a + 0x5000)).toBeNull();
    expect(r.ev[0].unmapped).toEqual(
      [0x3000, 0x5000].map((o) => ({
        pid: pidOf(r, 'P'),
        start: `0x${(a + o).toString(16)}`,
        end: `0x${(a + o + 0x1000).toString(16)}`,
      })),
    );
    // entries from the new size on are deleted; index 3 is below 0x4000 and stays
    expect(entryAt(r, '/mnt/A', 3)).not.toBeNull();
    expect(entryAt(r, '/mnt/A', 5)).toBeNull();
    const A = inodeOf(r, '/mnt/A');
    expect(A.i_size).toBe(0x4000);
    expect(A.extents.reduce((n, e) => n + e.len, 0)).toBe(4);
    const first = before.extents[0].block;
    const free = stepsOf(r, 0).find((s) => s.fn === '__xfs_free_extent');
    expect(free?.summary).toContain(`blocks ${first + 4}–${first + 255} back in the free space btrees`);
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'xfs_vn_setattr',
      'dax_layout_busy_page_range',
      'truncate_setsize',
      'dax_delete_mapping_entry',
      'xfs_itruncate_extents',
      '__xfs_free_extent',
    ]);
    expect(r.ev[0].signals).toEqual([]);
  });

  it('punch-hole: the hole loses its entry and blocks, the file keeps its size and the rest', () => {
    const r = run(scenario([{ kind: 'punch-hole', path: '/mnt/A', offset: '0x5000', length: '0x1000' }]));
    expect(entryAt(r, '/mnt/A', 5)).toBeNull();
    expect(entryAt(r, '/mnt/A', 3)).not.toBeNull();
    const A = inodeOf(r, '/mnt/A');
    expect(A.i_size).toBe(0x100000);
    expect(A.extents.map((e) => [e.fileoff, e.len])).toEqual([
      [0, 5],
      [6, 250],
    ]);
    expect(ptOf(r, 'P', addrIn(r, 'P/a') + 0x5000)).toBeNull();
  });

  it('reflink-remap: the target range shares the source blocks (refcount 2) and drops its own', () => {
    const r = run(
      scenario([
        { kind: 'reflink-remap', src: '/mnt/B', dest: '/mnt/A', srcOffset: 0, destOffset: '0x3000', length: '0x1000' },
      ]),
    );
    const A = inodeOf(r, '/mnt/A');
    const B = inodeOf(r, '/mnt/B');
    const shared = B.extents[0].block;
    expect(A.extents.find((e) => e.fileoff === 3)).toEqual({ fileoff: 3, block: shared, len: 1 });
    const fs = r.k.filesystems.get('pmem0');
    expect(fs?.refcounts.find((c) => c.block === shared)?.refcount).toBe(2);
    expect(entryAt(r, '/mnt/A', 3)).toBeNull();
    expect(ptOf(r, 'P', addrIn(r, 'P/a') + 0x3000)).toBeNull();
  });

  it('reflink-remap needs a reflink filesystem', () => {
    const s = scenario([{ kind: 'reflink-remap', src: '/mnt/B', dest: '/mnt/A', length: '0x1000' }]);
    s.filesystems = [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: false, rmapbt: true }];
    expect(() => run(s)).toThrow(/events\[0\]\.src: .*reflink=1/);
  });

  it('munmap: the VMA is gone from the mm and from i_mmap, and a later failure signals nobody', () => {
    const r = run(
      scenario([
        { kind: 'munmap', process: 'P', mapping: 'a' },
        { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x3000' } },
      ]),
    );
    const task = r.k.task(pidOf(r, 'P'));
    expect(task.mm?.vmas).toEqual([]);
    expect(r.k.mapping(inodeOf(r, '/mnt/A').mappingId).i_mmap).toEqual([]);
    expect(ptOf(r, 'P', addrIn(r, 'P/a') + 0x3000)).toBeNull();
    expect(r.ev[0].unmapped).toHaveLength(2);
    expect(r.ev[1].signals).toEqual([]);
  });
});
