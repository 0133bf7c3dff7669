import { describe, expect, it } from 'vitest';
import { DAX_LOCKED, DAX_PMD, dax_make_entry } from '../kernel/fs/dax';
import { xa_entry_raw_hex } from '../kernel/lib/xarray';
import { createAppStore } from './inlineStore';
import { selectXarray } from './selectors';
import {
  coversAny,
  daxEntryFacts,
  indicesOf,
  pagesByMapping,
  selectXarrayAbsence,
  touchedElsewhere,
  xaMarkNames,
} from './xarrayModel';

describe('daxEntryFacts', () => {
  it('decodes a locked PTE entry from its raw slot value', () => {
    const raw = xa_entry_raw_hex(dax_make_entry(0x102222, DAX_LOCKED));
    expect(raw).toBe('0x2044443');
    const f = daxEntryFacts({ index: 3, order: 0, raw });
    expect(f).toMatchObject({
      pfn: 0x102222,
      pfnHex: '0x102222',
      flags: DAX_LOCKED,
      flagNames: ['DAX_LOCKED'],
      locked: true,
      pmd: false,
      size: 'PTE',
      first: 3,
      last: 3,
      pages: 1,
    });
  });

  it('decodes a PMD entry and the indices it covers', () => {
    const f = daxEntryFacts({ index: 512, order: 9, raw: xa_entry_raw_hex(dax_make_entry(0x102800, DAX_PMD)) });
    expect(f).toMatchObject({
      pfnHex: '0x102800',
      size: 'PMD',
      locked: false,
      flagNames: ['DAX_PMD'],
      first: 512,
      last: 1023,
      pages: 512,
    });
  });

  it('names the zero-page and empty flags', () => {
    expect(daxEntryFacts({ index: 0, order: 0, raw: xa_entry_raw_hex(dax_make_entry(0, 4 | 8)) }).flagNames).toEqual([
      'DAX_ZERO_PAGE',
      'DAX_EMPTY',
    ]);
  });
});

describe('ids and marks', () => {
  it('indicesOf picks the indices of one mapping only', () => {
    const ids = [
      'ino:pmem0:131:7',
      'ino:pmem0:131',
      'ino:pmem0:1310:3',
      'ino:pmem0:131:3',
      'pfn:0x1',
      'ino:pmem0:132:3',
    ];
    expect(indicesOf(ids, 'ino:pmem0:131')).toEqual([3, 7]);
    expect(indicesOf(new Set(['cdev:dax0.0:0']), 'cdev:dax0.0')).toEqual([0]);
  });

  it('pagesByMapping groups what indicesOf finds per mapping, in one pass', () => {
    const ids = ['ino:pmem0:131:7', 'ino:pmem0:131', 'ino:pmem0:1310:3', 'ino:pmem0:131:3', 'pfn:0x1', 'x:', ':4'];
    const pages = pagesByMapping(ids);
    expect(pages.get('ino:pmem0:131')).toEqual(indicesOf(ids, 'ino:pmem0:131'));
    expect(pages.get('ino:pmem0:1310')).toEqual(indicesOf(ids, 'ino:pmem0:1310'));
    expect([...pages.keys()].sort()).toEqual(['ino:pmem0', 'ino:pmem0:131', 'ino:pmem0:1310']);
  });

  it('coversAny', () => {
    expect(coversAny(0, 511, [3])).toBe(true);
    expect(coversAny(4, 10, [3, 11])).toBe(false);
    expect(coversAny(4, 10, [3, 10])).toBe(true);
    expect(coversAny(0, 0, [])).toBe(false);
  });

  it('touchedElsewhere finds another file the step works on', () => {
    const choices = [
      { id: 'ino:pmem0:131', label: '/mnt/A' },
      { id: 'ino:pmem0:132', label: '/mnt/B' },
    ];
    expect(touchedElsewhere(pagesByMapping(['ino:pmem0:132', 'ino:pmem0:132:3']), choices, 'ino:pmem0:131')).toEqual({
      id: 'ino:pmem0:132',
      label: '/mnt/B',
      index: 3,
    });
    expect(touchedElsewhere(pagesByMapping(['ino:pmem0:131:3']), choices, 'ino:pmem0:131')).toBeNull();
  });

  it('xaMarkNames', () => {
    expect(xaMarkNames([0, 2])).toEqual(['PAGECACHE_TAG_DIRTY', 'PAGECACHE_TAG_TOWRITE']);
  });
});

describe('xarrayAbsence', () => {
  it('device-dax: no page cache entries', () => {
    const s = createAppStore({ scenario: 'devdax-2m-compound' }).getState();
    expect(selectXarray(s)).toBeNull();
    expect(selectXarrayAbsence(s)?.kind).toBe('devdax');
    expect(selectXarrayAbsence(s)?.message).toContain('device-dax keeps no page-cache entries (no xarray)');
  });

  it('none when there is a file', () => {
    const s = createAppStore({ scenario: 'xfs-reflink-shared' }).getState();
    expect(selectXarrayAbsence(s)).toBeNull();
  });
});
