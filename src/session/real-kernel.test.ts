/**
 * Every observation of /work/shared/kernel/real-kernel.md (Debian 6.12.117 in QEMU with an emulated
 * NVDIMM), rebuilt as a scenario with the same setup. The kernel's dmesg is compared line by line after
 * putting our pfns and addresses in place of the real ones; pids are pinned to the real ones.
 */
import { describe, expect, it } from 'vitest';
import { firstDataPfn } from '../kernel/kernel';
import { hex, PAGE_SIZE, rawHex } from '../kernel/units';
import type { ScenarioInput } from '../scenario/schema';
import {
  addrIn,
  afterEvent,
  allDmesg,
  beforeEvents,
  devdaxPfn,
  filePfn,
  pidOf,
  ptOf,
  run,
  sigbus,
} from './__fixtures__/helpers';

type Policy = 'default' | 'early' | 'late';

/** The real log with its run-specific numbers replaced by ours (longest first, so no replacement eats another). */
function ourLog(real: string, subs: Record<string, string>): string[] {
  const keys = Object.keys(subs).sort((a, b) => b.length - a.length);
  return real
    .trim()
    .split('\n')
    .map((line) => {
      let out = line.trim();
      for (const key of keys) out = out.split(key).join(subs[key]);
      return out;
    });
}

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;

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

describe('real-kernel §1: ext4 -o dax, one 4 MiB file, V1 default, V2 early, V3 late, P default', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real-1-ext4',
    namespaces: [PMEM0],
    filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/file', size: '4MiB' }],
    processes: [
      fileMapper('V1', 'default', '/mnt/file'),
      fileMapper('V2', 'early', '/mnt/file', { pid: 206 }),
      fileMapper('V3', 'late', '/mnt/file'),
      fileMapper('P', 'default', '/mnt/file', { pid: 215 }),
      // the repeat: a new early mapper and a new poisoner, created later
      fileMapper('V4', 'early', '/mnt/file', { touch: null }),
      fileMapper('P2', 'default', '/mnt/file', { touch: null }),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V1', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V4', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P2', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('P AR at its exact address, V2 AO, V1/V3 nothing; dmesg in task-list order (V2 before P); 0 → 4 kB', () => {
    const r = run(scenario);
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/file', 0x3000);
    // the extent is not 2 MiB-aligned, so every mapping is PTE-level
    expect(filePfn(r, 'pmem0', '/mnt/file', 0) % 512).not.toBe(0);
    expect(beforeEvents(r, () => ptOf(r, 'P', addrIn(r, 'P/a', 0x3000))?.level)).toBe('pte');
    const pAddr = addrIn(r, 'P/a', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10a403 at process virtual address 0x7efc13003000
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:206 due to hardware memory corruption
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:215 due to hardware memory corruption
        Memory failure: 0x10a403: recovery action for dax page: Recovered`,
        { '0x10a403': hex(pfn), '0x7efc13003000': hex(pAddr) },
      ),
    );
    expect(e.trace).toEqual([`pfn ${hex(pfn)}: recovery action for dax page: Recovered`]);
    expect(e.signals).toEqual([
      sigbus(206, 'BUS_MCEERR_AO', addrIn(r, 'V2/a', 0x3000), 12),
      sigbus(215, 'BUS_MCEERR_AR', pAddr, 12),
    ]);
    expect(beforeEvents(r, () => r.k.counters.num_poisoned_pages * 4)).toBe(0);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it("every process's PTE for the page is gone; the next access faults it in again and reads the old data", () => {
    const r = run(scenario);
    const [, v1access] = r.ev;
    for (const name of ['V1', 'V2', 'V3', 'P']) {
      const addr = addrIn(r, `${name}/a`, 0x3000);
      expect(
        beforeEvents(r, () => ptOf(r, name, addr)),
        name,
      ).not.toBeNull();
      expect(
        afterEvent(r, 0, () => ptOf(r, name, addr)),
        name,
      ).toBeNull();
    }
    expect(v1access.signals).toEqual([]);
    expect(v1access.dmesg).toEqual([]);
    expect(afterEvent(r, 1, () => ptOf(r, 'V1', addrIn(r, 'V1/a', 0x3000)))).not.toBeNull();
    // a software injection marks no media error
    expect(r.k.namespace('pmem0').badblocks).toEqual([]);
  });

  it('poisoning the same pfn again: the same three kinds of lines, P2 AR, V4 AO, HardwareCorrupted 8 kB', () => {
    const r = run(scenario);
    const e = r.ev[3];
    const pfn = filePfn(r, 'pmem0', '/mnt/file', 0x3000);
    const [V4, P2] = [pidOf(r, 'V4'), pidOf(r, 'P2')];
    const p2Addr = addrIn(r, 'P2/a', 0x3000);
    expect(e.pfn).toBe(hex(pfn));
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10a403 at process virtual address 0x7efc13003000
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:V4 due to hardware memory corruption
        Memory failure: 0x10a403: Sending SIGBUS to pmtest:P2 due to hardware memory corruption
        Memory failure: 0x10a403: recovery action for dax page: Recovered`,
        { '0x10a403': hex(pfn), '0x7efc13003000': hex(p2Addr), ':V4 ': `:${V4} `, ':P2 ': `:${P2} ` },
      ),
    );
    expect(e.signals).toEqual([
      sigbus(V4, 'BUS_MCEERR_AO', addrIn(r, 'V4/a', 0x3000), 12),
      sigbus(P2, 'BUS_MCEERR_AR', p2Addr, 12),
    ]);
    expect(e.result).toBe('Recovered');
    expect(e.hardwareCorruptedKb).toBe(8);
  });
});

describe('real-kernel §2: XFS reflink=1,rmapbt=1, dax=always; B = cp --reflink=always A', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real-2-xfs-reflink',
    namespaces: [PMEM0],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/B', reflink: '/mnt/A' },
    ],
    processes: [
      // b1
      fileMapper('VBe', 'early', '/mnt/B', { pid: 214 }),
      fileMapper('P', 'default', '/mnt/A', { pid: 222 }),
      // b2 (VBd's pid is not in the log)
      fileMapper('VBd', 'default', '/mnt/B', { touch: '0x4000' }),
      fileMapper('P2', 'default', '/mnt/A', { pid: 252, touch: '0x4000' }),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P2', mapping: 'a', offset: '0x4000' },
    ],
  };

  it("b1: P (A's owner, created later) is named first — A's rmap record precedes B's; VBe AO in B", () => {
    const r = run(scenario);
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(filePfn(r, 'pmem0', '/mnt/B', 0x3000)).toBe(pfn);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10221b at process virtual address 0x7fc091c03000
        Memory failure: 0x10221b: Sending SIGBUS to pmtest:222 due to hardware memory corruption
        Memory failure: 0x10221b: Sending SIGBUS to pmtest:214 due to hardware memory corruption
        Memory failure: 0x10221b: recovery action for dax page: Recovered`,
        { '0x10221b': hex(pfn), '0x7fc091c03000': hex(pAddr) },
      ),
    );
    expect(e.signals).toEqual([
      sigbus(222, 'BUS_MCEERR_AR', pAddr, 12),
      sigbus(214, 'BUS_MCEERR_AO', addrIn(r, 'VBe/a', 0x3000), 12),
    ]);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it("b2: P2 AR only; VBd keeps its mapping of the poisoned page (B's round collected nobody); 8 kB", () => {
    const r = run(scenario);
    const e = r.ev[1];
    const pfn1 = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x4000);
    expect(pfn).toBe(pfn1 + 1); // 0x10221b, 0x10221c
    const p2Addr = addrIn(r, 'P2/a', 0x4000);
    const vbdAddr = addrIn(r, 'VBd/a', 0x4000);
    expect(e.dmesg).toEqual(
      ourLog(
        `
        Injecting memory failure for pfn 0x10221c at process virtual address 0x7f71f1004000
        Memory failure: 0x10221c: Sending SIGBUS to pmtest:252 due to hardware memory corruption
        Memory failure: 0x10221c: recovery action for dax page: Recovered`,
        { '0x10221c': hex(pfn), '0x7f71f1004000': hex(p2Addr) },
      ),
    );
    expect(e.signals).toEqual([sigbus(252, 'BUS_MCEERR_AR', p2Addr, 12)]);
    expect(ptOf(r, 'VBd', vbdAddr)).toMatchObject({ level: 'pte', pfn });
    expect(e.unmapped.some((u) => u.pid === pidOf(r, 'VBd'))).toBe(false);
    expect(e.hardwareCorruptedKb).toBe(8);
  });
});

describe('real-kernel §3: devdax -m devdax -a 2M, memmap on the device (map: dev)', () => {
  const devdaxMapper = (name: string, mceKill: Policy, pid?: number) => ({
    name,
    mceKill,
    ...(pid ? { pid } : {}),
    mappings: [{ name: 'a', device: 'dax0.0', length: '4MiB' }],
    touch: [{ mapping: 'a', offset: '0x3000' }],
  });
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real-3-devdax',
    namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '2GiB', map: 'dev', align: '2MiB' }],
    processes: [
      devdaxMapper('V1', 'default'),
      devdaxMapper('V2', 'early', 192),
      devdaxMapper('V3', 'late'),
      devdaxMapper('P', 'default', 197),
    ],
    events: [
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      // the test programs touch their pages again before the repeat
      { kind: 'access', process: 'V1', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V2', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'V3', mapping: 'a', offset: '0x3000' },
      { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
    ],
  };

  const log = `
    Injecting memory failure for pfn 0x102203 at process virtual address 0x7f3f47403000
    Memory failure: 0x102203: Sending SIGBUS to pmtest:192 due to hardware memory corruption
    Memory failure: 0x102203: Sending SIGBUS to pmtest:197 due to hardware memory corruption
    Memory failure: 0x102203: recovery action for dax page: Recovered`;

  it('compound pages from an altmap: no vmemmap deduplication (vmemmap_can_optimize is false)', () => {
    const r = run(scenario);
    const ns = r.k.namespace('dax0.0');
    const pfn = devdaxPfn(r, 'dax0.0', 0x3000);
    expect(ns.pgmap.altmap).not.toBeNull();
    expect(ns.pgmap.vmemmap_shift).toBe(9);
    expect(ns.vmemmap.optimized).toBe(false);
    expect(ns.pages.compound_head(pfn)).toBe(pfn - 3);
  });

  it('P AR and V2 AO, both at their 2 MiB-aligned base with lsb 21; task-list order; same again on a repeat, 4 → 8 kB', () => {
    const r = run(scenario);
    const pfn = devdaxPfn(r, 'dax0.0', 0x3000);
    expect(pfn % 512).toBe(3);
    const pBase = addrIn(r, 'P/a');
    for (const e of [r.ev[0], r.ev[4]]) {
      expect(e.dmesg).toEqual(ourLog(log, { '0x102203': hex(pfn), '0x7f3f47403000': hex(pBase + 0x3000) }));
      expect(e.signals).toEqual([
        sigbus(192, 'BUS_MCEERR_AO', addrIn(r, 'V2/a'), 21),
        sigbus(197, 'BUS_MCEERR_AR', pBase, 21),
      ]);
      expect(e.result).toBe('Recovered');
      expect(e.hwpoison).toEqual([hex(pfn - 3)]);
    }
    for (const e of r.ev.slice(1, 4)) {
      expect(e.signals).toEqual([]);
      expect(e.dmesg).toEqual([]);
    }
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([4, 4, 4, 4, 8]);
  });
});

describe('real-kernel §4: a real machine check (SRAR) on ext4 -o dax; S (default) consumes, Ve (early) maps', () => {
  const scenario: ScenarioInput = {
    format: 1,
    id: 'real-4-mce',
    namespaces: [PMEM0],
    filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/file', size: '4MiB' }],
    processes: [
      fileMapper('Ve', 'early', '/mnt/file', { pid: 209 }),
      fileMapper('S', 'default', '/mnt/file', { pid: 210 }),
      // maps the file afresh after the event: nothing faulted in yet
      fileMapper('N', 'default', '/mnt/file', { touch: null }),
    ],
    events: [
      { kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000' },
      // S's read loop touches the page again, twice
      { kind: 'access', process: 'S', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'S', mapping: 'a', offset: '0x3000' },
      { kind: 'read', process: 'S', file: '/mnt/file', offset: '0x3000', length: 4096 },
      { kind: 'access', process: 'N', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('dmesg: the mce lines, Ve then S, Recovered, then one "MCE: Killing" per retry of S — line by line', () => {
    const r = run(scenario);
    const pfn = filePfn(r, 'pmem0', '/mnt/file', 0x3000);
    const sAddr = addrIn(r, 'S/a', 0x3000);
    // real-kernel.md's harness kept only lines matching its filter; the taint line (kernel/panic.c add_taint(),
    // the boot's first machine check) is in every npm run verify run with a machine check (verify/builtins-6.12.md)
    expect(r.ev.slice(0, 3).flatMap((e) => e.dmesg)).toEqual(
      ourLog(
        `
        Disabling lock debugging due to kernel taint
        mce: Uncorrected hardware memory error in user-access at 10a402000
        mce: [Hardware Error]: Machine check events logged
        Memory failure: 0x10a402: Sending SIGBUS to pmtest:209 due to hardware memory corruption
        Memory failure: 0x10a402: Sending SIGBUS to pmtest:210 due to hardware memory corruption
        Memory failure: 0x10a402: recovery action for dax page: Recovered
        MCE: Killing pmtest:210 due to hardware memory corruption fault at 7ff6a1603000
        MCE: Killing pmtest:210 due to hardware memory corruption fault at 7ff6a1603000`,
        { '10a402000': rawHex(pfn * PAGE_SIZE), '0x10a402': hex(pfn), '7ff6a1603000': rawHex(sAddr) },
      ),
    );
  });

  it('S AR and Ve AO (lsb 12); a media bad block is recorded; HardwareCorrupted 4 kB', () => {
    const r = run(scenario);
    const [e] = r.ev;
    const pfn = filePfn(r, 'pmem0', '/mnt/file', 0x3000);
    expect(e.pfn).toBe(hex(pfn));
    expect(e.signals).toEqual([
      sigbus(209, 'BUS_MCEERR_AO', addrIn(r, 'Ve/a', 0x3000), 12),
      sigbus(210, 'BUS_MCEERR_AR', addrIn(r, 'S/a', 0x3000), 12),
    ]);
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    const ns = r.k.namespace('pmem0');
    const sector = (pfn - firstDataPfn(ns)) * 8;
    expect(ns.badblocks).toContain(sector);
    expect(ns.badblocks).toContain(sector + 7);
    expect(r.ev.map((x) => x.hardwareCorruptedKb)).toEqual([4, 4, 4, 4, 4]);
  });

  it('every later access faults on the bad block: AR lsb 12 (fault path, not memory_failure); read(2) gets EIO', () => {
    const r = run(scenario);
    const [, again1, again2, read, fresh] = r.ev;
    const sAddr = addrIn(r, 'S/a', 0x3000);
    const nAddr = addrIn(r, 'N/a', 0x3000);
    const N = pidOf(r, 'N');
    for (const e of [again1, again2]) {
      expect(e.dmesg).toEqual([`MCE: Killing pmtest:210 due to hardware memory corruption fault at ${rawHex(sAddr)}`]);
      expect(e.signals).toEqual([sigbus(210, 'BUS_MCEERR_AR', sAddr, 12)]);
      expect(e.pfn).toBeNull();
      expect(e.trace).toEqual([]);
    }
    expect(read.return).toBe('-EIO');
    expect(read.signals).toEqual([]);
    expect(fresh.dmesg).toEqual([
      `MCE: Killing pmtest:${N} due to hardware memory corruption fault at ${rawHex(nAddr)}`,
    ]);
    expect(fresh.signals).toEqual([sigbus(N, 'BUS_MCEERR_AR', nAddr, 12)]);
    expect(allDmesg(r).filter((l) => l.startsWith('Memory failure:'))).toHaveLength(3);
  });
});
