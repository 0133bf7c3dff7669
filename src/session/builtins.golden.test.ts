/**
 * The nine built-in scenarios against what Linux 6.12 does for the same setup (reference.md §1–§3,
 * real-kernel.md, docs/kernel-notes-6.12.md): signals, dmesg, result, return, hwpoison, unmapped ranges,
 * HardwareCorrupted and shutdown — and a golden copy of each report under __fixtures__/golden/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstDataPfn } from '../kernel/kernel';
import { pgmap_pfn_valid } from '../kernel/mm/memremap';
import { hex, PAGE_SIZE, PMD_SIZE } from '../kernel/units';
import { DEFAULT_VARIANT, variantIds } from '../kernel/variants/variants';
import { BUILTIN_SCENARIOS, isDesignReview } from '../scenario/builtins';
import {
  addrIn,
  beforeEvents,
  devdaxPfn,
  filePfn,
  msg,
  pidOf,
  ptOf,
  type Run,
  run,
  sigbus,
  xfsShutdownLine,
} from './__fixtures__/helpers';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'golden');

function builtin(id: string): Run {
  const s = BUILTIN_SCENARIOS.find((b) => b.id === id);
  if (!s) throw new Error(`no built-in ${id}`);
  return run(s);
}

const range = (pid: number, start: number, len: number) => ({ pid, start: hex(start), end: hex(start + len) });

describe('built-in scenarios: the Linux 6.12 outcome', () => {
  it('there are exactly nine built-ins besides the design reviews, each running to the end', () => {
    const nine = BUILTIN_SCENARIOS.filter((s) => !isDesignReview(s));
    expect(nine.map((s) => s.id).sort()).toEqual(
      [
        'altmap-memmap-space',
        'async-no-current',
        'devdax-2m-compound',
        'ext4-single-owner',
        'fsdax-pmd-mapping',
        'repeat-poison',
        'unbind-pre-remove',
        'xfs-metadata-hit',
        'xfs-reflink-shared',
      ].sort(),
    );
    for (const s of nine) {
      const r = run(s);
      expect(r.sim.final, s.id).toBe('done');
      expect(r.report.kernel).toBe(s.kernel ?? '6.12');
      expect(r.report.scenario).toBe(s.id);
    }
  });

  it('ext4-single-owner: generic path (no dax holder), madvise injector gets BUS_MCEERR_AR, V loses its PTE', () => {
    const r = builtin('ext4-single-owner');
    const [e] = r.ev;
    const P = pidOf(r, 'P');
    const V = pidOf(r, 'V');
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(e.pfn).toBe(hex(pfn));
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const vAddr = addrIn(r, 'V/a', 0x3000);
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
    expect(e.dmesg).toEqual([msg.injecting(pfn, pAddr), msg.sending(pfn, P), msg.recovery(pfn, 'Recovered')]);
    expect(e.trace).toEqual([msg.trace(pfn, 'Recovered')]);
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    expect(e.hwpoison).toEqual([hex(pfn)]);
    // unmap_mapping_range() zaps the page in every VMA of the file: V is not signalled but unmapped
    expect(e.unmapped).toContainEqual(range(V, vAddr, PAGE_SIZE));
    expect(e.unmapped).toContainEqual(range(P, pAddr, PAGE_SIZE));
    expect(beforeEvents(r, () => ptOf(r, 'V', vAddr))).not.toBeNull();
    expect(ptOf(r, 'V', vAddr)).toBeNull();
    expect(e.hardwareCorruptedKb).toBe(4);
    expect(r.report.hardwareCorruptedKb).toBe(4);
    expect(e.shutdown).toBe(false);
    // a software injection records no media error
    expect(r.k.namespace('pmem0').badblocks).toEqual([]);
  });

  it('xfs-reflink-shared: one rmap round per owner — A first (P AR), then B (R AO); Q lost its PTE at setup', () => {
    const r = builtin('xfs-reflink-shared');
    const [e] = r.ev;
    const [P, Q, R] = [pidOf(r, 'P'), pidOf(r, 'Q'), pidOf(r, 'R')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(filePfn(r, 'pmem0', '/mnt/B', 0x3000)).toBe(pfn);
    expect(e.pfn).toBe(hex(pfn));
    const pAddr = addrIn(r, 'P/a', 0x3000);
    const rAddr = addrIn(r, 'R/a', 0x3000);
    const qAddr = addrIn(r, 'Q/a', 0x3000);
    // R's fault of the shared extent ran dax_insert_entry()'s unmap of B's index: Q had no PTE left
    expect(beforeEvents(r, () => ptOf(r, 'Q', qAddr))).toBeNull();
    expect(beforeEvents(r, () => ptOf(r, 'R', rAddr))).not.toBeNull();
    expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12), sigbus(R, 'BUS_MCEERR_AO', rAddr, 12)]);
    expect(e.signals.some((s) => s.pid === Q)).toBe(false);
    // the first machine check of the boot taints the kernel (seen under npm run verify, verify/builtins-6.12.md)
    expect(e.dmesg).toEqual([
      msg.taint,
      msg.mceUserAccess(pfn),
      msg.mceLogged,
      msg.sending(pfn, P),
      msg.sending(pfn, R),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.dmesg[1]).toBe(
      `mce: Uncorrected hardware memory error in user-access at ${(pfn * PAGE_SIZE).toString(16)}`,
    );
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    // mf_dax_kill_procs() sets PG_hwpoison in each owner's round
    expect(e.hwpoison).toEqual([hex(pfn), hex(pfn)]);
    expect(e.unmapped).toEqual([range(P, pAddr, PAGE_SIZE), range(R, rAddr, PAGE_SIZE)]);
    expect(e.hardwareCorruptedKb).toBe(4);
    expect(e.shutdown).toBe(false);
    // nfit_handle_mce(): the machine check becomes a media bad block (8 sectors of the page)
    const ns = r.k.namespace('pmem0');
    const first = (pfn - firstDataPfn(ns)) * 8;
    expect(ns.badblocks).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => first + i));
  });

  it('xfs-metadata-hit: inode chunk owner → want_shutdown, SHUTDOWN_CORRUPT_ONDISK, -EFSCORRUPTED, "Failed"', () => {
    const r = builtin('xfs-metadata-hit');
    const [e] = r.ev;
    const ns = r.k.namespace('pmem0');
    const pfn = Number(e.pfn);
    const block = pfn - firstDataPfn(ns);
    const fs = r.k.filesystems.get('pmem0');
    const chunk = fs?.metadata.find((m) => m.what === 'inode chunks');
    expect(chunk && block >= chunk.block && block < chunk.block + chunk.len).toBe(true);
    expect(e.signals).toEqual([]);
    // an action-optional machine check: do_machine_check() taints, mce_notify_irq() reports, then the work
    expect(e.dmesg).toHaveLength(5);
    expect(e.dmesg.slice(0, 2)).toEqual([msg.taint, msg.mceLogged]);
    expect(e.dmesg[2]).toMatch(xfsShutdownLine('Corruption of on-disk metadata (0x10)', 318));
    expect(e.dmesg[3]).toBe(msg.xfsUnmount());
    expect(e.dmesg[4]).toBe(msg.recovery(pfn, 'Failed'));
    expect(e.trace).toEqual([msg.trace(pfn, 'Failed')]);
    expect(e.result).toBe('Failed');
    expect(e.return).toBe('-EUCLEAN');
    expect(e.hwpoison).toEqual([]);
    expect(e.unmapped).toEqual([]);
    expect(e.hardwareCorruptedKb).toBe(4);
    expect(e.shutdown).toBe(true);
  });

  it('devdax-2m-compound: task-list order V2 AO then P AR, si_addr = 2 MiB-aligned base, lsb 21, PG_hwpoison on the head', () => {
    const r = builtin('devdax-2m-compound');
    const [e] = r.ev;
    const [V1, V2, V3, P] = ['V1', 'V2', 'V3', 'P'].map((n) => pidOf(r, n));
    const pfn = devdaxPfn(r, 'dax0.0', 0x3000);
    expect(pfn % 512).toBe(3);
    const head = pfn - 3;
    expect(e.pfn).toBe(hex(pfn));
    const pBase = addrIn(r, 'P/a');
    const v2Base = addrIn(r, 'V2/a');
    expect(pBase % PMD_SIZE).toBe(0);
    expect(v2Base % PMD_SIZE).toBe(0);
    expect(e.signals).toEqual([sigbus(V2, 'BUS_MCEERR_AO', v2Base, 21), sigbus(P, 'BUS_MCEERR_AR', pBase, 21)]);
    expect(e.signals.some((s) => s.pid === V1 || s.pid === V3)).toBe(false);
    // the Sending lines print the failing pfn (...203), not the head
    expect(e.dmesg).toEqual([
      msg.injecting(pfn, pBase + 0x3000),
      msg.sending(pfn, V2),
      msg.sending(pfn, P),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    expect(e.hwpoison).toEqual([hex(head)]);
    // the whole 2 MiB compound page is unmapped from every mapper of the device
    for (const [pid, key] of [
      [V1, 'V1/a'],
      [V2, 'V2/a'],
      [V3, 'V3/a'],
      [P, 'P/a'],
    ] as const)
      expect(e.unmapped).toContainEqual(range(pid, addrIn(r, key), PMD_SIZE));
    expect(e.hardwareCorruptedKb).toBe(4);
    expect(e.shutdown).toBe(false);
  });

  it('fsdax-pmd-mapping: P AR and V AO with lsb 21 at the exact page address; 2 MiB unmapped in both', () => {
    const r = builtin('fsdax-pmd-mapping');
    const [e] = r.ev;
    const [P, V] = [pidOf(r, 'P'), pidOf(r, 'V')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pBase = addrIn(r, 'P/a');
    const vBase = addrIn(r, 'V/a');
    expect(beforeEvents(r, () => ptOf(r, 'P', pBase + 0x3000)?.level)).toBe('pmd');
    expect(beforeEvents(r, () => ptOf(r, 'V', vBase + 0x3000)?.level)).toBe('pmd');
    expect(e.signals).toEqual([
      sigbus(P, 'BUS_MCEERR_AR', pBase + 0x3000, 21),
      sigbus(V, 'BUS_MCEERR_AO', vBase + 0x3000, 21),
    ]);
    expect(e.dmesg).toEqual([
      msg.injecting(pfn, pBase + 0x3000),
      msg.sending(pfn, P),
      msg.sending(pfn, V),
      msg.recovery(pfn, 'Recovered'),
    ]);
    expect(e.unmapped).toEqual([range(P, pBase, PMD_SIZE), range(V, vBase, PMD_SIZE)]);
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    expect(e.hwpoison).toEqual([hex(pfn)]);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('repeat-poison: no "already poisoned" shortcut for ZONE_DEVICE — P AR twice, HardwareCorrupted 4 then 8 kB', () => {
    const r = builtin('repeat-poison');
    const P = pidOf(r, 'P');
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const pAddr = addrIn(r, 'P/a', 0x3000);
    expect(r.ev).toHaveLength(2);
    for (const e of r.ev) {
      expect(e.signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', pAddr, 12)]);
      expect(e.dmesg).toEqual([msg.injecting(pfn, pAddr), msg.sending(pfn, P), msg.recovery(pfn, 'Recovered')]);
      expect(e.result).toBe('Recovered');
      expect(e.return).toBe('0');
      expect(e.hwpoison).toEqual([hex(pfn)]);
    }
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([4, 8]);
    expect(r.report.hardwareCorruptedKb).toBe(8);
  });

  it('altmap-memmap-space: a pfn of the on-device memmap is not pgmap_pfn_valid → -ENXIO, "Failed", no signal', () => {
    const r = builtin('altmap-memmap-space');
    const [e] = r.ev;
    const ns = r.k.namespace('pmem0');
    const pfn = Number(e.pfn);
    const altmap = ns.pgmap.altmap;
    if (!altmap) throw new Error('map=dev namespace without an altmap');
    // inside the altmap's memmap part: after the info-block reserve, before the data
    expect(pfn).toBeGreaterThanOrEqual(altmap.base_pfn + altmap.reserve);
    expect(pfn).toBeLessThan(altmap.base_pfn + altmap.reserve + altmap.free);
    expect(pfn).toBeLessThan(firstDataPfn(ns));
    expect(pgmap_pfn_valid(ns.pgmap, pfn)).toBe(false);
    expect(e.signals).toEqual([]);
    expect(e.dmesg).toEqual([msg.taint, msg.mceLogged, msg.recovery(pfn, 'Failed')]);
    expect(e.result).toBe('Failed');
    expect(e.return).toBe('-ENXIO');
    expect(e.hwpoison).toEqual([]);
    expect(e.unmapped).toEqual([]);
    expect(e.hardwareCorruptedKb).toBe(4);
    expect(e.shutdown).toBe(false);
  });

  it('async-no-current: from a kworker only the early-kill V gets BUS_MCEERR_AO; W is not signalled but unmapped', () => {
    const r = builtin('async-no-current');
    const [e] = r.ev;
    const [V, W] = [pidOf(r, 'V'), pidOf(r, 'W')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    const vAddr = addrIn(r, 'V/a', 0x3000);
    const wAddr = addrIn(r, 'W/a', 0x3000);
    expect(e.signals).toEqual([sigbus(V, 'BUS_MCEERR_AO', vAddr, 12)]);
    expect(e.signals.some((s) => s.code === 'BUS_MCEERR_AR')).toBe(false);
    expect(e.dmesg).toEqual([msg.taint, msg.mceLogged, msg.sending(pfn, V), msg.recovery(pfn, 'Recovered')]);
    expect(e.unmapped).toContainEqual(range(W, wAddr, PAGE_SIZE));
    expect(ptOf(r, 'W', wAddr)).toBeNull();
    expect(e.result).toBe('Recovered');
    expect(e.return).toBe('0');
    expect(e.hwpoison).toEqual([hex(pfn)]);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('unbind-pre-remove: MF_MEM_PRE_REMOVE signals every task with the page mapped (AO), no hwpoison, fs shut down', () => {
    const r = builtin('unbind-pre-remove');
    const [e] = r.ev;
    const [E, L, U] = [pidOf(r, 'E'), pidOf(r, 'L'), pidOf(r, 'U')];
    const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
    expect(e.signals).toEqual([
      sigbus(E, 'BUS_MCEERR_AO', addrIn(r, 'E/a', 0x3000), 12),
      sigbus(L, 'BUS_MCEERR_AO', addrIn(r, 'L/a', 0x3000), 12),
    ]);
    expect(e.signals.some((s) => s.pid === U)).toBe(false);
    expect(e.dmesg).toContain(msg.xfsRemoved());
    expect(e.dmesg.slice(0, 3)).toEqual([msg.xfsRemoved(), msg.sending(pfn, E), msg.sending(pfn, L)]);
    expect(e.dmesg.slice(3, 5)).toEqual([msg.xfsUserShutdown(), e.dmesg[4]]);
    expect(e.dmesg[4]).toMatch(xfsShutdownLine('Metadata I/O Error (0x4)', 316));
    expect(e.dmesg[5]).toBe(msg.xfsUnmount());
    expect(e.dmesg).toHaveLength(6);
    expect(e.dmesg.some((l) => l.includes('recovery action'))).toBe(false);
    expect(e.trace).toEqual([]);
    expect(e.pfn).toBeNull();
    expect(e.result).toBeNull();
    expect(e.hwpoison).toEqual([]);
    expect(e.hardwareCorruptedKb).toBe(0);
    expect(r.report.hardwareCorruptedKb).toBe(0);
    expect(e.shutdown).toBe(true);
    expect(r.k.namespace('pmem0').dax_dev.alive).toBe(false);
  });
});

describe('built-in scenarios: golden reports per variant (__fixtures__/golden/<id>[@<variant>].json)', () => {
  for (const kernel of variantIds())
    for (const s of BUILTIN_SCENARIOS) {
      const name = kernel === DEFAULT_VARIANT ? s.id : `${s.id}@${kernel}`;
      it(`${name} report matches its golden copy`, () => {
        const text = `${JSON.stringify(run(s, kernel).report, null, 2)}\n`;
        const file = join(GOLDEN, `${name}.json`);
        if (!existsSync(file)) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, text);
          return;
        }
        // compared as JSON values: the formatter (biome) may lay the file out differently from JSON.stringify
        const golden = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
        if (golden !== JSON.stringify(JSON.parse(text))) {
          writeFileSync(`${file}.changed`, text);
          expect.fail(
            `${name}: the report differs from ${file}; the new one is in ${file}.changed — review the diff and replace the golden copy if the change is intended`,
          );
        }
      });
    }
});
