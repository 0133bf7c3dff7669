/**
 * umount and mount between events (6.12.117 fs/namespace.c path_umount/path_mount, fs/super.c
 * generic_shutdown_super, mm/truncate.c → fs/dax.c dax_delete_mapping_entry, fs/xfs/xfs_super.c:1142
 * "Unmounting Filesystem %pU", fs/xfs/xfs_buf.c:2034 fs_put_dax; 6.1.192 xfs_super.c:1116 without the uuid).
 */
import { describe, expect, it } from 'vitest';
import { xa_load } from '../kernel/lib/xarray';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, afterEvent, filePfn, pidOf, run, sigbus, stepFns } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const scenario: ScenarioInput = {
  format: 1,
  id: 'umount-mount',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: '4MiB' }],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000' }] }],
  events: [
    { kind: 'umount', mount: '/mnt' },
    { kind: 'exit', process: 'P' },
    { kind: 'umount', mount: '/mnt' },
    { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x3000' } },
    { kind: 'mount', device: 'pmem0' },
    {
      kind: 'spawn',
      name: 'N',
      mceKill: 'early',
      mappings: [{ name: 'a', file: '/mnt/A' }],
      touch: [{ mapping: 'a', offset: '0x4000' }],
    },
    { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x4000' } },
  ],
};

const entryAt = (r: ReturnType<typeof run>, index: number) => {
  const fs = r.k.filesystems.get('pmem0');
  const inode = fs?.inodes.get(fs.byPath.get('/mnt/A') as number);
  return xa_load(r.k.mapping(inode?.mappingId as string).i_pages, index);
};

describe('umount / mount between events', () => {
  it('umount while a process maps a file: -EBUSY, nothing changes', () => {
    const r = run(scenario);
    expect(r.ev[0].return).toBe('-EBUSY');
    expect(stepFns(r, 0)).toEqual(['path_umount']);
    expect(afterEvent(r, 0, () => r.k.namespace('pmem0').dax_dev.holder_ops)).toBe('xfs_dax_holder_operations');
  });

  it('umount once nobody maps: DAX entries deleted and page->mapping cleared, the holder cleared, "Unmounting Filesystem"', () => {
    const r = run(scenario);
    expect(stepFns(r, 2)).toEqual(['path_umount', 'generic_shutdown_super']);
    expect(r.ev[2].dmesg).toEqual(['XFS (pmem0): Unmounting Filesystem <uuid>']);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    afterEvent(r, 2, () => {
      expect(entryAt(r, 3)).toBeNull();
      expect(r.k.namespace('pmem0').pages.page(pfn).mapping).toBeNull();
      expect(r.k.namespace('pmem0').dax_dev.holder_ops).toBeNull();
    });
    expect(run(scenario, '6.1').ev[2].dmesg).toEqual(['XFS (pmem0): Unmounting Filesystem']);
  });

  it('poison on an unmounted filesystem: no holder (-EOPNOTSUPP), the generic path finds no owner: "dax page: Failed", -EBUSY', () => {
    const r = run(scenario);
    expect(stepFns(r, 3)).toContain('mf_generic_kill_procs');
    expect(r.ev[3].result).toBe('Failed');
    expect(r.ev[3].return).toBe('-EBUSY');
    expect(r.ev[3].signals).toEqual([]);
  });

  it('mount again: the mount lines and the holder are back; a process that maps the file afterwards is found through the rmapbt', () => {
    const r = run(scenario);
    expect(r.ev[4].dmesg).toEqual(['XFS (pmem0): Mounting V5 Filesystem <uuid>', 'XFS (pmem0): Ending clean mount']);
    expect(stepFns(r, 6)).toContain('xfs_dax_failure_fn');
    const N = pidOf(r, 'N');
    expect(r.ev[6].signals).toEqual([sigbus(N, 'BUS_MCEERR_AO', addrIn(r, 'N/a', 0x4000), 12)]);
  });

  it('events after an umount cannot name its files until a mount gives them back', () => {
    const bad = (events: unknown[]) => {
      const out = simulateScenario({ ...scenario, events });
      return out.ok ? [] : out.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(
      bad([
        { kind: 'umount', mount: '/mnt' },
        { kind: 'read', process: 'P', file: '/mnt/A' },
      ])[0],
    ).toMatch(/^events\[1\]\.file: \/mnt is not mounted at this point/);
    expect(
      bad([
        { kind: 'umount', mount: '/mnt' },
        { kind: 'spawn', name: 'N', mappings: [{ file: '/mnt/A' }] },
      ])[0],
    ).toMatch(/^events\[1\]\.mappings\[0\]\.file: \/mnt is not mounted/);
    expect(bad([{ kind: 'umount', mount: '/srv' }])[0]).toMatch(
      /^events\[0\]\.mount: no filesystem is mounted on \/srv/,
    );
    expect(bad([{ kind: 'mount', device: 'pmem9' }])[0]).toMatch(/^events\[0\]\.device: no filesystem on "pmem9"/);
  });
});
