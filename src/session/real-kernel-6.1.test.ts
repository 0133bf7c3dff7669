/**
 * Every observation of /work/shared/kernel/real-kernel-6.1.md (Debian 6.1.192 in QEMU with an emulated
 * NVDIMM) on the 6.1 variant, rebuilt as scenarios with the same setup and pids pinned to the real
 * ones; the kernel's lines are compared line by line with our pfns and addresses in place of the run's.
 * QEMU does not poison guest RAM: after the real machine check of §4 the page still reads fine, so the
 * consumer's later loads (which on real hardware would consume the poison again) are not events here.
 */
import { describe, expect, it } from 'vitest';
import { firstDataPfn } from '../kernel/kernel';
import { hex } from '../kernel/units';
import type { SignalReport } from '../pipeline/report';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, afterEvent, beforeEvents, devdaxPfn, filePfn, pidOf, ptOf, run, sigbus } from './__fixtures__/helpers';

const KERNEL = '6.1';
type Policy = 'default' | 'early' | 'late';

/** The real log with its run-specific numbers replaced by ours (longest first). */
function ourLog(real: string, subs: Record<string, string>): string[] {
  const keys = Object.keys(subs).sort((a, b) => b.length - a.length);
  return real
    .trim()
    .split('\n')
    .map((line) => keys.reduce((out, key) => out.split(key).join(subs[key]), line.trim()));
}

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;
const EXT4 = { type: 'ext4', device: 'pmem0', mount: '/mnt' } as const;
const XFS = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true } as const;

const fileMapper = (
  name: string,
  mceKill: Policy,
  file: string,
  opts: { pid?: number; touch?: string | null } = {},
) => ({
  name,
  mceKill,
  ...(opts.pid ? { pid: opts.pid } : {}),
  mappings: [{ name: 'a', file }],
  touch: opts.touch === null ? [] : [{ mapping: 'a', offset: opts.touch ?? '0x3000' }],
});

const run61 = (s: ScenarioInput) => run(s, KERNEL);

describe('real-kernel-6.1 §0: mount messages', () => {
  it('ext4 -o dax: one line, without uuid or r/w', () => {
    const r = run61({ format: 1, id: 'm-ext4', namespaces: [PMEM0], filesystems: [EXT4] });
    expect(r.report.dmesg).toEqual(['EXT4-fs (pmem0): mounted filesystem with ordered data mode. Quota mode: none.']);
  });

  it('XFS -o dax=always: the EXPERIMENTAL warning, then the mount without uuid; reflink with DAX is accepted', () => {
    const r = run61({ format: 1, id: 'm-xfs', namespaces: [PMEM0], filesystems: [XFS] });
    expect(r.report.dmesg).toEqual([
      'XFS (pmem0): DAX enabled. Warning: EXPERIMENTAL, use at your own risk',
      'XFS (pmem0): Mounting V5 Filesystem',
      'XFS (pmem0): Ending clean mount',
    ]);
  });

  it('devdax: no kernel line', () => {
    const r = run61({
      format: 1,
      id: 'm-devdax',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '2GiB', map: 'dev', align: '2MiB' }],
    });
    expect(r.report.dmesg).toEqual([]);
  });
});

describe('real-kernel-6.1 §1: ext4 -o dax, one 4 MiB file; V1 default, V2 early, V3 late, P default', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real61-1-ext4',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/f', size: '4MiB' }],
    processes: [
      fileMapper('V1', 'default', '/mnt/f'),
      fileMapper('V2', 'early', '/mnt/f', { pid: 153 }),
      fileMapper('V3', 'late', '/mnt/f'),
      fileMapper('P', 'default', '/mnt/f', { pid: 162 }),
      // a2's processes are created after a1: V4 faults its page in after the first poison
      fileMapper('V4', 'early', '/mnt/f', { pid: 186, touch: null }),
      fileMapper('P2', 'default', '/mnt/f', { pid: 194, touch: null }),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V4', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P2', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('a1: V2 then P in task-list order; P AR at its exact address, V2 AO, lsb 12; PTEs gone; 0 → 4 kB', () => {
    const r = run61(scenario);
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10a403 at process virtual address 0x7f4b6ee03000
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:153 due to hardware memory corruption
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:162 due to hardware memory corruption
        Memory failure: 0x10a403: recovery action for dax page: Recovered`,
        { '0x10a403': hex(pfn), '0x7f4b6ee03000': hex(pAddr) },
      ),
    );
    expect(e.trace).toEqual([`pfn ${hex(pfn)}: recovery action for dax page: Recovered`]);
    expect(e.signals).toEqual([
      sigbus(153, 'BUS_MCEERR_AO', addrIn(r, 'V2/a', 0x3000), 12),
      sigbus(162, 'BUS_MCEERR_AR', pAddr, 12),
    ]);
    for (const name of ['V1', 'V2', 'V3', 'P'])
      expect(
        afterEvent(r, 0, () => ptOf(r, name, addrIn(r, `${name}/a`, 0x3000))),
        name,
      ).toBeNull();
    expect(beforeEvents(r, () => r.k.counters.num_poisoned_pages * 4)).toBe(0);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('a2: the same pfn again — no "already poisoned" shortcut: V4 AO, P2 AR, 4 → 8 kB', () => {
    const r = run61(scenario);
    const e = r.ev[2];
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    const p2Addr = addrIn(r, 'P2/a', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10a403 at process virtual address 0x7fd36d603000
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:186 due to hardware memory corruption
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:194 due to hardware memory corruption
        Memory failure: 0x10a403: recovery action for dax page: Recovered`,
        { '0x10a403': hex(pfn), '0x7fd36d603000': hex(p2Addr) },
      ),
    );
    expect(e.signals).toEqual([
      sigbus(186, 'BUS_MCEERR_AO', addrIn(r, 'V4/a', 0x3000), 12),
      sigbus(194, 'BUS_MCEERR_AR', p2Addr, 12),
    ]);
    expect(e.hardwareCorruptedKb).toBe(8);
  });
});

describe('real-kernel-6.1 §2: XFS reflink=1,rmapbt=1, dax=always; B = cp --reflink=always A', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real61-2-xfs-reflink',
    namespaces: [PMEM0],
    filesystems: [XFS],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/B', reflink: '/mnt/A' },
    ],
    processes: [
      fileMapper('VBe', 'early', '/mnt/B', { pid: 162 }),
      fileMapper('P', 'default', '/mnt/A', { pid: 170 }),
      fileMapper('VBd', 'default', '/mnt/B', { pid: 192, touch: '0x4000' }),
      fileMapper('P2', 'default', '/mnt/A', { pid: 200, touch: '0x4000' }),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P2', mapping: 'a', offset: '0x4000' },
    ],
  };

  it("b1 setup: P's fault of a block B already owns WARNs once at fs/dax.c:380, in P's context; the fault completes", () => {
    const r = run61(scenario);
    expect(r.report.dmesg.slice(3)).toEqual([
      'WARNING: CPU: 0 PID: 170 at fs/dax.c:380 dax_insert_entry+0x227/0x320',
      'Call Trace:',
      ' dax_fault_iter+0x267/0x650',
      ' dax_iomap_pte_fault+0x1b8/0x3f0',
      ' __xfs_filemap_fault+0x1e2/0x2e0 [xfs]',
    ]);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(beforeEvents(r, () => ptOf(r, 'P', addrIn(r, 'P/a', 0x3000)))).toMatchObject({ level: 'pte', pfn });
    // no later fault prints it again (P2's fault of another shared block in b2 included)
    expect(r.report.dmesg.filter((l) => l.startsWith('WARNING:'))).toHaveLength(1);
    expect(r.ev.flatMap((e) => e.dmesg).some((l) => l.startsWith('WARNING:'))).toBe(false);
  });

  it('b1: P (maps A, created later) named first, AR at its address; VBe AO in B, then without a PTE; 4 kB', () => {
    const r = run61(scenario);
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const vbeAddr = addrIn(r, 'VBe/a', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10221b at process virtual address 0x7f6cdf203000
        Memory failure: 0x10221b: Sending SIGBUS to pmtest:170 due to hardware memory corruption
        Memory failure: 0x10221b: Sending SIGBUS to pmtest:162 due to hardware memory corruption
        Memory failure: 0x10221b: recovery action for dax page: Recovered`,
        { '0x10221b': hex(pfn), '0x7f6cdf203000': hex(pAddr) },
      ),
    );
    expect(e.signals).toEqual([sigbus(170, 'BUS_MCEERR_AR', pAddr, 12), sigbus(162, 'BUS_MCEERR_AO', vbeAddr, 12)]);
    expect(afterEvent(r, 0, () => ptOf(r, 'VBe', vbeAddr))).toBeNull();
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('b2: P2 AR only; VBd (default) keeps its mapping of the poisoned page; 8 kB (two pfns)', () => {
    const r = run61(scenario);
    const e = r.ev[1];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x4000);
    const p2Addr = addrIn(r, 'P2/a', 0x4000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10221c at process virtual address 0x7f7339e04000
        Memory failure: 0x10221c: Sending SIGBUS to pmtest:200 due to hardware memory corruption
        Memory failure: 0x10221c: recovery action for dax page: Recovered`,
        { '0x10221c': hex(pfn), '0x7f7339e04000': hex(p2Addr) },
      ),
    );
    expect(e.signals).toEqual([sigbus(200, 'BUS_MCEERR_AR', p2Addr, 12)]);
    expect(ptOf(r, 'VBd', addrIn(r, 'VBd/a', 0x4000))).toMatchObject({ level: 'pte', pfn });
    expect(e.hardwareCorruptedKb).toBe(8);
  });
});

describe('real-kernel-6.1 §3: devdax -a 2M (compound pages of 2 MiB), map: dev', () => {
  const mapper = (name: string, mceKill: Policy, pid: number, touch = true) => ({
    name,
    mceKill,
    pid,
    mappings: [{ name: 'a', device: 'dax0.0', length: '4MiB' }],
    touch: touch ? [{ mapping: 'a', offset: '0x3000' }] : [],
  });
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real61-3-devdax',
    namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '2GiB', map: 'dev', align: '2MiB' }],
    processes: [
      mapper('V1', 'default', 135),
      mapper('V2', 'early', 136),
      mapper('V3', 'late', 137),
      mapper('P', 'default', 145),
      // created after c1: V4 faults its page in after the first poison
      mapper('V4', 'early', 169, false),
      mapper('P2', 'default', 173, false),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V4', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P2', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('c1: P AR and V2 AO at their 2 MiB-aligned bases, lsb 21; nobody keeps a PTE; 0 → 4 kB', () => {
    const r = run61(scenario);
    const [e] = r.ev;
    const pfn = devdaxPfn(r, 'dax0.0', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x102203 at process virtual address 0x7f8dc0003000
        Memory failure: 0x102203: Sending SIGBUS to pmtest:136 due to hardware memory corruption
        Memory failure: 0x102203: Sending SIGBUS to pmtest:145 due to hardware memory corruption
        Memory failure: 0x102203: recovery action for dax page: Recovered`,
        { '0x102203': hex(pfn), '0x7f8dc0003000': hex(addrIn(r, 'P/a', 0x3000)) },
      ),
    );
    expect(e.signals).toEqual([
      sigbus(136, 'BUS_MCEERR_AO', addrIn(r, 'V2/a'), 21),
      sigbus(145, 'BUS_MCEERR_AR', addrIn(r, 'P/a'), 21),
    ]);
    for (const name of ['V1', 'V2', 'V3', 'P'])
      expect(
        afterEvent(r, 0, () => ptOf(r, name, addrIn(r, `${name}/a`, 0x3000))),
        name,
      ).toBeNull();
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('c2: the same pfn again: V4 AO, P2 AR, lsb 21, 4 → 8 kB', () => {
    const r = run61(scenario);
    const e = r.ev[2];
    expect(e.signals).toEqual([
      sigbus(169, 'BUS_MCEERR_AO', addrIn(r, 'V4/a'), 21),
      sigbus(173, 'BUS_MCEERR_AR', addrIn(r, 'P2/a'), 21),
    ]);
    expect(e.hardwareCorruptedKb).toBe(8);
  });
});

describe('real-kernel-6.1 §4: a real SRAR machine check (MCG_STATUS 0x6: RIPV clear) on ext4 -o dax', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real61-4-mce',
    namespaces: [PMEM0],
    filesystems: [EXT4],
    files: [{ path: '/mnt/f', size: '4MiB' }],
    processes: [
      fileMapper('Ve', 'early', '/mnt/f', { pid: 154 }),
      fileMapper('S', 'default', '/mnt/f', { pid: 155 }),
      // e1b: maps the file afresh after the machine check, then stores and loads twice
      fileMapper('Vnew', 'default', '/mnt/f', { touch: null }),
    ],
    events: [
      { kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000', ripv: false },
      { kind: 'read', process: 'S', file: '/mnt/f', offset: '0x3000', length: 4096 },
      { kind: 'read', process: 'S', file: '/mnt/f', offset: '0x4000', length: 4096 },
      // the map-time store, then two loads
      { kind: 'access', process: 'Vnew', mapping: 'a', offset: '0x3000', write: true },
      { kind: 'access', process: 'Vnew', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'Vnew', mapping: 'a', offset: '0x3000' },
    ],
  };
  const siKernel = (pid: number): SignalReport => ({
    pid,
    comm: 'pmtest',
    signo: 'SIGBUS',
    code: 'SI_KERNEL',
    addr: hex(0),
    lsb: 0,
  });

  it('e1: only "Machine check events logged"; S one SIGBUS SI_KERNEL, si_addr NULL, lsb 0; Ve nothing; no memory_failure', () => {
    const r = run61(scenario);
    const [e] = r.ev;
    // the sheet's harness filtered out the taint line (kernel/panic.c add_taint(), first machine check of a boot)
    expect(e.dmesg).toEqual([
      'Disabling lock debugging due to kernel taint',
      'mce: [Hardware Error]: Machine check events logged',
    ]);
    expect(e.signals).toEqual([siKernel(155)]);
    expect(e.trace).toEqual([]);
    expect(e.pfn).toBeNull();
    expect(r.sim.rt.steps.filter((s) => s.event === 0).map((s) => s.fn)).toEqual([
      'do_machine_check',
      'kill_me_now',
      'get_signal',
    ]);
  });

  it('e1: both PTEs stay; HardwareCorrupted stays 0 kB; a media bad block is recorded and read(2) of that page gets EIO', () => {
    const r = run61(scenario);
    for (const name of ['Ve', 'S'])
      expect(
        afterEvent(r, 0, () => ptOf(r, name, addrIn(r, `${name}/a`, 0x3000))),
        name,
      ).not.toBeNull();
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([0, 0, 0, 0, 0, 0]);
    const ns = r.k.namespace('pmem0');
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    const sector = (pfn - firstDataPfn(ns)) * 8;
    expect(ns.badblocks).toEqual([...Array(8)].map((_, i) => sector + i));
    expect(r.ev[1].return).toBe('-EIO');
    expect(r.ev[2].return).toBe('4096');
  });

  it('e1b: the store and each load of Vnew to the bad page get BUS_ADRERR at its exact address, lsb 0, and nothing is printed', () => {
    const r = run61(scenario);
    const Vnew = pidOf(r, 'Vnew');
    const addr = addrIn(r, 'Vnew/a', 0x3000);
    for (const e of r.ev.slice(3)) {
      expect(e.signals).toEqual([sigbus(Vnew, 'BUS_ADRERR', addr, 0)]);
      expect(e.dmesg).toEqual([]);
      expect(e.hardwareCorruptedKb).toBe(0);
    }
    expect(ptOf(r, 'Vnew', addr)).toBeNull();
  });
});
