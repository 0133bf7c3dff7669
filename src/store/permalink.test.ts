import { describe, expect, it } from 'vitest';
import { createAppStore } from './inlineStore';
import { decodePermalink, isObjectId } from './permalink';

// values a hostile-input run put in ?sel= that crashed views (issue 11)
const BAD_SEL = [
  'rmap:pmem0',
  'rmap:pmem0:ag0',
  'pfn:zzz',
  'ino:pmem0:131:-1',
  '1.5',
  'x',
  '1e20',
  'pfn:1e20',
  'pfn:1.5',
  'pt:200:x',
  'task:-1',
  'ino:pmem0:1.5',
  'rmap:pmem0:ag0:r1e20',
  'constructor:x',
  'pfn:0x12345678901234',
];

describe('?sel= is validated per kind', () => {
  it.each(BAD_SEL)('ignores %s with a note', (sel) => {
    const { link, problems } = decodePermalink(`?sel=${encodeURIComponent(sel)}`);
    expect(link.selection).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('sel');
  });

  it.each([
    'pfn:0x84000',
    'pfn:0',
    'task:200',
    'vma:200:0x7f0000000000',
    'pt:200:0x7f0000001000',
    'ino:pmem0:131',
    'ino:pmem0:131:0',
    'cdev:dax0.0:5',
    'cdev:dax0.0',
    'rmap:pmem0:ag0:r3',
    'ns:namespace0.0',
    'fs:pmem0',
  ])('accepts %s', (sel) => {
    expect(isObjectId(sel)).toBe(true);
    expect(decodePermalink(`?sel=${sel}`).link.selection).toBe(sel);
  });
});

describe('a clamped step', () => {
  it('is noted', () => {
    const s = createAppStore({ cursor: 999_999_999 }).getState();
    expect(s.urlProblems.join(' ')).toMatch(/step 999999999 is past the last step; showing step \d+/);
  });
  it('is not noted when in range', () => {
    expect(createAppStore({ cursor: 1 }).getState().urlProblems).toEqual([]);
  });
});
