/**
 * The acceptance cases S1–S12 of reference.md §7.5, each an inline scenario (format v1) with the exact
 * outcome Linux 6.12 gives (reference.md §1–§3, docs/kernel-notes-6.12.md).
 */
import { describe, expect, it } from 'vitest';
import { firstDataPfn } from '../kernel/kernel';
import { pgmap_pfn_valid } from '../kernel/mm/memremap';
import { hex, PAGE_SIZE, PMD_SIZE } from '../kernel/units';
import type { ScenarioInput } from '../scenario/schema';
import {
  addrIn,
  beforeEvents,
  devdaxPfn,
  filePfn,
  msg,
  pidOf,
  ptOf,
  run,
  sigbus,
  stepFns,
  xfsShutdownLine,
} from './__fixtures__/helpers';

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;
const XFS = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true } as const;
const XFS_NO_RMAPBT = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: false, rmapbt: false } as const;
const EXT4 = { type: 'ext4', device: 'pmem0', mount: '/mnt' } as const;
type Policy = 'default' | 'early' | 'late';

/** A process mapping `file` whole (mapping "a") and touching `touch` (null: maps but never touches). */
const mapper = (name: string, mceKill: Policy, file: string, touch: string | null = '0x3000') => ({
  name,
  mceKill,
  mappings: [{ name: 'a', file }],
  touch: touch === null ? [] : [{ mapping: 'a', offset: touch }],
});

const range = (pid: number, start: number, len: number) => ({ pid, start: hex(start), end: hex(start + len) });

describe('S1: fsdax on XFS (rmapbt), PTE mapping, the consumer takes a machine check', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 's1',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '1MiB' }],
    processes: [mapper('P', 'default', '/mnt/A')],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
  };

  it('P gets SIGBUS BUS_MCEERR_AR at the exact page address, lsb 12; one "Sending SIGBUS"; Recovered; +4 kB', () => {
    const r = run(scenario);
    const [e] = r.ev;
    const P = pidOf(r, 'P');
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(beforeEvents(r, () => ptOf(r, 'P', pAddr)?.level)).toBe('pte');
    expect(e.pfn).toBe(hex(pfn));
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pfn, P),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.dmesg.filter((l) => l.includes('Sending SIGBUS'))).toHaveLength(1);
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    expect(e.hwpoison).toEqual([hex(pfn)]);
    expect(e.unmapped).toEqual([range(P, pAddr, PAGE_SIZE)]);
    expect(beforeEvents(r, () => r.k.counters.num_poisoned_pages)).toBe(0);
    expect(e.hardwareCorruptedKb).toBe(4);
    // the XFS holder path ran (not the generic one)
    const fns = stepFns(r, 0);
    expect(fns).toContain('xfs_dax_notify_failure');
    expect(fns).toContain('mf_dax_kill_procs');
    expect(fns).not.toContain('mf_generic_kill_procs');
  });
});

describe('S2: fsdax on XFS, PMD mapping', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 's2',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '4MiB', align: '2MiB' }],
    processes: [mapper('P', 'default', '/mnt/A'), mapper('V', 'default', '/mnt/A', '0x1ff000')],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
  };

  it('lsb 21 with si_addr not 2 MiB-aligned; the whole 2 MiB is unmapped in that file (V too)', () => {
    const r = run(scenario);
    const [e] = r.ev;
    const [P, V] = [pidOf(r, 'P'), pidOf(r, 'V')];
    const pBase = addrIn(r, 'P/a');
    const vBase = addrIn(r, 'V/a');
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pmdPfn = filePfn(r, 'pmem0', '/mnt/A', 0);
    expect(pmdPfn % 512).toBe(0);
    expect(beforeEvents(r, () => ptOf(r, 'P', pBase + 0x3000)?.level)).toBe('pmd');
    expect(beforeEvents(r, () => ptOf(r, 'V', vBase)?.level)).toBe('pmd');
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pBase + 0x3000, 21)]);
    expect((pBase + 0x3000) % PMD_SIZE).not.toBe(0);
    expect(e.unmapped).toEqual([range(P, pBase, PMD_SIZE), range(V, vBase, PMD_SIZE)]);
    // holder path: kill_proc() and PG_hwpoison name the PMD entry's first pfn, action_result() the failing one
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pmdPfn, P),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.hwpoison).toEqual([hex(pmdPfn)]);
    expect(e.result).toBe('Recovered');
    expect(e.hardwareCorruptedKb).toBe(4);
  });
});

/** S3/S4: one reflinked block backs offset 0x3000 of A and of B; Q maps B, P maps A and consumes it. */
const reflinkPair = (qPolicy: Policy): ScenarioInput => ({
  format: 1,
  id: `s-reflink-${qPolicy}`,
  namespaces: [PMEM0],
  filesystems: [XFS],
  files: [
    { path: '/mnt/A', size: '1MiB' },
    { path: '/mnt/B', reflink: '/mnt/A' },
  ],
  processes: [
    {
      name: 'Q',
      mceKill: qPolicy,
      mappings: [{ name: 'b', file: '/mnt/B' }],
      touch: [{ mapping: 'b', offset: '0x3000' }],
    },
    mapper('P', 'default', '/mnt/A'),
  ],
  events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
});

describe('S3: reflinked block shared by A and B; Q (default) maps B', () => {
  it('P gets AR; Q gets nothing and keeps its mapping of B; two rmap rounds, one per owner', () => {
    const r = run(reflinkPair('default'));
    const [e] = r.ev;
    const [P, Q] = [pidOf(r, 'P'), pidOf(r, 'Q')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(filePfn(r, 'pmem0', '/mnt/B', 0x3000)).toBe(pfn);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const qAddr = addrIn(r, 'Q/b', 0x3000);
    expect(beforeEvents(r, () => ptOf(r, 'Q', qAddr))).not.toBeNull();
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
    expect(e.signals.some((s) => s.pid === Q)).toBe(false);
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pfn, P),
      msg.recovery(pfn, 'Recovered'),
    ]);
    // B's round collected nobody: unmap_and_kill() unmapped nothing in B
    expect(ptOf(r, 'Q', qAddr)).not.toBeNull();
    expect(e.unmapped).toEqual([range(P, pAddr, PAGE_SIZE)]);
    const rounds = r.sim.rt.steps.filter((s) => s.event === 0 && s.fn === 'xfs_dax_failure_fn' && s.branch === 'kill');
    expect(rounds).toHaveLength(2);
    expect(stepFns(r, 0).filter((f) => f === 'collect_procs_fsdax')).toHaveLength(2);
    expect(e.hwpoison).toEqual([hex(pfn), hex(pfn)]);
    expect(e.result).toBe('Recovered');
  });
});

describe('S4: as S3 with Q prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY)', () => {
  it("Q gets BUS_MCEERR_AO with the address in its VMA of B, after P's AR (A's round comes first)", () => {
    const r = run(reflinkPair('early'));
    const [e] = r.ev;
    const [P, Q] = [pidOf(r, 'P'), pidOf(r, 'Q')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const qAddr = addrIn(r, 'Q/b', 0x3000);
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12), sigbus(Q, 'BUS_MCEERR_AO', qAddr, 12)]);
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pfn, P),
      msg.sending(pfn, Q),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.unmapped).toEqual([range(P, pAddr, PAGE_SIZE), range(Q, qAddr, PAGE_SIZE)]);
    expect(ptOf(r, 'Q', qAddr)).toBeNull();
  });
});

describe('S5: poison on an XFS metadata block', () => {
  const base: ScenarioInput = {
    format: 1,
    id: 's5',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [{ path: '/mnt/A', size: '1MiB' }],
    processes: [mapper('E', 'early', '/mnt/A')],
  };

  for (const what of ['AG headers (sb, agf, agi, agfl)', 'inode chunks', 'internal log']) {
    it(`${what}: no signals, SHUTDOWN_CORRUPT_ONDISK, "dax page: Failed", rc -EFSCORRUPTED`, () => {
      const layout = run(base);
      const fs = layout.k.filesystems.get('pmem0');
      // a block of the second AG's headers where there is one, so the walk starts beyond AG 0
      const region = [...(fs?.metadata ?? [])].reverse().find((m) => m.what === what);
      if (!region) throw new Error(`no ${what}`);
      const pfn = firstDataPfn(layout.k.namespace('pmem0')) + region.block;
      const r = run({ ...base, events: [{ kind: 'async', target: { pfn: hex(pfn) } }] });
      const [e] = r.ev;
      expect(e.pfn).toBe(hex(pfn));
      expect(e.signals).toEqual([]);
      expect(e.dmesg).toHaveLength(5);
      expect(e.dmesg.slice(0, 2)).toEqual([msg.taint, msg.mceLogged]);
      expect(e.dmesg[2]).toMatch(xfsShutdownLine('Corruption of on-disk metadata (0x10)', 318));
      expect(e.dmesg[3]).toBe(msg.xfsUnmount());
      expect(e.dmesg[4]).toBe(msg.recovery(pfn, 'Failed'));
      expect(e.result).toBe('Failed');
      expect(e.return).toBe('-EUCLEAN'); // EFSCORRUPTED
      expect(e.shutdown).toBe(true);
      expect(e.hwpoison).toEqual([]);
      expect(e.hardwareCorruptedKb).toBe(4);
    });
  }
});

describe('S6: no holder to ask — the generic path through page->mapping and page->index', () => {
  for (const [label, fsSpec] of [
    ['ext4 (registers no dax holder)', EXT4],
    ['XFS without rmapbt (xfs_dax_notify_failure returns -EOPNOTSUPP)', XFS_NO_RMAPBT],
  ] as const) {
    it(`${label}: same signals as S1`, () => {
      const r = run({
        format: 1,
        id: 's6',
        namespaces: [PMEM0],
        filesystems: [fsSpec],
        files: [{ path: '/mnt/A', size: '1MiB' }],
        processes: [mapper('P', 'default', '/mnt/A')],
        events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
      });
      const [e] = r.ev;
      const P = pidOf(r, 'P');
      const pAddr = addrIn(r, 'P/a', 0x3000);
      const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
      expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
      // xfs_debug("notify_failure() needs rmapbt enabled!") is silent on a non-DEBUG build
      expect(e.dmesg).toEqual([
        msg.taint,
        msg.mceUserAccess(pfn),
        msg.mceLogged,
        msg.sending(pfn, P),
        msg.recovery(pfn, 'Recovered'),
      ]);
      expect(e.result).toBe('Recovered');
      expect(e.return).toBe('0');
      expect(e.hwpoison).toEqual([hex(pfn)]);
      const fns = stepFns(r, 0);
      expect(fns).toContain('mf_generic_kill_procs');
      expect(fns).toContain('collect_procs_file');
      expect(fns).not.toContain('mf_dax_kill_procs');
      if (fsSpec.type === 'xfs') expect(fns).toContain('xfs_dax_notify_failure');
      else expect(fns).not.toContain('xfs_dax_notify_failure');
    });
  }
});

describe('S7: device-dax, align 2M (compound pages)', () => {
  it('P consumes head+0x180: AR with si_addr = the 2 MiB-aligned head address, lsb 21', () => {
    const r = run({
      format: 1,
      id: 's7',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', map: 'mem', align: '2MiB' }],
      processes: [
        {
          name: 'P',
          mappings: [{ name: 'a', device: 'dax0.0', length: '4MiB' }],
          touch: [{ mapping: 'a', offset: '0x380000' }],
        },
      ],
      events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x380000' }],
    });
    const [e] = r.ev;
    const P = pidOf(r, 'P');
    const pfn = devdaxPfn(r, 'dax0.0', 0x380000);
    const head = devdaxPfn(r, 'dax0.0', 0x200000);
    expect(pfn - head).toBe(0x180);
    expect(r.k.namespace('dax0.0').pages.compound_head(pfn)).toBe(head);
    const headAddr = addrIn(r, 'P/a', 0x200000);
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', headAddr, 21)]);
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pfn, P),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.hwpoison).toEqual([hex(head)]);
    expect(e.unmapped).toEqual([range(P, headAddr, PMD_SIZE)]);
    expect(e.result).toBe('Recovered');
  });
});

describe('S8: device-dax mapped twice in P, only one VMA faulted', () => {
  it('one SIGBUS (AR), no SIGKILL: the unfaulted VMA has size_shift 0 and is dropped', () => {
    const r = run({
      format: 1,
      id: 's8',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', map: 'mem', align: '2MiB' }],
      processes: [
        {
          name: 'P',
          mappings: [
            { name: 'a', device: 'dax0.0', length: '2MiB' },
            { name: 'b', device: 'dax0.0', length: '2MiB' },
          ],
          touch: [{ mapping: 'a', offset: '0x3000' }],
        },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
    });
    const [e] = r.ev;
    const P = pidOf(r, 'P');
    const pfn = devdaxPfn(r, 'dax0.0', 0x3000);
    const aBase = addrIn(r, 'P/a');
    expect(addrIn(r, 'P/b')).not.toBe(aBase);
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', aBase, 21)]);
    expect(e.signals.some((s) => s.signo === 'SIGKILL')).toBe(false);
    expect(e.dmesg).toEqual([msg.injecting(pfn, aBase + 0x3000), msg.sending(pfn, P), msg.recovery(pfn, 'Recovered')]);
    expect(e.dmesg.some((l) => l.includes('forcibly killing') || l.includes('Unable to find'))).toBe(false);
    expect(r.k.task(P).exited).toBe(false);
  });
});

describe('S9: a pfn in the altmap (the memmap kept on the device)', () => {
  for (const ns of [PMEM0, { name: 'dax0.0', mode: 'devdax', size: '2GiB', map: 'dev', align: '2MiB' }] as const) {
    it(`${ns.mode} map=dev: no signals, "dax page: Failed", -ENXIO`, () => {
      const r = run({
        format: 1,
        id: 's9',
        namespaces: [ns],
        events: [{ kind: 'corrupt-pfn', target: { namespace: ns.name, offset: '0x100000' } }],
      });
      const [e] = r.ev;
      const n = r.k.namespace(ns.name);
      const pfn = n.phys_addr / PAGE_SIZE + 0x100;
      expect(n.pgmap.altmap).not.toBeNull();
      expect(pfn).toBeLessThan(firstDataPfn(n));
      expect(pgmap_pfn_valid(n.pgmap, pfn)).toBe(false);
      expect(e.pfn).toBe(hex(pfn));
      expect(e.signals).toEqual([]);
      expect(e.dmesg).toEqual([msg.injectingAtPfn(pfn), msg.recovery(pfn, 'Failed')]);
      expect(e.result).toBe('Failed');
      expect(e.return).toBe('-ENXIO');
      expect(e.hwpoison).toEqual([]);
      expect(e.hardwareCorruptedKb).toBe(4);
    });
  }
});

describe('S10: the same DAX pfn poisoned twice', () => {
  it('XFS holder path: the pipeline re-runs, P is signalled twice, HardwareCorrupted +2 pages', () => {
    const r = run({
      format: 1,
      id: 's10',
      namespaces: [PMEM0],
      filesystems: [XFS],
      files: [{ path: '/mnt/A', size: '1MiB' }],
      processes: [mapper('P', 'default', '/mnt/A')],
      events: [
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      ],
    });
    const P = pidOf(r, 'P');
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    for (const e of r.ev) {
      expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
      expect(e.dmesg).toEqual([msg.injecting(pfn, pAddr), msg.sending(pfn, P), msg.recovery(pfn, 'Recovered')]);
      expect(e.hwpoison).toEqual([hex(pfn)]);
      expect(e.result).toBe('Recovered');
    }
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([4, 8]);
    expect(r.report.hardwareCorruptedKb).toBe(8);
  });
});

describe('S11: unbind with MF_MEM_PRE_REMOVE', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 's11',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [
      { path: '/mnt/A', size: '1MiB' },
      { path: '/mnt/C', size: '1MiB' },
    ],
    processes: [
      mapper('E', 'early', '/mnt/A'),
      mapper('D', 'default', '/mnt/A', '0x5000'),
      mapper('L', 'late', '/mnt/C'),
      mapper('U', 'early', '/mnt/C', null),
    ],
    events: [
      { kind: 'unbind', namespace: 'pmem0' },
      { kind: 'read', process: 'E', file: '/mnt/A', offset: 0, length: 4096 },
    ],
  };

  it('every task with the page mapped gets AO whatever its policy; U (nothing faulted) is skipped; no hwpoison; shut down', () => {
    const r = run(scenario);
    const [e, read] = r.ev;
    const [E, D, L, U] = ['E', 'D', 'L', 'U'].map((n) => pidOf(r, n));
    const a3 = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const a5 = filePfn(r, 'pmem0', '/mnt/A', 0x5000);
    const c3 = filePfn(r, 'pmem0', '/mnt/C', 0x3000);
    expect(e.signals).toEqual([
      sigbus(E, 'BUS_MCEERR_AO', addrIn(r, 'E/a', 0x3000), 12),
      sigbus(D, 'BUS_MCEERR_AO', addrIn(r, 'D/a', 0x5000), 12),
      sigbus(L, 'BUS_MCEERR_AO', addrIn(r, 'L/a', 0x3000), 12),
    ]);
    expect(e.signals.some((s) => s.pid === U)).toBe(false);
    // one "Sending SIGBUS" per (mapped index, task), in rmap order: A before C
    expect(e.dmesg.slice(0, 4)).toEqual([msg.xfsRemoved(), msg.sending(a3, E), msg.sending(a5, D), msg.sending(c3, L)]);
    expect(e.dmesg[4]).toBe(msg.xfsUserShutdown());
    expect(e.dmesg[5]).toMatch(xfsShutdownLine('Metadata I/O Error (0x4)', 316));
    expect(e.dmesg[6]).toBe(msg.xfsUnmount());
    expect(e.dmesg).toHaveLength(7);
    expect(e.hwpoison).toEqual([]);
    expect(e.result).toBeNull();
    expect(e.hardwareCorruptedKb).toBe(0);
    expect(e.shutdown).toBe(true);
    // still mounted (until umount), but shut down: read(2) fails with EIO
    expect(r.k.filesystems.get('pmem0')?.shutdown).toBe(true);
    expect(read.return).toBe('-EIO');
    for (const [name, key, off] of [
      ['E', 'E/a', 0x3000],
      ['D', 'D/a', 0x5000],
      ['L', 'L/a', 0x3000],
    ] as const)
      expect(ptOf(r, name, addrIn(r, key, off))).toBeNull();
  });

  it('ext4 registers no dax holder: kill_dax() makes no pre-remove call — no signal, no message', () => {
    const r = run({
      format: 1,
      id: 's11-ext4',
      namespaces: [PMEM0],
      filesystems: [EXT4],
      files: [{ path: '/mnt/A', size: '1MiB' }],
      processes: [mapper('E', 'early', '/mnt/A')],
      events: [{ kind: 'unbind', namespace: 'pmem0' }],
    });
    const [e] = r.ev;
    expect(e.signals).toEqual([]);
    expect(e.dmesg).toEqual([]);
    expect(e.shutdown).toBe(false);
    expect(e.hardwareCorruptedKb).toBe(0);
    expect(r.k.namespace('pmem0').dax_dev.alive).toBe(false);
  });

  it('XFS without rmapbt: -EOPNOTSUPP comes before the pre-remove handling — nothing happens', () => {
    const r = run({
      format: 1,
      id: 's11-normapbt',
      namespaces: [PMEM0],
      filesystems: [XFS_NO_RMAPBT],
      files: [{ path: '/mnt/A', size: '1MiB' }],
      processes: [mapper('E', 'early', '/mnt/A')],
      events: [{ kind: 'unbind', namespace: 'pmem0' }],
    });
    const [e] = r.ev;
    expect(e.signals).toEqual([]);
    expect(e.dmesg).toEqual([]);
    expect(e.shutdown).toBe(false);
  });
});

describe('S12: asynchronous report from a kworker (no current task)', () => {
  it('generic path: only the early-kill task gets AO; the others lose their PTEs because a task was collected', () => {
    const r = run({
      format: 1,
      id: 's12-ext4',
      namespaces: [PMEM0],
      filesystems: [EXT4],
      files: [{ path: '/mnt/A', size: '1MiB' }],
      processes: [mapper('W', 'default', '/mnt/A'), mapper('V', 'early', '/mnt/A'), mapper('X', 'late', '/mnt/A')],
      events: [{ kind: 'async', target: { file: '/mnt/A', offset: '0x3000' } }],
    });
    const [e] = r.ev;
    const [W, V, X] = ['W', 'V', 'X'].map((n) => pidOf(r, n));
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(e.signals).toEqual([sigbus(V, 'BUS_MCEERR_AO', addrIn(r, 'V/a', 0x3000), 12)]);
    expect(e.dmesg).toEqual([msg.taint, msg.mceLogged, msg.sending(pfn, V), msg.recovery(pfn, 'Recovered')]);
    expect(e.unmapped).toEqual([
      range(W, addrIn(r, 'W/a', 0x3000), PAGE_SIZE),
      range(V, addrIn(r, 'V/a', 0x3000), PAGE_SIZE),
      range(X, addrIn(r, 'X/a', 0x3000), PAGE_SIZE),
    ]);
    expect(e.result).toBe('Recovered');
  });

  it('generic path, no early-kill mapper: nobody collected, so nobody is unmapped (still "Recovered")', () => {
    const r = run({
      format: 1,
      id: 's12-none',
      namespaces: [PMEM0],
      filesystems: [EXT4],
      files: [{ path: '/mnt/A', size: '1MiB' }],
      processes: [mapper('W', 'default', '/mnt/A'), mapper('X', 'late', '/mnt/A')],
      events: [{ kind: 'async', source: 'ghes', target: { file: '/mnt/A', offset: '0x3000' } }],
    });
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(e.signals).toEqual([]);
    expect(e.unmapped).toEqual([]);
    expect(ptOf(r, 'W', addrIn(r, 'W/a', 0x3000))).not.toBeNull();
    expect(ptOf(r, 'X', addrIn(r, 'X/a', 0x3000))).not.toBeNull();
    expect(e.dmesg).toEqual([msg.recovery(pfn, 'Recovered')]);
    expect(e.hwpoison).toEqual([hex(pfn)]);
    expect(stepFns(r, 0)[0]).toBe('memory_failure_work_func');
  });

  it("XFS reflink: A's round collects the early Ae (AO); B's round collects nobody, so Bd keeps its mapping", () => {
    const r = run({
      format: 1,
      id: 's12-xfs',
      namespaces: [PMEM0],
      filesystems: [XFS],
      files: [
        { path: '/mnt/A', size: '1MiB' },
        { path: '/mnt/B', reflink: '/mnt/A' },
      ],
      processes: [mapper('Ae', 'early', '/mnt/A'), mapper('Bd', 'default', '/mnt/B')],
      events: [{ kind: 'async', target: { file: '/mnt/B', offset: '0x3000' } }],
    });
    const [e] = r.ev;
    const Ae = pidOf(r, 'Ae');
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const aeAddr = addrIn(r, 'Ae/a', 0x3000);
    const bdAddr = addrIn(r, 'Bd/a', 0x3000);
    expect(beforeEvents(r, () => ptOf(r, 'Bd', bdAddr))).not.toBeNull();
    expect(e.signals).toEqual([sigbus(Ae, 'BUS_MCEERR_AO', aeAddr, 12)]);
    expect(e.dmesg).toEqual([msg.taint, msg.mceLogged, msg.sending(pfn, Ae), msg.recovery(pfn, 'Recovered')]);
    expect(e.unmapped).toEqual([range(Ae, aeAddr, PAGE_SIZE)]);
    expect(ptOf(r, 'Bd', bdAddr)).not.toBeNull();
  });
});

describe('S11 on device-dax: unbinding revokes the device mappings (drivers/dax/bus.c kill_dev_dax)', () => {
  // kill_dev_dax() is kill_dax() followed by unmap_mapping_range(inode->i_mapping, 0, 0, 1); ndctl's
  // device-dax test requires that writing through the old mapping SIGBUSes (reference.md §7.2).
  it("the unbind unmaps P's PMD; P's next access gets SIGBUS BUS_ADRERR", () => {
    const r = run({
      format: 1,
      id: 's11-devdax',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', map: 'mem', align: '2MiB' }],
      processes: [
        {
          name: 'P',
          mappings: [{ name: 'a', device: 'dax0.0', length: '2MiB' }],
          touch: [{ mapping: 'a', offset: '0x3000' }],
        },
      ],
      events: [
        { kind: 'unbind', namespace: 'dax0.0' },
        { kind: 'access', process: 'P', mapping: 'a', offset: '0x3000' },
      ],
    });
    const [unbind, access] = r.ev;
    const P = pidOf(r, 'P');
    const base = addrIn(r, 'P/a');
    expect(r.k.namespace('dax0.0').dax_dev.alive).toBe(false);
    expect(unbind.signals).toEqual([]);
    expect(unbind.unmapped).toEqual([range(P, base, PMD_SIZE)]);
    expect(access.signals).toEqual([sigbus(P, 'BUS_ADRERR', base + 0x3000, 0)]);
    expect(access.dmesg).toEqual([]);
  });
});

describe('reference §1.1 step 1: vm.memory_failure_recovery = 0', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'no-recovery',
    sysctl: { memory_failure_early_kill: 0, memory_failure_recovery: 0 },
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/A', size: '1MiB' }],
    processes: [mapper('P', 'default', '/mnt/A')],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'P', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('memory_failure() panics: the machine stops, nothing after the panic runs', () => {
    const r = run(scenario);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(r.sim.final).toBe('panic');
    expect(r.k.dmesg.at(-1)).toBe(`Kernel panic - not syncing: Memory failure on page ${pfn.toString(16)}`);
    expect(r.k.delivered).toEqual([]);
    expect(r.ev).toHaveLength(1);
  });

  // Regression: the event that panicked is closed, so its report keeps its dmesg and steps.
  it("the panicking event's report shows its dmesg: the injection and the panic line", () => {
    const r = run(scenario);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const [e] = r.ev;
    expect(e.pfn).toBe(hex(pfn));
    expect(e.dmesg).toEqual([
      msg.injecting(pfn, addrIn(r, 'P/a', 0x3000)),
      `Kernel panic - not syncing: Memory failure on page ${pfn.toString(16)}`,
    ]);
  });
});
