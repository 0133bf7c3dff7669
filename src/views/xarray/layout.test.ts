import { describe, expect, it } from 'vitest';
import { DAX_LOCKED, DAX_PMD, dax_make_entry } from '../../kernel/fs/dax';
import {
  createXarray,
  type Xarray,
  xa_entry_raw_hex,
  xa_for_each,
  xa_store,
  xa_store_order,
  xaDump,
  xaLookupPath,
} from '../../kernel/lib/xarray';
import type { XarrayVM } from '../../store/selectors';
import { layoutXarray, linkPath, lookupMarks, XA, type XaLayout } from './layout';

const M = 'ino:pmem0:131';

function vmOf(xa: Xarray, lookupIndex: number | null = null): XarrayVM {
  return {
    mappingId: M,
    label: '/mnt/A',
    choices: [{ id: M, label: '/mnt/A' }],
    dump: xaDump(xa),
    entries: [...xa_for_each(xa)].map(({ index, entry, order }) => ({
      id: `${M}:${index}`,
      index,
      order,
      pfn: 0,
      raw: xa_entry_raw_hex(entry),
      decoded: '',
    })),
    lookup: lookupIndex === null ? null : { index: lookupIndex, path: xaLookupPath(xa, lookupIndex) },
  };
}

const layoutOf = (vm: XarrayVM, full = false) => layoutXarray(vm.dump, vm.entries, vm.mappingId, { full });

/** no two boxes (head, nodes, entries) overlap, and all fit in the canvas */
function expectDisjoint(l: XaLayout) {
  const boxes = [l.head, ...l.nodes, ...l.entries];
  for (const b of boxes) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.w).toBeLessThanOrEqual(l.width + 0.001);
    expect(b.y + b.h).toBeLessThanOrEqual(l.height + 0.001);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      expect(apart, `boxes ${i} and ${j} overlap`).toBe(true);
    }
}

describe('layoutXarray', () => {
  it('one leaf node holding index 3: xa_head → node#1 → slot 3 → the entry', () => {
    const xa = createXarray();
    xa_store(xa, 3, dax_make_entry(0x102222, 0));
    const l = layoutOf(vmOf(xa));
    expect(l.nodes).toHaveLength(1);
    const n = l.nodes[0];
    expect(n.node.name).toBe('node#1');
    expect(n.cells.map((c) => [c.kind, c.first, c.entryId])).toEqual([['value', 3, `${M}:3`]]);
    expect(n.empty).toBe(63);
    expect(n.emptyAt).not.toBeNull();
    expect(l.entries.map((e) => e.entry.index)).toEqual([3]);
    expect(l.links.map((k) => [k.kind, k.to])).toEqual([
      ['head', 'node#1'],
      ['entry', `${M}:3`],
    ]);
    // head above the node above the entry
    expect(l.head.y + l.head.h).toBeLessThan(n.y);
    expect(n.y + n.h).toBeLessThan(l.entries[0].y);
    // the entry hangs under its slot
    const cell = n.cells[0];
    expect(l.links[1].d.startsWith(`M${cell.x + cell.w / 2},${cell.y + cell.h}`)).toBe(true);
    expectDisjoint(l);
    // fits the 450 x 300 cell of a laptop screen
    expect(l.width).toBeLessThanOrEqual(450);
    expect(l.height).toBeLessThanOrEqual(320);
  });

  it('a PMD entry: canonical slot plus 7 siblings in the shift-6 node, with a rail back to slot 0', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, dax_make_entry(0x102800, DAX_PMD), 9);
    const vm = vmOf(xa);
    const l = layoutOf(vm);
    const n = l.nodes[0];
    expect(n.node.shift).toBe(6);
    expect(n.cells.map((c) => c.kind)).toEqual(['value', ...Array(7).fill('sibling')]);
    // a sibling cell selects the canonical entry
    expect(new Set(n.cells.map((c) => c.entryId))).toEqual(new Set([`${M}:0`]));
    expect(n.rails).toHaveLength(1);
    const r = n.rails[0];
    expect(r.canonical).toBe(0);
    expect(r.ticks).toHaveLength(7);
    expect(r.arrow).toBe(true);
    expect(r.x1).toBeLessThan(r.x2);
    expect(r.y).toBeGreaterThan(n.cells[0].y + n.cells[0].h);
    expect(r.y).toBeLessThan(n.y + n.h);
    expect(n.empty).toBe(56);
    expect(l.entries[0].entry.order).toBe(9);
    expectDisjoint(l);
    expect(l.width).toBeLessThanOrEqual(450);
  });

  it('all 64 slots when full, in two rows of 32', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, dax_make_entry(0x102800, DAX_PMD), 9);
    const l = layoutOf(vmOf(xa), true);
    const n = l.nodes[0];
    expect(n.cells).toHaveLength(64);
    expect(n.cells.filter((c) => c.kind === 'empty')).toHaveLength(56);
    expect(new Set(n.cells.map((c) => c.y)).size).toBe(2);
    expect(n.cells[32].x).toBe(n.cells[0].x);
    expect(n.emptyAt).toBeNull();
    for (const c of n.cells) expect(c.x + c.w).toBeLessThanOrEqual(n.x + n.w);
    expectDisjoint(l);
  });

  it('merges a long run of siblings into one cell', () => {
    const xa = createXarray();
    // order 11 at shift 6: 32 slots, 31 of them siblings
    xa_store_order(xa, 0, dax_make_entry(0x100000, DAX_PMD), 11);
    const n = layoutOf(vmOf(xa)).nodes[0];
    expect(n.cells.map((c) => [c.kind, c.first, c.last])).toEqual([
      ['value', 0, 0],
      ['sibling', 1, 31],
    ]);
    expect(n.rails[0].ticks).toHaveLength(1);
  });

  it('a two-level tree: children under the slots that point at them, side by side', () => {
    const xa = createXarray();
    xa_store(xa, 3, dax_make_entry(0x102222, 0));
    xa_store(xa, 5000, dax_make_entry(0x103333, 0));
    xa_store(xa, 5001, dax_make_entry(0x103334, DAX_LOCKED));
    const vm = vmOf(xa);
    const l = layoutOf(vm);
    // 5000 = 1 << 12 | 14 << 6 | 8: three levels
    const byName = new Map(l.nodes.map((n) => [n.node.name, n]));
    expect([...byName.keys()].sort()).toEqual(['node#1', 'node#2', 'node#3', 'node#4', 'node#5']);
    const root = l.nodes[0];
    expect([root.node.name, root.node.shift]).toEqual(['node#3', 12]);
    expect(root.cells.map((c) => [c.kind, c.first])).toEqual([
      ['node', 0],
      ['node', 1],
    ]);
    expect(byName.get('node#5')?.cells.map((c) => c.first)).toEqual([8, 9]);
    expect(l.entries.map((e) => e.entry.index).sort((a, b) => a - b)).toEqual([3, 5000, 5001]);
    expect(
      l.links
        .filter((k) => k.kind === 'node')
        .map((k) => k.key)
        .sort(),
    ).toEqual(['node#2[0]→node#1', 'node#3[0]→node#2', 'node#3[1]→node#4', 'node#4[14]→node#5']);
    // children in slot order, left to right; each level below its parent
    const [n2, n4, n1, n5] = ['node#2', 'node#4', 'node#1', 'node#5'].map((k) => byName.get(k) as (typeof l.nodes)[0]);
    expect(n2.x).toBeLessThan(n4.x);
    expect(n2.y).toBeGreaterThan(root.y + root.h);
    expect(n1.y).toBeGreaterThan(n2.y + n2.h);
    expect(n5.y).toBe(n1.y);
    expectDisjoint(l);
  });

  it('an entry in xa_head itself (a lone index 0)', () => {
    const xa = createXarray();
    xa_store(xa, 0, dax_make_entry(0x102222, 0));
    const vm = vmOf(xa);
    expect(vm.dump.head.kind).toBe('value');
    const l = layoutOf(vm);
    expect(l.nodes).toHaveLength(0);
    expect(l.entries.map((e) => e.entry.index)).toEqual([0]);
    expect(l.links.map((k) => [k.kind, k.to])).toEqual([['head', `${M}:0`]]);
    const marks = lookupMarks(l, { index: 0, path: [] }, vm.entries);
    expect(marks.entryId).toBe(`${M}:0`);
    expect([...marks.links]).toEqual([l.links[0].key]);
    expect(marks.text).toBe('xa_head → entry index 0');
  });

  it('an empty array: just xa_head', () => {
    const l = layoutOf(vmOf(createXarray()));
    expect(l.nodes).toHaveLength(0);
    expect(l.entries).toHaveLength(0);
    expect(l.links).toHaveLength(0);
    expect(l.height).toBe(XA.headH + 2 * XA.pad);
  });
});

describe('lookupMarks', () => {
  it('marks the walk to index 3', () => {
    const xa = createXarray();
    xa_store(xa, 3, dax_make_entry(0x102222, DAX_LOCKED));
    const vm = vmOf(xa, 3);
    const l = layoutOf(vm);
    const m = lookupMarks(l, vm.lookup, vm.entries);
    expect(m.entryId).toBe(`${M}:3`);
    expect([...m.nodes]).toEqual([1]);
    expect([...m.cells]).toEqual(['node#1[3]']);
    expect([...m.links].sort()).toEqual(['node#1[3]→ino:pmem0:131:3', 'xa_head→node#1']);
    expect(m.text).toBe('xa_head → node#1[3] → entry index 3');
  });

  it('a walk into a PMD entry lands on the canonical slot', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, dax_make_entry(0x102800, DAX_PMD), 9);
    xa_store(xa, 4096, dax_make_entry(0x103000, 0));
    // index 200: offset 3 of the shift-6 node is a sibling of slot 0
    const vm = vmOf(xa, 200);
    const l = layoutOf(vm);
    const m = lookupMarks(l, vm.lookup, vm.entries);
    expect(m.entryId).toBe(`${M}:0`);
    const leaf = l.nodes.find((n) => n.node.shift === 6);
    expect(leaf).toBeDefined();
    const root = l.nodes[0];
    expect(root.node.shift).toBe(12);
    expect(m.cells).toEqual(new Set([`${root.node.name}[0]`, `${leaf?.node.name}[3]`, `${leaf?.node.name}[0]`]));
    expect(m.text).toContain(`${leaf?.node.name}[3] sibling → [0]`);
    expect(m.text.endsWith('entry index 0 (order 9)')).toBe(true);
    // only the pointers on the walk
    const entryLinks = [...m.links].filter((k) => k.includes('→ino:'));
    expect(entryLinks).toEqual([`${leaf?.node.name}[0]→${M}:0`]);
  });

  it('no lookup, no marks; a miss ends at NULL', () => {
    const xa = createXarray();
    xa_store(xa, 3, dax_make_entry(0x102222, 0));
    const vm = vmOf(xa);
    const l = layoutOf(vm);
    expect(lookupMarks(l, null, vm.entries).text).toBe('');
    const lookup = { index: 5, path: xaLookupPath(xa, 5) };
    const miss = lookupMarks(l, lookup, vm.entries);
    expect(miss.entryId).toBeNull();
    expect(miss.text).toBe('xa_head → node#1[5] → NULL');
    // with the lookup, the compact node also draws the empty slot the walk ends in
    const withWalk = layoutXarray(vm.dump, vm.entries, vm.mappingId, { lookup });
    expect(withWalk.nodes[0].cells.map((c) => [c.kind, c.first])).toEqual([
      ['value', 3],
      ['empty', 5],
    ]);
    expect([...lookupMarks(withWalk, lookup, vm.entries).cells]).toEqual(['node#1[5]']);
  });
});

describe('linkPath', () => {
  it('is a vertical cubic', () => {
    expect(linkPath(0, 0, 10, 20)).toBe('M0,0 C0,10 10,10 10,20');
  });
});
