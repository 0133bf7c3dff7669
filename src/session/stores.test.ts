/**
 * Stores (`"write": true` on touch and access): the write fault of a DAX file (6.12.117 fs/dax.c
 * dax_iomap_pte_fault/dax_fault_iter with IOMAP_WRITE, dax_insert_entry :869-923), the dirty tag, the
 * pfn_mkwrite of a page a load mapped read-only, the CoW of a reflinked block (fs/xfs/xfs_iomap.c
 * :826-919, fs/xfs/xfs_reflink.c xfs_reflink_end_cow_extent :737-862), and what a store meets after a
 * shutdown or over a bad block; 6.1.192 where it differs (fs/dax.c:345-401 PAGE_MAPPING_DAX_COW, :862 dirty).
 */
import { describe, expect, it } from 'vitest';
import { PAGE_MAPPING_DAX_COW, PAGE_MAPPING_DAX_SHARED } from '../kernel/fs/dax';
import { PAGECACHE_TAG_DIRTY, PAGECACHE_TAG_TOWRITE, xa_get_mark, xa_load } from '../kernel/lib/xarray';
import { hex, PAGE_SIZE } from '../kernel/units';
import type { ScenarioInput } from '../scenario/schema';
import {
  addrIn,
  afterEvent,
  beforeEvents,
  filePfn,
  invariantsHold,
  msg,
  pidOf,
  ptOf,
  type Run,
  run,
  sigbus,
  stepFns,
} from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB' } as const;
const XFS = { type: 'xfs', device: 'pmem0', mount: '/mnt' } as const;
const EXT4 = { type: 'ext4', device: 'pmem0', mount: '/mnt' } as const;

const mapper = (name: string, file: string, touch: { offset: string; write?: boolean }[] = [{ offset: '0x3000' }]) => ({
  name,
  mappings: [{ name: 'a', file }],
  touch: touch.map((t) => ({ mapping: 'a', ...t })),
});

/** The DAX entry of file `path` at page `index`, and its marks. */
function entryOf(r: Run, path: string, index: number) {
  const fs = r.k.filesystems.get('pmem0');
  const ino = fs?.byPath.get(path) as number;
  const mapping = r.k.mapping(fs?.inodes.get(ino)?.mappingId as string);
  return {
    entry: xa_load(mapping.i_pages, index),
    dirty: xa_get_mark(mapping.i_pages, index, PAGECACHE_TAG_DIRTY),
    towrite: xa_get_mark(mapping.i_pages, index, PAGECACHE_TAG_TOWRITE),
  };
}

describe('stores on ext4 -o dax: write faults and dirty entries', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'store-ext4',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/f', size: '4MiB' }],
    processes: [
      mapper('L', '/mnt/f', [{ offset: '0x3000' }]),
      mapper('S', '/mnt/f', [{ offset: '0x5000', write: true }]),
    ],
    events: [
      { kind: 'access', process: 'L', mapping: 'a', offset: '0x3000', write: true },
      { kind: 'access', process: 'L', mapping: 'a', offset: '0x3000', write: true },
    ],
  };

  it('a store touch maps the page writable and tags its entry PAGECACHE_TAG_DIRTY; a load leaves both clean (6.12)', () => {
    const r = run(scenario);
    beforeEvents(r, () => {
      expect(ptOf(r, 'S', addrIn(r, 'S/a', 0x5000))?.write).toBe(true);
      expect(entryOf(r, '/mnt/f', 5).dirty).toBe(true);
      expect(entryOf(r, '/mnt/f', 5).towrite).toBe(false);
      expect(ptOf(r, 'L', addrIn(r, 'L/a', 0x3000))?.write).toBeUndefined();
      expect(entryOf(r, '/mnt/f', 3).dirty).toBe(false);
    });
  });

  it("a store to a page a load mapped read-only faults once (pfn_mkwrite): same pfn, now writable and dirty; the next store doesn't fault", () => {
    const r = run(scenario);
    const addr = addrIn(r, 'L/a', 0x3000);
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    expect(r.ev[0].signals).toEqual([]);
    const [first, second] = r.sim.rt.steps.filter((s) => s.fn === 'handle_mm_fault');
    expect(first.summary).toContain('pfn_mkwrite');
    expect(second.summary).toContain('already mapped writable');
    afterEvent(r, 0, () => {
      expect(ptOf(r, 'L', addr)).toMatchObject({ pfn, write: true, level: 'pte' });
      expect(entryOf(r, '/mnt/f', 3).dirty).toBe(true);
    });
    // the unmap log shows no zap: the PTE was upgraded in place
    expect(r.ev[0].unmapped).toEqual([]);
  });

  it('6.1: every fault dirties its entry, a load too (6.1.192 fs/dax.c:862 `dirty = !dax_fault_is_synchronous()`)', () => {
    const r = run(scenario, '6.1');
    beforeEvents(r, () => {
      expect(entryOf(r, '/mnt/f', 3).dirty).toBe(true);
      expect(ptOf(r, 'L', addrIn(r, 'L/a', 0x3000))?.write).toBeUndefined();
    });
  });
});

describe('a store to a reflinked block: the CoW (XFS reflink, rmapbt)', () => {
  // Q maps B (= cp --reflink A), R and P map A; all load page 3; then P stores to it, then each copy is poisoned
  const scenario: ScenarioInput = {
    format: 1,
    id: 'store-cow',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/B', reflink: '/mnt/A' },
    ],
    processes: [mapper('Q', '/mnt/B'), mapper('R', '/mnt/A'), mapper('P', '/mnt/A')],
    events: [
      { kind: 'access', process: 'P', mapping: 'a', offset: '0x3000', write: true },
      { kind: 'madvise', process: 'Q', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('P gets a writable PTE of a new block; A now maps it; B keeps the old block; Q keeps its PTE of the old pfn', () => {
    const r = run(scenario);
    const oldPfn = beforeEvents(r, () => filePfn(r, 'pmem0', '/mnt/A', 0x3000));
    expect(filePfn(r, 'pmem0', '/mnt/B', 0x3000)).toBe(oldPfn);
    const newPfn = afterEvent(r, 0, () => filePfn(r, 'pmem0', '/mnt/A', 0x3000));
    expect(newPfn).not.toBe(oldPfn);
    afterEvent(r, 0, () => {
      expect(ptOf(r, 'P', addrIn(r, 'P/a', 0x3000))).toMatchObject({ pfn: newPfn, write: true });
      expect(ptOf(r, 'Q', addrIn(r, 'Q/a', 0x3000))?.pfn).toBe(oldPfn);
      // dax_insert_entry(shared) unmapped index 3 of A in every mapper: R's PTE is gone, P's was re-made
      expect(ptOf(r, 'R', addrIn(r, 'R/a', 0x3000))).toBeNull();
      // the neighbouring blocks stay shared
      expect(filePfn(r, 'pmem0', '/mnt/A', 0x4000)).toBe(filePfn(r, 'pmem0', '/mnt/B', 0x4000));
    });
    // on 6.12 a read fault of a shared block already unmaps the file's other mappers (IOMAP_F_SHARED on reads):
    // R lost its PTE when P faulted, so the CoW unmaps only P's own read-only PTE
    expect(beforeEvents(r, () => ptOf(r, 'R', addrIn(r, 'R/a', 0x3000)))).toBeNull();
    expect(r.ev[0].unmapped.map((u) => u.pid)).toEqual([pidOf(r, 'P')]);
    expect(r.ev[0].signals).toEqual([]);
  });

  it('6.1: both mappers of A had a PTE (reads do not share); the CoW unmaps both, R in i_mmap order first', () => {
    const r = run(scenario, '6.1');
    expect(beforeEvents(r, () => ptOf(r, 'R', addrIn(r, 'R/a', 0x3000)))).not.toBeNull();
    expect(r.ev[0].unmapped.map((u) => u.pid)).toEqual([pidOf(r, 'R'), pidOf(r, 'P')]);
    afterEvent(r, 0, () => expect(ptOf(r, 'R', addrIn(r, 'R/a', 0x3000))).toBeNull());
  });

  it("6.12: A's entry moves to the new pfn, tagged DIRTY and TOWRITE; the new page is PAGE_MAPPING_DAX_SHARED share 1, the old one keeps B's share", () => {
    const r = run(scenario);
    afterEvent(r, 0, () => {
      const newPfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
      const oldPfn = filePfn(r, 'pmem0', '/mnt/B', 0x3000);
      const a = entryOf(r, '/mnt/A', 3);
      expect(a.entry === null ? null : Math.floor(a.entry / 16)).toBe(newPfn);
      expect([a.dirty, a.towrite]).toEqual([true, true]);
      const pages = r.k.namespace('pmem0').pages;
      expect(pages.page(newPfn).mapping).toBe(PAGE_MAPPING_DAX_SHARED);
      expect(pages.page(newPfn).share).toBe(1);
      expect(pages.page(oldPfn).mapping).toBe(PAGE_MAPPING_DAX_SHARED);
      expect(pages.page(oldPfn).share).toBe(1);
    });
  });

  it('the old block is no longer shared (refcount 1) and the rmapbt names only B on it, only A on the new one', () => {
    const r = run(scenario);
    const fs = r.k.filesystems.get('pmem0');
    const xfs = fs?.xfs;
    if (!fs || !xfs) throw new Error('no xfs');
    // the rmap owners of the block behind pfn (block = pfn - first data pfn)
    const owners = (pfn: number) => {
      const block =
        pfn -
        filePfn(r, 'pmem0', '/mnt/B', 0) +
        (fs.inodes.get(fs.byPath.get('/mnt/B') as number)?.extents[0].block ?? 0);
      const { agblocks } = xfs.geometry;
      const bt = xfs.rmap[Math.floor(block / agblocks)];
      return Array.from(bt.queryRange(block % agblocks, block % agblocks)).map((n) => bt.ownerOf(n));
    };
    const A = fs.byPath.get('/mnt/A');
    const B = fs.byPath.get('/mnt/B');
    const oldPfn = filePfn(r, 'pmem0', '/mnt/B', 0x3000);
    const newPfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(owners(oldPfn)).toEqual([B]);
    expect(owners(newPfn)).toEqual([A]);
    const oldBlock = fs.inodes.get(B as number)?.extents[0].block ?? -1;
    expect(fs.refcounts.find((x) => x.block <= oldBlock + 3 && oldBlock + 3 < x.block + x.len)?.refcount).toBe(1);
    expect(fs.refcounts.find((x) => x.block <= oldBlock + 4 && oldBlock + 4 < x.block + x.len)?.refcount).toBe(2);
  });

  it('poison afterwards: the old pfn reaches only B (Q, AR); the new pfn only A (P, AR; R unmapped already)', () => {
    const r = run(scenario);
    const Q = pidOf(r, 'Q');
    const P = pidOf(r, 'P');
    expect(r.ev[1].signals).toEqual([sigbus(Q, 'BUS_MCEERR_AR', addrIn(r, 'Q/a', 0x3000), 12)]);
    expect(r.ev[1].pfn).toBe(hex(filePfn(r, 'pmem0', '/mnt/B', 0x3000)));
    expect(r.ev[2].signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', addrIn(r, 'P/a', 0x3000), 12)]);
    expect(r.ev[2].pfn).toBe(hex(filePfn(r, 'pmem0', '/mnt/A', 0x3000)));
  });

  // (on 6.1/6.0 the setup already breaks the page->mapping invariant: a read fault of a reflinked block takes
  // the page over from the other file, the WARNING of real-kernel-6.1.md §2 b1)
  it('invariants hold after every step (6.12)', () => {
    invariantsHold(run(scenario));
  });

  it('6.1: the new page is PAGE_MAPPING_DAX_COW with index 1; the old page loses page->mapping (dax_disassociate_entry) though B still maps it', () => {
    const r = run(scenario, '6.1');
    afterEvent(r, 0, () => {
      const newPfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
      const oldPfn = filePfn(r, 'pmem0', '/mnt/B', 0x3000);
      const pages = r.k.namespace('pmem0').pages;
      expect(pages.page(newPfn).mapping).toBe(PAGE_MAPPING_DAX_COW);
      expect(pages.page(newPfn).index).toBe(1);
      // 6.1 read faults do not share: R's fault took the page over from B (the WARNING), P's CoW drops it
      expect(pages.page(oldPfn).mapping).toBeNull();
      expect(ptOf(r, 'Q', addrIn(r, 'Q/a', 0x3000))?.pfn).toBe(oldPfn);
    });
    // the holder path finds the owners through the rmapbt, not page->mapping: the signals are as on 6.12
    expect(r.ev[1].signals.map((s) => s.pid)).toEqual([pidOf(r, 'Q')]);
    expect(r.ev[2].signals.map((s) => s.pid)).toEqual([pidOf(r, 'P')]);
  });

  it('a store to an unshared block of a reflink filesystem does not CoW', () => {
    const r = run({
      ...scenario,
      id: 'store-unshared',
      files: [{ path: '/mnt/A', size: '4MiB' }],
      processes: [mapper('P', '/mnt/A')],
      events: [{ kind: 'access', process: 'P', mapping: 'a', offset: '0x3000', write: true }],
    });
    const pfn = beforeEvents(r, () => filePfn(r, 'pmem0', '/mnt/A', 0x3000));
    expect(filePfn(r, 'pmem0', '/mnt/A', 0x3000)).toBe(pfn);
    expect(ptOf(r, 'P', addrIn(r, 'P/a', 0x3000))).toMatchObject({ pfn, write: true });
  });
});

describe('what a store meets: a bad block, a shut-down filesystem', () => {
  it('6.12: a store faulting a page with a media bad block gets AR lsb 12 and "MCE: Killing" (real-kernel-6.1.md §4 e1b, 6.12 side)', () => {
    const r = run({
      format: 1,
      id: 'store-badblock',
      namespaces: [PMEM0],
      filesystems: [EXT4],
      files: [{ path: '/mnt/f', size: '4MiB' }],
      processes: [mapper('S', '/mnt/f'), mapper('N', '/mnt/f', [])],
      events: [
        { kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000' },
        { kind: 'access', process: 'N', mapping: 'a', offset: '0x3000', write: true },
      ],
    });
    const N = pidOf(r, 'N');
    const addr = addrIn(r, 'N/a', 0x3000);
    expect(r.ev[1].signals).toEqual([sigbus(N, 'BUS_MCEERR_AR', addr, 12)]);
    expect(r.ev[1].dmesg).toEqual([msg.mceKilling(N, addr)]);
    expect(ptOf(r, 'N', addr)).toBeNull();
  });

  it('after an XFS shutdown: a store to a read-only or unmapped page gets SIGBUS BUS_ADRERR (iomap_begin -EIO); a store to a writable PTE and a load of a mapped page complete', () => {
    const r = run({
      format: 1,
      id: 'store-shutdown',
      namespaces: [PMEM0],
      filesystems: [XFS],
      files: [{ path: '/mnt/A', size: '4MiB' }],
      processes: [mapper('E', '/mnt/A', [{ offset: '0x3000' }, { offset: '0x4000', write: true }])],
      events: [
        // the first inode chunk (as in xfs-metadata-hit): XFS shuts down
        { kind: 'async', target: { namespace: 'pmem0', offset: '0x2210000' } },
        { kind: 'access', process: 'E', mapping: 'a', offset: '0x3000', write: true },
        { kind: 'access', process: 'E', mapping: 'a', offset: '0x5000', write: true },
        { kind: 'access', process: 'E', mapping: 'a', offset: '0x4000', write: true },
        { kind: 'access', process: 'E', mapping: 'a', offset: '0x3000' },
      ],
    });
    const E = pidOf(r, 'E');
    expect(r.ev[0].shutdown).toBe(true);
    expect(r.ev[1].signals).toEqual([sigbus(E, 'BUS_ADRERR', addrIn(r, 'E/a', 0x3000), 0)]);
    expect(r.ev[2].signals).toEqual([sigbus(E, 'BUS_ADRERR', addrIn(r, 'E/a', 0x5000), 0)]);
    expect(stepFns(r, 1)).toEqual(['handle_mm_fault', 'do_sigbus', 'get_signal']);
    expect(r.ev[3].signals).toEqual([]);
    expect(r.ev[4].signals).toEqual([]);
    // the read-only PTE stays: the failed write fault does not zap it
    expect(ptOf(r, 'E', addrIn(r, 'E/a', 0x3000))).not.toBeNull();
  });
});

describe('the format: `write` on touch and access', () => {
  it('rejects a non-boolean write, naming the field', () => {
    const r = simulateScenario({
      format: 1,
      id: 'bad-write',
      namespaces: [PMEM0],
      filesystems: [EXT4],
      files: [{ path: '/mnt/f', size: '4MiB' }],
      processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ offset: 0, write: 'yes' }] }],
      events: [{ kind: 'access', process: 'P', mapping: 'a', offset: 0, write: 1 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['processes[0].touch[0].write', 'events[0].write']),
    );
  });

  it('a device-dax store maps the page writable with no DAX entry (no pfn_mkwrite for dax_vm_ops)', () => {
    const r = run({
      format: 1,
      id: 'store-devdax',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '64MiB', align: '4KiB', map: 'mem' }],
      processes: [{ name: 'D', mappings: [{ name: 'd', device: 'dax0.0' }], touch: [{ offset: 0x3000, write: true }] }],
    });
    expect(ptOf(r, 'D', addrIn(r, 'D/d', 0x3000))).toMatchObject({ level: 'pte', write: true });
    expect(PAGE_SIZE).toBe(4096);
  });
});
