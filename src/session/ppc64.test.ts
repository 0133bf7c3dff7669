/**
 * The ppc64 vmemmap crash (seed 003): v5.17–v6.3 populate a compound devmap's vmemmap with init_mm PTEs
 * whatever the architecture, which the hash MMU never walks, so a devdax probe oopses on its first struct
 * page store; with vmemmap_can_optimize() (v6.4, arch opt-in; in Debian 6.1.192 too) the same probe is fine.
 */
import { describe, expect, it } from 'vitest';
import { PPC64_VMEMMAP_START, ppc64Probe } from '../kernel/arch/ppc64';
import type { ScenarioInput } from '../scenario/schema';
import { simulateScenario } from './simulate';

const scenario = (arch: string, extra: Partial<ScenarioInput> = {}): ScenarioInput =>
  ({
    format: 1,
    id: 'ppc64-devdax',
    arch,
    namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', map: 'mem', align: '16MiB' }],
    ...extra,
  }) as ScenarioInput;

const run = (arch: string, kernel: string, extra: Partial<ScenarioInput> = {}) => {
  const r = simulateScenario(scenario(arch, extra), { kernel });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r;
};

describe('ppc64: the devdax probe and its vmemmap', () => {
  it('6.0 on ppc64-hash: the probe oopses at the first struct page (vmemmap + pfn*64 + 0x38), nothing translated', () => {
    const r = run('ppc64-hash', '6.0');
    const [p] = r.built.ppc64 ?? [];
    expect(p.populate).toBe('vmemmap_populate_compound_pages');
    expect(p.crashed).toBe(true);
    const first = Number(p.firstPfn);
    expect(p.faultAddr).toBe(`0x${(PPC64_VMEMMAP_START + BigInt(first) * 64n + 0x38n).toString(16)}`);
    expect(r.sim.report.dmesg[0]).toBe(`BUG: Unable to handle kernel data access on write at ${p.faultAddr}`);
    expect(r.sim.report.dmesg).toContain('Oops: Kernel access of bad area, sig: 11 [#1]');
    expect(p.structPages.every((s) => !s.translated)).toBe(true);
    expect(r.sim.report.events).toEqual([]);
  });

  it('6.0 on ppc64-radix: the same populate, but radix walks init_mm: no crash, and the 16 MiB compound pages share nothing (256 struct pages fill a quarter of a 64 KiB vmemmap page)', () => {
    const [p] = run('ppc64-radix', '6.0').built.ppc64 ?? [];
    expect(p.populate).toBe('vmemmap_populate_compound_pages');
    expect(p.crashed).toBe(false);
    expect(p.uniqueVmemmapPages).toBe(p.vmemmapPages);
  });

  it('6.12 and Debian 6.1.192 (vmemmap-arch-optin) probe the same namespace fine on ppc64-hash, without deduplication', () => {
    for (const k of ['6.12', '6.1']) {
      const r = run('ppc64-hash', k);
      const [p] = r.built.ppc64 ?? [];
      expect(p.populate, k).toBe('vmemmap_populate');
      expect(p.crashed, k).toBe(false);
      expect(p.translation).toMatch(/bolted HPTEs/);
      expect(p.uniqueVmemmapPages).toBe(p.vmemmapPages);
      expect(r.sim.report.dmesg).toEqual([]);
    }
  });

  it('4.19 has no compound devmap: order-0 struct pages, vmemmap_populate(), no crash', () => {
    const [p] = run('ppc64-hash', '4.19').built.ppc64 ?? [];
    expect(p.vmemmapShift).toBe(0);
    expect(p.crashed).toBe(false);
  });

  it('an altmap (map=dev) rules the optimisation out even on 6.0: no crash', () => {
    const p = ppc64Probe(
      { name: 'dax0.0', mode: 'devdax', start: 2 ** 32, size: 2 ** 30, align: 2 ** 24, map: 'dev' },
      'ppc64-hash',
      { compoundDevmap: true, archOptIn: false },
    );
    expect(p.crashed).toBe(false);
    expect(p.populate).toBe('vmemmap_populate');
  });

  it('a 1 GiB compound page spans 16 vmemmap pages: deduplicated to 2 per compound page on 6.0 radix', () => {
    const p = ppc64Probe(
      { name: 'dax0.0', mode: 'devdax', start: 2 ** 32, size: 2 ** 32, align: 2 ** 30, map: 'mem' },
      'ppc64-radix',
      { compoundDevmap: true, archOptIn: false },
    );
    expect(p.vmemmapPages).toBe(64);
    expect(p.uniqueVmemmapPages).toBe(8);
  });

  it('processes, filesystems or events on ppc64 are refused with the reason, naming the field', () => {
    const cases: [string, Partial<ScenarioInput>][] = [
      ['processes', { processes: [{ name: 'P' }] }],
      ['events', { events: [{ kind: 'unbind', namespace: 'dax0.0' }] }],
      ['filesystems', { filesystems: [{ type: 'ext4', device: 'dax0.0' }] }],
    ];
    for (const [field, extra] of cases) {
      const r = simulateScenario(scenario('ppc64-hash', extra), { kernel: '6.0' });
      expect(r.ok, field).toBe(false);
      if (!r.ok) {
        expect(r.issues[0].path).toBe(field);
        expect(r.issues[0].message).toMatch(/only the namespace probe and the memmap\/vmemmap layout are modelled/);
      }
    }
  });

  it('an unknown arch is a validation error naming the field', () => {
    const r = simulateScenario(scenario('sparc64'), {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain('arch');
  });
});
