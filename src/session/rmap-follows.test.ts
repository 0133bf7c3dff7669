/**
 * The XFS rmapbt follows every change of a data fork (issue 8): truncate, punch-hole, reflink remap, the
 * CoW of a store. 6.12.117: xfs_bmap_del_extent_real() → xfs_rmap_unmap_extent() (fs/xfs/libxfs/xfs_bmap.c),
 * xfs_reflink_remap_extent() → xfs_bmap_map_extent() → xfs_rmap_map_extent(); a later failure on a freed
 * block finds no record (xfs_rmap_query_range() returns 0 with no callback: xfs_dax_notify_ddev_failure()
 * returns 0 and memory_failure_dev_pagemap() reports MF_RECOVERED), on a remapped block the new owner.
 */
import { describe, expect, it } from 'vitest';
import { checkRmapInvariants } from '../kernel/invariants';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { invariantsHold, type Run, run } from './__fixtures__/helpers';

type Ev = NonNullable<ScenarioInput['events']>[number];

const scenario = (events: Ev[]): ScenarioInput => ({
  format: 1,
  id: 'rmap-follows',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
  files: [
    { path: '/mnt/A', size: '1MiB' },
    { path: '/mnt/B', size: '1MiB' },
  ],
  processes: [{ name: 'P', mappings: [{ name: 'b', file: '/mnt/B' }], touch: [{ mapping: 'b', offset: '0x3000' }] }],
  events,
});

const stepsOf = (r: Run, event: number) => r.sim.rt.steps.filter((s) => s.event === event);
const inoOf = (r: Run, path: string) => r.k.filesystems.get('pmem0')?.byPath.get(path) as number;
/** The owners of the records the failure's rmap query found, from xfs_dax_failure_fn's step text. */
const ownersFound = (r: Run, event: number) =>
  stepsOf(r, event)
    .filter((s) => s.fn === 'xfs_dax_failure_fn' && s.summary.startsWith('{'))
    .map((s) => Number(/owner inode (\d+)/.exec(s.summary)?.[1]));
const queryFound = (r: Run, event: number) =>
  stepsOf(r, event).find((s) => s.fn === 'xfs_rmap_query_range')?.summary ?? '';

describe('the rmapbt follows the data fork (6.12)', () => {
  it('truncate: a failure on a freed block finds no record and is reported recovered', () => {
    const r = run(
      scenario([
        { kind: 'truncate', path: '/mnt/A', size: '0x2000' },
        { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x5000' } },
      ]),
    );
    expect(stepsOf(r, 0).find((s) => s.fn === 'xfs_itruncate_extents')?.summary).toMatch(
      /xfs_rmap_unmap\(AG 0 \[\d+, \+256\), owner \d+, offset 0\), xfs_rmap_map\(AG 0 \[\d+, \+2\), owner \d+, offset 0\)/,
    );
    expect(queryFound(r, 1)).toMatch(/→ 0 record\(s\); returns 0$/);
    expect(ownersFound(r, 1)).toEqual([]);
    expect(r.ev[1].dmesg).toContain(
      `Memory failure: ${r.ev[1].dmesg[0].split(' ').at(-1)}: recovery action for dax page: Recovered`,
    );
    invariantsHold(r);
  });

  it("reflink remap: the remapped block is found under its new owner too; B's old block under nobody", () => {
    const r = run(
      scenario([
        { kind: 'reflink-remap', src: '/mnt/A', dest: '/mnt/B', length: '16KiB' },
        // A's block 3, now also B's file block 3
        { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x3000' } },
        // B's file block 3 before the remap: freed
        { kind: 'corrupt-pfn', target: { file: '/mnt/B', offset: '0x3000' } },
      ]),
    );
    expect(ownersFound(r, 1)).toEqual([inoOf(r, '/mnt/A'), inoOf(r, '/mnt/B')]);
    expect(queryFound(r, 2)).toMatch(/→ 0 record\(s\)/);
    invariantsHold(r);
  });

  it('truncate of the source after a remap: the shared block keeps B as its only owner, refcount 1', () => {
    const r = run(
      scenario([
        { kind: 'reflink-remap', src: '/mnt/A', dest: '/mnt/B', length: '16KiB' },
        { kind: 'truncate', path: '/mnt/A', size: '0x2000' },
        { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x3000' } },
      ]),
    );
    expect(ownersFound(r, 2)).toEqual([inoOf(r, '/mnt/B')]);
    const fs = r.k.filesystems.get('pmem0');
    const aBlock3 = (fs?.inodes.get(inoOf(r, '/mnt/B'))?.extents[0].block as number) + 3;
    expect(fs?.refcounts.find((x) => aBlock3 >= x.block && aBlock3 < x.block + x.len)?.refcount).toBe(1);
    invariantsHold(r);
  });

  it("punch-hole: the hole's records go, the two sides keep theirs", () => {
    const r = run(scenario([{ kind: 'punch-hole', path: '/mnt/A', offset: '0x4000', length: '0x2000' }]));
    const A = r.k.filesystems.get('pmem0')?.inodes.get(inoOf(r, '/mnt/A'));
    expect(A?.extents.map((e) => [e.fileoff, e.len])).toEqual([
      [0, 4],
      [6, 250],
    ]);
    expect(stepsOf(r, 0).find((s) => s.fn === 'xfs_free_file_space')?.summary).toMatch(
      /xfs_rmap_unmap\(AG 0 \[\d+, \+256\), owner \d+, offset 0\), xfs_rmap_map\(AG 0 \[\d+, \+4\), owner \d+, offset 0\), xfs_rmap_map\(AG 0 \[\d+, \+250\), owner \d+, offset 6\)/,
    );
    invariantsHold(r);
  });

  it('every built-in keeps the rmap invariant at every step, on its own kernel and on 6.12', () => {
    for (const s of BUILTIN_SCENARIOS)
      for (const kernel of [undefined, '6.12']) {
        const r = run(s, kernel);
        r.k.j.seek(0);
        expect(checkRmapInvariants(r.k), `${s.id} before the events`).toEqual([]);
        for (const step of r.sim.rt.steps) {
          r.k.j.seek(step.journal[1]);
          expect(checkRmapInvariants(r.k), `${s.id}@${kernel ?? s.kernel}: ${step.id}`).toEqual([]);
        }
      }
    // a budget for a loaded machine (the CI and two other sessions share its cores), not a speed assertion
  }, 60_000);
});
