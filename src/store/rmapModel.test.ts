import { describe, expect, it } from 'vitest';
import { simulateBuiltin } from '../session/simulate';
import { createAppStore } from './inlineStore';
import { rmapAbsenceOf, rmapFlagNames, selectRmapAbsence } from './rmapModel';
import { selectRmap } from './selectors';

describe('rmapFlagNames', () => {
  it('names the in-core rm_flags bits', () => {
    expect(rmapFlagNames(0)).toEqual([]);
    expect(rmapFlagNames(1)).toEqual(['XFS_RMAP_UNWRITTEN']);
    expect(rmapFlagNames(6)).toEqual(['XFS_RMAP_ATTR_FORK', 'XFS_RMAP_BMBT_BLOCK']);
  });
});

describe('rmapAbsence', () => {
  it('ext4 keeps no reverse map', () => {
    const s = createAppStore({ scenario: 'ext4-single-owner' }).getState();
    expect(selectRmap(s)).toBeNull();
    expect(selectRmapAbsence(s)).toEqual({
      kind: 'ext4',
      message: 'ext4 keeps no reverse map: the generic path finds the owner through page->mapping',
    });
  });

  it('device-dax has no filesystem', () => {
    const s = createAppStore({ scenario: 'devdax-2m-compound' }).getState();
    expect(selectRmapAbsence(s)?.kind).toBe('no-fs');
  });

  it('XFS without rmapbt', () => {
    const s = createAppStore({ scenario: 'xfs-reflink-shared' }).getState();
    expect(selectRmapAbsence(s)).toBeNull();
    const k = simulateBuiltin('xfs-reflink-shared').rt.k;
    const fs = [...k.filesystems.values()][0];
    if (!fs.xfs) throw new Error('not xfs');
    fs.xfs.rmapbt = false;
    expect(rmapAbsenceOf(k)?.kind).toBe('xfs-no-rmapbt');
  });
});
