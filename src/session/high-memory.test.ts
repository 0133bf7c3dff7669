import { describe, expect, it } from 'vitest';
import { simulateScenario } from './simulate';

// pmem at 1 TiB: DAX entries (pfn << 4) no longer fit in 32 bits, so nothing may touch them bitwise
describe('pmem above 1 TiB', () => {
  it('a repeated injection locks and unlocks the 33-bit DAX entry and recovers twice', () => {
    const scenario = {
      format: 1,
      id: 'high-pmem',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB', phys: '0x10000000000' }],
      filesystems: [{ type: 'ext4', device: 'pmem0' }],
      files: [{ path: '/mnt/A', size: '4MiB' }],
      processes: [
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
      ],
      events: [
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      ],
    };
    const r = simulateScenario(scenario);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.sim.report.events.map((e) => [e.result, e.hardwareCorruptedKb])).toEqual([
      ['Recovered', 4],
      ['Recovered', 8],
    ]);
    expect(r.sim.report.events[1].pfn).toMatch(/^0x1000/);
  });
});
