import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateBuiltin, simulateScenario } from '../session/simulate';
import { compare, formatComparison, normaliseDmesg } from './compare';
import { parseRecord } from './record';

const FIXTURE = readFileSync(new URL('./__fixtures__/ext4-single-owner.record.txt', import.meta.url), 'utf8');

describe('kernel vs simulator', () => {
  it('agrees on the recorded 6.12.117 run of ext4-single-owner', () => {
    const sim = simulateBuiltin('ext4-single-owner');
    const c = compare(sim.built, sim.report, parseRecord(FIXTURE));
    expect(c.couldNotRun).toBeNull();
    expect(c.rows.filter((r) => !r.agree)).toEqual([]);
    expect(formatComparison(c)).toContain('P SIGBUS BUS_MCEERR_AR a+0x3000 lsb 12');
  });

  it('finds a difference when the kernel signals someone the model does not', () => {
    const sim = simulateBuiltin('ext4-single-owner');
    const extra = FIXTURE.replace(
      'meminfo 0 ',
      'sigbus V event 0 signo 7 code 5 addr 0x7fb815e03000 lsb 12 map a offset 0x3000\nmeminfo 0 ',
    );
    const c = compare(sim.built, sim.report, parseRecord(extra));
    expect(c.agree).toBe(false);
    expect(c.rows.find((r) => !r.agree)?.observable).toBe('[0] signals');
  });

  it('says why it could not compare when an event was not injected', () => {
    const sim = simulateBuiltin('ext4-single-owner');
    const c = compare(sim.built, sim.report, parseRecord('daxprobe 1\nskipped 0 mce: needs the monitor\nend\n'));
    expect(c.couldNotRun).toContain('not injected');
  });

  it('normalises pids, pfns, addresses and %pS offsets but keeps function names and file:line', () => {
    const pids = new Map([[192, 'P']]);
    expect(normaliseDmesg('[    7.56] Memory failure: 0x10a402: Sending SIGBUS to pmtest:192 due to x', pids)).toBe(
      'Memory failure: <hex>: Sending SIGBUS to pmtest:<P> due to x',
    );
    expect(
      normaliseDmesg(
        'XFS (pmem0): Corruption of in-memory data (0x8) detected at xfs_dax_notify_failure+0x1f0/0x2c0 [xfs] (fs/xfs/xfs_notify_failure.c:318).',
        pids,
      ),
    ).toBe(
      'XFS (pmem0): Corruption of in-memory data (<hex>) detected at xfs_dax_notify_failure+<off> [xfs] (fs/xfs/xfs_notify_failure.c:318).',
    );
  });

  it('normalises the bare hex of the mce and fault lines (%llx without 0x)', () => {
    expect(normaliseDmesg('mce: Uncorrected hardware memory error in user-access at 10a402000', new Map())).toBe(
      'mce: Uncorrected hardware memory error in user-access at <hex>',
    );
    expect(
      normaliseDmesg('MCE: Killing pmtest:210 due to hardware memory corruption fault at 7ff6a1603000', new Map()),
    ).toBe('MCE: Killing pmtest:210 due to hardware memory corruption fault at <hex>');
  });

  it("names kill_me_now()'s SI_KERNEL and its NULL address on the kernel side as the model does", () => {
    const sim = simulateBuiltin('ext4-single-owner');
    const rec = parseRecord(
      FIXTURE.replace('meminfo 0 ', 'sigbus P event 0 signo 7 code 128 addr 0x0 lsb 0 map - offset 0x0\nmeminfo 0 '),
    );
    const row = compare(sim.built, sim.report, rec).rows.find((r) => r.observable === '[0] signals');
    expect(row?.kernel).toContain('P SIGBUS SI_KERNEL 0x0 lsb 0');
  });

  it('agrees on the recorded 6.1.192 run of an SRAR without RIPV (kill_me_now: SI_KERNEL, no memory_failure)', () => {
    const scenario = JSON.parse(
      readFileSync(new URL('../../verify/scenarios/srar-no-ripv.json', import.meta.url), 'utf8'),
    );
    const r = simulateScenario({ ...scenario, kernel: '6.1' });
    if (!r.ok) throw new Error('invalid scenario');
    const rec = parseRecord(
      readFileSync(new URL('./__fixtures__/srar-no-ripv-6.1.record.txt', import.meta.url), 'utf8'),
    );
    const c = compare(r.built, r.sim.report, rec);
    expect(c.couldNotRun).toBeNull();
    expect(c.rows.filter((x) => !x.agree)).toEqual([]);
    expect(c.rows.find((x) => x.observable === '[0] signals')?.kernel).toEqual(['S SIGBUS SI_KERNEL 0x0 lsb 0']);
    // on 6.12 the same machine check goes to kill_me_maybe(): the model disagrees with this 6.1 record
    const r612 = simulateScenario({ ...scenario, kernel: '6.12' });
    if (!r612.ok) throw new Error('invalid scenario');
    expect(compare(r612.built, r612.sim.report, rec).agree).toBe(false);
  });
});
