/**
 * The XArray of a file's page cache (`mapping->i_pages`), as fs/dax.c uses it: value entries only.
 * Models: lib/xarray.c (xas_start, xas_descend, xas_load, xas_expand, xas_create, xas_store, xas_squash_marks,
 *         update_node, xas_delete_node, xas_shrink, xas_free_nodes, xas_set/clear/get_mark, xas_init_marks,
 *         xas_get_order, xa_load, xa_store, xa_erase, xa_set/clear/get_mark) and include/linux/xarray.h
 *         (XA_CHUNK_SHIFT, xa_mk_value, xa_mk_sibling, XA_STATE_ORDER, XA_MARK_*), CONFIG_XARRAY_MULTI=y,
 *         CONFIG_BASE_SMALL=n, Linux v6.12.
 *         PAGECACHE_TAG_* come from include/linux/fs.h.
 * Faithful: the node tree (64 slots a node), xa_head holding a lone order-0 entry at index 0, growth by
 *         xas_expand and collapse by xas_delete_node + xas_shrink, multi-index entries laid out as a
 *         canonical slot plus sibling slots in the node at shift `order - order % 6`, node count/nr_values
 *         bookkeeping (nr_values counts the siblings of a value entry too, as xas_store does), and the marks
 *         with their propagation to parents and to xa_flags.
 * Not modeled: RCU (no retry entries: freed nodes are just dropped), locking, memory allocation failure
 *         (-ENOMEM), XA_ZERO_ENTRY / xa_reserve, XA_FLAGS_ALLOC / XA_FREE_MARK, pointer (non-value) entries,
 *         xa_state beyond a walk (each call starts from XAS_RESTART), node private_list / workingset.
 * Indices and values are JS numbers, exact up to 2^53 - 1 (the kernel's unsigned long goes to 2^64 - 1);
 * index arithmetic uses 32-bit bitwise operators only below 2^31.
 *
 * Multi-index semantics, followed from xas_create/xas_store rather than chosen:
 *   - storing into any index covered by a multi-index entry, with a smaller or equal order, replaces the
 *     value of the whole existing entry and keeps its order ("Storing into an existing multislot entry
 *     updates the entry of every index", xa_store()); xas_descend resolves the sibling to the canonical slot
 *     and xas_store writes there.
 *   - storing a multi-index entry over smaller entries replaces them all (subtrees are freed), and the new
 *     entry inherits the union of their marks (xas_squash_marks, and the parent's aggregate mark bits).
 *   - erasing any covered index erases the whole multi-index entry and returns it.
 */

export const XA_CHUNK_SHIFT = 6;
export const XA_CHUNK_SIZE = 1 << XA_CHUNK_SHIFT;
export const XA_CHUNK_MASK = XA_CHUNK_SIZE - 1;

export type XaMark = 0 | 1 | 2;
export const XA_MARK_0: XaMark = 0;
export const XA_MARK_1: XaMark = 1;
export const XA_MARK_2: XaMark = 2;
export const XA_MARK_MAX: XaMark = XA_MARK_2;
/** include/linux/fs.h */
export const PAGECACHE_TAG_DIRTY: XaMark = XA_MARK_0;
export const PAGECACHE_TAG_WRITEBACK: XaMark = XA_MARK_1;
export const PAGECACHE_TAG_TOWRITE: XaMark = XA_MARK_2;

/** Largest index the model represents (the kernel's is ULONG_MAX). */
export const XA_MAX_INDEX = Number.MAX_SAFE_INTEGER;
/** Largest order accepted by xa_store_order (2^48 indices, a root at shift 48 still has 64 slots). */
export const XA_MAX_ORDER = 48;

/** A value entry: the v of xa_mk_value(v). The raw pointer (v << 1) | 1 is derived (xa_entry_raw_hex). */
export type XaEntry = number;

/**
 * A slot: null, a value entry (number >= 0), a sibling (number < 0, encoding xa_mk_sibling(o) as -1 - o)
 * or a child node. Encoding siblings as negative numbers keeps slots monomorphic and cheap.
 */
export type XaSlot = XaNode | number | null;

/** struct xa_node. `id` is this model's stable name (node#id), not a kernel field. */
export interface XaNode {
  readonly id: number;
  shift: number;
  offset: number;
  count: number;
  nr_values: number;
  parent: XaNode | null;
  slots: XaSlot[];
  /** node->marks[mark] bit `offset` is bit `mark` of marks[offset] */
  marks: Uint8Array;
}

/** struct xarray */
export interface Xarray {
  head: XaNode | XaEntry | null;
  /** XA_FLAGS_MARK(mark) bits of xa_flags: bit m set when some entry carries mark m */
  markFlags: number;
  /** next node id; monotonic so ids stay unique over the array's life (and deterministic) */
  nextNodeId: number;
  nodeCount: number;
}

const POW2: number[] = Array.from({ length: 64 }, (_, i) => 2 ** i);

const isNode = (s: XaSlot | undefined): s is XaNode => typeof s === 'object' && s !== null;
const isSibling = (s: XaSlot | undefined): s is number => typeof s === 'number' && s < 0;
const isValueSlot = (s: XaSlot | undefined): s is number => typeof s === 'number' && s >= 0;
const mkSibling = (offset: number): number => -1 - offset;
const toSibling = (s: number): number => -1 - s;

/** (index >> shift) & XA_CHUNK_MASK without 32-bit truncation */
function getOffset(index: number, shift: number): number {
  if (index < 0x80000000 && shift < 31) return (index >> shift) & XA_CHUNK_MASK;
  return Math.floor(index / POW2[shift]) % XA_CHUNK_SIZE;
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`xarray: bad index ${index}`);
}

function checkEntry(entry: XaEntry): void {
  // xa_mk_value() WARNs on a negative long; here a value must also be exact in a double
  if (!Number.isSafeInteger(entry) || entry < 0) throw new RangeError(`xarray: bad value entry ${entry}`);
}

function checkMark(mark: number): void {
  if (mark !== 0 && mark !== 1 && mark !== 2) throw new RangeError(`xarray: bad mark ${mark}`);
}

// ---- entries -------------------------------------------------------------------------------------------

/** xa_mk_value(): the entry for v (entries are kept as v; the raw pointer is derived). */
export function xa_mk_value(v: number): XaEntry {
  checkEntry(v);
  return v;
}
/** xa_to_value() */
export const xa_to_value = (entry: XaEntry): number => entry;
/** xa_is_value(): every non-NULL entry of this model is a value entry */
export const xa_is_value = (entry: XaEntry | null | undefined): entry is XaEntry =>
  typeof entry === 'number' && entry >= 0;
/** The raw pointer of a value entry, (v << 1) | 1, as a BigInt (v may exceed 2^31). */
export const xa_entry_raw = (entry: XaEntry): bigint => (BigInt(entry) << 1n) | 1n;
/** The raw pointer of a value entry as printk's %px would show it: `0x` + lowercase hex. */
export const xa_entry_raw_hex = (entry: XaEntry): string => `0x${xa_entry_raw(entry).toString(16)}`;
/** The raw pointer of xa_mk_sibling(offset) = xa_mk_internal(offset) = (offset << 2) | 2. */
export const xa_sibling_raw_hex = (offset: number): string => `0x${((offset << 2) | 2).toString(16)}`;
/** How views and URLs name a node. */
export const xaNodeName = (id: number): string => `node#${id}`;

// ---- the array -----------------------------------------------------------------------------------------

/** XARRAY_INIT / xa_init(): an empty array. */
export function createXarray(): Xarray {
  return { head: null, markFlags: 0, nextNodeId: 1, nodeCount: 0 };
}

/** xa_empty() */
export const xa_empty = (xa: Xarray): boolean => xa.head === null;

/** Number of xa_nodes in the tree. */
export const xaNodeCount = (xa: Xarray): number => xa.nodeCount;

/** Levels a walk to a shift-0 slot would cross: 0 when xa_head is NULL or an entry, else root shift / 6 + 1. */
export const xaHeight = (xa: Xarray): number => (isNode(xa.head) ? xa.head.shift / XA_CHUNK_SHIFT + 1 : 0);

/** max_index(xa_head): largest index storable without xas_expand. */
export function xaMaxIndex(xa: Xarray): number {
  const head = xa.head;
  return isNode(head) ? XA_CHUNK_SIZE * POW2[head.shift] - 1 : 0;
}

/**
 * Copy-on-write versions (xaFork): the nodes a version may write in place. A forked array and the array it
 * was forked from share their nodes; a write through either copies the nodes on its path first (path
 * copying), so every version stays as it was. Arrays never forked are absent and are written in place.
 */
const cowOwned = new WeakMap<Xarray, Set<XaNode>>();

/**
 * A new version of the array that shares every node with `xa` (O(1)); writes to either copy only the nodes
 * on their path from the root, never a node the other still holds. Node ids, counters and marks are as a
 * deep copy would have them. A shared node's `parent` may be the same-id node of an earlier version: walks
 * up the tree only happen from nodes a write has copied, whose parents it copied too.
 * Not a kernel operation: how the simulator keeps each step's page cache (the kernel has only one).
 */
export function xaFork(xa: Xarray): Xarray {
  const next: Xarray = { head: xa.head, markFlags: xa.markFlags, nextNodeId: xa.nextNodeId, nodeCount: xa.nodeCount };
  cowOwned.set(next, new Set());
  cowOwned.set(xa, new Set());
  return next;
}

/** One node with its own slot and mark arrays (children still shared), under `parent`. */
function copyNodeShallow(node: XaNode, parent: XaNode | null): XaNode {
  return {
    id: node.id,
    shift: node.shift,
    offset: node.offset,
    count: node.count,
    nr_values: node.nr_values,
    parent,
    slots: node.slots.slice(),
    marks: node.marks.slice(),
  };
}

/** Deep copy (node ids, counters and marks included), so a caller can snapshot and restore. */
export function xaClone(xa: Xarray): Xarray {
  const copyNode = (node: XaNode, parent: XaNode | null): XaNode => {
    const copy = copyNodeShallow(node, parent);
    for (let i = 0; i < XA_CHUNK_SIZE; i++) {
      const s = copy.slots[i];
      if (isNode(s)) copy.slots[i] = copyNode(s, copy);
    }
    return copy;
  };
  const head = xa.head;
  return {
    head: isNode(head) ? copyNode(head, null) : head,
    markFlags: xa.markFlags,
    nextNodeId: xa.nextNodeId,
    nodeCount: xa.nodeCount,
  };
}

// ---- xa_state ------------------------------------------------------------------------------------------

/** The part of struct xa_state a walk needs. node === null with bounds === false means "at xa_head". */
interface XaState {
  xa: Xarray;
  index: number;
  shift: number;
  sibs: number;
  node: XaNode | null;
  offset: number;
  /** XAS_BOUNDS: the index is beyond the tree; xas_invalid() */
  bounds: boolean;
  /** a write to a forked array: the nodes it may write in place (others are copied first); null otherwise */
  cow: Set<XaNode> | null;
}

/** XA_STATE_ORDER(): index aligned down to the order, shift a multiple of 6, the rest as siblings */
function xasInit(xa: Xarray, index: number, order: number, write = false): XaState {
  const rem = order % XA_CHUNK_SHIFT;
  return {
    xa,
    index: index - (index % POW2[order]),
    shift: order - rem,
    sibs: (1 << rem) - 1,
    node: null,
    offset: 0,
    bounds: false,
    cow: write ? (cowOwned.get(xa) ?? null) : null,
  };
}

/**
 * Copy-on-write: the version of `node` this write may change, copied (same id) if another version shares it,
 * and put where the original was: in `parent`'s slot (parent already owned) or in xa_head.
 */
function xasOwn(xas: XaState, node: XaNode, parent: XaNode | null): XaNode {
  const cow = xas.cow;
  if (!cow || cow.has(node)) return node;
  const copy = copyNodeShallow(node, parent);
  cow.add(copy);
  if (parent) parent.slots[node.offset] = copy;
  else xas.xa.head = copy;
  return copy;
}

function xasStart(xas: XaState): XaSlot {
  const head = xas.xa.head;
  if (!isNode(head)) {
    if (xas.index !== 0) {
      xas.bounds = true;
      return null;
    }
  } else if (Math.floor(xas.index / POW2[head.shift]) > XA_CHUNK_MASK) {
    xas.bounds = true;
    return null;
  }
  xas.node = null;
  return head;
}

/** Steps into node; a sibling is followed to its canonical slot, which becomes xa_offset. */
function xasDescend(xas: XaState, node: XaNode): XaSlot {
  let offset = getOffset(xas.index, node.shift);
  let entry = node.slots[offset];
  xas.node = node;
  if (isSibling(entry)) {
    offset = toSibling(entry);
    entry = node.slots[offset];
  }
  xas.offset = offset;
  return entry;
}

function xasLoad(xas: XaState): XaSlot {
  let entry = xasStart(xas);
  while (isNode(entry)) {
    // a multi-index erase stops at the level its order lives at
    if (xas.shift > entry.shift) break;
    if (xas.cow) entry = xasOwn(xas, entry, xas.node);
    entry = xasDescend(xas, entry);
  }
  return entry;
}

function xasAlloc(xas: XaState, shift: number): XaNode {
  const parent = xas.node;
  const node: XaNode = {
    id: xas.xa.nextNodeId++,
    shift,
    offset: 0,
    count: 0,
    nr_values: 0,
    parent,
    slots: new Array<XaSlot>(XA_CHUNK_SIZE).fill(null),
    marks: new Uint8Array(XA_CHUNK_SIZE),
  };
  if (parent) {
    node.offset = xas.offset;
    parent.count++;
  }
  xas.xa.nodeCount++;
  xas.cow?.add(node);
  return node;
}

/** xas_max(): a multi-index entry can't live in xa_head, so one at index 0 needs a node. */
function xasMax(xas: XaState): number {
  let max = xas.index;
  if (xas.shift || xas.sibs) {
    const mask = (xas.sibs + 1) * POW2[xas.shift] - 1;
    max += mask; // index is aligned to the entry size, so `|` is `+`
    if (mask === max) max++;
  }
  return max;
}

/** Adds roots until max fits; returns the shift one level above the top node (0 if no node needed). */
function xasExpand(xas: XaState, headIn: XaSlot): number {
  const xa = xas.xa;
  let head = headIn;
  let node: XaNode | null = null;
  let shift = 0;
  const max = xasMax(xas);
  if (head === null) {
    if (max === 0) return 0;
    while (Math.floor(max / POW2[shift]) >= XA_CHUNK_SIZE) shift += XA_CHUNK_SHIFT;
    return shift + XA_CHUNK_SHIFT;
  }
  if (isNode(head)) {
    // the old root gets a parent: this version's own copy of it
    if (xas.cow) head = xasOwn(xas, head, null);
    node = head;
    shift = head.shift + XA_CHUNK_SHIFT;
  }
  xas.node = null;
  while (max > (isNode(head) ? XA_CHUNK_SIZE * POW2[head.shift] - 1 : 0)) {
    node = xasAlloc(xas, shift);
    node.count = 1;
    if (isValueSlot(head)) node.nr_values = 1;
    node.slots[0] = head;
    // the new root's slot 0 carries what xa_flags said about the whole old tree
    node.marks[0] = xa.markFlags;
    if (isNode(head)) {
      head.offset = 0;
      head.parent = node;
    }
    head = node;
    xa.head = node;
    shift += XA_CHUNK_SHIFT;
  }
  xas.node = node;
  return shift;
}

/** Walks down to the slot for (index, shift), allocating nodes; returns what is in it. */
function xasCreate(xas: XaState): XaSlot {
  const xa = xas.xa;
  const order = xas.shift;
  xas.node = null;
  let shift = xasExpand(xas, xa.head);
  let entry: XaSlot = xa.head;
  // xas_expand leaves xas.node at the top node, but the slot being filled is still xa_head
  let slotNode: XaNode | null = null;
  let slotOffset = 0;
  while (shift > order) {
    shift -= XA_CHUNK_SHIFT;
    let node: XaNode;
    if (entry === null) {
      node = xasAlloc(xas, shift);
      if (slotNode) slotNode.slots[slotOffset] = node;
      else xa.head = node;
    } else if (isNode(entry)) {
      node = xas.cow ? xasOwn(xas, entry, slotNode) : entry;
    } else {
      // a larger entry covers the index: the store goes to its canonical slot
      break;
    }
    entry = xasDescend(xas, node);
    slotNode = node;
    slotOffset = xas.offset;
  }
  return entry;
}

function nodeAnyMark(node: XaNode, bit: number): boolean {
  for (let i = 0; i < XA_CHUNK_SIZE; i++) if (node.marks[i] & bit) return true;
  return false;
}

function xasSetMark(xas: XaState, mark: XaMark): void {
  if (xas.bounds) return;
  const bit = 1 << mark;
  let node = xas.node;
  let offset = xas.offset;
  while (node) {
    const was = node.marks[offset] & bit;
    node.marks[offset] |= bit;
    // ancestors are already marked
    if (was) return;
    offset = node.offset;
    node = node.parent;
  }
  xas.xa.markFlags |= bit;
}

function xasClearMark(xas: XaState, mark: XaMark): void {
  if (xas.bounds) return;
  const bit = 1 << mark;
  let node = xas.node;
  let offset = xas.offset;
  while (node) {
    const was = node.marks[offset] & bit;
    node.marks[offset] &= ~bit;
    if (!was) return;
    // a sibling slot of this node still needs the parent's bit
    if (nodeAnyMark(node, bit)) return;
    offset = node.offset;
    node = node.parent;
  }
  xas.xa.markFlags &= ~bit;
}

function xasGetMark(xas: XaState, mark: XaMark): boolean {
  if (xas.bounds) return false;
  if (!xas.node) return (xas.xa.markFlags & (1 << mark)) !== 0;
  return (xas.node.marks[xas.offset] & (1 << mark)) !== 0;
}

/** xas_init_marks() without XA_FLAGS_TRACK_FREE: an erased entry loses all marks. */
function xasInitMarks(xas: XaState): void {
  for (let m = 0; m <= XA_MARK_MAX; m++) xasClearMark(xas, m as XaMark);
}

/** Marks of the sibling slots about to be written move to the canonical slot. */
function xasSquashMarks(xas: XaState): void {
  if (!xas.sibs || !xas.node) return;
  const marks = xas.node.marks;
  const limit = xas.offset + xas.sibs;
  let merged = 0;
  for (let o = xas.offset + 1; o <= limit; o++) {
    merged |= marks[o];
    marks[o] = 0;
  }
  marks[xas.offset] |= merged;
}

/** A node (and everything below it) leaves the tree; only the count of live nodes needs undoing. */
function xasFreeNodes(xas: XaState, top: XaNode): void {
  let freed = 0;
  const stack: XaNode[] = [top];
  for (let node = stack.pop(); node; node = stack.pop()) {
    freed++;
    for (const s of node.slots) if (isNode(s)) stack.push(s);
    // a node another version still holds is left as it is
    if (xas.cow && !xas.cow.has(node)) continue;
    node.count = 0;
    node.nr_values = 0;
  }
  xas.xa.nodeCount -= freed;
}

/** Replaces the root by its slot 0 while that loses nothing (one entry, at index 0, not multi-index). */
function xasShrink(xas: XaState): void {
  const xa = xas.xa;
  let node = xas.node as XaNode;
  for (;;) {
    if (node.count !== 1) break;
    const entry = node.slots[0];
    if (entry === null) break;
    if (!isNode(entry) && node.shift) break;
    xas.bounds = true;
    xa.head = entry;
    node.count = 0;
    node.nr_values = 0;
    xa.nodeCount--;
    if (!isNode(entry)) break;
    node = xas.cow ? xasOwn(xas, entry, null) : entry;
    node.parent = null;
  }
}

/** Frees xas.node and its ancestors while they are empty, then shrinks from the root. */
function xasDeleteNode(xas: XaState): void {
  let node = xas.node as XaNode;
  for (;;) {
    if (node.count) break;
    const parent = node.parent;
    xas.node = parent;
    xas.offset = node.offset;
    xas.xa.nodeCount--;
    if (!parent) {
      xas.xa.head = null;
      xas.bounds = true;
      return;
    }
    parent.slots[xas.offset] = null;
    parent.count--;
    node = parent;
  }
  if (!node.parent) xasShrink(xas);
}

function updateNode(xas: XaState, node: XaNode | null, count: number, values: number): void {
  if (!node || (!count && !values)) return;
  node.count += count;
  node.nr_values += values;
  if (count < 0) xasDeleteNode(xas);
}

/**
 * xas_store(): entry null erases. Writes the canonical slot then xa_sibs siblings (or, erasing, the
 * canonical slot and every sibling that follows it), freeing replaced subtrees.
 * Returns the old entry (meaningless for a multi-index store, as in the kernel).
 */
function xasStore(xas: XaState, entry: XaEntry | null): XaSlot {
  let first = entry !== null ? xasCreate(xas) : xasLoad(xas);
  if (xas.bounds) return first;
  const node = xas.node;
  // a store below the level of an existing larger entry goes to that entry's single canonical slot
  if (node && xas.shift < node.shift) xas.sibs = 0;
  if (first === entry && !xas.sibs) return first;

  let next: XaSlot = first;
  let offset = xas.offset;
  const max = xas.offset + xas.sibs;
  if (node && xas.sibs) xasSquashMarks(xas);
  if (entry === null) xasInitMarks(xas);

  let cur: XaSlot = entry;
  const value = entry !== null;
  let count = 0;
  let values = 0;
  for (;;) {
    if (node) node.slots[offset] = cur;
    else xas.xa.head = cur;
    if (isNode(next)) xasFreeNodes(xas, next);
    if (!node) break;
    count += (next === null ? 1 : 0) - (cur === null ? 1 : 0);
    // `first` is the canonical entry a sibling belonged to, so siblings of values count as values
    values += (isValueSlot(first) ? 0 : 1) - (value ? 0 : 1);
    if (cur !== null) {
      if (offset === max) break;
      if (!isSibling(cur)) cur = mkSibling(xas.offset);
    } else if (offset === XA_CHUNK_MASK) {
      break;
    }
    next = node.slots[++offset];
    if (!isSibling(next)) {
      if (cur === null && offset > max) break;
      first = next;
    }
  }
  updateNode(xas, node, count, values);
  return first;
}

const asEntry = (s: XaSlot): XaEntry | null => (isValueSlot(s) ? s : null);

// ---- normal API ----------------------------------------------------------------------------------------

/** xa_load(): the entry at index, or null. */
export function xa_load(xa: Xarray, index: number): XaEntry | null {
  checkIndex(index);
  return asEntry(xasLoad(xasInit(xa, index, 0)));
}

/**
 * xa_store(): stores an order-0 entry (null erases). Inside a multi-index entry this replaces the
 * value of the whole multi-index entry, which keeps its order. Returns the old entry at index.
 */
export function xa_store(xa: Xarray, index: number, entry: XaEntry | null): XaEntry | null {
  checkIndex(index);
  if (entry !== null) checkEntry(entry);
  return asEntry(xasStore(xasInit(xa, index, 0, true), entry));
}

/**
 * xa_store_order() (lib/test_xarray.c; fs/dax.c does the same with XA_STATE_ORDER + xas_store): stores entry
 * over the 2^order indices containing index (index is aligned down). null erases that range.
 * Returns what xas_store returns, which for a multi-index store is not necessarily the old entry at index.
 */
export function xa_store_order(xa: Xarray, index: number, entry: XaEntry | null, order: number): XaEntry | null {
  checkIndex(index);
  if (entry !== null) checkEntry(entry);
  if (!Number.isInteger(order) || order < 0 || order > XA_MAX_ORDER) {
    throw new RangeError(`xarray: bad order ${order}`);
  }
  const xas = xasInit(xa, index, order, true);
  if (xas.index + POW2[order] - 1 > XA_MAX_INDEX) throw new RangeError(`xarray: order ${order} at ${index}`);
  return asEntry(xasStore(xas, entry));
}

/** xa_erase(): erases the entry at index (all of it if multi-index); returns it. */
export function xa_erase(xa: Xarray, index: number): XaEntry | null {
  checkIndex(index);
  return asEntry(xasStore(xasInit(xa, index, 0, true), null));
}

/**
 * Where the order-0 value entry at `index` lives: its node and slot (node null: the entry is xa_head), or null
 * when index holds no value or a multi-index one. Replacing a value by a value there is all xas_store() does
 * (no count, value count or mark changes), so a caller may write that slot in place (setEntryLocked()).
 */
export function xaValueSlot(xa: Xarray, index: number): { node: XaNode | null; offset: number } | null {
  checkIndex(index);
  const xas = xasInit(xa, index, 0);
  const entry = xasLoad(xas);
  if (!isValueSlot(entry)) return null;
  if (!xas.node) return index === 0 ? { node: null, offset: 0 } : null;
  if (xas.node.shift !== 0 || slotOrder(xas.node, xas.offset) !== 0) return null;
  return { node: xas.node, offset: xas.offset };
}

/** xa_get_order(): the order of the entry at index (0 if none). */
export function xa_get_order(xa: Xarray, index: number): number {
  checkIndex(index);
  const xas = xasInit(xa, index, 0);
  const entry = xasLoad(xas);
  if (entry === null || !xas.node) return 0;
  return slotOrder(xas.node, xas.offset);
}

/** xas_get_order(): siblings at offset + 1, 2, 4, ... add one order each. */
function slotOrder(node: XaNode, offset: number): number {
  let order = 0;
  for (;;) {
    const slot = offset + (1 << order);
    if (slot >= XA_CHUNK_SIZE) break;
    if (!isSibling(node.slots[slot])) break;
    order++;
  }
  return order + node.shift;
}

/** xa_set_mark(): no-op if there is no entry at index. */
export function xa_set_mark(xa: Xarray, index: number, mark: XaMark): void {
  checkIndex(index);
  checkMark(mark);
  const xas = xasInit(xa, index, 0, true);
  if (xasLoad(xas) !== null) xasSetMark(xas, mark);
}

/** xa_clear_mark() */
export function xa_clear_mark(xa: Xarray, index: number, mark: XaMark): void {
  checkIndex(index);
  checkMark(mark);
  const xas = xasInit(xa, index, 0, true);
  if (xasLoad(xas) !== null) xasClearMark(xas, mark);
}

/** xa_get_mark(): follows set bits from the head down, as the kernel does. */
export function xa_get_mark(xa: Xarray, index: number, mark: XaMark): boolean {
  checkIndex(index);
  checkMark(mark);
  const xas = xasInit(xa, index, 0);
  let entry = xasStart(xas);
  while (xasGetMark(xas, mark)) {
    if (!isNode(entry)) return true;
    entry = xasDescend(xas, entry);
  }
  return false;
}

/** xa_marked(): does any entry carry the mark (XA_FLAGS_MARK in xa_flags) */
export const xa_marked = (xa: Xarray, mark: XaMark): boolean => (xa.markFlags & (1 << mark)) !== 0;

// ---- iteration -----------------------------------------------------------------------------------------

export interface XaItem {
  /** first index of the entry (a multi-index entry is reported once, at its canonical index) */
  index: number;
  entry: XaEntry;
  order: number;
}

function* walk(xa: Xarray, first: number, last: number, mark: XaMark | null): Generator<XaItem> {
  const head = xa.head;
  if (head === null || first > last) return;
  if (!isNode(head)) {
    if (first === 0 && (mark === null || xa_marked(xa, mark))) yield { index: 0, entry: head, order: 0 };
    return;
  }
  const bit = mark === null ? 0 : 1 << mark;
  function* visit(node: XaNode, base: number): Generator<XaItem> {
    const step = POW2[node.shift];
    let lo = first <= base ? 0 : Math.floor((first - base) / step);
    // a multi-index entry whose canonical slot precedes `first` still covers it
    const atLo = node.slots[lo];
    if (isSibling(atLo)) lo = toSibling(atLo);
    for (let o = lo; o < XA_CHUNK_SIZE; o++) {
      const start = base + o * step;
      if (start > last) return;
      const s = node.slots[o];
      if (s === null || isSibling(s)) continue;
      if (bit && !(node.marks[o] & bit)) continue;
      if (isNode(s)) {
        yield* visit(s, start);
        continue;
      }
      yield { index: start, entry: s, order: slotOrder(node, o) };
    }
  }
  if (first > xaMaxIndex(xa)) return;
  yield* visit(head, 0);
}

/** xa_for_each(): every entry in index order, each multi-index entry once at its first index. */
export function xa_for_each(xa: Xarray): Iterable<XaItem> {
  return walk(xa, 0, XA_MAX_INDEX, null);
}

/**
 * xa_for_each_range(): entries overlapping [first, last]. Unlike the kernel, which reports an entry that
 * straddles `first` at index `first`, this reports it at its own first index.
 */
export function xa_for_each_range(xa: Xarray, first: number, last: number): Iterable<XaItem> {
  checkIndex(first);
  checkIndex(last);
  return walk(xa, first, last, null);
}

/**
 * Is there an entry overlapping [first, last], visited in xa_for_each_range()'s order, that `test` accepts
 * (given its first index and the entry)? A plain walk that stops at the first one: perf, a fault asks this of
 * the 512 slots under its PMD, and the generator walk cost more than the question (10^4 setup faults).
 */
export function xa_any_in_range(
  xa: Xarray,
  first: number,
  last: number,
  test: (index: number, entry: XaEntry) => boolean,
): boolean {
  checkIndex(first);
  checkIndex(last);
  const head = xa.head;
  if (head === null || first > last) return false;
  if (!isNode(head)) return first === 0 && test(0, head);
  if (first > xaMaxIndex(xa)) return false;
  const visit = (node: XaNode, base: number): boolean => {
    const step = POW2[node.shift];
    let lo = first <= base ? 0 : Math.floor((first - base) / step);
    const atLo = node.slots[lo];
    if (isSibling(atLo)) lo = toSibling(atLo);
    for (let o = lo; o < XA_CHUNK_SIZE; o++) {
      const start = base + o * step;
      if (start > last) return false;
      const s = node.slots[o];
      if (s === null || isSibling(s)) continue;
      if (isNode(s) ? visit(s, start) : test(start, s)) return true;
    }
    return false;
  };
  return visit(head, 0);
}

/** xa_for_each_marked(): entries carrying mark, in [first, last] (whole array by default). */
export function xa_for_each_marked(xa: Xarray, mark: XaMark, first = 0, last: number = XA_MAX_INDEX): Iterable<XaItem> {
  checkMark(mark);
  checkIndex(first);
  checkIndex(last);
  return walk(xa, first, last, mark);
}

// ---- views ---------------------------------------------------------------------------------------------

export interface XaWalkStep {
  nodeId: number;
  shift: number;
  /** xa_offset after xas_descend: the canonical slot when the index's own slot holds a sibling */
  offset: number;
  /** the slot the index selects, (index >> shift) & 63 */
  indexOffset: number;
}

/**
 * The nodes xas_load visits for index, from the root down to the node holding the entry (or the NULL
 * slot where the walk ends). Empty when xa_head is not a node or the index is beyond the tree.
 */
export function xaLookupPath(xa: Xarray, index: number): XaWalkStep[] {
  checkIndex(index);
  const xas = xasInit(xa, index, 0);
  const path: XaWalkStep[] = [];
  let entry = xasStart(xas);
  while (isNode(entry)) {
    const node = entry;
    entry = xasDescend(xas, node);
    path.push({
      nodeId: node.id,
      shift: node.shift,
      offset: xas.offset,
      indexOffset: getOffset(index, node.shift),
    });
  }
  return path;
}

export type XaSlotKind = 'node' | 'value' | 'sibling';

export interface XaDumpSlot {
  offset: number;
  kind: XaSlotKind;
  /** the value entry (for a sibling: the value of its canonical entry); null for a node */
  value: number | null;
  /** raw slot contents in hex: (v << 1) | 1, or (offset << 2) | 2 for a sibling; null for a node */
  raw: string | null;
  /** child node id (kind 'node') */
  nodeId: number | null;
  /** canonical offset (kind 'sibling') */
  sibling: number | null;
  /** order of the entry (kind 'value'), or of the entry a sibling belongs to */
  order: number | null;
  /** indices the slot covers */
  first: number;
  last: number;
  /** marks set on this slot (for a node slot: some entry below carries them) */
  marks: XaMark[];
}

export interface XaDumpNode {
  id: number;
  name: string;
  shift: number;
  offset: number;
  count: number;
  nr_values: number;
  parentId: number | null;
  /** indices the node covers */
  first: number;
  last: number;
  /** used slots only, by offset */
  slots: XaDumpSlot[];
}

export interface XaDump {
  /** what xa_head holds */
  head: { kind: 'empty' } | { kind: 'value'; value: number; raw: string } | { kind: 'node'; nodeId: number };
  height: number;
  maxIndex: number;
  nodeCount: number;
  /** XA_FLAGS_MARK bits */
  marks: XaMark[];
  /** pre-order (root first, children by offset) */
  nodes: XaDumpNode[];
}

const marksOf = (bits: number): XaMark[] => ([0, 1, 2] as XaMark[]).filter((m) => bits & (1 << m));

function dumpNode(node: XaNode, base: number): XaDumpNode {
  const step = POW2[node.shift];
  const slots: XaDumpSlot[] = [];
  for (let o = 0; o < XA_CHUNK_SIZE; o++) {
    const s = node.slots[o];
    if (s === null) continue;
    const first = base + o * step;
    const common = { offset: o, first, last: first + step - 1, marks: marksOf(node.marks[o]) };
    if (isNode(s)) {
      slots.push({ ...common, kind: 'node', value: null, raw: null, nodeId: s.id, sibling: null, order: null });
    } else if (isSibling(s)) {
      const c = toSibling(s);
      const canon = node.slots[c];
      slots.push({
        ...common,
        kind: 'sibling',
        value: isValueSlot(canon) ? canon : null,
        raw: xa_sibling_raw_hex(c),
        nodeId: null,
        sibling: c,
        order: isValueSlot(canon) ? slotOrder(node, c) : null,
      });
    } else {
      slots.push({
        ...common,
        kind: 'value',
        value: s,
        raw: xa_entry_raw_hex(s),
        nodeId: null,
        sibling: null,
        order: slotOrder(node, o),
      });
    }
  }
  return {
    id: node.id,
    name: xaNodeName(node.id),
    shift: node.shift,
    offset: node.offset,
    count: node.count,
    nr_values: node.nr_values,
    parentId: node.parent ? node.parent.id : null,
    first: base,
    last: base + XA_CHUNK_SIZE * step - 1,
    slots,
  };
}

function findNode(xa: Xarray, id: number): { node: XaNode; base: number } | null {
  const head = xa.head;
  if (!isNode(head)) return null;
  const stack: [XaNode, number][] = [[head, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, base] = top;
    if (node.id === id) return { node, base };
    for (let o = XA_CHUNK_MASK; o >= 0; o--) {
      const s = node.slots[o];
      if (isNode(s)) stack.push([s, base + o * POW2[node.shift]]);
    }
  }
  return null;
}

/** One node as plain data (for a view that opens node#id), or null if no such node is in the tree. */
export function xaDumpNode(xa: Xarray, id: number): XaDumpNode | null {
  const found = findNode(xa, id);
  return found ? dumpNode(found.node, found.base) : null;
}

/** The whole tree as plain data. */
export function xaDump(xa: Xarray): XaDump {
  const head = xa.head;
  const nodes: XaDumpNode[] = [];
  const visit = (node: XaNode, base: number): void => {
    nodes.push(dumpNode(node, base));
    for (let o = 0; o < XA_CHUNK_SIZE; o++) {
      const s = node.slots[o];
      if (isNode(s)) visit(s, base + o * POW2[node.shift]);
    }
  };
  if (isNode(head)) visit(head, 0);
  return {
    head:
      head === null
        ? { kind: 'empty' }
        : isNode(head)
          ? { kind: 'node', nodeId: head.id }
          : { kind: 'value', value: head, raw: xa_entry_raw_hex(head) },
    height: xaHeight(xa),
    maxIndex: xaMaxIndex(xa),
    nodeCount: xa.nodeCount,
    marks: marksOf(xa.markFlags),
    nodes,
  };
}

// ---- invariants ----------------------------------------------------------------------------------------

/** Violations of the XArray's structural invariants (empty when the tree is well formed). */
export function xaCheck(xa: Xarray): string[] {
  const errors: string[] = [];
  const head = xa.head;
  if (head !== null && !isNode(head) && !isValueSlot(head)) errors.push(`xa_head holds a sibling ${head}`);
  if (head === null && xa.markFlags) errors.push(`empty array has xa_flags marks ${xa.markFlags}`);
  if (!isNode(head)) {
    if (xa.nodeCount !== 0) errors.push(`nodeCount ${xa.nodeCount} but no tree`);
    return errors;
  }
  if (head.parent !== null) errors.push(`root ${xaNodeName(head.id)} has a parent`);
  if (head.offset !== 0) errors.push(`root ${xaNodeName(head.id)} offset ${head.offset}`);
  // xas_shrink would have collapsed this root
  const s0 = head.slots[0];
  if (head.count === 1 && s0 !== null && (isNode(s0) || head.shift === 0)) {
    errors.push(`height not minimal: root ${xaNodeName(head.id)} holds only slot 0`);
  }
  const rootMarks = head.marks.reduce((a, b) => a | b, 0);
  if (rootMarks !== xa.markFlags) errors.push(`xa_flags marks ${xa.markFlags} but root has ${rootMarks}`);

  let nodes = 0;
  const ids = new Set<number>();
  const check = (node: XaNode): void => {
    nodes++;
    const name = xaNodeName(node.id);
    if (ids.has(node.id)) errors.push(`duplicate node id ${node.id}`);
    ids.add(node.id);
    if (node.id >= xa.nextNodeId) errors.push(`${name}: id not below nextNodeId`);
    if (node.shift % XA_CHUNK_SHIFT !== 0 || node.shift < 0) errors.push(`${name}: bad shift ${node.shift}`);
    if (node.slots.length !== XA_CHUNK_SIZE) errors.push(`${name}: ${node.slots.length} slots`);
    let count = 0;
    let values = 0;
    for (let o = 0; o < XA_CHUNK_SIZE; o++) {
      const s = node.slots[o];
      const m = node.marks[o];
      if (m & ~7) errors.push(`${name}[${o}]: bad mark bits ${m}`);
      if (s === null) {
        if (m) errors.push(`${name}[${o}]: mark on an empty slot`);
        continue;
      }
      count++;
      if (isNode(s)) {
        if (node.shift === 0) errors.push(`${name}[${o}]: child node below shift 0`);
        // a node shared between versions (xaFork) may point at the same-id parent of an earlier version
        if (s.parent !== node && s.parent?.id !== node.id) errors.push(`${xaNodeName(s.id)}: parent is not ${name}`);
        if (s.offset !== o) errors.push(`${xaNodeName(s.id)}: offset ${s.offset} but in slot ${o}`);
        if (s.shift !== node.shift - XA_CHUNK_SHIFT) errors.push(`${xaNodeName(s.id)}: shift ${s.shift}`);
        const childMarks = s.marks.reduce((a, b) => a | b, 0);
        if ((m & 7) !== childMarks) {
          errors.push(`${name}[${o}]: marks ${m} but ${xaNodeName(s.id)} carries ${childMarks}`);
        }
        check(s);
      } else if (isSibling(s)) {
        values++;
        const c = toSibling(s);
        if (m) errors.push(`${name}[${o}]: mark on a sibling`);
        if (c >= o) errors.push(`${name}[${o}]: sibling points forward to ${c}`);
        else if (!isValueSlot(node.slots[c])) errors.push(`${name}[${o}]: sibling of non-entry slot ${c}`);
        else {
          for (let k = c + 1; k < o; k++) {
            if (node.slots[k] !== s) errors.push(`${name}[${o}]: sibling run to ${c} broken at ${k}`);
          }
        }
      } else {
        values++;
      }
    }
    if (count === 0) errors.push(`${name}: empty node left in the tree`);
    if (count !== node.count) errors.push(`${name}: count ${node.count}, ${count} slots used`);
    if (values !== node.nr_values) errors.push(`${name}: nr_values ${node.nr_values}, ${values} value slots`);
  };
  check(head);
  if (nodes !== xa.nodeCount) errors.push(`nodeCount ${xa.nodeCount}, ${nodes} nodes in the tree`);
  return errors;
}
