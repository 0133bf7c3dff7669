/**
 * Run-time file operations (issue 10 §3): write(2) through the DAX iomap path on 6.12.117 and the older
 * variants. Read in 6.12.117: fs/xfs/xfs_file.c xfs_file_write_iter() :835 (xfs_is_shutdown → -EIO) and
 * xfs_file_dax_write() :730 (i_size past EOF); fs/xfs/xfs_iomap.c xfs_direct_write_iomap_begin() :765
 * (hole → xfs_iomap_write_direct with XFS_BMAPI_ZERO, IOMAP_F_NEW; shared → IOMAP_F_SHARED) and
 * xfs_dax_write_iomap_end() :932; fs/dax.c dax_iomap_iter() :1434-1549 (-EHWPOISON → DAX_RECOVERY_WRITE;
 * dax_iomap_copy_around() from srcmap; xfer 0 → -EFAULT); drivers/nvdimm/pmem.c __pmem_direct_access() :252
 * and pmem_recovery_write() :335 (an unaligned range over poison copies nothing). 6.1.192: the same, with
 * -EIO for -EHWPOISON (dax_iomap_iter retries on -EIO). Before v5.19 no recovery write: -EIO.
 */
import { describe, expect, it } from 'vitest';
import { checkRmapInvariants } from '../kernel/invariants';
import { PG_hwpoison } from '../kernel/mm/page';
import type { ScenarioInput } from '../scenario/schema';
import { filePfn, invariantsHold, type Run, run } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

type Ev = NonNullable<ScenarioInput['events']>[number];

const xfs = (events: Ev[], reflink = true): ScenarioInput => ({
  format: 1,
  id: 'file-ops',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink, rmapbt: true }],
  files: [{ path: '/mnt/A', size: '64KiB' }, ...(reflink ? [{ path: '/mnt/B', reflink: '/mnt/A' }] : [])],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x1000' }] }],
  events,
});

const stepsOf = (r: Run, event: number) => r.sim.rt.steps.filter((s) => s.event === event);
const stepOf = (r: Run, event: number, fn: string) => stepsOf(r, event).find((s) => s.fn === fn);
const inode = (r: Run, path: string) => {
  const fs = r.k.filesystems.get('pmem0');
  const i = fs?.inodes.get(fs.byPath.get(path) as number);
  if (!i) throw new Error(path);
  return i;
};
const ns = (r: Run) => r.k.namespace('pmem0');
const w = (offset: string, length: string): Ev => ({ kind: 'write', process: 'P', file: '/mnt/A', offset, length });

describe('write(2) on XFS (6.12)', () => {
  it('past EOF into a hole: blocks allocated and zeroed (IOMAP_F_NEW), an rmap record, i_size moves', () => {
    const r = run(xfs([w('0x12000', '0x2000')]));
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'xfs_file_write_iter',
      'xfs_direct_write_iomap_begin',
      'dax_iomap_iter',
      'xfs_dax_write_iomap_end',
      'xfs_file_dax_write',
    ]);
    expect(stepOf(r, 0, 'xfs_direct_write_iomap_begin')?.summary).toMatch(
      /file blocks \[18, 20\) are a hole: xfs_iomap_write_direct\(XFS_BMAPI_CONVERT \| XFS_BMAPI_ZERO\) allocates blocks \d+–\d+ .*xfs_rmap_map\(AG 0 \[\d+, \+2\), owner \d+, offset 18\).*IOMAP_F_NEW/,
    );
    const A = inode(r, '/mnt/A');
    expect(A.i_size).toBe(0x14000);
    expect(A.extents.map((e) => [e.fileoff, e.len])).toEqual([
      [0, 16],
      [18, 2],
    ]);
    expect(r.ev[0].return).toBe('8192');
    invariantsHold(r);
  });

  it('over a shared block: CoW (IOMAP_F_SHARED), the page cache entry and the PTE of the range go; the old block keeps B only', () => {
    const r = run(
      xfs([
        w('0x1000', '0x1000'),
        // the old block (B's page 1): B is its only owner now; A's page 1 is a new block
        { kind: 'corrupt-pfn', target: { file: '/mnt/B', offset: '0x1000' } },
      ]),
    );
    expect(stepOf(r, 0, 'xfs_direct_write_iomap_begin')?.summary).toMatch(
      /are shared \(refcount > 1\).*IOMAP_F_SHARED/,
    );
    expect(stepOf(r, 0, 'dax_iomap_iter')?.summary).toContain('1 DAX entry dropped, 1 mapping(s) removed');
    expect(stepOf(r, 0, 'xfs_dax_write_iomap_end')?.summary).toMatch(
      /xfs_reflink_end_cow\(\): file block 1: block \d+ → \d+ \(old refcount now 1\)/,
    );
    const owners = stepsOf(r, 1)
      .filter((s) => s.fn === 'xfs_dax_failure_fn' && s.summary.startsWith('{'))
      .map((s) => /\((\/mnt\/\w)\)/.exec(s.summary)?.[1]);
    expect(owners).toEqual(['/mnt/B']);
    expect(r.ev[1].unmapped).toEqual([]);
    invariantsHold(r);
  });

  it('on a shut-down filesystem: -EIO, nothing changes', () => {
    // the AG 0 headers (XFS_RMAP_OWN_FS) at the start of the data area: xfs_force_shutdown()
    const r = run(
      xfs([{ kind: 'corrupt-pfn', target: { namespace: 'pmem0', offset: '0x2200000' } }, w('0', '0x1000')]),
    );
    expect(r.k.filesystems.get('pmem0')?.shutdown).toBe(true);
    expect(stepsOf(r, 1).map((s) => s.fn)).toEqual(['xfs_file_write_iter']);
    expect(stepOf(r, 1, 'xfs_file_write_iter')?.summary).toContain('xfs_is_shutdown()');
    expect(r.ev[1].return).toBe('-EIO');
  });
});

describe('write(2) over a media error', () => {
  /** an action-optional MCE records the bad block (nfit_handle_mce → badblocks), then the writes */
  const poisoned = (events: Ev[]): ScenarioInput =>
    xfs([{ kind: 'async', target: { file: '/mnt/A', offset: '0x3000' } }, ...events], false);

  it('6.12: a whole-page write takes the recovery path: the poison is cleared, the write succeeds, a later read too', () => {
    const r = run(
      poisoned([
        w('0x3000', '0x1000'),
        { kind: 'read', process: 'P', file: '/mnt/A', offset: '0x3000', length: '0x1000' },
      ]),
    );
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(stepOf(r, 1, 'dax_iomap_iter')?.summary).toMatch(
      /-EHWPOISON, again with DAX_RECOVERY_WRITE; dax_recovery_write\(\) → pmem_recovery_write\(\): __pmem_clear_poison\(\)/,
    );
    expect(r.ev[1].return).toBe('4096');
    expect(r.ev[2].return).toBe('4096');
    expect(r.k.pfnHasMediaError(pfn)).toBe(false);
    expect(ns(r).pages.page(pfn).flags & (1 << PG_hwpoison)).toBe(0);
    expect(ns(r).badblocks).toEqual([]);
    invariantsHold(r);
  });

  it('6.12: a write of part of the bad page copies nothing: -EFAULT; the poison stays', () => {
    const r = run(poisoned([w('0x3100', '0x100')]));
    expect(stepOf(r, 1, 'dax_iomap_iter')?.summary).toContain('not a whole page: 0 bytes copied → -EFAULT');
    expect(r.ev[1].return).toBe('-EFAULT');
    expect(ns(r).badblocks.length).toBe(8);
  });

  it('6.12: a write that reaches the bad page after a good one is short: the bytes before it', () => {
    const r = run(poisoned([w('0x2000', '0x1800')]));
    expect(r.ev[1].return).toBe('4096');
  });

  it('6.1 as 6.12 (-EIO instead of -EHWPOISON inside); 4.19: no recovery write, -EIO', () => {
    const on61 = run(poisoned([w('0x3000', '0x1000')]), '6.1');
    expect(stepOf(on61, 1, 'dax_iomap_iter')?.summary).toMatch(/DAX_ACCESS\) → -EIO, again with DAX_RECOVERY_WRITE/);
    expect(on61.ev[1].return).toBe('4096');
    const on419 = run(poisoned([w('0x3000', '0x1000')]), '4.19');
    expect(stepOf(on419, 1, 'dax_iomap_iter')?.summary).toContain('no DAX_RECOVERY_WRITE before v5.19');
    expect(on419.ev[1].return).toBe('-EIO');
  });

  it('a CoW write whose shared source block is bad fails with -EIO (dax_iomap_copy_around), the CoW is cancelled', () => {
    const r = run(xfs([{ kind: 'async', target: { file: '/mnt/A', offset: '0x3000' } }, w('0x3000', '0x1000')]));
    expect(stepOf(r, 1, 'dax_iomap_iter')?.summary).toContain('dax_iomap_copy_around()');
    expect(r.ev[1].return).toBe('-EIO');
    expect(stepOf(r, 1, 'xfs_dax_write_iomap_end')?.summary).toContain('nothing written');
    invariantsHold(r);
  });
});

describe('write(2) on ext4', () => {
  it('ext4_file_write_iter → ext4_iomap_begin (EXT4_GET_BLOCKS_CREATE_ZERO) → dax_iomap_iter → ext4_dax_write_iter', () => {
    const r = run({
      format: 1,
      id: 'ext4-write',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '1GiB' }],
      filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
      files: [{ path: '/mnt/A', size: '8KiB' }],
      processes: [{ name: 'P' }],
      events: [w('0', '0x3000')],
    });
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'ext4_file_write_iter',
      'ext4_iomap_begin',
      'dax_iomap_iter',
      'ext4_iomap_begin',
      'dax_iomap_iter',
      'ext4_dax_write_iter',
    ]);
    expect(r.ev[0].return).toBe('12288');
    expect(inode(r, '/mnt/A').i_size).toBe(0x3000);
    expect(checkRmapInvariants(r.k)).toEqual([]);
  });
});

describe('write events are checked', () => {
  const issues = (events: Ev[]) => {
    const out = simulateScenario(xfs(events));
    return out.ok ? [] : out.issues.map((i) => `${i.path}: ${i.message}`);
  };
  it('names the field', () => {
    expect(issues([{ kind: 'write', process: 'P', file: '/mnt/C' }])).toEqual(['events[0].file: no file /mnt/C']);
    expect(issues([{ kind: 'write', process: 'Q', file: '/mnt/A' }])[0]).toMatch(/^events\[0\]\.process: /);
    // a write counts its pages in the work budget (16,384 pages handed to the kernel)
    expect(issues([w('0', '3GiB')])[0]).toMatch(/^events\[0\]\.length: 786432 pages handed to the kernel/);
    expect(issues([{ kind: 'umount', mount: '/mnt' }, w('0', '4096')])[0]).toMatch(
      /^events\[1\]\.file: \/mnt is not mounted/,
    );
  });
});

/**
 * fallocate(2) on XFS. 6.12.117 fs/xfs/xfs_file.c xfs_file_fallocate() :1077 (xfs_break_layouts for every
 * mode, then FALLOC_FL_PUNCH_HOLE → xfs_free_file_space, FALLOC_FL_ALLOCATE_RANGE → xfs_falloc_allocate_range
 * :1043 → xfs_alloc_file_space() (fs/xfs/xfs_bmap_util.c :638, XFS_BMAPI_PREALLOC: unwritten extents) and
 * xfs_falloc_setsize() :901 unless FALLOC_FL_KEEP_SIZE).
 */
describe('fallocate(2) on XFS (6.12)', () => {
  const fa = (offset: string, length: string, more: Partial<Extract<Ev, { kind: 'fallocate' }>> = {}): Ev => ({
    kind: 'fallocate',
    path: '/mnt/A',
    offset,
    length,
    ...more,
  });

  it('mode 0 past EOF: unwritten extents (XFS_RMAP_UNWRITTEN records), i_size grows; reads see zeroes', () => {
    const r = run(
      xfs([
        fa('0x10000', '0x4000'),
        { kind: 'read', process: 'P', file: '/mnt/A', offset: '0x10000', length: '0x4000' },
      ]),
    );
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'xfs_file_fallocate',
      'dax_layout_busy_page_range',
      'xfs_alloc_file_space',
      'xfs_falloc_setsize',
    ]);
    expect(stepOf(r, 0, 'xfs_alloc_file_space')?.summary).toMatch(
      /xfs_rmap_map\(AG 0 \[\d+, \+4\), owner \d+, offset 16, XFS_RMAP_UNWRITTEN\)/,
    );
    const A = inode(r, '/mnt/A');
    expect(A.i_size).toBe(0x14000);
    expect(A.extents.at(-1)).toMatchObject({ fileoff: 16, len: 4, unwritten: true });
    expect(r.ev[1].return).toBe('16384');
    expect(stepOf(r, 1, 'dax_iomap_rw')?.summary).toContain('16384 of them zeroes');
    invariantsHold(r);
  });

  it('FALLOC_FL_KEEP_SIZE: the blocks come, i_size stays; a later write converts what it covers (xfs_rmap_convert)', () => {
    const r = run(xfs([fa('0x10000', '0x4000', { keepSize: true }), w('0x11000', '0x1000')]));
    expect(inode(r, '/mnt/A').i_size).toBe(0x12000);
    expect(stepOf(r, 0, 'xfs_falloc_setsize')?.summary).toContain('FALLOC_FL_KEEP_SIZE: new_size 0, i_size unchanged');
    expect(stepOf(r, 1, 'xfs_direct_write_iomap_begin')?.summary).toMatch(
      /file blocks \[17, 18\) are unwritten .*xfs_rmap_convert\(AG 0 \[\d+, \+1\), owner \d+, offset 17\)/,
    );
    expect(
      inode(r, '/mnt/A')
        .extents.slice(-3)
        .map((e) => [e.fileoff, e.len, e.unwritten === true]),
    ).toEqual([
      [16, 1, true],
      [17, 1, false],
      [18, 2, true],
    ]);
    invariantsHold(r);
  });

  it('over blocks the file has: nothing to allocate, the layouts are still broken (every mode breaks them)', () => {
    const r = run(xfs([fa('0', '0x4000')]));
    expect(stepOf(r, 0, 'dax_layout_busy_page_range')?.summary).toContain('1 mapping(s) removed');
    expect(stepOf(r, 0, 'xfs_alloc_file_space')?.summary).toContain('no hole in file blocks [0, 4)');
  });

  it('punchHole + keepSize is the punch-hole event; punchHole alone is refused as the kernel does (-EOPNOTSUPP)', () => {
    const r = run(xfs([fa('0x4000', '0x2000', { punchHole: true, keepSize: true })]));
    expect(r.ev[0].kind).toBe('punch-hole');
    expect(stepsOf(r, 0).map((s) => s.fn)).toContain('xfs_free_file_space');
    const bad = simulateScenario(xfs([fa('0x4000', '0x2000', { punchHole: true })]));
    expect(bad.ok ? [] : bad.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'events[0].keepSize: FALLOC_FL_PUNCH_HOLE must come with FALLOC_FL_KEEP_SIZE: vfs_fallocate() returns -EOPNOTSUPP (give keepSize: true)',
    ]);
  });

  it('4.16: the allocation follows xfs_file_fallocate() at once (no layout-break state)', () => {
    const r = run(xfs([fa('0x10000', '0x1000')], false), '4.16');
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'xfs_file_fallocate',
      'xfs_alloc_file_space',
      'xfs_falloc_setsize',
    ]);
    expect(checkRmapInvariants(r.k)).toEqual([]);
  });
});

/**
 * ioctl(FICLONE) (cp --reflink). 6.12.117 fs/remap_range.c vfs_clone_file_range() :376 (-EXDEV across
 * superblocks, -EOPNOTSUPP without ->remap_file_range: ext4), fs/xfs/xfs_file.c xfs_file_remap_range() :1169
 * (-EOPNOTSUPP without reflink, -EIO once shut down, len 0 = to the source's EOF).
 */
describe('clone (FICLONE, cp --reflink)', () => {
  const fsWith = (type: 'xfs' | 'ext4', reflink?: boolean): ScenarioInput => ({
    format: 1,
    id: 'clone',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type, device: 'pmem0', mount: '/mnt', ...(type === 'xfs' ? { reflink, rmapbt: true } : {}) }],
    files: [
      { path: '/mnt/A', size: '0x5800' },
      { path: '/mnt/B', size: '64KiB' },
    ],
    processes: [{ name: 'P', mappings: [{ name: 'b', file: '/mnt/B' }], touch: [{ mapping: 'b', offset: '0x1000' }] }],
    events: [
      { kind: 'clone', src: '/mnt/A', dest: '/mnt/B' },
      // A's block 2: now B's too
      { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x2000' } },
    ],
  });

  it('XFS with reflink: the whole source (rounded up to a block) is shared; B maps it; its old blocks are freed', () => {
    const r = run(fsWith('xfs', true));
    expect(stepsOf(r, 0).map((s) => s.fn)).toEqual([
      'vfs_clone_file_range',
      'xfs_file_remap_range',
      'dax_layout_busy_page_range',
      'truncate_pagecache_range',
      'dax_delete_mapping_entry',
      'xfs_reflink_remap_blocks',
      '__xfs_free_extent',
    ]);
    expect(stepOf(r, 0, 'xfs_file_remap_range')?.summary).toContain('FICLONE /mnt/A [0, +0x6000) → /mnt/B at 0');
    expect(r.ev[0].return).toBe('0');
    // B keeps its larger size; the poison of the shared block finds both owners
    expect(inode(r, '/mnt/B').i_size).toBe(0x10000);
    const owners = stepsOf(r, 1)
      .filter((s) => s.fn === 'xfs_dax_failure_fn' && s.summary.startsWith('{'))
      .map((s) => /\((\/mnt\/\w)\)/.exec(s.summary)?.[1]);
    expect(owners).toEqual(['/mnt/A', '/mnt/B']);
    invariantsHold(r);
  });

  it('cloned again onto the same blocks: each block keeps one reference per file (refcount 2, not 1)', () => {
    // a second FICLONE remaps B's range onto the blocks it shares already: +1 for the source, -1 for B's
    // old mapping (xfs_reflink_remap_extent); the property test found the second block left at 1, so a
    // fault of B there took the page as A's alone (page->mapping overwritten: B's, while A's entry points at it)
    const r = run({
      format: 1,
      id: 'clone-twice',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
      files: [
        { path: '/mnt/A', size: '8KiB' },
        { path: '/mnt/B', size: '8KiB' },
      ],
      processes: [
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }] },
        { name: 'Q', mappings: [{ name: 'b', file: '/mnt/B' }] },
      ],
      events: [
        { kind: 'clone', src: '/mnt/A', dest: '/mnt/B' },
        { kind: 'clone', src: '/mnt/A', dest: '/mnt/B' },
        { kind: 'madvise', process: 'P', mapping: 'a', offset: 0, length: 8192 },
        { kind: 'madvise', process: 'Q', mapping: 'b', offset: 4096, length: 4096 },
      ],
    });
    const blocks = inode(r, '/mnt/A').extents.flatMap((e) => Array.from({ length: e.len }, (_, i) => e.block + i));
    expect(blocks).toHaveLength(2);
    const fs = r.k.filesystems.get('pmem0');
    const rc = (b: number) => fs?.refcounts.find((x) => b >= x.block && b < x.block + x.len)?.refcount;
    expect(blocks.map(rc)).toEqual([2, 2]);
    // B's fault at index 1 found the block shared (PAGE_MAPPING_DAX_SHARED kept), and the poison reached Q
    expect(String(ns(r).pages.page(filePfn(r, 'pmem0', '/mnt/A', 4096)).mapping)).toBe('PAGE_MAPPING_DAX_SHARED');
    const q = r.sim.report.processes.find((p) => p.name === 'Q');
    expect(r.ev[3].signals.map((x) => [x.pid, x.code])).toEqual([[q?.pid, 'BUS_MCEERR_AR']]);
    invariantsHold(r);
  });

  it('XFS without reflink: xfs_file_remap_range() returns -EOPNOTSUPP; ext4: vfs_clone_file_range() does', () => {
    const noReflink = run(fsWith('xfs', false));
    expect(stepsOf(noReflink, 0).map((s) => s.fn)).toEqual(['vfs_clone_file_range', 'xfs_file_remap_range']);
    expect(noReflink.ev[0].return).toBe('-EOPNOTSUPP');
    const ext4 = run(fsWith('ext4'));
    expect(stepsOf(ext4, 0).map((s) => s.fn)).toEqual(['vfs_clone_file_range']);
    expect(ext4.ev[0].return).toBe('-EOPNOTSUPP');
    expect(stepOf(ext4, 0, 'vfs_clone_file_range')?.summary).toContain('ext4 has no ->remap_file_range');
  });

  it('a missing destination or a clone onto itself is refused, naming the field', () => {
    const issues = (ev: Ev) => {
      const out = simulateScenario({ ...fsWith('xfs', true), events: [ev] });
      return out.ok ? [] : out.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues({ kind: 'clone', src: '/mnt/A', dest: '/mnt/C' })[0]).toMatch(
      /^events\[0\]\.dest: no file \/mnt\/C: a clone's destination must exist/,
    );
    expect(issues({ kind: 'clone', src: '/mnt/A', dest: '/mnt/A' })[0]).toMatch(/^events\[0\]\.dest: .*-EINVAL/);
  });
});

/** mkfs of an unmounted device (block/fops.c blkdev_open → bdev_open → bd_prepare_to_claim, 6.12.117). */
describe('mkfs', () => {
  const scenario = (events: Ev[]): ScenarioInput => ({
    format: 1,
    id: 'mkfs',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
    files: [
      { path: '/mnt/A', size: '64KiB' },
      { path: '/mnt/B', reflink: '/mnt/A' },
    ],
    events,
  });

  it('a fresh filesystem: files, shared blocks and their rmap records gone, the bad blocks kept; a later poison there finds no owner', () => {
    const r = run(
      scenario([
        { kind: 'async', target: { file: '/mnt/A', offset: '0x3000' } },
        { kind: 'umount', mount: '/mnt' },
        { kind: 'mkfs', device: 'pmem0' },
        { kind: 'mount', device: 'pmem0' },
        // the same block, now free in the new filesystem
        { kind: 'async', target: { namespace: 'pmem0', offset: '0x2222000' } },
      ]),
    );
    expect(stepsOf(r, 2).map((s) => s.fn)).toEqual(['blkdev_open', 'blkdev_write_iter']);
    expect(stepOf(r, 2, 'blkdev_write_iter')?.summary).toMatch(/2 file\(s\) gone.*8 bad sector\(s\) kept/);
    const fs = r.k.filesystems.get('pmem0');
    expect([fs?.inodes.size, fs?.refcounts.length, fs?.cloneSets.length]).toEqual([0, 0, 0]);
    expect(
      fs?.xfs?.rmap.every((bt) => Array.from({ length: bt.nr }, (_, i) => bt.isInodeOwner(i)).every((x) => !x)),
    ).toBe(true);
    expect(r.k.namespace('pmem0').badblocks.length).toBe(8);
    expect(stepOf(r, 4, 'xfs_rmap_query_range')?.summary).toMatch(/→ 0 record\(s\)/);
    invariantsHold(r);
  });

  it('while a process maps a file the umount fails (-EBUSY), and so does mkfs (bd_prepare_to_claim: -EBUSY)', () => {
    const r = run({
      ...scenario([
        { kind: 'umount', mount: '/mnt' },
        { kind: 'mkfs', device: 'pmem0' },
      ]),
      processes: [{ name: 'P', mappings: [{ file: '/mnt/A' }] }],
    });
    expect(r.ev.map((e) => e.return)).toEqual(['-EBUSY', '-EBUSY']);
    expect(r.k.filesystems.get('pmem0')?.inodes.size).toBe(2);
  });

  it('refused while mounted, and a file named after an mkfs of its device is gone', () => {
    const issues = (events: Ev[]) => {
      const out = simulateScenario(scenario(events));
      return out.ok ? [] : out.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues([{ kind: 'mkfs', device: 'pmem0' }])).toEqual([
      'events[0].device: pmem0 is mounted on /mnt at this point: umount it first (mkfs refuses a mounted device)',
    ]);
    expect(issues([{ kind: 'mkfs', device: 'pmem1' }])[0]).toMatch(/^events\[0\]\.device: no filesystem on "pmem1"/);
    expect(
      issues([
        { kind: 'umount', mount: '/mnt' },
        { kind: 'mkfs', device: 'pmem0' },
        { kind: 'mount', device: 'pmem0' },
        { kind: 'truncate', path: '/mnt/A', size: 0 },
      ]),
    ).toEqual([
      'events[3].path: no file /mnt/A: events[1] made a fresh filesystem on pmem0 (mkfs); creating files at run time is not modelled',
    ]);
  });
});
