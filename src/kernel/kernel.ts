/**
 * The whole simulated machine: pmem namespaces with their struct pages, filesystems, files and their
 * page caches, processes, counters and the kernel log. State is mutable for speed (a million rmap
 * records must stay cheap) and every write after setup goes through the journal, so a finished trace
 * can be rewound. Deterministic: no clock, no randomness.
 */

import { type CloneSet, cloneExtents, cloneNumberOf, clonePath } from './fs/clones';
import type { Filesystem } from './fs/fs';
import type { AddressSpace, Inode } from './fs/vfs';
import { fileMappingId, fsId, nsId, pteId, taskId } from './ids';
import { Journal, type JournalEntry, registerJournalEntry } from './journal';
import { lowerBound } from './lib/sorted';
import { createXarray } from './lib/xarray';
import { daxLeafFolioRef } from './mm/folio_ref';
import type { DevPagemap } from './mm/memremap';
import type { PageArray } from './mm/page';
import type { VmemmapLayout } from './mm/sparse-vmemmap';
import { isNoHugeLeaves, type MmStruct, type PtEntry, type SigInfo, type Task, type Vma } from './sched';
import { PAGE_SIZE, PFN_PHYS, PHYS_PFN, PMD_SIZE, PUD_SIZE, SECTOR_SHIFT } from './units';
import type { BuildFacts } from './variants/buildFacts';
import type { FeatureId } from './variants/features';

/** struct dax_device holder state (drivers/dax/super.c) */
export interface DaxDevice {
  /** DAXDEV_ALIVE */
  alive: boolean;
  /** dax_dev->holder_ops: XFS registers xfs_dax_holder_operations; ext4 registers none */
  holder_ops: 'xfs_dax_holder_operations' | null;
  /** dax_dev->holder_data: the holding filesystem (its device name) */
  holder_data: string | null;
}

/** One pmem namespace in fsdax (block device pmemN) or devdax (character device daxN.M) mode. */
export interface Namespace {
  /** device name: "pmem0" for fsdax, "dax0.0" for devdax */
  name: string;
  mode: 'fsdax' | 'devdax';
  /** namespace resource start (physical address) */
  phys_addr: number;
  size: number;
  /** where data (fs block 0 / device pgoff 0) starts: info block plus, with map=dev, the memmap */
  data_offset: number;
  map: 'dev' | 'mem';
  /** device-dax alignment (fault size); PAGE_SIZE for fsdax */
  align: number;
  pgmap: DevPagemap;
  pages: PageArray;
  vmemmap: VmemmapLayout;
  dax_dev: DaxDevice;
  /** media errors as /sys/block/pmem0/badblocks lists them: 512-byte sectors from the data start */
  badblocks: number[];
  /** device-dax: the char device's address_space id */
  cdevMappingId: string | null;
  /** fsdax: the mounted filesystem's device name */
  fs: string | null;
}

export const firstDataPfn = (ns: Namespace): number => PHYS_PFN(ns.phys_addr + ns.data_offset);
export const endPfn = (ns: Namespace): number => PHYS_PFN(ns.phys_addr + ns.size);
/** The pfn of linear fs block / device page `block` (4 KiB blocks). */
export const blockToPfn = (ns: Namespace, block: number): number => firstDataPfn(ns) + block;
export const pfnToBlock = (ns: Namespace, pfn: number): number => pfn - firstDataPfn(ns);

export interface KernelConfig {
  /** the variant being modelled (variants/variants.ts); for reports only: behaviour reads `features` */
  variant: string;
  features: ReadonlySet<FeatureId>;
  /** what the build prints that no feature decides */
  build: BuildFacts;
  /** vm.memory_failure_early_kill */
  sysctl_memory_failure_early_kill: 0 | 1;
  /** vm.memory_failure_recovery */
  sysctl_memory_failure_recovery: 0 | 1;
}

/** A user mapping removed, and who removed it (for the explorer's "why is this not mapped?"). */
export interface UnmapRecord {
  pid: number;
  start: number;
  end: number;
  /** the kernel path that removed it, in words */
  cause: string;
}

/** A signal as delivered to user space (after coalescing). */
export interface DeliveredSignal extends SigInfo {
  pid: number;
  comm: string;
}

const sortedHas = (list: readonly number[], x: number): boolean => {
  const i = lowerBound(list, x);
  return i < list.length && list[i] === x;
};

/**
 * map[key] goes from `from` to `to` (null: removed), the reverse index (Kernel.leaves) kept in step. `vma`: the
 * leaves' VMA when the caller has it (Kernel.indexLeaf).
 */
function putLeaf(
  k: Kernel,
  map: Map<number, PtEntry>,
  key: number,
  from: PtEntry | null,
  to: PtEntry | null,
  vma?: Vma,
): void {
  if (from) k.indexLeaf(from, false, vma);
  if (to) {
    map.set(key, to);
    k.indexLeaf(to, true, vma);
  } else map.delete(key);
}

/**
 * A page-table leaf installed (after), replaced, or removed (after null) at map[key]: the write, its undo,
 * and the reverse index (Kernel.leaves) kept in step both ways. One journal entry, as a map write.
 */
class PtWrite implements JournalEntry {
  constructor(
    private readonly k: Kernel,
    private readonly pid: number,
    readonly field: string,
    private readonly map: Map<number, PtEntry>,
    private readonly key: number,
    readonly before: PtEntry | null,
    readonly after: PtEntry | null,
  ) {}
  /** perf: the id is formatted when something reads it, not for each of 10^5 leaves a run removes */
  get object(): string {
    return pteId(this.pid, this.key);
  }
  apply(): void {
    putLeaf(this.k, this.map, this.key, this.before, this.after);
  }
  revert(): void {
    putLeaf(this.k, this.map, this.key, this.after, this.before);
  }
}

registerJournalEntry('pt', PtWrite);

/** Bad sectors added to a namespace's sorted badblocks list, in place: one entry for the whole range. */
class BadblocksAdd implements JournalEntry {
  readonly before = undefined;
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly list: number[],
    readonly after: number[],
  ) {}
  apply(): void {
    for (const s of this.after) this.list.splice(lowerBound(this.list, s), 0, s);
  }
  revert(): void {
    for (const s of this.after) this.list.splice(lowerBound(this.list, s), 1);
  }
}
registerJournalEntry('badblocks-add', BadblocksAdd);

/** Bad sectors taken out of a namespace's sorted badblocks list (badblocks_clear), in place. */
class BadblocksClear implements JournalEntry {
  readonly after = undefined;
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly list: number[],
    readonly before: number[],
  ) {}
  apply(): void {
    for (const s of this.before) this.list.splice(lowerBound(this.list, s), 1);
  }
  revert(): void {
    for (const s of this.before) this.list.splice(lowerBound(this.list, s), 0, s);
  }
}
registerJournalEntry('badblocks-clear', BadblocksClear);

export class Kernel {
  readonly j = new Journal();
  /**
   * Do the steps explain themselves (the decisions and touched ids a step records)? Nothing in the kernel
   * reads them; a run that prints only its report turns this off (SimulateOptions.stepDetails), and the ops
   * that work over every mapper of a page then build no per-task record (perf: 10^5 tasks, issue 10 §4).
   */
  stepDetails = true;
  readonly config: KernelConfig;
  readonly namespaces: Namespace[] = [];
  readonly filesystems = new Map<string, Filesystem>();
  readonly mappings = new Map<string, AddressSpace>();
  /** the task list (init_task.tasks): creation order, which for_each_process() walks */
  readonly tasks: Task[] = [];
  readonly byPid = new Map<number, Task>();
  /** the task-list position of each task spawnTask() appended (journaled with it), by pid */
  private readonly taskOrder = new Map<number, number>();
  /**
   * The task-list position of each task addTask() appended (the setup's, never taken back), by pid. Perf: a
   * holey array indexed by pid, not 10^5 more entries of a Map (issue 10 §4); pids are small integers.
   */
  private readonly setupOrder: number[] = [];
  /** the pages each pin event's get_user_pages() took a reference on (event index → pfns), until its unpin */
  gupPins: Record<string, number[]> = {};
  /**
   * num_poisoned_pages, shown as HardwareCorrupted in /proc/meminfo; debug_locks (lib/debug_locks.c), which
   * the first add_taint(…, LOCKDEP_NOW_UNRELIABLE) of a boot clears; mce_notify_printed, the `printed` of
   * mce_notify_irq()'s ratelimit state (2 lines per 60 s); owner_list_* and leaked_inode_refs count what the
   * rfc-2020-get-shared-files design allocates (struct shared_files) and the inode references it never drops
   */
  counters = {
    num_poisoned_pages: 0,
    hw_memory_failure: false,
    debug_locks: 1 as 0 | 1,
    mce_notify_printed: 0,
    owner_list_bytes: 0,
    owner_list_entries: 0,
    leaked_inode_refs: 0,
  };
  readonly dmesg: string[] = [];
  readonly traceLog: string[] = [];
  readonly delivered: DeliveredSignal[] = [];
  /** every user mapping removed, in order (the report's "unmapped") */
  readonly unmapLog: UnmapRecord[] = [];
  /** pids in the order a signal was queued on them, until get_signal() delivers */
  pendingOrder: number[] = [];
  /** every SetPageHWPoison(), in order */
  readonly hwpoisonLog: number[] = [];
  /** every VMA ever mapped, by id (do_mmap registers it) */
  readonly vmaById = new Map<string, Vma>();
  /**
   * The reverse of the page tables, per address_space: the leaves mapping it, by the file page each starts
   * at. Derived state kept in step with installPt/removePt (and their journal entries), so that
   * unmap_mapping_range() visits only the VMAs with something mapped in its range instead of every VMA of
   * i_mmap; not a kernel structure (the kernel walks i_mmap and each VMA's page tables).
   */
  readonly leaves = new Map<string, Map<number, Set<PtEntry>>>();
  /** per address_space: how many of its leaves are PMD or PUD leaves */
  readonly hugeLeaves = new Map<string, number>();

  constructor(config: KernelConfig) {
    this.config = config;
  }

  /** Does this kernel have the behaviour change `feature` (variants/features.ts)? */
  has(feature: FeatureId): boolean {
    return this.config.features.has(feature);
  }

  // ---- lookups -------------------------------------------------------------------------------------

  /** The namespace whose pgmap covers pfn: get_dev_pagemap() (mm/memremap.c). */
  namespaceOfPfn(pfn: number): Namespace | null {
    for (const ns of this.namespaces) if (pfn >= PHYS_PFN(ns.phys_addr) && pfn < endPfn(ns)) return ns;
    return null;
  }

  namespace(name: string): Namespace {
    const ns = this.namespaces.find((n) => n.name === name);
    if (!ns) throw new Error(`no namespace ${name}`);
    return ns;
  }

  /** Position in the task list, the order for_each_process() visits. */
  taskIndex(pid: number): number {
    return this.taskOrder.get(pid) ?? this.setupOrder[pid] ?? Number.MAX_SAFE_INTEGER;
  }

  /** The pid whose mm a VMA id belongs to. */
  vmaOwner(vmaId: string): number {
    return this.vmaById.get(vmaId)?.pid ?? Number(vmaId.split(':')[1]);
  }

  /** Append a task to the task list (fork()/exec of a scenario process). */
  addTask(task: Task): void {
    this.setupOrder[task.pid] = this.tasks.length;
    this.tasks.push(task);
    this.byPid.set(task.pid, task);
  }

  /** kernel_clone() of a process a scenario event creates: like addTask, through the journal. */
  spawnTask(task: Task): void {
    this.j.mapSet(taskId(task.pid), 'taskOrder', this.taskOrder, task.pid, this.tasks.length);
    this.j.push(taskId(task.pid), 'tasks', this.tasks, task);
    this.j.mapSet(taskId(task.pid), 'byPid', this.byPid, task.pid, task);
  }

  task(pid: number): Task {
    const t = this.byPid.get(pid);
    if (!t) throw new Error(`no task ${pid}`);
    return t;
  }

  mapping(id: string): AddressSpace {
    const m = this.mappings.get(id);
    if (!m) throw new Error(`no address_space ${id}`);
    return m;
  }

  fsOfNamespace(ns: Namespace): Filesystem | null {
    return ns.fs ? (this.filesystems.get(ns.fs) ?? null) : null;
  }

  /** The inode behind a file address_space. */
  inodeOfMapping(m: AddressSpace): Inode | null {
    if (m.host.kind !== 'file') return null;
    return this.filesystems.get(m.host.dev)?.inodes.get(m.host.ino) ?? null;
  }

  /**
   * Look a path up, materialising a bulk reflinked copy's inode on first use (the open(2) that
   * brings it into the inode cache).
   */
  lookupPath(fs: Filesystem, path: string): Inode | null {
    const ino = fs.byPath.get(path);
    if (ino !== undefined) return fs.inodes.get(ino) ?? null;
    for (const set of fs.cloneSets) {
      const n = cloneNumberOf(set, path);
      if (n === null) continue;
      return this.materialiseClone(fs, set, n);
    }
    return null;
  }

  /** Copy `n` of a bulk reflink set as an in-core inode (its open(2): xfs_iget() reads it into the cache). */
  materialiseClone(fs: Filesystem, set: CloneSet, n: number): Inode | null {
    const source = fs.inodes.get(set.sourceIno);
    if (!source) return null;
    const inode: Inode = {
      ino: set.firstIno + n,
      path: clonePath(set, n),
      i_size: source.i_size,
      extents: cloneExtents(set, source),
      mappingId: fileMappingId(fs.dev, set.firstIno + n),
      incore: true,
    };
    if (set.open) inode.openOutside = true;
    this.addInode(fs, inode);
    return inode;
  }

  addInode(fs: Filesystem, inode: Inode): void {
    fs.inodes.set(inode.ino, inode);
    fs.byPath.set(inode.path, inode.ino);
    this.mappings.set(inode.mappingId, {
      id: inode.mappingId,
      host: { kind: 'file', dev: fs.dev, ino: inode.ino },
      i_pages: createXarray(),
      i_mmap: [],
    });
  }

  // ---- log -----------------------------------------------------------------------------------------

  printk(line: string): void {
    this.j.push('dmesg', 'line', this.dmesg, line);
  }

  /** WARN_ON_ONCE() sites that have fired in this boot: each prints its splat once */
  readonly warnedOnce = new Map<string, true>();

  /** WARN_ON_ONCE() at `site`: print the splat the first time only; true if it printed. */
  warnOnce(site: string, splat: () => string[]): boolean {
    if (this.warnedOnce.has(site)) return false;
    this.j.mapSet('dmesg', 'WARN_ON_ONCE', this.warnedOnce, site, true);
    for (const line of splat()) this.printk(line);
    return true;
  }

  tracepoint(line: string): void {
    this.j.push('trace', 'ras:memory_failure_event', this.traceLog, line);
  }

  // ---- page tables ---------------------------------------------------------------------------------

  /** The leaf entry mapping `addr` in mm, at whichever level maps it. */
  lookupPt(mm: MmStruct, addr: number): PtEntry | null {
    return (
      mm.pud.get(addr - (addr % PUD_SIZE)) ??
      mm.pmd.get(addr - (addr % PMD_SIZE)) ??
      mm.pte.get(addr - (addr % PAGE_SIZE)) ??
      null
    );
  }

  /** `vma`: the entry's VMA, when the caller (a fault) has it at hand (Kernel.indexLeaf) */
  installPt(task: Task, entry: PtEntry, vma?: Vma): void {
    if (!task.mm) throw new Error('installPt on a task without mm');
    // the mm's first huge leaf: a map of its own instead of the shared empty one (not journaled: an empty map
    // for an empty map, nothing a rewind could tell apart)
    if (isNoHugeLeaves(task.mm[entry.level])) task.mm[entry.level] = new Map();
    const map = task.mm[entry.level];
    const before = map.get(entry.addr) ?? null;
    // perf: no journal entry while the journal is off (the setup's 10^5 faults)
    if (this.j.enabled) {
      const w = new PtWrite(this, task.pid, entry.level, map, entry.addr, before, entry);
      w.apply();
      this.j.record(w);
    } else putLeaf(this, map, entry.addr, before, entry, vma);
    // a leaf rewritten in place (a store's write bit) keeps its folio reference
    if (before?.pfn !== entry.pfn) {
      if (before) daxLeafFolioRef(this, before, -1);
      daxLeafFolioRef(this, entry, 1);
    }
  }

  /** `vma`: the entry's VMA, when the caller (an unmap) has it at hand (Kernel.indexLeaf) */
  removePt(task: Task, entry: PtEntry, vma?: Vma): void {
    if (!task.mm) return;
    const map = task.mm[entry.level];
    const before = map.get(entry.addr);
    if (before === undefined) return;
    if (this.j.enabled) {
      const w = new PtWrite(this, task.pid, entry.level, map, entry.addr, before, null);
      w.apply();
      this.j.record(w);
    } else putLeaf(this, map, entry.addr, before, null, vma);
    daxLeafFolioRef(this, before, -1);
  }

  /** Keep `leaves` in step with one page-table leaf appearing (add) or going away. */
  indexLeaf(e: PtEntry, add: boolean, hint?: Vma): void {
    // the file page the leaf starts at, in its VMA's address_space (perf: no object for it, 2·10^5 leaves).
    // Perf: the VMA the caller holds (a fault's or an unmap's, which is the registered one for its id) saves a
    // lookup of a 10^5-entry Map per leaf
    const vma = hint !== undefined && hint.id === e.vmaId ? hint : this.vmaById.get(e.vmaId);
    if (!vma) return;
    const mappingId = vma.mappingId;
    const pgoff = vma.vm_pgoff + (e.addr - vma.vm_start) / PAGE_SIZE;
    let byPgoff = this.leaves.get(mappingId);
    if (!byPgoff) {
      byPgoff = new Map();
      this.leaves.set(mappingId, byPgoff);
    }
    if (e.level !== 'pte') this.hugeLeaves.set(mappingId, (this.hugeLeaves.get(mappingId) ?? 0) + (add ? 1 : -1));
    let set = byPgoff.get(pgoff);
    if (add) {
      if (!set) {
        set = new Set();
        byPgoff.set(pgoff, set);
      }
      set.add(e);
    } else if (set) {
      set.delete(e);
      if (set.size === 0) byPgoff.delete(pgoff);
    }
  }

  // ---- counters, filesystem and device state -------------------------------------------------------

  setCounter<K extends keyof Kernel['counters']>(field: K, value: Kernel['counters'][K]): void {
    this.j.set('counters', this.counters, field, value);
  }

  setFs<K extends 'shutdown' | 'frozen'>(fs: Filesystem, field: K, value: boolean): void {
    this.j.set(fsId(fs.dev), fs, field, value);
  }

  setDax<K extends keyof DaxDevice>(ns: Namespace, field: K, value: DaxDevice[K]): void {
    this.j.set(nsId(ns.name), ns.dax_dev, field, value);
  }

  /** Record a media error (badblocks_set) for the 512-byte sectors of [phys, phys + len). */
  addBadblocks(ns: Namespace, phys: number, len: number): number[] {
    const base = ns.phys_addr + ns.data_offset;
    const first = Math.floor((phys - base) / 2 ** SECTOR_SHIFT);
    const last = Math.floor((phys + len - 1 - base) / 2 ** SECTOR_SHIFT);
    const added: number[] = [];
    for (let s = Math.max(0, first); s <= last; s++) if (!sortedHas(ns.badblocks, s)) added.push(s);
    if (added.length) {
      // in place, one journal entry for the whole range (was: a sorted copy of the list per call)
      const w = new BadblocksAdd(nsId(ns.name), 'badblocks', ns.badblocks, added);
      w.apply();
      this.j.record(w);
    }
    return added;
  }

  /** Forget the media errors of [phys, phys + len) (pmem_clear_bb → badblocks_clear); the sectors cleared. */
  clearBadblocks(ns: Namespace, phys: number, len: number): number[] {
    const base = ns.phys_addr + ns.data_offset;
    const first = Math.floor((phys - base) / 2 ** SECTOR_SHIFT);
    const last = Math.floor((phys + len - 1 - base) / 2 ** SECTOR_SHIFT);
    const list = ns.badblocks;
    const gone: number[] = [];
    for (let i = lowerBound(list, first); i < list.length && list[i] <= last; i++) gone.push(list[i]);
    if (gone.length) {
      const w = new BadblocksClear(nsId(ns.name), 'badblocks', list, gone);
      w.apply();
      this.j.record(w);
    }
    return gone;
  }

  /** is_bad_pmem(): does [phys, phys + len) contain a bad sector? */
  isBadPmem(ns: Namespace, phys: number, len: number): boolean {
    const base = ns.phys_addr + ns.data_offset;
    const first = Math.floor((phys - base) / 512);
    const last = Math.floor((phys + len - 1 - base) / 512);
    // badblocks is sorted: the first sector at or after `first` decides
    const list = ns.badblocks;
    const i = lowerBound(list, first);
    return i < list.length && list[i] <= last;
  }

  /** The media at pfn holds poison (a real error, recorded as a bad block). */
  pfnHasMediaError(pfn: number): boolean {
    const ns = this.namespaceOfPfn(pfn);
    return ns ? this.isBadPmem(ns, PFN_PHYS(pfn), PAGE_SIZE) : false;
  }

  // ---- tasks ---------------------------------------------------------------------------------------

  setTask<K extends 'exited' | 'mm' | 'pending'>(task: Task, field: K, value: Task[K]): void {
    this.j.set(taskId(task.pid), task, field, value);
  }

  logUnmap(range: UnmapRecord): void {
    this.j.push('unmap', 'range', this.unmapLog, range);
  }

  logHwpoison(pfn: number): void {
    this.j.push('hwpoison', 'pfn', this.hwpoisonLog, pfn);
  }

  deliver(signal: DeliveredSignal): void {
    this.j.push('signals', 'delivered', this.delivered, signal);
  }
}
