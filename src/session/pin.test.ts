/**
 * Pages pinned for DMA (issue 8 §4, seed 001): get_user_pages() raises _refcount, a truncate meets the
 * pin. 6.12 (and every variant since v4.17) waits in xfs_break_dax_layouts() until the unpin's put_page();
 * 4.16 frees the block under the pin. The struct page's mapping, index and _refcount are read at the step
 * each one changes, by rewinding the journal.
 */
import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../pipeline/runtime';
import { builtinScenario } from '../scenario/builtins';
import { PINNED_PAGE_POISON } from '../scenario/pinBuiltins';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, beforeEvents, filePfn, pidOf, ptOf, type Run, run } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const PINNED = builtinScenario('pinned-truncate') as ScenarioInput;

/** The struct page of `pfn` as it was right after `step` ran. */
function pageAfter(r: Run, step: StepRecord, pfn: number) {
  const end = r.k.j.length;
  r.k.j.seek(step.journal[1]);
  try {
    const p = r.k.namespace('pmem0').pages.page(pfn);
    return { _refcount: p._refcount, mapping: p.mapping, index: p.index };
  } finally {
    r.k.j.seek(end);
  }
}

const stepOf = (r: Run, fn: string, event: number, n = 0) =>
  r.sim.rt.steps.filter((s) => s.fn === fn && s.event === event)[n] as StepRecord;

const pinnedPfn = (r: Run) => beforeEvents(r, () => filePfn(r, 'pmem0', '/mnt/A', 0));

describe('pinned-truncate on 6.12: the truncate waits for the pin', () => {
  const r = run(PINNED, '6.12');
  const pfn = pinnedPfn(r);

  it('dax_layout_busy_page_range() finds _refcount 2 and the truncate sleeps until the unpin wakes it', () => {
    const order = r.sim.rt.steps.map((s) => `${s.event}:${s.fn}:${s.branch}`);
    expect(order).toEqual([
      '0:get_user_pages:return',
      '1:xfs_vn_setattr:next',
      '1:dax_layout_busy_page_range:wait',
      '2:put_page:return',
      '1:dax_layout_busy_page_range:next',
      '1:truncate_setsize:next',
      '1:dax_delete_mapping_entry:next',
      '1:xfs_itruncate_extents:free',
      '1:__xfs_free_extent:return',
    ]);
    expect(stepOf(r, 'dax_layout_busy_page_range', 1).summary).toContain('has _refcount 2 > 1');
    expect(stepOf(r, 'put_page', 2).summary).toContain('wake_up_var(&folio->_refcount)');
    expect(r.ev[1].return).toBe('0');
    expect(r.ev[1].waitedForPins).toEqual([`0x${pfn.toString(16)}`]);
    expect(r.sim.final).toBe('done');
  });

  it('the struct page keeps its owner while pinned, and loses it only after _refcount is back to 1', () => {
    const pin = stepOf(r, 'get_user_pages', 0);
    const wait = stepOf(r, 'dax_layout_busy_page_range', 1);
    const del = stepOf(r, 'dax_delete_mapping_entry', 1);
    const mappingId = r.built.vmas.get('D/a')?.mappingId;
    expect(pageAfter(r, pin, pfn)).toEqual({
      _refcount: 2,
      mapping: { kind: 'address_space', id: mappingId },
      index: 0,
    });
    expect(pageAfter(r, wait, pfn)._refcount).toBe(2);
    expect(pageAfter(r, wait, pfn).mapping).not.toBeNull();
    expect(pageAfter(r, del, pfn)).toEqual({ _refcount: 1, mapping: null, index: 0 });
    expect(r.sim.rt.steps.some((s) => s.flaw)).toBe(false);
  });

  it('without an unpin the truncate never returns and the block is never freed', () => {
    const never = run({ ...PINNED, id: 'pinned-forever', events: (PINNED.events ?? []).slice(0, 2) }, '6.12');
    expect(never.sim.final).toBe('done');
    expect(never.ev[1].return).toBeNull();
    expect(never.sim.rt.steps.map((s) => s.fn)).not.toContain('__xfs_free_extent');
    expect(never.k.namespace('pmem0').pages.page(pfn)._refcount).toBe(2);
  });
});

describe('pinned-truncate on 4.16: the block is freed under the pin', () => {
  const r = run(PINNED, '4.16');
  const pfn = pinnedPfn(r);

  it('no busy-page check: the truncate runs to the free before the DMA completes', () => {
    const order = r.sim.rt.steps.map((s) => `${s.event}:${s.fn}`);
    expect(order).toEqual([
      '0:get_user_pages',
      '1:xfs_vn_setattr',
      '1:truncate_setsize',
      '1:dax_delete_mapping_entry',
      '1:xfs_itruncate_extents',
      '1:__xfs_free_extent',
      '2:put_page',
    ]);
    expect(stepOf(r, 'xfs_vn_setattr', 1).summary).toContain('pNFS leases only');
    expect(r.ev[1].waitedForPins).toBeUndefined();
    expect(stepOf(r, 'dax_delete_mapping_entry', 1).flaw).toMatch(/^a pinned page leaves the file/);
    expect(stepOf(r, '__xfs_free_extent', 1).summary).toMatch(/still has _refcount 2: the device's DMA goes on/);
    expect(stepOf(r, '__xfs_free_extent', 1).summary).toContain('UNVERIFIED');
  });

  it('page->mapping is NULL throughout (no dax_associate_entry() before v4.17); _refcount 2 after the free', () => {
    const free = stepOf(r, '__xfs_free_extent', 1);
    expect(pageAfter(r, stepOf(r, 'get_user_pages', 0), pfn)).toEqual({ _refcount: 2, mapping: null, index: 0 });
    expect(pageAfter(r, free, pfn)).toEqual({ _refcount: 2, mapping: null, index: 0 });
    expect(pageAfter(r, stepOf(r, 'put_page', 2), pfn)._refcount).toBe(1);
  });

  it('4.19 (with v4.17) waits like 6.12', () => {
    const v419 = run(PINNED, '4.19');
    expect(v419.sim.rt.steps.map((s) => `${s.fn}:${s.branch}`)).toContain('dax_layout_busy_page_range:wait');
    expect(v419.sim.rt.steps.some((s) => s.flaw)).toBe(false);
  });

  it('6.15 waits too: with the folio refcount from 0, dax_busy_page() sees any reference left after the unmap', () => {
    const v615 = run(PINNED, '6.15');
    const pfn = pinnedPfn(v615);
    expect(v615.sim.rt.steps.map((s) => `${s.fn}:${s.branch}`)).toContain('dax_layout_busy_page_range:wait');
    expect(v615.report.events[1].waitedForPins).toEqual([`0x${pfn.toString(16)}`]);
    // idle is 0 on 6.15: the pin alone holds the page, and put_page() brings it back to 0
    expect(pageAfter(v615, stepOf(v615, 'put_page', 2), pfn)._refcount).toBe(0);
  });
});

describe('a memory failure on a pinned page', () => {
  it('6.12 marks, unmaps and signals; the pin stays (_refcount 2) until put_page()', () => {
    const r = run(PINNED_PAGE_POISON, '6.12');
    const pfn = pinnedPfn(r);
    const d = pidOf(r, 'D');
    expect(r.ev[1].signals.map((s) => [s.pid, s.code])).toEqual([[d, 'BUS_MCEERR_AR']]);
    expect(r.ev[1].result).toBe('Recovered');
    expect(ptOf(r, 'D', addrIn(r, 'D/a'))).toBeNull();
    const last = r.sim.rt.steps.filter((s) => s.event === 1).at(-1) as StepRecord;
    expect(pageAfter(r, last, pfn)._refcount).toBe(2);
    expect(r.k.namespace('pmem0').pages.PageHWPoison(pfn)).toBe(true);
    expect(r.k.namespace('pmem0').pages.page(pfn)._refcount).toBe(1);
    const unmap = r.sim.rt.steps.find((s) => s.fn === 'unmap_and_kill');
    expect(unmap?.summary).toContain(
      'keeps _refcount 2: the unmap removes page-table entries, not a get_user_pages() pin',
    );
  });
});

describe('pin and unpin events: validation', () => {
  const issues = (events: unknown[]) => {
    const res = simulateScenario({ ...PINNED, id: 'bad', events } as ScenarioInput);
    return res.ok ? [] : res.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('an unpin must name an earlier pin event, once', () => {
    expect(issues([{ kind: 'unpin', pin: 0 }])[0]).toMatch(/^events\[0\]\.pin: must name an earlier pin event/);
    expect(
      issues([
        { kind: 'truncate', path: '/mnt/A', size: 0 },
        { kind: 'unpin', pin: 0 },
      ])[0],
    ).toMatch(/^events\[1\]\.pin: .*event 0 is a truncate/);
    expect(
      issues([
        { kind: 'pin', process: 'D', mapping: 'a' },
        { kind: 'unpin', pin: 0 },
        { kind: 'unpin', pin: 0 },
      ])[0],
    ).toMatch(/^events\[2\]\.pin: event 0's pin is already released/);
  });

  it('a pin covers whole pages of a mapping the process has', () => {
    expect(issues([{ kind: 'pin', process: 'D', mapping: 'a', length: 100 }])[0]).toMatch(/^events\[0\]\.length: /);
    expect(issues([{ kind: 'pin', process: 'X' }])[0]).toMatch(/^events\[0\]\.process: /);
  });
});
