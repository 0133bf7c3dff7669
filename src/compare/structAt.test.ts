/** Compare mode's struct page / xarray entry of one pfn on both sides at an alignment column. */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { compareScenario } from './compare';
import { eventPfnAt, stepsAt, structAtColumn } from './structAt';

const PFN = 0x102222; // xfs-reflink-shared's poisoned page

function comparison(a: { kernel?: string }, b: { kernel?: string; flips?: string[] }) {
  const r = compareScenario(builtinScenario('xfs-reflink-shared'), a, b);
  if (!r.ok) throw new Error('invalid scenario');
  return r.cmp;
}

const columnOf = (cmp: ReturnType<typeof comparison>, stepIdA: string) =>
  cmp.columns.findIndex((c) => c.a !== null && cmp.a.rt.steps[c.a].id === stepIdA);

describe('struct page and xarray entries at the aligned step', () => {
  it('6.12 vs 6.1: a reflinked page is PAGE_MAPPING_DAX_SHARED with its share count on 6.12, a file index on 6.1', () => {
    const cmp = comparison({ kernel: '6.12' }, { kernel: '6.1' });
    const s = structAtColumn(cmp, 0, PFN);
    expect(s.stepA).toBe('do_machine_check#1');
    expect(s.stepB).toBe('do_machine_check#1');
    const field = (f: string) => s.page.find((r) => r.field === f);
    expect(field('mapping')).toEqual({
      field: 'mapping',
      a: 'PAGE_MAPPING_DAX_SHARED',
      b: 'ino:pmem0:131',
      differs: true,
    });
    expect(field('index / share')).toMatchObject({ a: 'share 2', b: 'index 3', differs: true });
    expect(field('_refcount')?.differs).toBe(false);
    // both files' entries point at the page on both kernels
    expect(s.xarray.map((r) => r.field)).toEqual(['/mnt/A (ino:pmem0:131:3)', '/mnt/B (ino:pmem0:132:3)']);
    expect(s.xarray.every((r) => r.a.includes('pfn 0x102222') && r.b.includes('pfn 0x102222'))).toBe(true);
  });

  it('what if dax_lock_mapping_entry() were busy: the flag SetPageHWPoison sets differs while b has not set it', () => {
    const cmp = comparison({}, { flips: ['dax_lock_mapping_entry#1:busy'] });
    const set = columnOf(cmp, 'mf_dax_kill_procs/SetPageHWPoison#1');
    const before = structAtColumn(cmp, set - 1, PFN);
    expect(before.page.find((r) => r.field === 'flags')?.differs).toBe(false);
    const at = structAtColumn(cmp, set, PFN);
    // b took the other edge: it has no such call, and stays after its last step
    expect(at.stepB).toBe('dax_lock_mapping_entry#1');
    const flags = at.page.find((r) => r.field === 'flags');
    expect(flags?.a).toContain('hwpoison');
    expect(flags?.b).not.toContain('hwpoison');
    expect(flags?.differs).toBe(true);
    // at the end both have it (b sets it on /mnt/B's round)
    const end = structAtColumn(cmp, cmp.columns.length - 1, PFN);
    expect(end.page.find((r) => r.field === 'flags')?.b).toContain('hwpoison');
  });

  it('a gap column leaves its side after its last step; before any step a side is at 0', () => {
    const cmp = comparison({}, { flips: ['dax_lock_mapping_entry#1:busy'] });
    const gap = cmp.columns.findIndex((c) => c.b === null);
    expect(gap).toBeGreaterThan(0);
    const prevB = cmp.columns[gap - 1].b;
    expect(stepsAt(cmp, gap).b).toBe((prevB ?? -1) + 1);
    expect(stepsAt(cmp, 0)).toEqual({ a: 1, b: 1 });
  });

  it('a pfn outside every namespace has no struct page on either side', () => {
    const cmp = comparison({ kernel: '6.12' }, { kernel: '6.1' });
    const s = structAtColumn(cmp, 3, 0x10);
    expect(s.page).toEqual([{ field: 'struct page', a: 'no struct page', b: 'no struct page', differs: false }]);
    expect(s.xarray).toEqual([]);
  });

  it('the default pfn is the one the column’s event hands to memory_failure()', () => {
    const cmp = comparison({ kernel: '6.12' }, { kernel: '6.1' });
    expect(eventPfnAt(cmp, 5)).toBe(PFN);
  });
});
