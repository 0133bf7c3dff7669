/**
 * What distinguishes Linux 6.15 (Alistair Popple's ZONE_DEVICE refcount rework) from 6.12: fsdax folios
 * refcounted from 0, shared = ->mapping NULL with ->share > 0, PMD entries as order-9 folios. Each test runs
 * the same scenario on 6.12 too, so it fails if a feature leaked into 6.12 or went missing from 6.15.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_MAPPING_DAX_SHARED } from '../kernel/fs/dax';
import { hex, PAGE_SIZE } from '../kernel/units';
import { getVariant } from '../kernel/variants/variants';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import {
  afterEvent,
  beforeEvents,
  filePfn,
  invariantsHold,
  pidOf,
  type Run,
  run as runInput,
} from './__fixtures__/helpers';

const run = (id: string | ScenarioInput, kernel: string) =>
  runInput(typeof id === 'string' ? (builtinScenario(id) ?? id) : id, kernel);

const page = (r: Run, pfn: number) => r.k.namespace('pmem0').pages.page(pfn);

/** How many page-table leaves of every task map `pfn`'s folio (head `head`, `nr` pages). */
function leavesOn(r: Run, head: number, nr: number): number {
  let n = 0;
  for (const t of r.k.tasks)
    for (const level of ['pte', 'pmd', 'pud'] as const)
      for (const e of t.mm?.[level].values() ?? []) if (e.pfn >= head && e.pfn < head + nr) n++;
  return n;
}

describe('Linux 6.15', () => {
  it("is 6.12's features plus the three of the rework, each with its provenance", () => {
    const v615 = getVariant('6.15').features;
    const v612 = getVariant('6.12').features;
    const added = ['dax-folio-refcount', 'dax-shared-mapping-null', 'dax-pmd-folio'];
    expect(v615).toEqual([...v612, ...added]);
    for (const f of added) expect(v612).not.toContain(f);
  });

  it('dax-folio-refcount: an idle fsdax page is at _refcount 0 (1 on 6.12); each leaf that maps it holds one reference', () => {
    for (const [kernel, idle, perLeaf] of [
      ['6.15', 0, 1],
      ['6.12', 1, 0],
    ] as const) {
      const r = run('ext4-single-owner', kernel);
      const pfn = filePfn(r, 'pmem0', '/mnt/A', 0x3000);
      const untouched = filePfn(r, 'pmem0', '/mnt/A', 0x300000);
      beforeEvents(r, () => {
        expect(page(r, untouched)._refcount, `${kernel} idle`).toBe(idle);
        const leaves = leavesOn(r, pfn, 1);
        expect(leaves).toBeGreaterThan(0);
        expect(page(r, pfn)._refcount, `${kernel} mapped`).toBe(idle + perLeaf * leaves);
      });
      // memory_failure() unmaps every mapper: the references go with the leaves (the GUP one is put back)
      afterEvent(r, 0, () => {
        expect(leavesOn(r, pfn, 1)).toBe(0);
        expect(page(r, pfn)._refcount, `${kernel} after the unmap`).toBe(idle);
      });
    }
  });

  it('dax-shared-mapping-null: a reflinked folio has ->mapping NULL and ->share > 0 (PAGE_MAPPING_DAX_SHARED, share 2 on 6.12)', () => {
    const r615 = run('xfs-reflink-shared', '6.15');
    const r612 = run('xfs-reflink-shared', '6.12');
    const pfn = filePfn(r615, 'pmem0', '/mnt/A', 0x3000);
    expect(filePfn(r615, 'pmem0', '/mnt/B', 0x3000)).toBe(pfn);
    beforeEvents(r615, () => {
      const p = page(r615, pfn);
      expect(p.mapping).toBeNull();
      expect(p.tail_mapping).toBe(false);
      // Q's fault makes B index 3 the single owner; R's fault of the same entry puts it first
      // (dax_folio_put(): ->mapping NULL, ->index 3 kept on an order-0 folio), so dax_folio_is_shared()
      // is already true and counts on from 3: R makes 4, P's fault of A makes 5 (6.12 resets index to 0: 2)
      expect(p.share).toBe(5);
      expect(p._refcount).toBe(leavesOn(r615, pfn, 1));
    });
    beforeEvents(r612, () => {
      const p = page(r612, pfn);
      expect(p.mapping).toBe(PAGE_MAPPING_DAX_SHARED);
      expect(p.share).toBe(2);
      expect(p._refcount).toBe(1);
    });
    // the holder path finds both owners either way: the same signals
    expect(r615.ev[0].signals).toEqual(r612.ev[0].signals);
  });

  it('dax-pmd-folio: a PMD entry is one order-9 folio with mapping and index on the head only (512 owned pages on 6.12)', () => {
    const r615 = run('fsdax-pmd-mapping', '6.15');
    const r612 = run('fsdax-pmd-mapping', '6.12');
    const head = filePfn(r615, 'pmem0', '/mnt/A', 0);
    expect(head % 512).toBe(0);
    const ns = r615.k.namespace('pmem0');
    beforeEvents(r615, () => {
      expect(ns.pages.compound_order(head)).toBe(9);
      expect(page(r615, head).mapping).toMatchObject({ kind: 'address_space' });
      expect(page(r615, head).index).toBe(0);
      for (const i of [1, 3, 511]) {
        expect(ns.pages.compound_head(head + i)).toBe(head);
        expect(page(r615, head + i).tail_mapping).toBe(true);
      }
      // two PMD leaves (P and V), one reference each, all on the head
      expect(page(r615, head)._refcount).toBe(2);
      expect(page(r615, head + 3)._refcount).toBe(0);
    });
    beforeEvents(r612, () => {
      const ns612 = r612.k.namespace('pmem0');
      expect(ns612.pages.compound_order(head)).toBe(0);
      expect(page(r612, head + 3).mapping).toMatchObject({ kind: 'address_space' });
      expect(page(r612, head + 3).index).toBe(3);
      expect(page(r612, head)._refcount).toBe(1);
    });
  });

  it('the generic path marks and reports the folio head of a PMD folio: si_addr is the 2 MiB start (the 4 KiB page on 6.12)', () => {
    const r615 = run('fsdax-pmd-mapping', '6.15');
    const r612 = run('fsdax-pmd-mapping', '6.12');
    const head = filePfn(r615, 'pmem0', '/mnt/A', 0);
    const P = pidOf(r615, 'P');
    const at = (r: Run) => r.ev[0].signals.find((s) => s.pid === P);
    expect(r615.ev[0].hwpoison).toEqual([hex(head)]);
    expect(r612.ev[0].hwpoison).toEqual([hex(head + 3)]);
    const base = Number(at(r612)?.addr) - 3 * PAGE_SIZE;
    expect(at(r615)).toMatchObject({ addr: hex(base), lsb: 21 });
    expect(at(r612)).toMatchObject({ addr: hex(base + 3 * PAGE_SIZE), lsb: 21 });
    // the same dmesg: the messages name the pfn that was reported, not the folio
    expect(r615.ev[0].dmesg).toEqual(r612.ev[0].dmesg);
  });

  it('the mf_generic_kill_procs() step says the order-9 folio decides, and that this is UNVERIFIED', () => {
    const step = (kernel: string) =>
      run('fsdax-pmd-mapping', kernel).sim.rt.steps.find((st) => st.fn === 'mf_generic_kill_procs')?.summary;
    expect(step('6.15')).toContain('an order-9 fsdax folio');
    expect(step('6.15')).toContain('UNVERIFIED');
    expect(step('6.12')).not.toContain('folio (dax_folio_init');
  });

  it('device-dax: idle compound pages stay at 1 (MEMORY_DEVICE_GENERIC), each mapping adds a reference on 6.15 only', () => {
    for (const [kernel, perLeaf] of [
      ['6.15', 1],
      ['6.12', 0],
    ] as const) {
      const r = run('devdax-2m-compound', kernel);
      const ns = r.k.namespace('dax0.0');
      beforeEvents(r, () => {
        let head = -1;
        for (const t of r.k.tasks) for (const e of t.mm?.pmd.values() ?? []) head = e.pfn;
        expect(head).toBeGreaterThan(0);
        const leaves = leavesOn(r, head, 512);
        expect(leaves).toBeGreaterThan(1);
        expect(ns.pages.page(head)._refcount, kernel).toBe(1 + perLeaf * leaves);
      });
    }
  });

  it('dax_folio_put(): truncating the file splits the folio back to order-0 pages with no owner', () => {
    const input = structuredClone(builtinScenario('fsdax-pmd-mapping') as ScenarioInput);
    input.filesystems = [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }];
    input.events = [{ kind: 'truncate', path: '/mnt/A', size: '0' }];
    const r = run(input, '6.15');
    const ns = r.k.namespace('pmem0');
    // the extent is freed by the truncate: look the pfn up in the state before it
    const head = beforeEvents(r, () => filePfn(r, 'pmem0', '/mnt/A', 0));
    beforeEvents(r, () => expect(ns.pages.compound_order(head)).toBe(9));
    const last = r.ev.length - 1;
    afterEvent(r, last, () => {
      expect(ns.pages.compound_order(head)).toBe(0);
      for (const i of [0, 1, 3, 511]) {
        const p = page(r, head + i);
        expect(p.compound_head, `pfn +${i}`).toBeNull();
        expect(p.mapping, `pfn +${i}`).toBeNull();
        expect(p.tail_mapping, `pfn +${i}`).toBe(false);
        expect(p._refcount, `pfn +${i}`).toBe(0);
      }
    });
    // the rmapbt follows the extent list in the same step (xfs_bmap_rmap.ts): no line is skipped
    invariantsHold(r);
  });

  it('every built-in keeps the invariants at every step on 6.15', () => {
    for (const id of [
      'xfs-reflink-shared',
      'ext4-single-owner',
      'fsdax-pmd-mapping',
      'repeat-poison',
      'unbind-pre-remove',
      'devdax-2m-compound',
    ])
      invariantsHold(run(id, '6.15'));
  }, 60_000);
});
