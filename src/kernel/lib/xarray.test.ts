import { describe, expect, it } from 'vitest';
import {
  createXarray,
  PAGECACHE_TAG_DIRTY,
  PAGECACHE_TAG_TOWRITE,
  XA_CHUNK_SIZE,
  XA_MARK_0,
  XA_MARK_1,
  XA_MARK_2,
  type XaItem,
  type XaMark,
  type Xarray,
  xa_any_in_range,
  xa_clear_mark,
  xa_empty,
  xa_entry_raw,
  xa_entry_raw_hex,
  xa_erase,
  xa_for_each,
  xa_for_each_marked,
  xa_for_each_range,
  xa_get_mark,
  xa_get_order,
  xa_is_value,
  xa_load,
  xa_marked,
  xa_mk_value,
  xa_set_mark,
  xa_sibling_raw_hex,
  xa_store,
  xa_store_order,
  xa_to_value,
  xaCheck,
  xaClone,
  xaDump,
  xaDumpNode,
  xaFork,
  xaHeight,
  xaLookupPath,
  xaMaxIndex,
  xaNodeCount,
} from './xarray';

/** PMD_ORDER on x86-64 with 4 KiB pages: a DAX PMD entry covers 512 page indices. */
const PMD_ORDER = 9;

const items = (xa: Xarray): XaItem[] => [...xa_for_each(xa)];
const expectClean = (xa: Xarray): void => expect(xaCheck(xa)).toEqual([]);

// ---- fixtures ----------------------------------------------------------------------------------------

function emptyArray(): Xarray {
  return createXarray();
}

/** only index 0, order 0: xa_head is the entry itself */
function singleEntryAtZero(): Xarray {
  const xa = createXarray();
  xa_store(xa, 0, 0x10);
  return xa;
}

const SPARSE = [1, 63, 64, 4095, 4096, 100_000];
function sparse(): Xarray {
  const xa = createXarray();
  for (const i of SPARSE) xa_store(xa, i, i * 16);
  return xa;
}

const PMD_VALUE = 0x2468003;
/** a DAX PMD entry at page index 512 (file offset 2 MiB) */
function pmdAt512(): Xarray {
  const xa = createXarray();
  xa_store_order(xa, 512, PMD_VALUE, PMD_ORDER);
  return xa;
}

/** one entry at 2^20: four levels of nodes (shifts 18, 12, 6, 0) */
function entryAt2p20(): Xarray {
  const xa = createXarray();
  xa_store(xa, 2 ** 20, 7);
  return xa;
}

// ---- value entries -----------------------------------------------------------------------------------

describe('xa_mk_value / raw pointers', () => {
  it('xa_mk_value keeps v; the raw pointer is (v << 1) | 1', () => {
    expect(xa_mk_value(5)).toBe(5);
    expect(xa_to_value(xa_mk_value(5))).toBe(5);
    expect(xa_is_value(5)).toBe(true);
    expect(xa_is_value(null)).toBe(false);
    expect(xa_entry_raw(5)).toBe(11n);
    expect(xa_entry_raw_hex(0)).toBe('0x1');
  });

  it('raw pointers stay exact beyond 2^32 (pfn << 4 of a 1 TiB namespace)', () => {
    const v = 2 ** 44 + 0x123;
    expect(xa_entry_raw(v)).toBe((2n ** 44n + 0x123n) * 2n + 1n);
    expect(xa_entry_raw_hex(v)).toBe('0x200000000247');
  });

  it('xa_mk_sibling(offset) is the internal entry (offset << 2) | 2', () => {
    expect(xa_sibling_raw_hex(8)).toBe('0x22');
    expect(xa_sibling_raw_hex(0)).toBe('0x2');
  });

  it('rejects negative, fractional and unsafe values and indices', () => {
    expect(() => xa_mk_value(-1)).toThrow(RangeError);
    expect(() => xa_mk_value(1.5)).toThrow(RangeError);
    expect(() => xa_mk_value(2 ** 53)).toThrow(RangeError);
    const xa = createXarray();
    expect(() => xa_store(xa, -1, 1)).toThrow(RangeError);
    expect(() => xa_load(xa, 0.5)).toThrow(RangeError);
    expect(() => xa_store_order(xa, 0, 1, 49)).toThrow(RangeError);
    expect(() => xa_set_mark(xa, 0, 3 as XaMark)).toThrow(RangeError);
  });
});

describe('DAX entries in i_pages', () => {
  it('a PTE entry for pfn 0x246801, unlocked, is the value pfn << 4', () => {
    const pfn = 0x246801;
    const entry = xa_mk_value(pfn * 16);
    expect(entry).toBe(0x2468010);
    const xa = createXarray();
    xa_store(xa, 3, entry);
    expect(xa_load(xa, 3)).toBe(0x2468010);
    expect(xa_entry_raw_hex(xa_load(xa, 3) as number)).toBe('0x48d0021');
  });

  it('a locked PMD entry for pfn 0x246800 is (pfn << 4) | DAX_PMD | DAX_LOCKED = 0x2468003', () => {
    const pfn = 0x246800;
    const entry = xa_mk_value(pfn * 16 + 2 + 1);
    expect(entry).toBe(PMD_VALUE);
    const xa = pmdAt512();
    expect(xa_load(xa, 512 + 0x1ff)).toBe(entry);
    expect(xa_get_order(xa, 700)).toBe(PMD_ORDER);
    expect(xa_entry_raw_hex(entry)).toBe('0x48d0007');
  });
});

// ---- structure ---------------------------------------------------------------------------------------

describe('xa_head', () => {
  it('empty array: xa_head is NULL, no nodes, loads return NULL', () => {
    const xa = emptyArray();
    expect(xa_empty(xa)).toBe(true);
    expect(xa.head).toBeNull();
    expect(xaNodeCount(xa)).toBe(0);
    expect(xaHeight(xa)).toBe(0);
    expect(xa_load(xa, 0)).toBeNull();
    expect(xa_load(xa, 12345)).toBeNull();
    expect(xa_erase(xa, 7)).toBeNull();
    expect(items(xa)).toEqual([]);
    expect(xaDump(xa).head).toEqual({ kind: 'empty' });
    expectClean(xa);
  });

  it('single entry at index 0: xa_head is the entry itself, no node', () => {
    const xa = singleEntryAtZero();
    expect(xa.head).toBe(0x10);
    expect(xaNodeCount(xa)).toBe(0);
    expect(xaMaxIndex(xa)).toBe(0);
    expect(xa_load(xa, 0)).toBe(0x10);
    expect(xa_load(xa, 1)).toBeNull();
    expect(xaLookupPath(xa, 0)).toEqual([]);
    expect(items(xa)).toEqual([{ index: 0, entry: 0x10, order: 0 }]);
    expect(xaDump(xa).head).toEqual({ kind: 'value', value: 0x10, raw: '0x21' });
    expectClean(xa);
  });

  it('an entry at index 1 needs a node: xas_expand pushes the head entry into slot 0', () => {
    const xa = singleEntryAtZero();
    xa_store(xa, 1, 0x20);
    const dump = xaDump(xa);
    expect(dump.head).toEqual({ kind: 'node', nodeId: 1 });
    expect(dump.nodes).toHaveLength(1);
    const root = dump.nodes[0];
    expect(root).toMatchObject({ id: 1, name: 'node#1', shift: 0, offset: 0, count: 2, nr_values: 2 });
    expect(root.slots.map((s) => [s.offset, s.kind, s.value])).toEqual([
      [0, 'value', 0x10],
      [1, 'value', 0x20],
    ]);
    expectClean(xa);
  });

  it('a multi-index entry at index 0 is never the head (xas_max)', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, 9, PMD_ORDER);
    // one node, at shift 6: the root that a lone order-0 entry at 0 would not need
    expect(xaNodeCount(xa)).toBe(1);
    expect(xaHeight(xa)).toBe(2);
    expect(xaDump(xa).nodes[0]).toMatchObject({ shift: 6, count: 8, nr_values: 8 });
    expect(xa_load(xa, 511)).toBe(9);
    expect(xa_load(xa, 512)).toBeNull();
    expectClean(xa);
  });
});

describe('sparse array', () => {
  it('loads what was stored and NULL elsewhere', () => {
    const xa = sparse();
    for (const i of SPARSE) expect(xa_load(xa, i)).toBe(i * 16);
    for (const i of [0, 2, 62, 65, 4094, 4097, 99_999, 100_001, 2 ** 40]) expect(xa_load(xa, i)).toBeNull();
    expectClean(xa);
  });

  it('the root is at shift 12 (100000 < 2^18) and nodes are only where entries are', () => {
    const xa = sparse();
    expect(xaHeight(xa)).toBe(3);
    expect(xaMaxIndex(xa)).toBe(2 ** 18 - 1);
    // root; shift-6 nodes under root slots 0, 1, 24; shift-0 nodes for 1/63, 64, 4095, 4096, 100000
    expect(xaNodeCount(xa)).toBe(1 + 3 + 5);
  });

  it('xa_for_each walks in index order', () => {
    expect(items(sparse())).toEqual(SPARSE.map((i) => ({ index: i, entry: i * 16, order: 0 })));
  });

  it('xa_for_each_range returns only entries in the range', () => {
    const got = [...xa_for_each_range(sparse(), 64, 4096)].map((e) => e.index);
    expect(got).toEqual([64, 4095, 4096]);
  });

  it('xaLookupPath names every node visited from the root', () => {
    const xa = sparse();
    const path = xaLookupPath(xa, 4095);
    expect(path.map((s) => [s.shift, s.offset])).toEqual([
      [12, 0],
      [6, 63],
      [0, 63],
    ]);
    const dump = xaDump(xa);
    expect(path[0].nodeId).toBe(dump.nodes[0].id);
    for (const step of path) expect(xaDumpNode(xa, step.nodeId)?.shift).toBe(step.shift);
  });

  it('node ids are deterministic: the same stores give the same ids', () => {
    expect(xaDump(sparse())).toEqual(xaDump(sparse()));
  });
});

describe('xas_expand', () => {
  it('an entry at index 2^20 gives height 4 (shifts 18, 12, 6, 0)', () => {
    const xa = entryAt2p20();
    expect(xaHeight(xa)).toBe(4);
    expect(xaNodeCount(xa)).toBe(4);
    const path = xaLookupPath(xa, 2 ** 20);
    expect(path.map((s) => [s.shift, s.offset])).toEqual([
      [18, 4],
      [12, 0],
      [6, 0],
      [0, 0],
    ]);
    expect(xa_load(xa, 2 ** 20)).toBe(7);
    expect(xa_load(xa, 2 ** 20 - 1)).toBeNull();
    expectClean(xa);
  });

  it('storing beyond max_index adds roots above the old root, which becomes slot 0', () => {
    const xa = sparse();
    const oldRoot = xaDump(xa).nodes[0].id;
    xa_store(xa, 2 ** 30, 1);
    const dump = xaDump(xa);
    expect(dump.nodes[0].shift).toBe(30);
    expect(xaHeight(xa)).toBe(6);
    const old = xaDumpNode(xa, oldRoot);
    expect(old?.offset).toBe(0);
    expect(dump.nodes.find((n) => n.id === oldRoot)?.parentId).not.toBeNull();
    for (const i of SPARSE) expect(xa_load(xa, i)).toBe(i * 16);
    expectClean(xa);
  });

  it('indices up to 2^53 - 1 work (root at shift 48)', () => {
    const xa = createXarray();
    const top = Number.MAX_SAFE_INTEGER;
    xa_store(xa, top, 3);
    xa_store(xa, 2 ** 44 + 5, 4);
    expect(xa.head && typeof xa.head === 'object' ? xa.head.shift : -1).toBe(48);
    expect(xa_load(xa, top)).toBe(3);
    expect(xa_load(xa, 2 ** 44 + 5)).toBe(4);
    expect(xa_load(xa, 2 ** 44 + 4)).toBeNull();
    expect(items(xa).map((e) => e.index)).toEqual([2 ** 44 + 5, top]);
    expectClean(xa);
    xa_erase(xa, top);
    expect(xa.head && typeof xa.head === 'object' ? xa.head.shift : -1).toBe(42);
    expectClean(xa);
  });
});

describe('xa_erase / xas_delete_node / xas_shrink', () => {
  it('erasing the far entry shrinks the tree back to a head entry at index 0', () => {
    const xa = entryAt2p20();
    xa_store(xa, 0, 0x10);
    expect(xaNodeCount(xa)).toBe(7);
    expect(xa_erase(xa, 2 ** 20)).toBe(7);
    expect(xa.head).toBe(0x10);
    expect(xaNodeCount(xa)).toBe(0);
    expectClean(xa);
  });

  it('erasing the only entry frees every node and empties the array', () => {
    const xa = entryAt2p20();
    expect(xa_erase(xa, 2 ** 20)).toBe(7);
    expect(xa_empty(xa)).toBe(true);
    expect(xaNodeCount(xa)).toBe(0);
    expectClean(xa);
  });

  it('the root does not shrink while slot 0 holds a multi-index entry', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, 1, 6);
    xa_store(xa, 64, 2);
    xa_erase(xa, 64);
    expect(xaNodeCount(xa)).toBe(1);
    expect(xaDump(xa).nodes[0]).toMatchObject({ shift: 6, count: 1 });
    expect(xa_load(xa, 63)).toBe(1);
    expectClean(xa);
  });

  it('erasing a sparse array one by one keeps the invariants and ends empty', () => {
    const xa = sparse();
    for (const i of [...SPARSE].reverse()) {
      expect(xa_erase(xa, i)).toBe(i * 16);
      expectClean(xa);
    }
    expect(xa_empty(xa)).toBe(true);
  });

  it('erasing an absent or out-of-range index changes nothing', () => {
    const xa = sparse();
    const before = xaDump(xa);
    expect(xa_erase(xa, 2)).toBeNull();
    expect(xa_erase(xa, 2 ** 40)).toBeNull();
    expect(xaDump(xa)).toEqual(before);
  });
});

describe('multi-index entries (CONFIG_XARRAY_MULTI)', () => {
  it('a PMD entry at 512: canonical slot 8 plus 7 siblings in the node at shift 6', () => {
    const xa = pmdAt512();
    const dump = xaDump(xa);
    expect(dump.nodes).toHaveLength(1);
    const node = dump.nodes[0];
    expect(node).toMatchObject({ shift: 6, count: 8, nr_values: 8, first: 0, last: 4095 });
    expect(node.slots.map((s) => [s.offset, s.kind, s.sibling])).toEqual([
      [8, 'value', null],
      [9, 'sibling', 8],
      [10, 'sibling', 8],
      [11, 'sibling', 8],
      [12, 'sibling', 8],
      [13, 'sibling', 8],
      [14, 'sibling', 8],
      [15, 'sibling', 8],
    ]);
    expect(node.slots[0]).toMatchObject({ raw: '0x48d0007', first: 512, last: 575, order: 9 });
    expect(node.slots[1]).toMatchObject({ raw: '0x22', value: PMD_VALUE, first: 576, last: 639 });
    expectClean(xa);
  });

  it('a load at every index covered by the PMD entry returns it, and NULL just outside', () => {
    const xa = pmdAt512();
    for (let i = 512; i < 1024; i++) expect(xa_load(xa, i)).toBe(PMD_VALUE);
    expect(xa_load(xa, 511)).toBeNull();
    expect(xa_load(xa, 1024)).toBeNull();
  });

  it('xa_for_each reports the PMD entry once, at its first index', () => {
    expect(items(pmdAt512())).toEqual([{ index: 512, entry: PMD_VALUE, order: 9 }]);
    expect([...xa_for_each_range(pmdAt512(), 700, 800)]).toEqual([{ index: 512, entry: PMD_VALUE, order: 9 }]);
  });

  it('xaLookupPath through a sibling ends at the canonical offset', () => {
    expect(xaLookupPath(pmdAt512(), 600)).toEqual([{ nodeId: 1, shift: 6, offset: 8, indexOffset: 9 }]);
  });

  it('the index is aligned down to the order (XA_STATE_ORDER)', () => {
    const xa = createXarray();
    xa_store_order(xa, 700, 5, PMD_ORDER);
    expect(items(xa)).toEqual([{ index: 512, entry: 5, order: 9 }]);
  });

  it('an order-0 store inside the PMD replaces the whole entry, which keeps order 9', () => {
    const xa = pmdAt512();
    expect(xa_store(xa, 700, 0x42)).toBe(PMD_VALUE);
    for (const i of [512, 700, 1023]) expect(xa_load(xa, i)).toBe(0x42);
    expect(items(xa)).toEqual([{ index: 512, entry: 0x42, order: 9 }]);
    expectClean(xa);
  });

  it('a smaller multi-index store inside the PMD also rewrites the canonical slot', () => {
    const xa = pmdAt512();
    xa_store_order(xa, 896, 0x43, 7);
    expect(xa_load(xa, 512)).toBe(0x43);
    expect(xa_load(xa, 1023)).toBe(0x43);
    expect(xa_get_order(xa, 1000)).toBe(9);
    expectClean(xa);
  });

  it('erasing any covered index erases the whole PMD entry and frees the node', () => {
    const xa = pmdAt512();
    expect(xa_erase(xa, 777)).toBe(PMD_VALUE);
    for (const i of [512, 777, 1023]) expect(xa_load(xa, i)).toBeNull();
    expect(xa_empty(xa)).toBe(true);
    expect(xaNodeCount(xa)).toBe(0);
  });

  it('a PMD store replaces the PTE entries it covers and frees their node', () => {
    const xa = createXarray();
    for (let i = 512; i < 520; i++) xa_store(xa, i, i);
    xa_store(xa, 2000, 1);
    expect(xaNodeCount(xa)).toBe(3);
    xa_store_order(xa, 512, PMD_VALUE, PMD_ORDER);
    expect(xaNodeCount(xa)).toBe(2);
    expect(xa_load(xa, 513)).toBe(PMD_VALUE);
    expect(xa_load(xa, 2000)).toBe(1);
    expect(items(xa)).toEqual([
      { index: 512, entry: PMD_VALUE, order: 9 },
      { index: 2000, entry: 1, order: 0 },
    ]);
    expectClean(xa);
  });

  it('PMD entries next to each other and PTE entries around them', () => {
    const xa = createXarray();
    xa_store_order(xa, 0, 1, 9);
    xa_store_order(xa, 512, 2, 9);
    xa_store(xa, 1024, 3);
    xa_store(xa, 1535, 4);
    expect(items(xa)).toEqual([
      { index: 0, entry: 1, order: 9 },
      { index: 512, entry: 2, order: 9 },
      { index: 1024, entry: 3, order: 0 },
      { index: 1535, entry: 4, order: 0 },
    ]);
    xa_erase(xa, 0);
    expect(xa_load(xa, 0)).toBeNull();
    expect(xa_load(xa, 600)).toBe(2);
    expectClean(xa);
  });

  it.each([
    [1, 0, 1],
    [3, 0, 7],
    [5, 0, 31],
    [6, 6, 0],
    [7, 6, 1],
    [12, 12, 0],
    [15, 12, 7],
    [18, 18, 0],
  ])('order %i: stored in the node at shift %i with %i siblings', (order, shift, sibs) => {
    const xa = createXarray();
    const index = 3 * 2 ** order;
    xa_store_order(xa, index, 77, order);
    const path = xaLookupPath(xa, index);
    const last = path[path.length - 1];
    expect(last.shift).toBe(shift);
    const node = xaDumpNode(xa, last.nodeId);
    expect(node?.slots.filter((s) => s.kind === 'sibling')).toHaveLength(sibs);
    expect(xa_get_order(xa, index)).toBe(order);
    for (const i of [index, index + 2 ** order - 1, index + Math.floor(2 ** order / 3)]) {
      expect(xa_load(xa, i)).toBe(77);
    }
    expect(xa_load(xa, index - 1)).toBeNull();
    expect(xa_load(xa, index + 2 ** order)).toBeNull();
    expect(items(xa)).toEqual([{ index, entry: 77, order }]);
    expectClean(xa);
    expect(xa_erase(xa, index + 1)).toBe(77);
    expect(xa_empty(xa)).toBe(true);
    expectClean(xa);
  });

  it('xa_store_order with NULL erases the range, subtrees included', () => {
    const xa = createXarray();
    for (let i = 4096; i < 8192; i += 100) xa_store(xa, i, i);
    xa_store(xa, 9000, 1);
    xa_store_order(xa, 4096, null, 12);
    expect(items(xa)).toEqual([{ index: 9000, entry: 1, order: 0 }]);
    expectClean(xa);
  });
});

describe('marks', () => {
  it('xa_set_mark propagates up to the root and xa_flags', () => {
    const xa = entryAt2p20();
    xa_store(xa, 5, 1);
    xa_set_mark(xa, 2 ** 20, PAGECACHE_TAG_DIRTY);
    expect(xa_get_mark(xa, 2 ** 20, PAGECACHE_TAG_DIRTY)).toBe(true);
    expect(xa_get_mark(xa, 5, PAGECACHE_TAG_DIRTY)).toBe(false);
    expect(xa_get_mark(xa, 2 ** 20, PAGECACHE_TAG_TOWRITE)).toBe(false);
    expect(xa_marked(xa, XA_MARK_0)).toBe(true);
    for (const step of xaLookupPath(xa, 2 ** 20)) {
      const slot = xaDumpNode(xa, step.nodeId)?.slots.find((s) => s.offset === step.offset);
      expect(slot?.marks).toEqual([XA_MARK_0]);
    }
    expectClean(xa);
  });

  it('xa_clear_mark clears parents only when no sibling slot keeps the mark', () => {
    const xa = createXarray();
    xa_store(xa, 64, 1);
    xa_store(xa, 65, 2);
    xa_set_mark(xa, 64, XA_MARK_1);
    xa_set_mark(xa, 65, XA_MARK_1);
    xa_clear_mark(xa, 64, XA_MARK_1);
    expect(xa_marked(xa, XA_MARK_1)).toBe(true);
    expect(xa_get_mark(xa, 65, XA_MARK_1)).toBe(true);
    xa_clear_mark(xa, 65, XA_MARK_1);
    expect(xa_marked(xa, XA_MARK_1)).toBe(false);
    expectClean(xa);
  });

  it('a mark on an absent index is not set', () => {
    const xa = sparse();
    xa_set_mark(xa, 2, XA_MARK_0);
    expect(xa_marked(xa, XA_MARK_0)).toBe(false);
    expect(xa_get_mark(xa, 2, XA_MARK_0)).toBe(false);
  });

  it('the head entry carries its marks in xa_flags, and they survive xas_expand and xas_shrink', () => {
    const xa = singleEntryAtZero();
    xa_set_mark(xa, 0, XA_MARK_2);
    expect(xa.markFlags).toBe(1 << XA_MARK_2);
    expect(xa_get_mark(xa, 0, XA_MARK_2)).toBe(true);
    xa_store(xa, 2 ** 20, 1);
    expect(xa_get_mark(xa, 0, XA_MARK_2)).toBe(true);
    expect(xa_get_mark(xa, 2 ** 20, XA_MARK_2)).toBe(false);
    expectClean(xa);
    xa_erase(xa, 2 ** 20);
    expect(xa.head).toBe(0x10);
    expect(xa_get_mark(xa, 0, XA_MARK_2)).toBe(true);
    xa_erase(xa, 0);
    expect(xa.markFlags).toBe(0);
    expectClean(xa);
  });

  it('a mark set through any index of a PMD entry lands on its canonical slot', () => {
    const xa = pmdAt512();
    xa_set_mark(xa, 900, PAGECACHE_TAG_DIRTY);
    for (const i of [512, 700, 1023]) expect(xa_get_mark(xa, i, PAGECACHE_TAG_DIRTY)).toBe(true);
    const slots = xaDump(xa).nodes[0].slots;
    expect(slots.filter((s) => s.marks.length > 0).map((s) => s.offset)).toEqual([8]);
    expectClean(xa);
  });

  it('a PMD store over dirty PTE entries inherits the mark (xas_squash_marks)', () => {
    const xa = createXarray();
    xa_store(xa, 600, 1);
    xa_store(xa, 1000, 2);
    xa_set_mark(xa, 1000, PAGECACHE_TAG_DIRTY);
    xa_store_order(xa, 512, PMD_VALUE, PMD_ORDER);
    expect(xa_get_mark(xa, 512, PAGECACHE_TAG_DIRTY)).toBe(true);
    expectClean(xa);
  });

  it('erase clears the marks of the entry (xas_init_marks)', () => {
    const xa = pmdAt512();
    xa_store(xa, 5000, 1);
    xa_set_mark(xa, 512, PAGECACHE_TAG_TOWRITE);
    xa_erase(xa, 513);
    expect(xa_marked(xa, PAGECACHE_TAG_TOWRITE)).toBe(false);
    xa_store_order(xa, 512, PMD_VALUE, PMD_ORDER);
    expect(xa_get_mark(xa, 512, PAGECACHE_TAG_TOWRITE)).toBe(false);
    expectClean(xa);
  });

  it('xa_for_each_marked yields only marked entries, pruning unmarked subtrees', () => {
    const xa = sparse();
    xa_store_order(xa, 8192, 3, PMD_ORDER);
    xa_set_mark(xa, 64, XA_MARK_0);
    xa_set_mark(xa, 8500, XA_MARK_0);
    xa_set_mark(xa, 100_000, XA_MARK_1);
    expect([...xa_for_each_marked(xa, XA_MARK_0)].map((e) => e.index)).toEqual([64, 8192]);
    expect([...xa_for_each_marked(xa, XA_MARK_1)].map((e) => e.index)).toEqual([100_000]);
    expect([...xa_for_each_marked(xa, XA_MARK_0, 100, 9000)].map((e) => e.index)).toEqual([8192]);
    expect([...xa_for_each_marked(xa, XA_MARK_2)]).toEqual([]);
  });
});

describe('xaClone', () => {
  it('is a deep copy: mutating the clone leaves the original alone', () => {
    const xa = sparse();
    xa_store_order(xa, 8192, 3, PMD_ORDER);
    xa_set_mark(xa, 64, XA_MARK_0);
    const before = xaDump(xa);
    const copy = xaClone(xa);
    expect(xaDump(copy)).toEqual(before);
    expectClean(copy);
    for (const i of SPARSE) xa_erase(copy, i);
    xa_store(copy, 2 ** 30, 9);
    xa_clear_mark(copy, 64, XA_MARK_0);
    expect(xaDump(xa)).toEqual(before);
    expectClean(xa);
    expectClean(copy);
  });

  it('restoring a snapshot undoes a mutation, node ids included', () => {
    let xa = sparse();
    const snap = xaClone(xa);
    xa_store(xa, 2 ** 25, 1);
    xa = snap;
    expect(xaDump(xa)).toEqual(xaDump(sparse()));
    xa_store(xa, 2 ** 25, 1);
    const again = sparse();
    xa_store(again, 2 ** 25, 1);
    expect(xaDump(xa)).toEqual(xaDump(again));
  });
});

describe('xaFork', () => {
  /** A deterministic mix of stores (order 0 and PMD), erases and marks over a wide range of indices. */
  function ops(seed: number, n: number): ((xa: Xarray) => void)[] {
    let x = seed;
    const rnd = (m: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % m;
    };
    const index = () => [rnd(70), 512 + rnd(1024), 4096 + rnd(300), 2 ** 20 + rnd(5), rnd(2 ** 26)][rnd(5)];
    return Array.from({ length: n }, () => {
      const i = index();
      const v = 1 + rnd(1000);
      switch (rnd(6)) {
        case 0:
          return (xa: Xarray) => void xa_store_order(xa, i, v, PMD_ORDER);
        case 1:
          return (xa: Xarray) => void xa_erase(xa, i);
        case 2:
          return (xa: Xarray) => xa_set_mark(xa, i, XA_MARK_0);
        case 3:
          return (xa: Xarray) => xa_clear_mark(xa, i, XA_MARK_0);
        default:
          return (xa: Xarray) => void xa_store(xa, i, v);
      }
    });
  }

  it('each version equals what a deep copy would be, and no write changes an earlier version', () => {
    const text = (xa: Xarray) => JSON.stringify(xaDump(xa));
    for (let seed = 1; seed <= 8; seed++) {
      let version = createXarray();
      const reference = createXarray();
      const history: { xa: Xarray; dump: string }[] = [];
      for (const op of ops(seed, 60)) {
        version = xaFork(version);
        op(version);
        op(reference);
        const dump = text(version);
        expect(dump).toBe(text(reference));
        expect(xaCheck(version)).toEqual([]);
        history.push({ xa: version, dump });
      }
      for (const h of history) expect(text(h.xa)).toBe(h.dump);
    }
  });

  it('writing the older version copies too: both stay independent', () => {
    const old = sparse();
    const young = xaFork(old);
    xa_store(young, 2 ** 25, 1);
    xa_erase(old, 63);
    xa_set_mark(old, 64, XA_MARK_1);
    expect(xa_load(old, 2 ** 25)).toBeNull();
    expect(xa_load(young, 63)).toBe(63 * 16);
    expect(xa_get_mark(young, 64, XA_MARK_1)).toBe(false);
    expectClean(old);
    expectClean(young);
  });

  it('copies only the nodes on the written path', () => {
    const xa = createXarray();
    for (let i = 0; i < 64 * 64; i += 3) xa_store(xa, i, i + 1);
    const next = xaFork(xa);
    xa_store(next, 4000, 7);
    const a = xa.head as Exclude<Xarray['head'], number | null>;
    const b = next.head as Exclude<Xarray['head'], number | null>;
    expect(b).not.toBe(a);
    const changed = b.slots.filter((s, o) => s !== a.slots[o]);
    // the root and the one leaf under it that holds index 4000
    expect(changed).toHaveLength(1);
  });
});

describe('xaCheck', () => {
  it('reports a wrong count, a stray mark and a dangling sibling', () => {
    const xa = pmdAt512();
    const root = xa.head as Exclude<Xarray['head'], number | null>;
    root.count = 3;
    root.marks[40] = 1;
    root.slots[20] = -1 - 19;
    const errors = xaCheck(xa).join('\n');
    expect(errors).toMatch(/count 3/);
    expect(errors).toMatch(/mark on an empty slot/);
    expect(errors).toMatch(/sibling of non-entry slot 19/);
  });
});

describe('scale', () => {
  it('a file with 2^20 PTE entries: 16645 nodes, then erased back to empty', () => {
    const xa = createXarray();
    const n = 2 ** 20;
    for (let i = 0; i < n; i++) xa_store(xa, i, i * 16);
    // 16384 leaves + 256 + 4 + 1
    expect(xaNodeCount(xa)).toBe(n / 64 + n / 4096 + 4 + 1);
    expect(xa_load(xa, n - 1)).toBe((n - 1) * 16);
    let count = 0;
    for (const _ of xa_for_each(xa)) count++;
    expect(count).toBe(n);
    expectClean(xa);
    for (let i = n - 1; i >= 0; i--) xa_erase(xa, i);
    expect(xa_empty(xa)).toBe(true);
    expect(xaNodeCount(xa)).toBe(0);
  });
});

// ---- model check -------------------------------------------------------------------------------------

/** mulberry32: a tiny deterministic PRNG */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RefEntry {
  order: number;
  value: number;
  marks: number;
}

/** The kernel's multi-index semantics over disjoint aligned ranges, keyed by first index. */
class RefModel {
  readonly map = new Map<number, RefEntry>();

  covering(index: number): [number, RefEntry] | null {
    for (let k = 0; k <= 18; k++) {
      const start = index - (index % 2 ** k);
      const e = this.map.get(start);
      if (e && e.order >= k) return [start, e];
    }
    return null;
  }

  store(index: number, value: number, order: number): void {
    const start = index - (index % 2 ** order);
    const cover = this.covering(start);
    if (cover && cover[1].order >= order) {
      // the existing larger (or equal) entry takes the new value over its whole range
      cover[1].value = value;
      return;
    }
    const end = start + 2 ** order;
    let marks = 0;
    for (const [s, e] of [...this.map]) {
      if (s >= start && s < end) {
        marks |= e.marks;
        this.map.delete(s);
      }
    }
    this.map.set(start, { order, value, marks });
  }

  erase(index: number): number | null {
    const cover = this.covering(index);
    if (!cover) return null;
    this.map.delete(cover[0]);
    return cover[1].value;
  }

  load(index: number): number | null {
    return this.covering(index)?.[1].value ?? null;
  }

  items(): XaItem[] {
    return [...this.map].sort((a, b) => a[0] - b[0]).map(([index, e]) => ({ index, entry: e.value, order: e.order }));
  }
}

describe('model check against a reference map', () => {
  it.each([1, 2, 3, 0xdad])('seed %i: random xa_store / xa_store_order / xa_erase / marks match the map', (seed) => {
    const rnd = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const ORDERS = [0, 0, 1, 2, 3, 5, 6, 7, 9, 9, 12] as const;
    const MARKS: readonly XaMark[] = [XA_MARK_0, XA_MARK_1, XA_MARK_2];
    const bases = [0, 0, 0, 2 ** 20, 2 ** 30, 2 ** 44];
    const randomIndex = (): number => pick(bases) + Math.floor(rnd() * 2 ** 14);
    const xa = createXarray();
    const ref = new RefModel();
    let maxHeight = 0;

    for (let step = 0; step < 4000; step++) {
      const r = rnd();
      const existing = [...ref.map.keys()];
      const someIndex = (): number =>
        existing.length && rnd() < 0.6 ? pick(existing) + Math.floor(rnd() * 4) : randomIndex();
      if (r < 0.35) {
        const i = randomIndex();
        const v = Math.floor(rnd() * 2 ** 40);
        const old = ref.load(i);
        expect(xa_store(xa, i, v)).toBe(old);
        ref.store(i, v, 0);
      } else if (r < 0.5) {
        const order = pick(ORDERS);
        const i = randomIndex();
        const v = Math.floor(rnd() * 2 ** 20);
        xa_store_order(xa, i, v, order);
        ref.store(i, v, order);
      } else if (r < 0.85) {
        const i = someIndex();
        expect(xa_erase(xa, i)).toBe(ref.erase(i));
      } else {
        const i = someIndex();
        const mark = pick(MARKS);
        const cover = ref.covering(i);
        if (rnd() < 0.6) {
          xa_set_mark(xa, i, mark);
          if (cover) cover[1].marks |= 1 << mark;
        } else {
          xa_clear_mark(xa, i, mark);
          if (cover) cover[1].marks &= ~(1 << mark);
        }
      }
      maxHeight = Math.max(maxHeight, xaHeight(xa));
      if (step % 100 === 0) {
        expect(xaCheck(xa)).toEqual([]);
        expect(items(xa)).toEqual(ref.items());
      }
      const probe = someIndex();
      expect(xa_load(xa, probe)).toBe(ref.load(probe));
    }

    expect(xaCheck(xa)).toEqual([]);
    expect(items(xa)).toEqual(ref.items());
    for (const [start, e] of ref.map) {
      expect(xa_load(xa, start + 2 ** e.order - 1)).toBe(e.value);
      for (const m of MARKS) expect(xa_get_mark(xa, start, m)).toBe((e.marks & (1 << m)) !== 0);
    }
    for (const m of MARKS) {
      const want = ref.items().filter((it) => ((ref.map.get(it.index)?.marks ?? 0) & (1 << m)) !== 0);
      expect([...xa_for_each_marked(xa, m)]).toEqual(want);
    }
    expect(maxHeight).toBeGreaterThanOrEqual(8);

    // erase everything: the tree must shrink away completely
    for (const { index } of ref.items()) xa_erase(xa, index);
    expect(xa_empty(xa)).toBe(true);
    expect(xaNodeCount(xa)).toBe(0);
    expect(xa.markFlags).toBe(0);
  });
});

it('XA_CHUNK_SIZE is 64', () => {
  expect(XA_CHUNK_SIZE).toBe(64);
});

describe('xa_any_in_range', () => {
  it.each([1, 2, 3, 4])(
    'seed %i: answers as xa_for_each_range(...).some() does, multi-index entries included',
    (seed) => {
      const rnd = prng(seed);
      const xa = createXarray();
      for (let i = 0; i < 300; i++) {
        const order = [0, 0, 0, 3, 6, 9][Math.floor(rnd() * 6)];
        const index = Math.floor(rnd() * 2 ** 13);
        xa_store_order(xa, index - (index % 2 ** order), xa_mk_value(i), order);
      }
      const tests: ((index: number, entry: number) => boolean)[] = [
        () => true,
        (_index, entry) => xa_to_value(entry) % 7 === 0,
        (index) => index % 2 === 1,
      ];
      for (let q = 0; q < 400; q++) {
        const first = Math.floor(rnd() * 2 ** 13);
        const last = first + Math.floor(rnd() * 1024);
        for (const test of tests) {
          const walked = [...xa_for_each_range(xa, first, last)].some((it) => test(it.index, it.entry));
          expect(xa_any_in_range(xa, first, last, test), `[${first}, ${last}]`).toBe(walked);
        }
      }
      expect(xa_any_in_range(createXarray(), 0, 100, () => true)).toBe(false);
    },
  );
});
