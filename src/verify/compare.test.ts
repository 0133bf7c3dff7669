import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateBuiltin } from '../session/simulate';
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
});
