import { describe, expect, it } from 'vitest';
import { badblocksLines, eventState, fsState, meminfoHardwareCorrupted } from './outcomeModel';

describe('outcomeModel', () => {
  it('prints HardwareCorrupted as /proc/meminfo does (%5lu kB)', () => {
    expect(meminfoHardwareCorrupted(0)).toBe('HardwareCorrupted:     0 kB');
    expect(meminfoHardwareCorrupted(4)).toBe('HardwareCorrupted:     4 kB');
    expect(meminfoHardwareCorrupted(123456)).toBe('HardwareCorrupted: 123456 kB');
  });

  it('merges consecutive bad sectors into "sector count" lines', () => {
    expect(badblocksLines([])).toEqual([]);
    expect(badblocksLines([272, 273, 274, 275, 276, 277, 278, 279])).toEqual(['272 8']);
    expect(badblocksLines([9, 8, 1, 2, 3, 3, 20])).toEqual(['1 3', '8 2', '20 1']);
  });

  it('names event and filesystem states', () => {
    const ev = { index: 1, label: 'x', done: false, result: null, ret: null };
    expect(eventState({ ...ev, done: true }, 1)).toBe('done');
    expect(eventState(ev, 1)).toBe('running');
    expect(eventState(ev, 0)).toBe('not started');
    expect(eventState(ev, null)).toBe('not started');
    const fs = { dev: 'pmem0', type: 'xfs', mount: '/mnt', shutdown: false, frozen: false, holder: true };
    expect(fsState(fs)).toBe('mounted');
    expect(fsState({ ...fs, shutdown: true })).toBe('shut down');
    expect(fsState({ ...fs, shutdown: true, frozen: true })).toBe('shut down, frozen');
  });
});
