/**
 * Linked selection: from any selected object to its counterparts in every view. A pfn ⇄ its struct
 * page ⇄ the xarray entries that point at it ⇄ the rmap records that own its block ⇄ the page-table
 * entries (and VMAs, tasks) that map it. Everything meets at pfns: a selection is first turned into the
 * pfns it stands for, and those are expanded to every object that names them.
 */
import { dax_entry_order, dax_is_empty_entry, dax_is_zero_entry, dax_to_pfn } from '../kernel/fs/dax';
import type { Filesystem } from '../kernel/fs/fs';
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
      const [, dev, ag, rec] = parts;
      const fs = k.filesystems.get(dev);
      const xfs = fs?.xfs;
      const ns = fs ? k.namespaces.find((n) => n.fs === fs.dev) : undefined;
      if (!xfs || !ns) return [];
      const r = xfs.rmap[Number(ag.slice(2))]?.record(Number(rec.slice(1)));
      if (!r) return [];
      const first = blockToPfn(ns, Number(ag.slice(2)) * xfs.geometry.agblocks + r.rm_startblock);
      return range(first, Math.min(r.rm_blockcount, MAX_PFNS));
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

/** Every object id linked to the selection (including the selection itself). */
export function linkedIds(k: Kernel, selection: string | null): Set<string> {
  const out = new Set<string>();
  if (!selection) return out;
  out.add(selection);
  // an rmap record of a file: every process mapping that file (its VMAs in i_mmap), faulted in or not
  if (selection.startsWith('rmap:')) for (const id of mappersOfRmapOwner(k, selection)) out.add(id);
  const pfns = new Set(pfnsOf(k, selection));
  if (pfns.size === 0) return out;
  for (const pfn of pfns) out.add(pfnId(pfn));
  const sorted = [...pfns].sort((a, b) => a - b);
  const order = new Map([...pfns].map((pfn, i) => [pfn, i]));
  // struct pages → page cache entries that point at them
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
  // rmap records that own the blocks, and the file pages they name
  for (const fs of k.filesystems.values()) {
    const ns = k.namespaces.find((n) => n.fs === fs.dev);
    if (!ns) continue;
    for (const id of fileBlockOwners(fs, ns, pfns)) out.add(id);
  }
  // page-table entries, VMAs and tasks that map them
  for (const task of k.tasks) {
    const mm = task.mm;
    if (!mm) continue;
    for (const level of ['pte', 'pmd', 'pud'] as const) {
      const n = LEVEL[level] / PAGE_SIZE;
      for (const e of mm[level].values()) {
        if (!anyIn(sorted, e.pfn, e.pfn + n)) continue;
        out.add(pteId(task.pid, e.addr));
        out.add(e.vmaId);
        out.add(taskId(task.pid));
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

/** the rmap records listed per block (a block shared by a million reflinked copies lists the first 256) */
const RMAP_HITS_PER_BLOCK = 256;

/**
 * The file pages and the rmap records that own the blocks of `pfns` on one filesystem, per pfn in the order of
 * `pfns`: the files' pages in inode order, then the block's first 256 records in xfs_rmap_query_range() order.
 * Perf: every inode and the rmapbt are walked once for all the blocks (not once per block): on bench A an
 * inode's record shares its block with 1,000,001 owners, and a walk per block took ~30 s.
 */
function fileBlockOwners(fs: Filesystem, ns: Namespace, pfns: Set<number>): string[] {
  const blocks: number[] = [];
  for (const pfn of pfns) {
    const block = pfnToBlock(ns, pfn);
    // (written so that a NaN block, from a malformed pfn id, is skipped too)
    if (block >= 0 && block < fs.blocks) blocks.push(block);
  }
  if (!blocks.length) return [];
  const per = new Map<number, string[]>(blocks.map((b) => [b, []]));
  const lo = Math.min(...blocks);
  const hi = Math.max(...blocks);
  for (const inode of fs.inodes.values())
    for (const x of inode.extents) {
      if (x.block > hi || x.block + x.len <= lo) continue;
      for (let b = Math.max(lo, x.block); b <= Math.min(hi, x.block + x.len - 1); b++)
        per.get(b)?.push(indexId(fileMappingId(fs.dev, inode.ino), x.fileoff + b - x.block));
    }
  const xfs = fs.xfs;
  if (xfs?.rmapbt) {
    const agblocks = xfs.geometry.agblocks;
    for (let agno = Math.floor(lo / agblocks); agno <= Math.floor(hi / agblocks); agno++) {
      const from = Math.max(lo, agno * agblocks) - agno * agblocks;
      const to = Math.min(hi, agno * agblocks + agblocks - 1) - agno * agblocks;
      const listed = new Map<number, number>();
      let open = blocks.filter((b) => b >= agno * agblocks + from && b <= agno * agblocks + to).length;
      // one query over the blocks' range: its hits come in the order a query per block lists them
      for (const recno of xfs.rmap[agno].queryRange(from, to)) {
        if (open === 0) break; // every block has its 256
        const r = xfs.rmap[agno].record(recno);
        const first = Math.max(from, r.rm_startblock);
        const last = Math.min(to, r.rm_startblock + r.rm_blockcount - 1);
        for (let agbno = first; agbno <= last; agbno++) {
          const list = per.get(agno * agblocks + agbno);
          const n = listed.get(agbno) ?? 0;
          if (!list || n >= RMAP_HITS_PER_BLOCK) continue;
          listed.set(agbno, n + 1);
          if (n + 1 === RMAP_HITS_PER_BLOCK) open--;
          list.push(rmapId(fs.dev, agno, recno));
        }
      }
    }
  }
  return blocks.flatMap((b) => per.get(b) ?? []);
}

/** The file an rmap record's owner is, and the VMAs and tasks that map it (mapping->i_mmap). */
function mappersOfRmapOwner(k: Kernel, id: string): string[] {
  const [, dev, ag, rec] = id.split(':');
  const fs = k.filesystems.get(dev);
  const r = fs?.xfs?.rmap[Number(ag.slice(2))]?.record(Number(rec.slice(1)));
  if (!fs || !r || r.rm_owner < 0) return [];
  const m = k.mappings.get(fileMappingId(dev, r.rm_owner));
  if (!m) return [];
  const out = [m.id];
  for (const v of m.i_mmap) out.push(v.id, taskId(v.pid));
  return out;
}
