/**
 * `open` on file entries (docs/scenario-format.md): a file held open by a task outside the scenario is in
 * core from setup on (xfs_iget(XFS_IGET_INCORE) finds it), keeps its mount busy (6.12.117 fs/namespace.c
 * path_umount: -EBUSY), and, never mapped, is a quiet kill round on 6.12 (mf_dax_kill_procs() finds no
 * DAX entry: mm/memory-failure.c:1849-1869, fs/dax.c:512-521). With `count`, every copy is opened.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { invariantsHold, run } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

function owners(copies: number, open = true): ScenarioInput {
  return {
    format: 1,
    id: 'open-owners',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'mem' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/copy-{n}', reflink: '/mnt/A', count: copies, ...(open ? { open: true } : {}) },
    ],
    processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x0' }] }],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x0' }],
  };
}

const issuesOf = (input: ScenarioInput) => {
  const r = simulateScenario(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('open files', () => {
  it('every copy of an open count entry is an in-core inode; without open none is', () => {
    const opened = run(owners(50), '6.12');
    const closed = run(owners(50, false), '6.12');
    const fs = opened.k.filesystems.get('pmem0');
    expect(fs?.inodes.size).toBe(51);
    expect([...(fs?.inodes.values() ?? [])].filter((i) => i.incore && i.openOutside).length).toBe(50);
    expect(closed.k.filesystems.get('pmem0')?.inodes.size).toBe(1);
    invariantsHold(opened);
  });

  it('6.12 gives every open copy its own xfs_dax_failure_fn round; not-open copies are skipped as not in core', () => {
    const opened = run(owners(50), '6.12');
    const closed = run(owners(50, false), '6.12');
    const rounds = (r: ReturnType<typeof run>) => r.sim.rt.steps.filter((s) => s.state === 'mf_dax_kill_procs').length;
    // A's round (two mf_dax_kill_procs steps: the index, then "all indices done") plus two per open copy
    expect(rounds(opened)).toBe(2 + 50 * 2);
    expect(rounds(closed)).toBe(2);
    // nobody maps a copy: the same signals, the same dmesg
    expect(opened.ev[0].signals).toEqual(closed.ev[0].signals);
    expect(opened.ev[0].dmesg).toEqual(closed.ev[0].dmesg);
  });

  it('an open explicit file is in core even without a process; open and cached: false contradict', () => {
    const r = run({
      ...owners(1, false),
      files: [
        { path: '/mnt/A', size: '4MiB' },
        { path: '/mnt/B', reflink: '/mnt/A', open: true },
      ],
    });
    const fs = r.k.filesystems.get('pmem0');
    expect(fs?.inodes.get(fs.byPath.get('/mnt/B') as number)?.openOutside).toBe(true);
    expect(
      issuesOf({
        ...owners(1, false),
        files: [
          { path: '/mnt/A', size: '4MiB' },
          { path: '/mnt/B', reflink: '/mnt/A', open: true, cached: false },
        ],
      }),
    ).toEqual([expect.stringMatching(/^files\[1\]\.cached: an open file is in core/)]);
  });

  it('cached on a count entry is refused, naming the field and pointing at open', () => {
    const input = owners(10, false);
    (input.files as { cached?: boolean }[])[1].cached = true;
    expect(issuesOf(input)).toEqual([expect.stringMatching(/^files\[1\]\.cached: .*"open": true/)]);
  });

  it('umount of a filesystem with a file held open outside the scenario is -EBUSY', () => {
    const input: ScenarioInput = {
      ...owners(3),
      processes: [],
      events: [{ kind: 'umount', mount: '/mnt' }],
    };
    const r = run(input, '6.12');
    expect(r.ev[0].return).toBe('-EBUSY');
    expect(r.ev[0].dmesg).toEqual([]);
    const closed = run({ ...input, files: owners(3, false).files }, '6.12');
    expect(closed.ev[0].return).toBe('0');
  });
});
