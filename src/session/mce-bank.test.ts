/**
 * Machine checks with their bank, MCi_STATUS, MCG_STATUS and MCi_MISC, as QEMU's monitor `mce` command
 * takes them (qemu-notes.md), decoded as 6.12.117 decodes them: arch/x86/kernel/cpu/mce/severity.c
 * severities[] (:72-229), core.c __mc_scan_banks() and do_machine_check() (:1465-1570), intel.c
 * intel_mce_usable_address() (:506-518), drivers/acpi/nfit/mce.c (:21-26).
 */
import { describe, expect, it } from 'vitest';
import { decodeMce } from '../kernel/arch/mce-severity';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, pidOf, run, sigbus, stepFns } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const SRAR = 0xbd80000000000134n;
const SRAO = 0xbd000000000000c0n;

describe('decodeMce: severities[] for a user-mode consumer', () => {
  const d = (status: bigint, mcgstatus: bigint, misc = 0x8cn, bank = 1) => decodeMce({ bank, status, mcgstatus, misc });

  it("QEMU's SRAR data load: AR, usable address (ADDRV|MISCV, LSB 12, physical), logged, a bad block", () => {
    for (const mcg of [0x6n, 0x7n]) {
      const r = d(SRAR, mcg);
      expect([r.severity, r.msg, r.kind]).toEqual(['AR', 'Action required: data load error in a user process', 'SRAR']);
      expect([r.usableAddress, r.logged, r.nfitBadblock, r.skipped]).toEqual([true, true, true, false]);
      expect(r.ripv).toBe(mcg === 0x7n);
    }
    expect(d(SRAR, 0x6n).bits).toEqual([
      'MCI_STATUS_VAL',
      'MCI_STATUS_UC',
      'MCI_STATUS_EN',
      'MCI_STATUS_MISCV',
      'MCI_STATUS_ADDRV',
      'MCI_STATUS_S',
      'MCI_STATUS_AR',
      'MCG_STATUS_EIPV',
      'MCG_STATUS_MCIP',
    ]);
  });

  it("QEMU's SRAO memory scrub (bank 0, MCG_STATUS RIPV|MCIP): AO", () => {
    const r = d(SRAO, 0x5n, 0x8cn, 0);
    expect([r.severity, r.msg, r.kind, r.logged]).toEqual([
      'AO',
      'Action optional: memory scrubbing error',
      'SRAO',
      true,
    ]);
  });

  it('the rows before AR: unaffected thread (RIPV without EIPV), no IP, no MCIP, PCC, lost events, not signalled, invalid', () => {
    expect(d(SRAR, 0x5n).msg).toBe('Action required but unaffected thread is continuable');
    expect(d(SRAR, 0x5n).logged).toBe(false);
    expect(d(SRAR, 0x4n).msg).toBe('Neither restart nor error IP');
    expect(d(SRAR, 0x3n).msg).toBe('MCIP not set in MCA handler');
    expect(d(SRAR | (1n << 57n), 0x7n).msg).toBe('Processor context corrupt');
    expect(d(SRAR | (1n << 62n), 0x7n).msg).toBe('Action required with lost events');
    // UC without S and AR: UCNA, and not signalled: left to machine_check_poll()
    const ucna = d(0xbc00000000000134n, 0x7n);
    expect([ucna.severity, ucna.skipped]).toEqual(['UCNA', true]);
    expect(d(0x3d80000000000134n, 0x7n)).toMatchObject({ severity: 'NO', msg: 'Invalid', skipped: true });
    // an unknown MCACOD with S|AR is fatal
    expect(d(0xbd80000000000000n, 0x7n).msg).toBe('Action required: unknown MCACOD');
  });

  it('mce_usable_address(): LSB above PAGE_SHIFT, or a non-physical address mode, is not usable', () => {
    expect(d(SRAR, 0x7n, 0x95n).usableAddress).toBe(false); // LSB 21
    expect(d(SRAR, 0x7n, 0x4cn).usableAddress).toBe(false); // mode 1 (linear)
    expect(d(SRAR, 0x7n, 0x95n).nfitBadblock).toBe(false);
  });
});

const scenario = (mce: Record<string, unknown>, extra: ScenarioInput['events'] = []): ScenarioInput => ({
  format: 1,
  id: 'mce-bank',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
  processes: [
    {
      name: 'Ve',
      mceKill: 'early',
      mappings: [{ name: 'a', file: '/mnt/f' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
    },
    { name: 'S', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
  ],
  events: [{ kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000', ...mce } as never, ...(extra ?? [])],
});

describe('mce events with a bank: the path the decoded severity takes', () => {
  it("giving QEMU's SRAR bank explicitly changes nothing: the same report as the default", () => {
    const plain = run(scenario({}));
    const explicit = run(scenario({ bank: 1, status: '0xbd80000000000134', mcgStatus: '0x7', misc: '0x8c' }));
    expect(explicit.report).toEqual(plain.report);
    const clear = run(scenario({ mcgStatus: '0x6' }), '6.1');
    expect(clear.report).toEqual(run(scenario({ ripv: false }), '6.1').report);
  });

  it('an SRAO bank goes through the decode chain: uc_decode_notifier() → memory_failure(pfn, 0), as an async MCE report does', () => {
    const r = run(scenario({ bank: 0, status: '0xbd000000000000c0', mcgStatus: '0x5' }));
    expect(stepFns(r, 0).slice(0, 3)).toEqual(['do_machine_check', 'uc_decode_notifier', 'memory_failure']);
    const asAsync = run({
      ...scenario({}),
      events: [{ kind: 'async', source: 'mce', target: { process: 'S', mapping: 'a', offset: '0x3000' } }],
    });
    expect(r.ev[0].signals).toEqual(asAsync.ev[0].signals);
    expect(r.ev[0].dmesg).toEqual(asAsync.ev[0].dmesg);
    expect(r.ev[0].result).toBe('Recovered');
    // the consumer is not current: only the early-kill mapper is signalled, AO
    expect(r.ev[0].signals).toEqual([sigbus(pidOf(r, 'Ve'), 'BUS_MCEERR_AO', addrIn(r, 'Ve/a', 0x3000), 12)]);
  });

  it('an SRAR with RIPV set and EIPV clear is "unaffected thread is continuable": taint only, no signal, no bad block', () => {
    const r = run(scenario({ mcgStatus: '0x5' }));
    expect(stepFns(r, 0)).toEqual(['do_machine_check']);
    expect(r.ev[0].dmesg).toEqual(['Disabling lock debugging due to kernel taint']);
    expect(r.ev[0].signals).toEqual([]);
    expect(r.k.namespace('pmem0').badblocks).toEqual([]);
    expect(r.ev[0].hardwareCorruptedKb).toBe(0);
  });

  it('6.12: an SRAR whose MCi_MISC LSB is 21 has no usable address: kill_me_now() (SI_KERNEL), no memory_failure(), no bad block', () => {
    const r = run(scenario({ misc: '0x95', mcgStatus: '0x6' }));
    expect(stepFns(r, 0)).toEqual(['do_machine_check', 'kill_me_now', 'get_signal']);
    expect(r.ev[0].signals.map((s) => [s.pid, s.code])).toEqual([[pidOf(r, 'S'), 'SI_KERNEL']]);
    expect(r.k.namespace('pmem0').badblocks).toEqual([]);
  });

  it('a fatal bank (PCC) ends in mce_panic(): the machine stops, later events do not run', () => {
    const r = run(scenario({ status: '0xbf80000000000134' }, [{ kind: 'read', process: 'S', file: '/mnt/f' }]));
    expect(r.sim.final).toBe('panic');
    expect(r.sim.rt.steps.at(-1)?.summary).toContain('Processor context corrupt');
    expect(r.ev).toHaveLength(1);
  });

  it('rejects a register that is not hex, and ripv contradicting mcgStatus, naming the field', () => {
    const issues = (mce: Record<string, unknown>) => {
      const r = simulateScenario(scenario(mce));
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(issues({ status: 'SRAR' })[0]).toMatch(/^events\[0\]\.status: not a 64-bit register value/);
    expect(issues({ status: '0x1ffffffffffffffff' })[0]).toMatch(/^events\[0\]\.status: /);
    expect(issues({ ripv: true, mcgStatus: '0x6' })[0]).toMatch(
      /^events\[0\]\.ripv: ripv true contradicts mcgStatus 0x6/,
    );
    expect(issues({ bank: 40 })[0]).toMatch(/^events\[0\]\.bank: /);
  });
});
