/**
 * Linked selection: from any selected object to its counterparts in every view. A pfn ⇄ its struct
 * page ⇄ the xarray entries that point at it ⇄ the rmap records that own its block ⇄ the page-table
 * entries (and VMAs, tasks) that map it. Everything meets at pfns: a selection is first turned into the
 * pfns it stands for, and those are expanded to every object that names them.
 */
import { dax_entry_order, dax_is_empty_entry, dax_is_zero_entry, dax_to_pfn } from '../kernel/fs/dax';
import type { Filesystem } from '../kernel/fs/fs';
import type { XfsRmapIrec } from '../kernel/fs/xfs/xfs_rmap';
import { fileMappingId, indexId, pfnId, pteId, rmapId, taskId } from '../kernel/ids';
import { blockToPfn, firstDataPfn, type Kernel, type Namespace, pfnToBlock } from '../kernel/kernel';
import { lowerBound } from '../kernel/lib/sorted';
import { xa_for_each, xa_load } from '../kernel/lib/xarray';
import { PAGE_SIZE, PMD_SIZE, PUD_SIZE } from '../kernel/units';

const LEVEL = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: PUD_SIZE } as const;
/** a 2 MiB selection links 512 pfns; more than this is summarised, not enumerated */
const MAX_PFNS = 4096;

/** The pfns an object id stands for. */
export function pfnsOf(k: Kernel, id: string): number[] {
  const parts = id.split(':');
  switch (parts[0]) {
    case 'pfn':
      return [Number(parts[1])];
    case 'ino':
    case 'cdev': {
      // "ino:<dev>:<ino>:<index>" or "cdev:<name>:<index>" (an index), or the mapping itself
      const isIndex = parts.length === (parts[0] === 'ino' ? 4 : 3);
      const mappingId = isIndex ? parts.slice(0, -1).join(':') : id;
      const m = k.mappings.get(mappingId);
      if (!m || !isIndex) return [];
      const index = Number(parts[parts.length - 1]);
      if (m.host.kind === 'cdev') return [firstDataPfn(k.namespace(m.host.name)) + index];
      const e = xa_load(m.i_pages, index);
      if (e !== null && !dax_is_zero_entry(e) && !dax_is_empty_entry(e)) {
        const order = dax_entry_order(e);
        return [dax_to_pfn(e) + (index % 2 ** order)];
      }
      const inode = k.inodeOfMapping(m);
      const fs = k.filesystems.get(m.host.dev);
      const ns = fs ? k.namespaces.find((n) => n.fs === fs.dev) : undefined;
      const ext = inode?.extents.find((x) => index >= x.fileoff && index < x.fileoff + x.len);
      return ext && ns ? [blockToPfn(ns, ext.block + index - ext.fileoff)] : [];
    }
    case 'rmap': {
      const named = rmapRecordOf(k, id);
      const ns = named ? k.namespaces.find((n) => n.fs === named.fs.dev) : undefined;
      if (!named || !ns) return [];
      const first = blockToPfn(ns, named.firstBlock);
      return range(first, Math.min(named.rec.rm_blockcount, MAX_PFNS));
    }
    case 'pt': {
      const task = k.byPid.get(Number(parts[1]));
      const addr = Number(parts[2]);
      const e = task?.mm ? k.lookupPt(task.mm, addr) : null;
      return e ? range(e.pfn, Math.min(LEVEL[e.level] / PAGE_SIZE, MAX_PFNS)) : [];
    }
    case 'vma':
    case 'task': {
      const task = k.byPid.get(Number(parts[1]));
      const mm = task?.mm;
      if (!mm) return [];
      const out: number[] = [];
      for (const level of ['pte', 'pmd', 'pud'] as const)
        for (const e of mm[level].values())
          if (parts[0] === 'task' || e.vmaId === id) out.push(...range(e.pfn, Math.min(LEVEL[level] / PAGE_SIZE, 512)));
      return out.slice(0, MAX_PFNS);
    }
    default:
      return [];
  }
}

const range = (first: number, n: number): number[] => Array.from({ length: n }, (_, i) => first + i);

/**
 * Every object id linked to the selection (including the selection itself, always first when iterated).
 *
 * Perf: a block that a thousand reflinked copies share is a thousand file pages and rmap records per block
 * (bench A: a record of 1,024 such blocks links ~1M of each), and the worker asks at every step. So the file
 * pages the files' extents map and the rmap records that own the blocks are not listed: `has()` answers them
 * from the selection's blocks, `size` counts them, `pagesOf()` lists one file's. The rest (pfns, the DAX
 * entries faults made, page-table entries: bounded by what the processes mapped) is listed in `eager`.
 * Iterating lists it all, in the order of a walk per pfn (tests, and a single poisoned pfn).
 */
export class LinkedIds implements Iterable<string> {
  /** the linked ids but the file pages of the files' extents and the blocks' rmap records */
  readonly eager = new Set<string>();
  private readonly blocksOf = new Map<string, SelectedBlocks>();
  /** the selection, its record's mappers, the pfns and the DAX entries, in that order */
  private readonly head = new Set<string>();
  private readonly tail: string[] = [];
  private all: Set<string> | null = null;
  private count: number | null = null;

  constructor(
    private readonly k: Kernel,
    readonly selection: string | null,
  ) {
    if (!selection) return;
    const head = this.head.add(selection);
    // an rmap record of a file: every process mapping that file (its VMAs in i_mmap), faulted in or not
    if (selection.startsWith('rmap:')) for (const id of mappersOfRmapOwner(k, selection)) head.add(id);
    const pfns = new Set(pfnsOf(k, selection));
    if (pfns.size > 0) {
      for (const pfn of pfns) head.add(pfnId(pfn));
      addIndexEntries(k, pfns, head);
      for (const fs of k.filesystems.values()) {
        const ns = k.namespaces.find((n) => n.fs === fs.dev);
        const blocks = ns ? selectedBlocks(fs, ns, pfns) : null;
        if (blocks) this.blocksOf.set(fs.dev, blocks);
      }
      this.tail = pageTableMappers(k, pfns);
    }
    for (const id of [...head, ...this.tail]) this.eager.add(id);
  }

  has(id: string): boolean {
    return this.eager.has(id) || this.isExtentPage(id) || this.isOwnerRecord(id);
  }

  get size(): number {
    if (this.count === null) {
      let n = this.eager.size;
      for (const [dev, b] of this.blocksOf) {
        const fs = this.k.filesystems.get(dev) as Filesystem;
        n += countExtentPages(fs, b);
        forEachOwnerRecord(fs, b, () => n++);
      }
      // what eager holds already (a page a DAX entry named, the selected record itself)
      for (const id of this.eager) if (this.isExtentPage(id) || this.isOwnerRecord(id)) n--;
      this.count = n;
    }
    return this.count;
  }

  /** The linked pages of one file: what the xarray view of that file marks. */
  pagesOf(mappingId: string): string[] {
    const out = new Set<string>();
    const prefix = `${mappingId}:`;
    for (const id of this.eager) if (id.startsWith(prefix)) out.add(id);
    const [kind, dev, ino] = mappingId.split(':');
    const b = this.blocksOf.get(dev);
    const inode = kind === 'ino' ? this.k.filesystems.get(dev)?.inodes.get(Number(ino)) : undefined;
    if (b && inode)
      for (const x of inode.extents)
        for (let i = lowerBound(b.sorted, x.block); i < b.sorted.length && b.sorted[i] < x.block + x.len; i++)
          out.add(indexId(mappingId, x.fileoff + b.sorted[i] - x.block));
    return [...out];
  }

  /** The linked file pages (mappings' indices) of every file, in the order iterating lists them. */
  filePages(): string[] {
    const out = new Set([...this.head].filter(isFilePage));
    for (const [dev, b] of this.blocksOf) {
      const pages = extentPagesPerBlock(this.k.filesystems.get(dev) as Filesystem, b);
      for (const block of b.blocks) for (const id of pages.get(block) ?? []) out.add(id);
    }
    return [...out];
  }

  [Symbol.iterator](): Iterator<string> {
    if (!this.all) {
      this.all = new Set(this.head);
      for (const [dev, b] of this.blocksOf) {
        const fs = this.k.filesystems.get(dev) as Filesystem;
        const pages = extentPagesPerBlock(fs, b);
        const records = ownerRecordsPerBlock(fs, b);
        for (const block of b.blocks) {
          for (const id of pages.get(block) ?? []) this.all.add(id);
          for (const id of records.get(block) ?? []) this.all.add(id);
        }
      }
      for (const id of this.tail) this.all.add(id);
    }
    return this.all[Symbol.iterator]();
  }

  /** "ino:<dev>:<ino>:<index>", a page of a file whose extent maps it on a selected block */
  private isExtentPage(id: string): boolean {
    if (!id.startsWith('ino:') || this.blocksOf.size === 0) return false;
    const [, dev, ino, index, more] = id.split(':');
    const b = this.blocksOf.get(dev);
    if (!b || index === undefined || more !== undefined) return false;
    const at = Number(index);
    const x = this.k.filesystems
      .get(dev)
      ?.inodes.get(Number(ino))
      ?.extents.find((e) => at >= e.fileoff && at < e.fileoff + e.len);
    return !!x && b.set.has(x.block + at - x.fileoff);
  }

  /** "rmap:<dev>:ag<n>:r<m>", a record whose extent holds a selected block */
  private isOwnerRecord(id: string): boolean {
    if (!id.startsWith('rmap:') || this.blocksOf.size === 0) return false;
    const named = rmapRecordOf(this.k, id);
    const b = named && this.blocksOf.get(named.fs.dev);
    return !!b && anyIn(b.sorted, named.firstBlock, named.firstBlock + named.rec.rm_blockcount);
  }
}

/** Every object id linked to the selection (see LinkedIds). */
export function linkedIds(k: Kernel, selection: string | null): LinkedIds {
  return new LinkedIds(k, selection);
}

const isFilePage = (id: string): boolean => id.startsWith('ino:') || id.startsWith('cdev:');

/** struct pages → the page cache entries that point at them */
function addIndexEntries(k: Kernel, pfns: Set<number>, out: Set<string>): void {
  const sorted = [...pfns].sort((a, b) => a - b);
  const order = new Map([...pfns].map((pfn, i) => [pfn, i]));
  for (const m of k.mappings.values()) {
    if (m.host.kind === 'cdev') {
      const ns = k.namespace(m.host.name);
      for (const pfn of pfns) if (pfn >= firstDataPfn(ns)) out.add(indexId(m.id, pfn - firstDataPfn(ns)));
      continue;
    }
    for (const { index, entry } of xa_for_each(m.i_pages)) {
      if (dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) continue;
      const first = dax_to_pfn(entry);
      const n = 2 ** dax_entry_order(entry);
      for (const pfn of within(sorted, order, first, first + n)) out.add(indexId(m.id, index + (pfn - first)));
    }
  }
}

/** the page-table entries, VMAs and tasks that map the pfns */
function pageTableMappers(k: Kernel, pfns: Set<number>): string[] {
  const sorted = [...pfns].sort((a, b) => a - b);
  const out: string[] = [];
  for (const task of k.tasks) {
    const mm = task.mm;
    if (!mm) continue;
    for (const level of ['pte', 'pmd', 'pud'] as const) {
      const n = LEVEL[level] / PAGE_SIZE;
      for (const e of mm[level].values()) {
        if (!anyIn(sorted, e.pfn, e.pfn + n)) continue;
        out.push(pteId(task.pid, e.addr), e.vmaId, taskId(task.pid));
      }
    }
  }
  return out;
}

/** Does the ascending list `sorted` hold a value in [lo, hi)? (binary search: a PTE against 4,096 pfns) */
function anyIn(sorted: number[], lo: number, hi: number): boolean {
  const a = lowerBound(sorted, lo);
  return a < sorted.length && sorted[a] < hi;
}

/**
 * The pfns in [lo, hi), in the selection's order (`order`: pfn → its place): what a walk of every pfn per
 * xarray entry found, without it (1,001 files × 1,024 entries × 1,024 pfns on bench A).
 */
function within(sorted: number[], order: Map<number, number>, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lowerBound(sorted, lo); i < sorted.length && sorted[i] < hi; i++) out.push(sorted[i]);
  return out.length > 1 ? out.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) : out;
}

/** The selected pfns' blocks on one filesystem: in the selection's order, sorted, as a set. */
interface SelectedBlocks {
  blocks: number[];
  sorted: number[];
  set: Set<number>;
}

function selectedBlocks(fs: Filesystem, ns: Namespace, pfns: Set<number>): SelectedBlocks | null {
  const blocks: number[] = [];
  for (const pfn of pfns) {
    const block = pfnToBlock(ns, pfn);
    // (written so that a NaN block, from a malformed pfn id, is skipped too)
    if (block >= 0 && block < fs.blocks) blocks.push(block);
  }
  if (!blocks.length) return null;
  return { blocks, sorted: [...blocks].sort((a, b) => a - b), set: new Set(blocks) };
}

/** How many file pages the files' extents map on the blocks (what extentPagesPerBlock lists, counted). */
function countExtentPages(fs: Filesystem, b: SelectedBlocks): number {
  let n = 0;
  for (const inode of fs.inodes.values())
    for (const x of inode.extents) n += lowerBound(b.sorted, x.block + x.len) - lowerBound(b.sorted, x.block);
  return n;
}

/**
 * The file pages the files' extents map on each block, in inode order.
 * Perf: every inode is walked once for all the blocks (not once per block: ~30 s on bench A).
 */
function extentPagesPerBlock(fs: Filesystem, b: SelectedBlocks): Map<number, string[]> {
  const pages = new Map<number, string[]>(b.blocks.map((block) => [block, []]));
  const lo = b.sorted[0];
  const hi = b.sorted[b.sorted.length - 1];
  for (const inode of fs.inodes.values())
    for (const x of inode.extents) {
      if (x.block > hi || x.block + x.len <= lo) continue;
      for (let block = Math.max(lo, x.block); block <= Math.min(hi, x.block + x.len - 1); block++)
        pages.get(block)?.push(indexId(fileMappingId(fs.dev, inode.ino), x.fileoff + block - x.block));
    }
  return pages;
}

/** Calls `visit` with each rmap record that holds a selected block, in xfs_rmap_query_range() order per AG. */
function forEachOwnerRecord(fs: Filesystem, b: SelectedBlocks, visit: (agno: number, recno: number) => void): void {
  const xfs = fs.xfs;
  if (!xfs?.rmapbt) return;
  const agblocks = xfs.geometry.agblocks;
  const lo = b.sorted[0];
  const hi = b.sorted[b.sorted.length - 1];
  for (let agno = Math.floor(lo / agblocks); agno <= Math.floor(hi / agblocks); agno++) {
    const base = agno * agblocks;
    const bt = xfs.rmap[agno];
    for (const recno of bt.queryRange(Math.max(lo, base) - base, Math.min(hi, base + agblocks - 1) - base)) {
      const r = bt.record(recno);
      if (anyIn(b.sorted, base + r.rm_startblock, base + r.rm_startblock + r.rm_blockcount)) visit(agno, recno);
    }
  }
}

/** The rmap records that own each block, in xfs_rmap_query_range() order (one query over the blocks' range). */
function ownerRecordsPerBlock(fs: Filesystem, b: SelectedBlocks): Map<number, string[]> {
  const per = new Map<number, string[]>(b.blocks.map((block) => [block, []]));
  const agblocks = fs.xfs?.geometry.agblocks ?? 0;
  forEachOwnerRecord(fs, b, (agno, recno) => {
    const r = fs.xfs?.rmap[agno].record(recno);
    if (!r) return;
    const first = agno * agblocks + r.rm_startblock;
    for (let i = lowerBound(b.sorted, first); i < b.sorted.length && b.sorted[i] < first + r.rm_blockcount; i++)
      per.get(b.sorted[i])?.push(rmapId(fs.dev, agno, recno));
  });
  return per;
}

/** The record an "rmap:<dev>:ag<n>:r<m>" id names, with its filesystem and first block; null if none. */
function rmapRecordOf(k: Kernel, id: string): { fs: Filesystem; rec: XfsRmapIrec; firstBlock: number } | null {
  const [kind, dev, ag, recno, more] = id.split(':');
  const fs = k.filesystems.get(dev);
  const xfs = fs?.xfs;
  if (kind !== 'rmap' || !fs || !xfs || more !== undefined || !ag?.startsWith('ag') || !recno?.startsWith('r'))
    return null;
  const agno = Number(ag.slice(2));
  const n = Number(recno.slice(1));
  const bt = xfs.rmap[agno];
  if (!bt || !Number.isInteger(n) || n < 0 || n >= bt.nr) return null;
  const rec = bt.record(n);
  return { fs, rec, firstBlock: agno * xfs.geometry.agblocks + rec.rm_startblock };
}

/** The file an rmap record's owner is, and the VMAs and tasks that map it (mapping->i_mmap). */
function mappersOfRmapOwner(k: Kernel, id: string): string[] {
  const named = rmapRecordOf(k, id);
  if (!named || named.rec.rm_owner < 0) return [];
  const m = k.mappings.get(fileMappingId(named.fs.dev, named.rec.rm_owner));
  if (!m) return [];
  const out = [m.id];
  for (const v of m.i_mmap) out.push(v.id, taskId(v.pid));
  return out;
}
