/**
 * Build the simulated machine a scenario describes: namespaces (ndctl create-namespace), filesystems
 * (mkfs + mount), files and reflinks, then the processes in order, each mapping and touching its pages
 * (which runs the kernel's real fault path), and finally resolve the events to kernel terms.
 * Every problem is reported with the path of the field that causes it.
 */

import { SRAR_DATA_LOAD } from '../kernel/arch/mce-severity';
import { type Arch, isPpc64, PPC64_PAGE_SIZE, type Ppc64Probe, ppc64Probe } from '../kernel/arch/ppc64';
import { devdaxPagemap, fsdaxPagemap, NdPfnError } from '../kernel/drivers/nvdimm-pfn';
import type { KernelEvent } from '../kernel/frame';
import { type CloneSet, cloneNumberOf } from '../kernel/fs/clones';
import type { Filesystem, MetadataRegion, RefcountExtent } from '../kernel/fs/fs';
import { printMount } from '../kernel/fs/mount';
import { extentAt, type FileExtent, type Inode } from '../kernel/fs/vfs';
import {
  XFS_RMAP_OWN_AG,
  XFS_RMAP_OWN_FS,
  XFS_RMAP_OWN_INOBT,
  XFS_RMAP_OWN_INODES,
  XFS_RMAP_OWN_LOG,
  XFS_RMAP_OWN_REFC,
  type XfsGeometry,
} from '../kernel/fs/xfs/xfs_format';
import { RmapBtree, RmapRecordSink } from '../kernel/fs/xfs/xfs_rmap';
import { cdevMappingId, fileMappingId } from '../kernel/ids';
import { blockToPfn, firstDataPfn, Kernel, type Namespace } from '../kernel/kernel';
import { createXarray } from '../kernel/lib/xarray';
import { handle_mm_fault } from '../kernel/mm/dax_fault';
import { type DevPagemap, range_len } from '../kernel/mm/memremap';
import { do_mmap, type MmapRequest, mmapBaseFor, placeMmap, thpAlignment } from '../kernel/mm/mmap';
import { PageArray } from '../kernel/mm/page';
import { VmemmapLayout } from '../kernel/mm/sparse-vmemmap';
import { printk } from '../kernel/printk';
import { emptyMm, NO_SIGNALS, policyFlags, type Task, type Vma } from '../kernel/sched';
import { hex, PAGE_SIZE, PG_PMD_NR, PHYS_PFN } from '../kernel/units';
import { OWNER_LOOKUP, racePoints, resolveRacePoint } from '../kernel/variants/racePoints';
import { getVariant, type KernelVariant } from '../kernel/variants/variants';
import { fail, quote } from './issues';
import { NamedVmas } from './namedVmas';
import { PatternIndex } from './pathCollisions';
import type { Scenario, ScenarioTarget } from './schema';
import { formatSize } from './units';

export interface BuiltScenario {
  scenario: Scenario;
  k: Kernel;
  events: KernelEvent[];
  /** scenario process name → pid */
  pids: Map<string, number>;
  /** "<process>/<mapping>" → VMA */
  vmas: NamedVmas;
  /** mounts the kernel refused (plain data: it crosses the worker boundary with the run) */
  refusedMounts: RefusedMount[];
  /** on ppc64: each namespace's probe and vmemmap (plain data); absent on x86_64 */
  ppc64?: Ppc64Probe[];
  /** "<process>/<thread>" → tid */
  tids: Map<string, number>;
}

const BLOCK = 4096;
const FIRST_PHYS = 0x100000000;
const GiB = 2 ** 30;

// ---- work budget -------------------------------------------------------------------------------------

/**
 * The work budget: limits on what a scenario makes the simulator build and run, so that every accepted
 * scenario loads and runs in seconds and bounded memory (docs/scenario-format.md, "Limits"). Each is a total
 * over the whole scenario; the message names the entry where the running total passes it.
 */
export const BUDGET = {
  /** bytes of pmem summed over namespaces: the page array, vmemmap and badblocks scale with it */
  namespaceBytes: 64 * 2 ** 40,
  /** VMAs (mappings) summed over processes */
  mappings: 200_000,
  /** page faults at setup (touch entries) summed over processes */
  touches: 200_000,
  /** pages the events hand to the kernel: each madvise page is one memory_failure() (~18 recorded steps) */
  eventPages: 16_384,
  /** files held `open` (an open `count` entry counts each copy): each is an in-core inode and its address_space */
  openFiles: 1_048_576,
} as const;

function checkBudget(s: Scenario): void {
  let bytes = 0;
  s.namespaces.forEach((ns, i) => {
    bytes += ns.size;
    if (bytes > BUDGET.namespaceBytes)
      fail(
        `namespaces[${i}].size`,
        `${formatSize(bytes)} of namespaces in all: the limit is ${formatSize(BUDGET.namespaceBytes)} in one scenario (the simulator's work budget)`,
      );
  });
  let mappings = 0;
  let touches = 0;
  s.processes.forEach((p, i) => {
    mappings += p.mappings.length;
    if (mappings > BUDGET.mappings)
      fail(
        `processes[${i}].mappings`,
        `${mappings} mappings in all: the limit is ${BUDGET.mappings} in one scenario (the simulator's work budget)`,
      );
    touches += p.touch.length;
    if (touches > BUDGET.touches)
      fail(
        `processes[${i}].touch`,
        `${touches} touched pages in all: the limit is ${BUDGET.touches} page faults in one scenario (the simulator's work budget)`,
      );
  });
  s.events.forEach((ev, i) => {
    if (ev.kind !== 'spawn') return;
    mappings += ev.mappings.length;
    touches += ev.touch.length;
    if (mappings > BUDGET.mappings)
      fail(
        `events[${i}].mappings`,
        `${mappings} mappings in all: the limit is ${BUDGET.mappings} in one scenario (the simulator's work budget)`,
      );
    if (touches > BUDGET.touches)
      fail(
        `events[${i}].touch`,
        `${touches} touched pages in all: the limit is ${BUDGET.touches} page faults in one scenario (the simulator's work budget)`,
      );
  });
  let open = 0;
  s.files.forEach((f, i) => {
    if (f.open) open += f.count ?? 1;
    if (open > BUDGET.openFiles)
      fail(
        `files[${i}].open`,
        `${open} files held open in all: the limit is ${BUDGET.openFiles} in one scenario (each is an in-core inode; the simulator's work budget)`,
      );
  });
  let pages = 0;
  s.events.forEach((ev, i) => {
    // a write goes over its pages one by one (dax_iomap_iter)
    const byLength = ev.kind === 'madvise' || ev.kind === 'write';
    pages += byLength ? Math.max(1, Math.ceil(ev.length / PAGE_SIZE)) : 1;
    if (pages > BUDGET.eventPages)
      fail(
        byLength ? `events[${i}].length` : `events[${i}]`,
        `${pages} pages handed to the kernel by the events so far: the limit is ${BUDGET.eventPages} in one scenario (each is a memory_failure() run with every step recorded; the simulator's work budget)`,
      );
  });
}

/** Build the scenario's machine on its own kernel variant, or on `variant` when given (the CLI's --kernel). */
export function buildScenario(s: Scenario, variant: KernelVariant = getVariant(s.kernel)): BuiltScenario {
  checkBudget(s);
  const k = new Kernel({
    variant: variant.id,
    features: new Set(variant.features),
    build: variant.build,
    sysctl_memory_failure_early_kill: s.sysctl.memory_failure_early_kill,
    sysctl_memory_failure_recovery: s.sysctl.memory_failure_recovery,
  });
  k.j.enabled = false;
  if (isPpc64(s.arch)) return buildPpc64(s, k);
  buildNamespaces(k, s);
  buildFilesystems(k, s);
  const { pids, vmas, nextPid, tids } = buildProcesses(k, s);
  const spawned: Spawned = { nextPid, count: 0, tids, unmounted: new Set() };
  const events = s.events.map((ev, i) => resolveEvent(k, s, ev, i, pids, vmas, variant, spawned));
  return { scenario: s, k, events, pids, vmas, tids, refusedMounts: refusedMountsOf(k) };
}

// ---- ppc64: the namespace probe and its vmemmap only ----------------------------------------------------

/**
 * On ppc64 the model runs the namespace probe and lays out the vmemmap (the seed 003 crash); processes,
 * filesystems and events are refused with the reason, naming the field.
 */
function buildPpc64(s: Scenario, k: Kernel): BuiltScenario {
  const only = 'only the namespace probe and the memmap/vmemmap layout are modelled';
  if (s.filesystems.length) fail('filesystems', `arch ${s.arch}: ${only}; remove the filesystems`);
  if (s.files.length) fail('files', `arch ${s.arch}: ${only}; remove the files`);
  if (s.processes.length) fail('processes', `arch ${s.arch}: ${only}; remove the processes`);
  if (s.events.length) fail('events', `arch ${s.arch}: ${only}; remove the events`);
  let next = FIRST_PHYS;
  const ppc64 = s.namespaces.map((spec, i) => {
    const at = `namespaces[${i}]`;
    const start = spec.phys ?? next;
    const align = spec.align ?? (spec.mode === 'devdax' ? 16 * 2 ** 20 : PPC64_PAGE_SIZE);
    if (start % PPC64_PAGE_SIZE) fail(`${at}.phys`, `${hex(start)} is not aligned to the 64 KiB page`);
    if (spec.size % PPC64_PAGE_SIZE)
      fail(`${at}.size`, `${formatSize(spec.size)} is not a whole number of 64 KiB pages`);
    if (align < PPC64_PAGE_SIZE || align & (align - 1))
      fail(`${at}.align`, `${formatSize(align)}: a power of two of at least the 64 KiB page`);
    if (spec.size % align)
      fail(`${at}.size`, `${formatSize(spec.size)} is not a multiple of the ${formatSize(align)} align`);
    next = Math.ceil((start + spec.size) / GiB) * GiB;
    const probe = ppc64Probe(
      { name: spec.name, mode: spec.mode, start, size: spec.size, align, map: spec.map },
      s.arch as Exclude<Arch, 'x86_64'>,
      { compoundDevmap: k.has('compound-devmap'), archOptIn: k.has('vmemmap-arch-optin') },
    );
    for (const line of probe.dmesg) k.printk(line);
    return probe;
  });
  return {
    scenario: s,
    k,
    events: [],
    pids: new Map(),
    vmas: new NamedVmas(),
    tids: new Map(),
    refusedMounts: [],
    ppc64,
  };
}

// ---- namespaces --------------------------------------------------------------------------------------

function buildNamespaces(k: Kernel, s: Scenario): void {
  let nextPhys = FIRST_PHYS;
  const names = new Set<string>();
  s.namespaces.forEach((spec, i) => {
    const at = `namespaces[${i}]`;
    if (names.has(spec.name)) fail(`${at}.name`, `duplicate namespace "${spec.name}"`);
    names.add(spec.name);
    if ((spec.mode === 'fsdax') !== spec.name.startsWith('pmem'))
      fail(`${at}.name`, `a ${spec.mode} namespace is named ${spec.mode === 'fsdax' ? '"pmemN"' : '"daxN.M"'}`);
    const phys = spec.phys ?? nextPhys;
    if (phys % (2 * 2 ** 20)) fail(`${at}.phys`, `${hex(phys)} is not aligned to 2 MiB (memremap_compat_align)`);
    if (spec.size < 16 * 2 ** 20) fail(`${at}.size`, `${formatSize(spec.size)} is too small: use at least 16MiB`);
    for (const other of k.namespaces) {
      if (phys < other.phys_addr + other.size && other.phys_addr < phys + spec.size)
        fail(`${at}.phys`, `overlaps namespace ${other.name}`);
    }
    const align = spec.align ?? 2 * 2 ** 20;
    let made: ReturnType<typeof fsdaxPagemap>;
    try {
      made = (spec.mode === 'fsdax' ? fsdaxPagemap : devdaxPagemap)({
        name: spec.name,
        start: phys,
        size: spec.size,
        align,
        map: spec.map,
      });
    } catch (e) {
      if (e instanceof NdPfnError) {
        // name the field the refusal is about where the message says which
        const field = /^-EINVAL: (align|size|start) /.exec(e.message)?.[1];
        const path = field ? `${at}.${field === 'start' ? 'phys' : field}` : at;
        fail(path, `ndctl create-namespace would fail: ${e.message}`);
      }
      throw e;
    }
    const { pgmap, layout } = made;
    // before v5.17 device-dax had no compound pages; before v6.0 pmem's pgmap had no ->memory_failure()
    if (!k.has('compound-devmap')) pgmap.vmemmap_shift = 0;
    if (!k.has('mf-holder-notify')) pgmap.ops = null;
    const vmemmap = vmemmapLayoutFor(pgmap, i, phys + spec.size);
    const ns: Namespace = {
      name: spec.name,
      mode: spec.mode,
      phys_addr: phys,
      size: range_len(layout.range),
      data_offset: layout.dataOffset,
      map: spec.map,
      align: spec.mode === 'devdax' ? align : PAGE_SIZE,
      pgmap,
      pages: new PageArray(pgmap, vmemmap, spec.name, k.has('dax-folio-refcount')),
      vmemmap,
      dax_dev: { alive: true, holder_ops: null, holder_data: null },
      badblocks: [],
      cdevMappingId: spec.mode === 'devdax' ? cdevMappingId(spec.name) : null,
      fs: null,
    };
    k.namespaces.push(ns);
    if (ns.cdevMappingId) {
      k.mappings.set(ns.cdevMappingId, {
        id: ns.cdevMappingId,
        host: { kind: 'cdev', name: spec.name },
        i_pages: createXarray(),
        i_mmap: [],
      });
    }
    // the next namespace also starts above synthetic RAM frames placed after this one (see vmemmapLayoutFor)
    nextPhys = Math.ceil(Math.max(phys + spec.size, vmemmap.ramEndPfn * PAGE_SIZE) / GiB) * GiB;
  });
}

/**
 * The memmap layout, its synthetic RAM frames at the usual base below the first namespace. A big map=mem
 * namespace needs more of them than fit there (1 TiB at 2 MiB align: 4 GiB of vmemmap pages), which used to
 * end in an uncaught RangeError ("synthetic RAM frames overlap the namespace"); such a layout takes its
 * frames from the first GiB above the namespace instead. Layouts that fit are unchanged.
 */
function vmemmapLayoutFor(pgmap: DevPagemap, i: number, end: number): VmemmapLayout {
  try {
    return new VmemmapLayout(pgmap, { ramBasePfn: 0x40000 + i * 0x1000000 });
  } catch (e) {
    if (!(e instanceof RangeError) || !e.message.includes('overlap')) throw e;
    return new VmemmapLayout(pgmap, { ramBasePfn: PHYS_PFN(Math.ceil(end / GiB) * GiB) });
  }
}

// ---- filesystems and files ----------------------------------------------------------------------------

/** Total reflinked copies (`count`) a scenario may ask for, summed over its files (docs/scenario-format.md). */
export const MAX_REFLINK_COPIES = 10_000_000;
/** `files[]` entries with `count`: each pattern is checked against the others for colliding names */
export const MAX_COPY_PATTERNS = 256;

/** A run of blocks a file took; `seq` is the order it was taken in. */
interface UsedRun {
  block: number;
  len: number;
  seq: number;
}

interface Alloc {
  fs: Filesystem;
  ns: Namespace;
  /** the runs files took, sorted by block (they never overlap) */
  used: UsedRun[];
  cursor: number;
  g: XfsGeometry | null;
  /** the scenario path of this filesystem ("filesystems[0]"), for messages */
  at: string;
}

/**
 * Mount points whose mount the kernel refused (before v6.0, XFS refused -o dax with reflink), by mount
 * point → device. What the scenario puts there lands on the root filesystem, in RAM page cache, which the
 * model does not hold: such files are not created, their mappings are not made, and the events that reach
 * them are reported as not simulated.
 */
export interface RefusedMount {
  mount: string;
  dev: string;
  type: string;
  /** what mount(2) printed before it failed */
  dmesg: string[];
}

const refusedMounts = new WeakMap<Kernel, Map<string, RefusedMount>>();

/** The mounts this scenario asked for and the kernel refused, in scenario order. */
export const refusedMountsOf = (k: Kernel): RefusedMount[] => [...(refusedMounts.get(k)?.values() ?? [])];

function refusedMountOf(k: Kernel, path: string): RefusedMount | null {
  for (const m of refusedMounts.get(k)?.values() ?? []) if (path.startsWith(`${m.mount}/`)) return m;
  return null;
}

const offPmemReason = (path: string, m: RefusedMount): string =>
  `${path} is not on pmem: the mount of ${m.dev} on ${m.mount} failed ("DAX and reflink cannot be used together!"), so it is a file of the root filesystem in RAM page cache, which this model does not simulate`;

function buildFilesystems(k: Kernel, s: Scenario): void {
  const allocs = new Map<string, Alloc>();
  s.filesystems.forEach((spec, i) => {
    const at = `filesystems[${i}]`;
    const ns = k.namespaces.find((n) => n.name === spec.device);
    if (!ns)
      fail(`${at}.device`, `no namespace "${spec.device}" (namespaces: ${k.namespaces.map((n) => n.name).join(', ')})`);
    if (ns.mode !== 'fsdax')
      fail(`${at}.device`, `${ns.name} is a devdax namespace: filesystems need fsdax (a /dev/pmemN block device)`);
    if (ns.fs) fail(`${at}.device`, `${ns.name} already has a filesystem`);
    if ([...k.filesystems.values()].some((f) => f.mount === spec.mount))
      fail(`${at}.mount`, `${spec.mount} is already a mount point`);
    const xfs = spec.type === 'xfs';
    if (!xfs && (spec.reflink || spec.rmapbt || spec.agcount))
      fail(at, 'reflink, rmapbt and agcount are mkfs.xfs options; ext4 has none of them');
    const reflink = xfs ? (spec.reflink ?? true) : false;
    const rmapbt = xfs ? (spec.rmapbt ?? true) : false;
    if (reflink && !rmapbt)
      fail(
        `${at}.rmapbt`,
        'XFS with reflink but without rmapbt is not modeled: its shared DAX pages carry PAGE_MAPPING_DAX_SHARED, and the generic fallback that -EOPNOTSUPP leads to would dereference it (reference §6.11). Use rmapbt: true, or reflink: false',
      );
    const blocks = Math.floor((ns.size - ns.data_offset) / BLOCK);
    const fs: Filesystem = {
      type: spec.type,
      dev: ns.name,
      mount: spec.mount,
      blocksize: BLOCK,
      blocks,
      sb_born: true,
      shutdown: false,
      frozen: false,
      inodes: new Map(),
      byPath: new Map(),
      cloneSets: [],
      metadata: [],
      refcounts: [],
      xfs: null,
    };
    let g: XfsGeometry | null = null;
    if (xfs) {
      const agcount = spec.agcount ?? 4;
      const agblocks = Math.floor(blocks / agcount);
      if (agblocks < 4096)
        fail(
          `${at}.agcount`,
          `${agcount} allocation groups of ${agblocks} blocks: mkfs.xfs needs at least 16 MiB per AG`,
        );
      g = { blocksize: BLOCK, agblocks, agblklog: Math.ceil(Math.log2(agblocks)), agcount, inopblog: 3 };
      fs.blocks = agblocks * agcount;
      fs.xfs = { geometry: g, rmapbt, reflink, rmap: [] };
    }
    if (xfs && reflink && !k.has('xfs-dax-reflink-mount')) {
      // xfs_fs_fill_super(): the DAX warning, then the refusal and -EINVAL; mount(8) fails
      const dmesg = [
        printk.xfs(fs.dev, 'DAX enabled. Warning: EXPERIMENTAL, use at your own risk'),
        printk.xfs(fs.dev, printk.xfsDaxReflinkRefused()),
      ];
      for (const line of dmesg) k.printk(line);
      const m = refusedMounts.get(k) ?? new Map<string, RefusedMount>();
      m.set(fs.mount, { mount: fs.mount, dev: fs.dev, type: fs.type, dmesg });
      refusedMounts.set(k, m);
      return;
    }
    k.filesystems.set(fs.dev, fs);
    ns.fs = fs.dev;
    printMount(k, fs);
    if (xfs) {
      ns.dax_dev.holder_ops = 'xfs_dax_holder_operations';
      ns.dax_dev.holder_data = fs.dev;
    }
    allocs.set(fs.dev, { fs, ns, used: [], cursor: 0, g, at });
  });
  createFiles(k, s, allocs);
  for (const a of allocs.values()) finishFilesystem(a);
  for (const a of allocs.values()) openCopies(k, a.fs);
}

/** The filesystem whose mount point holds `path`. */
/** Names for a message: all of a short list, the first few of a long one. */
function listSome(names: readonly string[], max = 8): string {
  if (names.length === 0) return 'none';
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

function fsOfPath(k: Kernel, path: string): Filesystem | null {
  let best: Filesystem | null = null;
  for (const fs of k.filesystems.values()) {
    // path.startsWith(`${fs.mount}/`), without making that string for each of 10^5 mappings
    const m = fs.mount;
    if (path.charCodeAt(m.length) === 47 && path.startsWith(m) && (!best || m.length > best.mount.length)) best = fs;
  }
  return best;
}

/** Why an event cannot name a file of `fs`: an earlier `umount` event took it away. */
const notMounted = (fs: Filesystem) => `${fs.mount} is not mounted at this point: an earlier umount event took it away`;

/** The file an event names, on a filesystem mounted at that point; refused at `field` otherwise. */
function fileAtEvent(
  k: Kernel,
  unmounted: Set<string>,
  path: string,
  field: string,
  missing = `no file ${path}`,
): { fs: Filesystem; inode: Inode } {
  const fs = fsOfPath(k, path);
  if (fs && unmounted.has(fs.dev)) fail(field, notMounted(fs));
  const inode = fs ? k.lookupPath(fs, path) : null;
  if (!fs || !inode) fail(field, missing);
  return { fs, inode };
}

/** A copy pattern naming a file another entry already names (cp would overwrite it: no such machine). */
function refuseCollision(fs: Filesystem, spec: Scenario['files'][number], i: number, index: PatternIndex): void {
  const at = `files[${i}].path`;
  const quoted = (p: string) => JSON.stringify(p);
  if (spec.count === undefined) {
    const hit = index.owner(spec.path);
    if (hit) fail(at, `duplicate file ${quoted(spec.path)}: copy ${hit.n} of files[${hit.entry.index}] has that name`);
    return;
  }
  if (!spec.path.includes('{n}')) return;
  const set = { pattern: spec.path, count: spec.count };
  const pre = spec.path.slice(0, spec.path.indexOf('{n}'));
  for (const path of fs.byPath.keys()) {
    if (!path.startsWith(pre)) continue;
    const n = cloneNumberOf(set as CloneSet, path);
    if (n !== null) fail(at, `duplicate file ${quoted(path)}: copy ${n} has the name of an earlier file`);
  }
  const clash = index.overlapping(set);
  if (clash)
    fail(at, `duplicate file ${quoted(clash.path)}: files[${clash.entry.index}] makes a copy of that name too`);
  index.add({ set, index: i });
}

function createFiles(k: Kernel, s: Scenario, allocs: Map<string, Alloc>): void {
  const indexes = new Map<string, PatternIndex>();
  const patternIndex = (fs: Filesystem) => {
    const index = indexes.get(fs.dev) ?? new PatternIndex();
    indexes.set(fs.dev, index);
    return index;
  };
  // inode numbers: XFS puts the root directory at 128 (then the realtime bitmap and summary inodes),
  // so the first file is 131; ext4's first regular file after lost+found is 12.
  const nextIno = new Map<string, number>();
  for (const fs of k.filesystems.values()) nextIno.set(fs.dev, fs.type === 'xfs' ? 131 : 12);
  // metadata first: it decides where data may go
  const inodeCount = new Map<string, number>();
  let copies = 0;
  let patterns = 0;
  s.files.forEach((f, i) => {
    if (f.count !== undefined && ++patterns > MAX_COPY_PATTERNS)
      fail(
        `files[${i}].count`,
        `${patterns} entries with count: the limit is ${MAX_COPY_PATTERNS} in one scenario (each pattern is checked against the others for colliding names)`,
      );
    copies += f.count ?? 0;
    if (copies > MAX_REFLINK_COPIES)
      fail(
        `files[${i}].count`,
        `${copies} reflinked copies in all: the limit is ${MAX_REFLINK_COPIES} in one scenario (each copy is an inode and an rmap record per extent)`,
      );
  });
  for (const f of s.files) {
    const fs = fsOfPath(k, f.path);
    if (fs) inodeCount.set(fs.dev, (inodeCount.get(fs.dev) ?? 0) + (f.count ?? 1));
  }
  for (const a of allocs.values()) layoutMetadata(a, inodeCount.get(a.fs.dev) ?? 0);

  s.files.forEach((spec, i) => {
    const at = `files[${i}]`;
    const fs = fsOfPath(k, spec.path);
    if (!fs && refusedMountOf(k, spec.path)) return;
    if (!fs)
      fail(
        `${at}.path`,
        `${spec.path} is on no mounted filesystem (mounts: ${[...k.filesystems.values()].map((f) => f.mount).join(', ') || 'none'})`,
      );
    const a = allocs.get(fs.dev) as Alloc;
    if (fs.byPath.has(spec.path)) fail(`${at}.path`, `duplicate file ${spec.path}`);
    refuseCollision(fs, spec, i, patternIndex(fs));
    const ino = nextIno.get(fs.dev) as number;
    if (spec.count !== undefined) {
      if (!spec.path.includes('{n}')) fail(`${at}.path`, 'with count, the path is a pattern containing "{n}"');
      if (!spec.reflink) fail(`${at}.reflink`, 'count makes reflinked copies: say which file they copy');
    } else if (spec.path.includes('{n}')) fail(`${at}.path`, '"{n}" is only for bulk copies (count)');
    if (spec.open && spec.cached === false)
      fail(`${at}.cached`, 'an open file is in core (its struct file holds the inode): drop cached or open');
    if (spec.count !== undefined && spec.cached !== undefined)
      fail(
        `${at}.cached`,
        'copies made with count are in core only once opened: say "open": true to open every copy, or leave it out',
      );
    if (spec.reflink) {
      if (!fs.xfs?.reflink)
        fail(
          `${at}.reflink`,
          `${fs.type === 'ext4' ? 'ext4' : 'this XFS (reflink=0)'} cannot share blocks between files`,
        );
      const srcIno = fs.byPath.get(spec.reflink);
      if (srcIno === undefined) fail(`${at}.reflink`, `no earlier file ${spec.reflink} on ${fs.mount}`);
      if (spec.extents || spec.size !== undefined || spec.align !== undefined)
        fail(at, 'a reflinked copy takes size and extents from its source');
      const src = fs.inodes.get(srcIno) as Inode;
      if (spec.count !== undefined) {
        const set: CloneSet = { sourceIno: srcIno, firstIno: ino, count: spec.count, pattern: spec.path };
        if (spec.open) set.open = true;
        fs.cloneSets.push(set);
        nextIno.set(fs.dev, ino + spec.count);
        return;
      }
      addFile(k, fs, {
        ino,
        path: spec.path,
        i_size: src.i_size,
        extents: src.extents,
        cached: spec.cached,
        open: spec.open,
      });
      nextIno.set(fs.dev, ino + 1);
      return;
    }
    let extents: FileExtent[];
    let size = spec.size;
    if (spec.extents) {
      extents = spec.extents.map((e, j) => pinnedExtent(a, e, `${at}.extents[${j}]`));
      extents.sort((x, y) => x.fileoff - y.fileoff);
      for (let j = 1; j < extents.length; j++)
        if (extents[j].fileoff < extents[j - 1].fileoff + extents[j - 1].len)
          fail(`${at}.extents`, 'extents overlap in the file');
      const end = extents[extents.length - 1];
      const covered = (end.fileoff + end.len) * BLOCK;
      size ??= covered;
      if (size > covered)
        fail(`${at}.size`, `${formatSize(size)} but the extents cover ${formatSize(covered)}: holes are not modeled`);
      let expect = 0;
      for (const e of extents) {
        if (e.fileoff !== expect)
          fail(`${at}.extents`, `a hole at file offset ${hex(expect * BLOCK)}: holes are not modeled`);
        expect = e.fileoff + e.len;
      }
    } else {
      if (size === undefined || size === 0) fail(`${at}.size`, 'give the file a size (or extents)');
      const nblocks = Math.ceil(size / BLOCK);
      const alignPages = spec.align !== undefined ? spec.align / PAGE_SIZE : 1;
      if (
        spec.align !== undefined &&
        (alignPages < 1 || !Number.isInteger(alignPages) || (alignPages & (alignPages - 1)) !== 0)
      )
        fail(`${at}.align`, 'a power of two of at least 4KiB');
      const block = allocate(a, nblocks, alignPages, `${at}.size`);
      extents = [{ fileoff: 0, block, len: nblocks }];
    }
    addFile(k, fs, { ino, path: spec.path, i_size: size as number, extents, cached: spec.cached, open: spec.open });
    nextIno.set(fs.dev, ino + 1);
  });
}

function addFile(
  k: Kernel,
  fs: Filesystem,
  f: { ino: number; path: string; i_size: number; extents: FileExtent[]; cached?: boolean; open?: boolean },
) {
  const inode: Inode = {
    ino: f.ino,
    path: f.path,
    i_size: f.i_size,
    extents: f.extents,
    mappingId: fileMappingId(fs.dev, f.ino),
    incore: f.open === true || (f.cached ?? true),
  };
  if (f.open) inode.openOutside = true;
  k.addInode(fs, inode);
}

/**
 * Open every copy of the sets marked `open` (after the rmapbt and refcounts are built from the sets, so the
 * copies are not counted twice): each becomes an in-core inode, as the fds of a task outside the scenario hold them.
 */
function openCopies(k: Kernel, fs: Filesystem): void {
  for (const set of fs.cloneSets) {
    if (!set.open) continue;
    for (let n = 0; n < set.count; n++) k.materialiseClone(fs, set, n);
  }
}

function pinnedExtent(a: Alloc, e: { offset: number; length: number; device: number }, at: string): FileExtent {
  for (const [field, v] of [
    ['offset', e.offset],
    ['length', e.length],
    ['device', e.device],
  ] as const) {
    if (v % BLOCK) fail(`${at}.${field}`, `${hex(v)} is not a multiple of the 4 KiB block size`);
  }
  if (e.length === 0) fail(`${at}.length`, 'an extent has at least one block');
  const block = e.device / BLOCK;
  const len = e.length / BLOCK;
  if (block + len > a.fs.blocks)
    fail(
      `${at}.device`,
      `[${hex(e.device)}, +${formatSize(e.length)}) is beyond the ${formatSize(a.fs.blocks * BLOCK)} filesystem`,
    );
  reserve(a, block, len, at);
  return { fileoff: e.offset / BLOCK, block, len };
}

function reserve(a: Alloc, block: number, len: number, at: string): void {
  for (const m of a.fs.metadata) {
    if (block < m.block + m.len && m.block < block + len)
      fail(at, `blocks ${block}…${block + len - 1} overlap ${m.what} at block ${m.block}`);
  }
  if (usedClash(a, block, len)) fail(at, `blocks ${block}…${block + len - 1} are already used by another file`);
  takeRun(a, block, len);
}

/** The first used run (sorted by block) that ends after `block`. */
function firstEndingAfter(used: readonly UsedRun[], block: number): number {
  let lo = 0;
  let hi = used.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (used[mid].block + used[mid].len <= block) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Of the used runs overlapping [block, block + len), the one taken first (as a scan of the runs in the
 * order they were taken finds it), or null. Binary search: the overlapping runs are adjacent in block order.
 */
function usedClash(a: Alloc, block: number, len: number): UsedRun | null {
  let clash: UsedRun | null = null;
  for (let i = firstEndingAfter(a.used, block); i < a.used.length && a.used[i].block < block + len; i++)
    if (!clash || a.used[i].seq < clash.seq) clash = a.used[i];
  return clash;
}

function takeRun(a: Alloc, block: number, len: number): void {
  // runs are never given back, so the count so far orders them
  const run = { block, len, seq: a.used.length };
  const last = a.used[a.used.length - 1];
  // files are mostly allocated upwards from the cursor: an append
  if (!last || last.block < block) a.used.push(run);
  else a.used.splice(firstEndingAfter(a.used, block), 0, run);
}

/** First fit at or after the cursor, physically aligned, not crossing an XFS AG, not over metadata. */
function allocate(a: Alloc, nblocks: number, alignPages: number, at: string): number {
  const pfn0 = firstDataPfn(a.ns);
  let b = a.cursor;
  for (let tries = 0; tries < 100_000; tries++) {
    const mis = (pfn0 + b) % alignPages;
    if (mis) b += alignPages - mis;
    if (b + nblocks > a.fs.blocks) break;
    if (a.g) {
      const ag = Math.floor(b / a.g.agblocks);
      if (Math.floor((b + nblocks - 1) / a.g.agblocks) !== ag) {
        b = (ag + 1) * a.g.agblocks;
        continue;
      }
    }
    // Perf: the used runs are searched by block, not scanned (n files cost n² before, even without copies)
    const overlaps = (u: { block: number; len: number }) => b < u.block + u.len && u.block < b + nblocks;
    const clash = a.fs.metadata.find(overlaps) ?? usedClash(a, b, nblocks);
    if (clash) {
      b = clash.block + clash.len;
      continue;
    }
    takeRun(a, b, nblocks);
    a.cursor = b + nblocks;
    return b;
  }
  return fail(
    at,
    `no room for ${formatSize(nblocks * BLOCK)}${alignPages > 1 ? ` aligned to ${formatSize(alignPages * PAGE_SIZE)}` : ''} on ${a.fs.dev}`,
  );
}

/** Where mkfs puts the filesystem's own blocks. */
function layoutMetadata(a: Alloc, files: number): void {
  const { fs, g } = a;
  const meta: MetadataRegion[] = [];
  // how many files' inode chunks fit in AG 0 (beside the log when it is there too), for the message
  let filesThatFit = 0;
  if (g) {
    const log = Math.min(Math.max(1024, Math.floor(fs.blocks / 256)), 262144);
    const logAg = g.agcount > 1 ? Math.floor(g.agcount / 2) : 0;
    const room = Math.min(fs.blocks, g.agblocks) - 16 - (logAg === 0 ? log : 0);
    filesThatFit = Math.max(0, Math.floor(room / 8) * 64 - 3);
    for (let ag = 0; ag < g.agcount; ag++) {
      const base = ag * g.agblocks;
      meta.push(
        { block: base, len: 4, owner: XFS_RMAP_OWN_FS, what: 'AG headers (sb, agf, agi, agfl)' },
        { block: base + 4, len: 2, owner: XFS_RMAP_OWN_AG, what: 'free-space btree roots (bnobt, cntbt)' },
        { block: base + 6, len: 2, owner: XFS_RMAP_OWN_INOBT, what: 'inode btree roots (inobt, finobt)' },
        { block: base + 8, len: 1, owner: XFS_RMAP_OWN_AG, what: 'rmapbt root' },
      );
      if (fs.xfs?.reflink) meta.push({ block: base + 9, len: 1, owner: XFS_RMAP_OWN_REFC, what: 'refcountbt root' });
    }
    // inode chunks: 64 inodes of 512 bytes = 8 blocks each, from agbno 16 (root inode 128)
    const chunks = Math.ceil((3 + files) / 64);
    meta.push({ block: 16, len: chunks * 8, owner: XFS_RMAP_OWN_INODES, what: 'inode chunks' });
    const logStart = logAg === 0 ? 16 + chunks * 8 : logAg * g.agblocks + 16;
    meta.push({ block: logStart, len: log, owner: XFS_RMAP_OWN_LOG, what: 'internal log' });
    a.cursor = 16 + chunks * 8 + (logAg === 0 ? log : 0) + 7;
  } else {
    // mke2fs puts the journal in a middle block group; a small filesystem gets a small journal
    const journalLen = Math.min(4096, Math.max(256, Math.floor(fs.blocks / 64)));
    const middle = 32768 * Math.floor(fs.blocks / 32768 / 2);
    const journal =
      middle > 1027 && middle + journalLen <= fs.blocks ? middle : Math.floor((fs.blocks - journalLen) / 2);
    meta.push(
      { block: 0, len: 1027, owner: 'ext4 metadata', what: 'superblock, group descriptors, bitmaps, inode table' },
      { block: journal, len: journalLen, owner: 'jbd2 journal', what: 'journal' },
    );
    a.cursor = 1027;
  }
  // the inode chunks grow with the files; in AG 0 the log comes right after them
  const pushedByInodes = (m: MetadataRegion) =>
    m.owner === XFS_RMAP_OWN_INODES || (m.owner === XFS_RMAP_OWN_LOG && m.block < (g?.agblocks ?? 0));
  for (const m of meta)
    if (m.block + m.len > fs.blocks)
      fail(
        pushedByInodes(m) ? 'files' : a.at,
        `${fs.dev} is too small for its own metadata: the ${m.what} would end past its ${formatSize(fs.blocks * BLOCK)}${pushedByInodes(m) ? ` after the inode chunks of ${files} files (inodes for at most ${filesThatFit} fit)` : ''}; use a larger namespace or fewer files`,
      );
  fs.metadata = meta.sort((x, y) => x.block - y.block);
}

/** Build the rmapbt and the refcounts from every file's extents. */
function finishFilesystem(a: Alloc): void {
  const { fs, g } = a;
  // refcounts by a sweep over (block, len, weight)
  const edges: [number, number][] = [];
  const addUse = (block: number, len: number, weight: number) => {
    edges.push([block, weight], [block + len, -weight]);
  };
  for (const ino of fs.inodes.values()) for (const e of ino.extents) addUse(e.block, e.len, 1);
  for (const set of fs.cloneSets)
    for (const e of (fs.inodes.get(set.sourceIno) as Inode).extents) addUse(e.block, e.len, set.count);
  edges.sort((x, y) => x[0] - y[0]);
  const refcounts: RefcountExtent[] = [];
  let level = 0;
  for (let i = 0; i < edges.length; i++) {
    level += edges[i][1];
    const from = edges[i][0];
    const to = edges[i + 1]?.[0];
    if (to !== undefined && to > from && level > 0) refcounts.push({ block: from, len: to - from, refcount: level });
  }
  fs.refcounts = refcounts;
  if (!g || !fs.xfs) return;
  const xfs = fs.xfs;
  if (!xfs.rmapbt) {
    // no rmapbt: every AG gets an empty btree (the records were built and thrown away before)
    xfs.rmap = Array.from({ length: g.agcount }, (_, ag) => new RmapBtree(ag, new RmapRecordSink()));
    return;
  }
  // rmap records are per AG: split every run of blocks at AG boundaries. A run with `copies` > 1 is a
  // clone set's extent: one record per copy, owners firstIno, firstIno + 1, …
  type Run = { block: number; len: number; owner: number; offset: number; copies: number };
  const runs: Run[] = [];
  for (const m of fs.metadata)
    runs.push({ block: m.block, len: m.len, owner: m.owner as number, offset: 0, copies: 1 });
  for (const ino of fs.inodes.values())
    for (const e of ino.extents)
      runs.push({ block: e.block, len: e.len, owner: ino.ino, offset: e.fileoff, copies: 1 });
  for (const set of fs.cloneSets) {
    // Perf: per extent, then per copy (was per copy, then per extent). The btree orders records by key,
    // and keys are unique, so the append order does not change the rmapbt.
    for (const e of (fs.inodes.get(set.sourceIno) as Inode).extents)
      runs.push({ block: e.block, len: e.len, owner: set.firstIno, offset: e.fileoff, copies: set.count });
  }
  const pieces = (r: Run, emit: (ag: number, agbno: number, n: number, offset: number) => void) => {
    let { block, len, offset } = r;
    while (len > 0) {
      const ag = Math.floor(block / g.agblocks);
      const agbno = block % g.agblocks;
      const n = Math.min(len, g.agblocks - agbno);
      emit(ag, agbno, n, offset);
      block += n;
      len -= n;
      offset += n;
    }
  };
  // Perf: count first, so each AG's record columns are allocated once at their final size (a million
  // copies' records no longer go through repeated doubling and copying)
  const counts = new Array<number>(g.agcount).fill(0);
  for (const r of runs)
    pieces(r, (ag) => {
      counts[ag] += r.copies;
    });
  const sinks = counts.map((n) => new RmapRecordSink(n));
  for (const r of runs)
    pieces(r, (ag, agbno, n, offset) => {
      const sink = sinks[ag];
      for (let c = 0; c < r.copies; c++) sink.add(agbno, n, r.owner + c, offset);
    });
  xfs.rmap = sinks.map((sink, ag) => new RmapBtree(ag, sink));
}

// ---- processes ---------------------------------------------------------------------------------------

function buildProcesses(k: Kernel, s: Scenario) {
  const pids = new Map<string, number>();
  const vmas = new NamedVmas();
  const tids = new Map<string, number>();
  // the pids and tids the scenario pins, which the free ones skip
  const pinned = new Set<number>();
  const pinsOf = (p: { pid?: number; threads?: { tid?: number }[] }): void => {
    if (p.pid !== undefined) pinned.add(p.pid);
    for (const t of p.threads ?? []) if (t.tid !== undefined) pinned.add(t.tid);
  };
  for (const p of s.processes) pinsOf(p);
  for (const e of s.events) if (e.kind === 'spawn') pinsOf(e);
  // perf: the free pids handed out are [200, next) less the pins, so only pins are kept in a set (was: every
  // pid in two sets, 10^5 processes)
  const pinsAssigned = new Set<number>();
  let next = 200;
  const assigned = (pid: number): boolean => pinsAssigned.has(pid) || (pid >= 200 && pid < next && !pinned.has(pid));
  /** a pid: the pinned one, or the next free one in creation order */
  const nextPid = (pin: number | undefined, at: string, field = 'pid'): number => {
    if (pin !== undefined) {
      if (assigned(pin)) fail(`${at}.${field}`, `pid ${pin} is used twice`);
      pinsAssigned.add(pin);
      return pin;
    }
    while (pinned.has(next) || pinsAssigned.has(next)) next++;
    return next++;
  };
  s.processes.forEach((spec, i) => {
    const at = `processes[${i}]`;
    if (pids.has(spec.name)) fail(`${at}.name`, `duplicate process name "${spec.name}"`);
    const pid = nextPid(spec.pid, at);
    pids.set(spec.name, pid);
    const task: Task = {
      pid,
      comm: spec.comm,
      name: spec.name,
      flags: policyFlags(spec.mceKill),
      mm: emptyMm(mmapBaseFor(i)),
      pending: NO_SIGNALS,
      exited: false,
    };
    k.addTask(task);
    addThreads(k, task, spec, at, nextPid, tids);
    // perf: no set for a process with one mapping (10^5 of them)
    const names = spec.mappings.length > 1 ? new Set<string>() : null;
    spec.mappings.forEach((m, j) => {
      const mat = `${at}.mappings[${j}]`;
      const mname = m.name ?? `m${j}`;
      if (names?.has(mname)) fail(`${mat}.name`, `duplicate mapping name "${mname}" in ${spec.name}`);
      names?.add(mname);
      const off = m.file !== undefined && !fsOfPath(k, m.file) ? refusedMountOf(k, m.file) : null;
      if (off) {
        offPmemOf(k).set(`${spec.name}/${mname}`, offPmemReason(m.file as string, off));
        return;
      }
      const vma = do_mmap(k, task, mmapRequest(k, task.mm?.vmas ?? [], m, mname, mat));
      vmas.add(spec.name, mname, vma);
    });
    // perf: a touch names a mapping of its own process, found among the process's VMAs (was a lookup by
    // "<process>/<mapping>" in the whole scenario's, which then had to be a Map of 10^5 keys)
    const own = ownVmas(task.mm?.vmas ?? []);
    spec.touch.forEach((t, j) => {
      const tat = `${at}.touch[${j}]`;
      const offPmem = offPmemOf(k);
      if (offPmem.size && offPmem.has(`${spec.name}/${t.mapping ?? firstMappingName(spec)}`)) return;
      const vma = pickVma(own, spec.name, t.mapping, firstMappingName(spec), tat);
      const addr = vma.vm_start + t.offset;
      if (addr >= vma.vm_end)
        fail(`${tat}.offset`, `${hex(t.offset)} is beyond the ${formatSize(vma.vm_end - vma.vm_start)} mapping`);
      // the setup keeps only the outcome of each fault: no decisions are built
      const pt = t.write && task.mm ? k.lookupPt(task.mm, addr) : null;
      if (pt?.write) return; // a store to a page already mapped writable does not fault
      const r = handle_mm_fault(k, task, addr, false, t.write === true);
      if (r.ret !== 'VM_FAULT_NOPAGE') fail(tat, `the fault at ${hex(addr)} fails: ${r.ret} (${r.why})`);
    });
  });
  return { pids, vmas, nextPid, tids };
}

/** A process's own VMAs by mapping name (unique within it): a scan for a few, a Map for many. */
function ownVmas(list: readonly Vma[]): Pick<NamedVmas, 'find'> {
  if (list.length <= 8) return { find: (_proc, name) => list.find((v) => v.name === name) };
  const byName = new Map(list.map((v) => [v.name, v]));
  return { find: (_proc, name) => byName.get(name) };
}

/** "<process>/<mapping>" → why the mapping is not simulated (its file is on a refused mount) */
const offPmem = new WeakMap<Kernel, Map<string, string>>();
function offPmemOf(k: Kernel): Map<string, string> {
  let m = offPmem.get(k);
  if (!m) {
    m = new Map();
    offPmem.set(k, m);
  }
  return m;
}

/**
 * The process's other threads (pthread_create after the mmaps: they share its mm), each with its own tid,
 * comm and prctl(PR_MCE_KILL) setting. Not on the task list (for_each_process() visits leaders); findable by tid.
 */
function addThreads(
  k: Kernel,
  leader: Task,
  spec: Scenario['processes'][number],
  at: string,
  nextPid: (pin: number | undefined, at: string, field?: string) => number,
  tids: Map<string, number>,
): void {
  if (!spec.threads?.length) return;
  const names = new Set<string>();
  const threads = spec.threads.map((th, j) => {
    const tat = `${at}.threads[${j}]`;
    if (names.has(th.name)) fail(`${tat}.name`, `duplicate thread name "${th.name}" in ${spec.name}`);
    names.add(th.name);
    const tid = nextPid(th.tid, tat, 'tid');
    tids.set(`${spec.name}/${th.name}`, tid);
    const t: Task = {
      pid: tid,
      comm: th.comm ?? spec.comm,
      name: `${spec.name}/${th.name}`,
      flags: policyFlags(th.mceKill),
      mm: leader.mm,
      pending: NO_SIGNALS,
      exited: false,
      tgid: leader.pid,
    };
    k.byPid.set(tid, t);
    return t;
  });
  leader.threads = threads;
}

/** Pids and mmap bases for the processes events create, continuing the setup's. */
interface Spawned {
  /** devices whose filesystem an earlier umount event took away (and no mount gave back) */
  unmounted: Set<string>;
  nextPid: (pin: number | undefined, at: string) => number;
  /** "<process>/<thread>" → tid */
  tids: Map<string, number>;
  /** spawn events resolved so far */
  count: number;
}

/** The mmap() a mapping spec asks for, checked: which file or device, offset, length, alignment, address. */
function mmapRequest(
  k: Kernel,
  existing: readonly Vma[],
  m: Scenario['processes'][number]['mappings'][number],
  name: string,
  at: string,
  open = true,
): MmapRequest {
  if ((m.file === undefined) === (m.device === undefined))
    fail(at, 'say either file (a path) or device (e.g. "dax0.0")');
  if (m.offset % PAGE_SIZE) fail(`${at}.offset`, `${hex(m.offset)} is not page aligned`);
  if (m.addr !== undefined && m.addr % PAGE_SIZE) fail(`${at}.addr`, `${hex(m.addr)} is not page aligned`);
  if (m.file !== undefined) {
    const fs = fsOfPath(k, m.file);
    const known = fs?.byPath.has(m.file) ?? false;
    const inode = fs ? k.lookupPath(fs, m.file) : null;
    if (!fs || !inode) fail(`${at}.file`, `no file ${m.file}`);
    // open(2) brings the inode in core; a process an event creates opens it when that event runs
    if (open) inode.incore = true;
    else if (!known) inode.incore = false;
    const length = m.length ?? Math.ceil(inode.i_size / PAGE_SIZE) * PAGE_SIZE - m.offset;
    if (length <= 0 || length % PAGE_SIZE)
      fail(`${at}.length`, `${formatSize(length)}: a mapping is a positive number of pages`);
    checkFixedAddr(existing, m.addr, length, at);
    return {
      mappingId: inode.mappingId,
      name,
      offset: m.offset,
      length,
      align: thpAlignment(m.offset, length),
      addr: m.addr,
    };
  }
  const devName = (m.device as string).replace(/^\/dev\//, '');
  const ns = k.namespaces.find((n) => n.name === devName);
  if (ns?.mode !== 'devdax') fail(`${at}.device`, `no device-dax namespace "${devName}"`);
  const dataBytes = ns.size - ns.data_offset;
  const length = m.length ?? dataBytes - m.offset;
  for (const [field, v] of [
    ['offset', m.offset],
    ['length', length],
    ['addr', m.addr ?? 0],
  ] as const) {
    if (v % ns.align)
      fail(
        `${at}.${field}`,
        `${hex(v)} is not aligned to the device's ${formatSize(ns.align)} align: check_vma() would fail ("unaligned vma")`,
      );
  }
  if (m.offset + length > dataBytes) fail(`${at}.length`, `beyond the ${formatSize(dataBytes)} device`);
  checkFixedAddr(existing, m.addr, length, at);
  return { mappingId: ns.cdevMappingId as string, name, offset: m.offset, length, align: ns.align, addr: m.addr };
}

/**
 * x86-64 TASK_SIZE_MAX on a CPU without LA57 (4-level paging, as the QEMU guests of `npm run verify`):
 * task_size_max() is (1ul << 47) - PAGE_SIZE (6.12.117 arch/x86/include/asm/page_64.h:83, page_64_types.h:64).
 * With LA57 it is (1ul << 56) - PAGE_SIZE; the model does not simulate 5-level paging.
 */
export const TASK_SIZE = 0x7ffffffff000;

/** A fixed `addr` must lie below TASK_SIZE and not overlap another mapping of the same process. */
function checkFixedAddr(existing: readonly Vma[], addr: number | undefined, length: number, at: string): void {
  if (addr === undefined) return;
  if (addr + length > TASK_SIZE)
    fail(
      `${at}.addr`,
      `[${hex(addr)}, ${hex(addr + length)}) ends past the top of the user address space (TASK_SIZE ${hex(TASK_SIZE)} with 4-level paging)`,
    );
  const other = existing.find((v) => addr < v.vm_end && v.vm_start < addr + length);
  if (other)
    fail(
      `${at}.addr`,
      `[${hex(addr)}, ${hex(addr + length)}) overlaps ${other.name ?? other.id} at [${hex(other.vm_start)}, ${hex(other.vm_end)}) in the same process`,
    );
}

/** The name of a process's first mapping (its default for touches and events), or undefined if it maps nothing. */
const firstMappingName = (spec: Scenario['processes'][number] | undefined): string | undefined =>
  spec?.mappings.length ? (spec.mappings[0].name ?? 'm0') : undefined;

function pickVma(
  vmas: Pick<NamedVmas, 'find'>,
  proc: string,
  mapping: string | undefined,
  first: string | undefined,
  at: string,
): Vma {
  if (mapping === undefined) {
    if (first === undefined) fail(at, `${proc} maps nothing`);
    return vmas.find(proc, first) as Vma;
  }
  const vma = vmas.find(proc, mapping);
  if (!vma) fail(`${at}.mapping`, `${proc} has no mapping "${mapping}"`);
  return vma;
}

// ---- events ------------------------------------------------------------------------------------------

/**
 * Lookups answered by a scan before an index is built: a scenario with a few events over 10^5 processes
 * asks a few times, and an index of 10^5 entries costs more than the scans (and stays with the scenario).
 */
const SCANS_BEFORE_INDEX = 16;
const scansDone = new WeakMap<object, number>();
/** true while lookups on `owner` are still answered by a scan (and counts this one) */
function scanning(owner: object): boolean {
  const n = scansDone.get(owner) ?? 0;
  if (n >= SCANS_BEFORE_INDEX) return false;
  scansDone.set(owner, n + 1);
  return true;
}

type ProcSpec = Scenario['processes'][number];
/** Process specs by name (the first of a duplicated name, as a scan finds it), built once per scenario. */
const specsByName = new WeakMap<Scenario, Map<string, ProcSpec>>();
function procSpec(s: Scenario, name: string): ProcSpec | undefined {
  let m = specsByName.get(s);
  if (!m && scanning(s)) {
    for (const p of s.processes) if (p.name === name) return p;
    for (const e of s.events) if (e.kind === 'spawn' && e.name === name) return e;
    return undefined;
  }
  if (!m) {
    m = new Map();
    for (const p of s.processes) if (!m.has(p.name)) m.set(p.name, p);
    for (const e of s.events) if (e.kind === 'spawn' && !m.has(e.name)) m.set(e.name, e);
    specsByName.set(s, m);
  }
  return m.get(name);
}

function resolveEvent(
  k: Kernel,
  s: Scenario,
  ev: Scenario['events'][number],
  i: number,
  pids: Map<string, number>,
  vmas: NamedVmas,
  variant: KernelVariant,
  spawned: Spawned,
): KernelEvent {
  const at = `events[${i}]`;
  const notRun = notSimulated(k, s, ev);
  if (notRun) return notRun;
  refuseErasedFiles(k, s, ev, i);
  const procPid = (name: string, path: string): number => {
    const pid = pids.get(name);
    if (pid === undefined) fail(path, `no process "${name}" (processes: ${listSome([...pids.keys()])})`);
    return pid;
  };
  const firstMapping = (name: string) => firstMappingName(procSpec(s, name));
  /** the tid of `thread` in `proc`, if the event names one */
  const tidOf = (proc: string, thread: string | undefined): { tid?: number } => {
    if (thread === undefined) return {};
    const tid = spawned.tids.get(`${proc}/${thread}`);
    if (tid === undefined) fail(`${at}.thread`, `${proc} has no thread "${thread}"`);
    return { tid };
  };
  /** an address in a process: addr, or mapping + offset */
  const addressIn = (proc: string, e: { mapping?: string; offset?: number; addr?: number }, path: string): number => {
    if (e.addr !== undefined) {
      if (e.mapping !== undefined || e.offset !== undefined) fail(path, 'give addr, or mapping and offset, not both');
      return e.addr;
    }
    const vma = pickVma(vmas, proc, e.mapping, firstMapping(proc), path);
    const addr = vma.vm_start + (e.offset ?? 0);
    if (addr >= vma.vm_end) fail(`${path}.offset`, `beyond the mapping`);
    return addr;
  };
  switch (ev.kind) {
    case 'madvise': {
      const pid = procPid(ev.process, `${at}.process`);
      const start = addressIn(ev.process, ev, at);
      if (start % PAGE_SIZE) fail(at, `${hex(start)}: madvise() needs a page-aligned address (-EINVAL)`);
      return {
        kind: 'madvise',
        label: `${ev.process} madvise(${hex(start)}, ${formatSize(ev.length)}, MADV_HWPOISON)`,
        pid,
        start,
        length: Math.ceil(ev.length / PAGE_SIZE) * PAGE_SIZE,
        ...tidOf(ev.process, ev.thread),
      };
    }
    case 'mce': {
      const pid = procPid(ev.process, `${at}.process`);
      const pfn = ev.target
        ? resolveTarget(k, s, ev.target, `${at}.target`, pids, vmas)
        : pfnOfAddress(k, vmas, pid, addressIn(ev.process, ev, at), at);
      // QEMU's SRAR data load (qemu-notes.md) unless the event gives its own bank, status, MCG_STATUS or misc
      const ripvMcg = ev.ripv === false ? '0x6' : '0x7';
      const mcgstatus = ev.mcgStatus ?? ripvMcg;
      const ripv = (BigInt(mcgstatus) & 1n) === 1n;
      if (ev.ripv !== undefined && ev.mcgStatus !== undefined && ev.ripv !== ripv)
        fail(
          `${at}.ripv`,
          `ripv ${ev.ripv} contradicts mcgStatus ${mcgstatus} (MCG_STATUS.RIPV is bit 0): give one of them`,
        );
      return {
        kind: 'mce',
        label: `machine check: ${ev.process} consumes poison at pfn ${hex(pfn)}`,
        pid,
        pfn,
        ...tidOf(ev.process, ev.thread),
        ripv,
        bank: ev.bank ?? SRAR_DATA_LOAD.bank,
        status: ev.status ?? `0x${SRAR_DATA_LOAD.status.toString(16)}`,
        mcgstatus,
        misc: ev.misc ?? `0x${SRAR_DATA_LOAD.misc.toString(16)}`,
      };
    }
    case 'async': {
      const pfn = resolveTarget(k, s, ev.target, `${at}.target`, pids, vmas);
      return {
        kind: 'async',
        label: `${ev.source === 'ghes' ? 'GHES' : 'action-optional MCE'} report of pfn ${hex(pfn)}`,
        pfn,
        source: ev.source,
      };
    }
    case 'corrupt-pfn': {
      const pfn = resolveTarget(k, s, ev.target, `${at}.target`, pids, vmas);
      return { kind: 'corrupt-pfn', label: `echo ${hex(pfn)} > /sys/kernel/debug/hwpoison/corrupt-pfn`, pfn };
    }
    case 'unbind': {
      const ns = k.namespaces.find((n) => n.name === ev.namespace);
      if (!ns) fail(`${at}.namespace`, `no namespace "${ev.namespace}"`);
      return { kind: 'unbind', label: `unbind ${ev.namespace} (ndctl disable-namespace)`, namespace: ns.name };
    }
    case 'access': {
      const pid = procPid(ev.process, `${at}.process`);
      const addr = addressIn(ev.process, ev, at);
      const tid = tidOf(ev.process, ev.thread);
      return ev.write
        ? { kind: 'access', label: `${ev.process} writes ${hex(addr)}`, pid, addr, write: true, ...tid }
        : { kind: 'access', label: `${ev.process} reads ${hex(addr)}`, pid, addr, ...tid };
    }
    case 'umount': {
      const fs = [...k.filesystems.values()].find((x) => x.mount === ev.mount);
      if (!fs)
        fail(
          `${at}.mount`,
          `no filesystem is mounted on ${ev.mount} (mounts: ${[...k.filesystems.values()].map((x) => x.mount).join(', ') || 'none'})`,
        );
      spawned.unmounted.add(fs.dev);
      return { kind: 'umount', label: `umount ${ev.mount}`, dev: fs.dev };
    }
    case 'mkfs': {
      const fs = k.filesystems.get(ev.device);
      if (!fs)
        fail(
          `${at}.device`,
          `no filesystem on ${quote(ev.device)}: mkfs makes the filesystem of a filesystems[] entry again (its type and options)`,
        );
      if (!spawned.unmounted.has(fs.dev))
        fail(
          `${at}.device`,
          `${fs.dev} is mounted on ${fs.mount} at this point: umount it first (mkfs refuses a mounted device)`,
        );
      return { kind: 'mkfs', label: `mkfs.${fs.type} /dev/${fs.dev}`, dev: fs.dev };
    }
    case 'mount': {
      const fs = k.filesystems.get(ev.device);
      if (!fs)
        fail(
          `${at}.device`,
          `no filesystem on ${quote(ev.device)} (only a filesystem of filesystems[] can be mounted again)`,
        );
      spawned.unmounted.delete(fs.dev);
      return { kind: 'mount', label: `mount ${ev.device} ${fs.mount}`, dev: fs.dev };
    }
    case 'pin': {
      const pid = procPid(ev.process, `${at}.process`);
      const addr = addressIn(ev.process, ev, at);
      if (ev.length % 4096 !== 0 || ev.length === 0)
        fail(`${at}.length`, `a pin covers whole pages: ${ev.length} is not a positive multiple of 4096`);
      return {
        kind: 'pin',
        label: `${ev.process} pins ${hex(addr)}, ${formatSize(ev.length)} for DMA`,
        pid,
        addr,
        length: ev.length,
      };
    }
    case 'unpin': {
      const pinned = s.events[ev.pin];
      if (ev.pin >= i || pinned?.kind !== 'pin')
        fail(
          `${at}.pin`,
          `must name an earlier pin event by its index (event ${ev.pin} is ${pinned ? `a ${pinned.kind}` : 'missing'})`,
        );
      if (s.events.slice(0, i).some((e) => e.kind === 'unpin' && e.pin === ev.pin))
        fail(`${at}.pin`, `event ${ev.pin}'s pin is already released by an earlier unpin`);
      const pid = procPid(pinned.process, `${at}.pin`);
      return {
        kind: 'unpin',
        label: `${pinned.process}'s DMA completes: put_page() of event ${ev.pin}'s pages`,
        pid,
        pin: ev.pin,
      };
    }
    case 'exit': {
      const pid = procPid(ev.process, `${at}.process`);
      return { kind: 'exit', label: `${ev.process} exits`, pid };
    }
    case 'spawn':
      return resolveSpawn(k, s, ev, at, pids, vmas, spawned);
    case 'read': {
      const pid = procPid(ev.process, `${at}.process`);
      const { fs, inode } = fileAtEvent(k, spawned.unmounted, ev.file, `${at}.file`);
      return {
        kind: 'read',
        label: `${ev.process} read(${ev.file}, ${hex(ev.offset)}, ${formatSize(ev.length)})`,
        pid,
        dev: fs.dev,
        ino: inode.ino,
        offset: ev.offset,
        length: ev.length,
      };
    }
    case 'write': {
      const pid = procPid(ev.process, `${at}.process`);
      const { fs, inode } = fileAtEvent(k, spawned.unmounted, ev.file, `${at}.file`);
      if (ev.offset + ev.length > Number.MAX_SAFE_INTEGER - PAGE_SIZE)
        fail(`${at}.offset`, `${hex(ev.offset)}: the write would end past the largest file offset the model keeps`);
      return {
        kind: 'write',
        label: `${ev.process} pwrite(${ev.file}, ${formatSize(ev.length)}, ${hex(ev.offset)})`,
        pid,
        dev: fs.dev,
        ino: inode.ino,
        offset: ev.offset,
        length: ev.length,
        fs: fs.type,
      };
    }
    case 'clone': {
      const src = fileAtEvent(k, spawned.unmounted, ev.src, `${at}.src`);
      const dest = fileAtEvent(
        k,
        spawned.unmounted,
        ev.dest,
        `${at}.dest`,
        `no file ${ev.dest}: a clone's destination must exist (creating a file at run time is not modelled; give it in files[], e.g. with size 4096, and truncate it to 0 first as cp's O_TRUNC does)`,
      );
      if (src.fs !== dest.fs)
        fail(`${at}.dest`, 'FICLONE works within one filesystem: vfs_clone_file_range() returns -EXDEV');
      if (src.inode === dest.inode)
        fail(`${at}.dest`, 'cloning a file onto itself overlaps: generic_remap_checks() returns -EINVAL');
      return {
        kind: 'reflink-remap',
        label: `ioctl(${ev.dest}, FICLONE, ${ev.src}) (cp --reflink)`,
        dev: src.fs.dev,
        srcIno: src.inode.ino,
        srcOffset: 0,
        destIno: dest.inode.ino,
        destOffset: 0,
        length: 0,
        whole: true,
      };
    }
    case 'truncate':
    case 'punch-hole':
    case 'fallocate':
    case 'reflink-remap':
    case 'munmap':
      return resolveFileChange(k, s, ev, i, pids, vmas, variant);
  }
}

// ---- file changes that may race a failure (truncate, punch-hole, reflink-remap, munmap) ----------------

type FileChange = Extract<
  Scenario['events'][number],
  { kind: 'truncate' | 'punch-hole' | 'fallocate' | 'reflink-remap' | 'munmap' }
>;

/** A file on a mounted XFS: the file changes are modelled on XFS's paths only. */
function xfsFile(k: Kernel, path: string, at: string): { fs: Filesystem; inode: Inode } {
  const fs = fsOfPath(k, path);
  const inode = fs ? k.lookupPath(fs, path) : null;
  if (!fs || !inode) fail(at, `no file ${path}`);
  if (fs.type !== 'xfs')
    fail(at, `${path} is on ${fs.type}: truncate, punch-hole, fallocate and reflink-remap are modelled on XFS only`);
  return { fs, inode };
}

const blockAligned = (v: number, at: string): number => {
  if (v % PAGE_SIZE)
    fail(at, `${hex(v)}: must be a multiple of the 4 KiB block size (XFS rejects an unaligned range with -EINVAL)`);
  return v;
};

/** The event `concurrentWith` names, and `at` resolved to a kernel function of the variant. */
function raceOf(
  s: Scenario,
  ev: FileChange,
  i: number,
  variant: KernelVariant,
): { with: number; at: string } | undefined {
  const at = `events[${i}]`;
  if (ev.concurrentWith === undefined) {
    if (ev.at !== undefined) fail(`${at}.at`, 'give concurrentWith too: `at` places this event inside another one');
    return undefined;
  }
  const w = ev.concurrentWith;
  if (w >= i) fail(`${at}.concurrentWith`, `${w}: name an earlier event (the one whose handling this change races)`);
  const target = s.events[w];
  if (!['madvise', 'mce', 'async', 'corrupt-pfn'].includes(target.kind))
    fail(
      `${at}.concurrentWith`,
      `events[${w}] is a ${target.kind}: a change can race only a memory failure (madvise, mce, async, corrupt-pfn)`,
    );
  if ('concurrentWith' in target && target.concurrentWith !== undefined)
    fail(`${at}.concurrentWith`, `events[${w}] is itself concurrent with another event`);
  const asked = ev.at ?? OWNER_LOOKUP;
  const fn = resolveRacePoint(asked, new Set(variant.features));
  if (!fn)
    fail(
      `${at}.at`,
      `kernel ${variant.id} has no "${asked}" on its failure path: use "${OWNER_LOOKUP}" or one of ${racePoints(new Set(variant.features)).join(', ')}`,
    );
  return { with: w, at: fn };
}

function resolveFileChange(
  k: Kernel,
  s: Scenario,
  ev: FileChange,
  i: number,
  pids: Map<string, number>,
  vmas: NamedVmas,
  variant: KernelVariant,
): KernelEvent {
  const at = `events[${i}]`;
  const race = raceOf(s, ev, i, variant);
  const racing = race ? { race } : {};
  const when = race ? ` (concurrent with events[${race.with}], at ${race.at})` : '';
  switch (ev.kind) {
    case 'truncate': {
      const { fs, inode } = xfsFile(k, ev.path, `${at}.path`);
      return {
        kind: 'truncate',
        label: `truncate(${ev.path}, ${hex(ev.size)})${when}`,
        dev: fs.dev,
        ino: inode.ino,
        size: ev.size,
        ...racing,
      };
    }
    case 'fallocate': {
      if (ev.punchHole) {
        // FALLOC_FL_PUNCH_HOLE: the punch-hole event (vfs_fallocate() wants KEEP_SIZE with it)
        if (!ev.keepSize)
          fail(
            `${at}.keepSize`,
            'FALLOC_FL_PUNCH_HOLE must come with FALLOC_FL_KEEP_SIZE: vfs_fallocate() returns -EOPNOTSUPP (give keepSize: true)',
          );
        const { keepSize: _k, punchHole: _p, ...rest } = ev;
        return resolveFileChange(k, s, { ...rest, kind: 'punch-hole' }, i, pids, vmas, variant);
      }
      if (ev.concurrentWith !== undefined || ev.at !== undefined)
        fail(
          `${at}.concurrentWith`,
          'only a punch-hole fallocate races a failure in this model (the allocation runs as an event of its own)',
        );
      const { fs, inode } = xfsFile(k, ev.path, `${at}.path`);
      if (ev.length === 0) fail(`${at}.length`, 'vfs_fallocate() refuses a length of 0 (-EINVAL)');
      if (ev.offset + ev.length > Number.MAX_SAFE_INTEGER - PAGE_SIZE)
        fail(`${at}.offset`, `${hex(ev.offset)}: the range would end past the largest file offset the model keeps`);
      const mode = ev.keepSize ? 'FALLOC_FL_KEEP_SIZE' : '0';
      return {
        kind: 'fallocate',
        label: `fallocate(${ev.path}, ${mode}, ${hex(ev.offset)}, ${hex(ev.length)})`,
        dev: fs.dev,
        ino: inode.ino,
        offset: ev.offset,
        length: ev.length,
        keepSize: ev.keepSize,
      };
    }
    case 'punch-hole': {
      const { fs, inode } = xfsFile(k, ev.path, `${at}.path`);
      const offset = blockAligned(ev.offset, `${at}.offset`);
      const length = blockAligned(ev.length, `${at}.length`);
      if (length === 0) fail(`${at}.length`, 'punch at least one block');
      return {
        kind: 'punch-hole',
        label: `fallocate(${ev.path}, FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE, ${hex(offset)}, ${hex(length)})${when}`,
        dev: fs.dev,
        ino: inode.ino,
        offset,
        length,
        ...racing,
      };
    }
    case 'reflink-remap': {
      const src = xfsFile(k, ev.src, `${at}.src`);
      const dest = xfsFile(k, ev.dest, `${at}.dest`);
      if (src.fs !== dest.fs) fail(`${at}.dest`, 'FICLONERANGE works within one filesystem (-EXDEV)');
      if (!src.fs.xfs?.reflink)
        fail(`${at}.src`, `${src.fs.dev} was made without reflink (mkfs.xfs -m reflink=1): -EOPNOTSUPP`);
      if (src.inode === dest.inode) fail(`${at}.dest`, 'remapping a file onto itself is not modelled');
      const length = blockAligned(ev.length, `${at}.length`);
      if (length === 0) fail(`${at}.length`, 'remap at least one block');
      const srcOffset = blockAligned(ev.srcOffset, `${at}.srcOffset`);
      const destOffset = blockAligned(ev.destOffset, `${at}.destOffset`);
      if (srcOffset + length > src.inode.i_size)
        fail(`${at}.length`, `the source range ends past EOF of ${ev.src} (-EINVAL)`);
      return {
        kind: 'reflink-remap',
        label: `ioctl(${ev.dest}, FICLONERANGE, ${ev.src} ${hex(srcOffset)}+${hex(length)} → ${hex(destOffset)})${when}`,
        dev: src.fs.dev,
        srcIno: src.inode.ino,
        srcOffset,
        destIno: dest.inode.ino,
        destOffset,
        length,
        ...racing,
      };
    }
    case 'munmap': {
      const pid = pids.get(ev.process);
      if (pid === undefined)
        fail(`${at}.process`, `no process "${ev.process}" (processes: ${listSome([...pids.keys()])})`);
      const vma = pickVma(vmas, ev.process, ev.mapping, undefined, at);
      return {
        kind: 'munmap',
        label: `${ev.process} munmap(${hex(vma.vm_start)}, ${hex(vma.vm_end - vma.vm_start)})${when}`,
        pid,
        vmaId: vma.id,
        ...racing,
      };
    }
  }
}

/**
 * An event that reaches a file of a refused mount (through a process's mapping of it, or by path) meets
 * RAM page cache, outside the model: it is reported with the reason and runs no kernel step.
 */
function notSimulated(k: Kernel, s: Scenario, ev: Scenario['events'][number]): KernelEvent | null {
  const off = offPmemOf(k);
  const viaMapping = (proc: string, mapping: string | undefined): string | undefined =>
    off.get(`${proc}/${mapping ?? firstMappingName(procSpec(s, proc))}`);
  const viaPath = (path: string | undefined): string | undefined => {
    const m = path !== undefined && !fsOfPath(k, path) ? refusedMountOf(k, path) : null;
    return m ? offPmemReason(path as string, m) : undefined;
  };
  const viaTarget = (t: ScenarioTarget | undefined): string | undefined =>
    !t
      ? undefined
      : t.file !== undefined
        ? viaPath(t.file)
        : t.process !== undefined && t.addr === undefined
          ? viaMapping(t.process, t.mapping)
          : undefined;
  let why: string | undefined;
  const failure = ev.kind === 'madvise' || ev.kind === 'mce' || ev.kind === 'async' || ev.kind === 'corrupt-pfn';
  if (failure && !k.has('mf-dev-pagemap'))
    return notRunEvent(
      ev,
      `memory_failure() has no dev_pagemap path before v4.19 (6100e34b2526): what it did with a DAX pfn is not modelled`,
    );
  switch (ev.kind) {
    case 'madvise':
    case 'access':
      why = ev.addr === undefined ? viaMapping(ev.process, ev.mapping) : undefined;
      break;
    case 'mce':
      why = ev.target ? viaTarget(ev.target) : ev.addr === undefined ? viaMapping(ev.process, ev.mapping) : undefined;
      break;
    case 'async':
    case 'corrupt-pfn':
      why = viaTarget(ev.target);
      break;
    case 'read':
    case 'write':
      why = viaPath(ev.file);
      break;
    case 'truncate':
    case 'punch-hole':
    case 'fallocate':
      why = viaPath(ev.path);
      break;
    case 'reflink-remap':
    case 'clone':
      why = viaPath(ev.src) ?? viaPath(ev.dest);
      break;
    case 'munmap':
    case 'pin':
      why = viaMapping(ev.process, ev.mapping);
      break;
    case 'spawn':
      why = ev.mappings.map((m) => viaPath(m.file)).find((w) => w !== undefined);
      break;
    case 'umount':
    case 'mount':
    case 'mkfs': {
      // the filesystem never mounted: there is nothing to take away or give back
      const m = refusedMountsOf(k).find((r) => (ev.kind === 'umount' ? r.mount === ev.mount : r.dev === ev.device));
      if (m) why = `the mount of ${m.dev} on ${m.mount} failed at setup ("DAX and reflink cannot be used together!")`;
      break;
    }
    case 'exit':
    case 'unbind':
    case 'unpin':
      break;
    default:
      // every event kind must say whether it can reach a file of a refused mount
      ev satisfies never;
  }
  return why === undefined ? null : notRunEvent(ev, why);
}

/** The file paths an event names, with their fields. */
function pathsOf(ev: Scenario['events'][number]): [field: string, path: string][] {
  const target = (t: ScenarioTarget | undefined): [string, string][] =>
    t?.file !== undefined ? [['target.file', t.file]] : [];
  switch (ev.kind) {
    case 'read':
    case 'write':
      return [['file', ev.file]];
    case 'truncate':
    case 'punch-hole':
    case 'fallocate':
      return [['path', ev.path]];
    case 'reflink-remap':
    case 'clone':
      return [
        ['src', ev.src],
        ['dest', ev.dest],
      ];
    case 'spawn':
      return ev.mappings.flatMap((m, j) =>
        m.file !== undefined ? [[`mappings[${j}].file`, m.file] as [string, string]] : [],
      );
    case 'mce':
    case 'async':
    case 'corrupt-pfn':
      return target(ev.target);
    default:
      return [];
  }
}

/** The mkfs events of a scenario, by device (index order), found once per scenario. */
const mkfsIndex = new WeakMap<Scenario, Map<string, number[]>>();

/** A file named after an mkfs of its device is gone: creating files at run time is not modelled. */
function refuseErasedFiles(k: Kernel, s: Scenario, ev: Scenario['events'][number], i: number): void {
  let byDev = mkfsIndex.get(s);
  if (!byDev) {
    byDev = new Map();
    s.events.forEach((e, j) => {
      if (e.kind === 'mkfs') byDev?.set(e.device, [...(byDev.get(e.device) ?? []), j]);
    });
    mkfsIndex.set(s, byDev);
  }
  if (!byDev.size) return;
  for (const [field, path] of pathsOf(ev)) {
    const fs = fsOfPath(k, path);
    const earlier = fs ? byDev.get(fs.dev)?.filter((j) => j < i) : undefined;
    if (earlier?.length)
      fail(
        `events[${i}].${field}`,
        `no file ${path}: events[${earlier[earlier.length - 1]}] made a fresh filesystem on ${fs?.dev} (mkfs); creating files at run time is not modelled`,
      );
  }
}

function notRunEvent(ev: Scenario['events'][number], why: string): KernelEvent {
  const who = 'process' in ev && typeof ev.process === 'string' ? `${ev.process} ` : '';
  // the kind-specific fields are never read: the machine sends a not-simulated event straight to its end
  return { kind: ev.kind, label: `${who}${ev.kind}: not simulated`, notRun: why } as unknown as KernelEvent;
}

/**
 * A process an event creates: its pid, and its mappings placed now (as do_mmap() will place them when the
 * event runs), so later events can name its addresses. Checked like processes[], with its own path.
 */
function resolveSpawn(
  k: Kernel,
  s: Scenario,
  spec: Extract<Scenario['events'][number], { kind: 'spawn' }>,
  at: string,
  pids: Map<string, number>,
  vmas: NamedVmas,
  spawned: Spawned,
): KernelEvent {
  if (pids.has(spec.name)) fail(`${at}.name`, `duplicate process name "${spec.name}"`);
  if (spec.threads?.length)
    fail(`${at}.threads`, 'threads of a process created by an event are not modelled: give them in processes[]');
  const pid = spawned.nextPid(spec.pid, at);
  pids.set(spec.name, pid);
  const mm = { mmap_next: mmapBaseFor(s.processes.length + spawned.count++) };
  const mmapNext = mm.mmap_next;
  const placed: Vma[] = [];
  const names = new Set<string>();
  spec.mappings.forEach((m, j) => {
    const mname = m.name ?? `m${j}`;
    if (names.has(mname)) fail(`${at}.mappings[${j}].name`, `duplicate mapping name "${mname}" in ${spec.name}`);
    const mfs = m.file !== undefined ? fsOfPath(k, m.file) : null;
    if (mfs && spawned.unmounted.has(mfs.dev)) fail(`${at}.mappings[${j}].file`, notMounted(mfs));
    names.add(mname);
    const vma = placeMmap(pid, mm, mmapRequest(k, placed, m, mname, `${at}.mappings[${j}]`, false));
    placed.push(vma);
    vmas.add(spec.name, mname, vma);
  });
  const first = spec.mappings.length ? (spec.mappings[0].name ?? 'm0') : undefined;
  const touches = spec.touch.map((t, j) => {
    const tat = `${at}.touch[${j}]`;
    const vma = pickVma(vmas, spec.name, t.mapping, first, tat);
    const addr = vma.vm_start + t.offset;
    if (addr >= vma.vm_end)
      fail(`${tat}.offset`, `${hex(t.offset)} is beyond the ${formatSize(vma.vm_end - vma.vm_start)} mapping`);
    return { addr, write: t.write === true };
  });
  return {
    kind: 'spawn',
    label: `${spec.name} (${spec.comm}:${pid}) starts: ${placed.length} mapping(s), ${touches.length} access(es)`,
    pid,
    comm: spec.comm,
    name: spec.name,
    flags: policyFlags(spec.mceKill),
    mmap_next: mmapNext,
    vmas: placed,
    touches,
  };
}

/** The pfn behind a user address: the file page or device page its VMA maps there. */
function pfnOfAddress(k: Kernel, vmas: NamedVmas, pid: number, addr: number, at: string): number {
  const vma = vmaAt(vmas, pid, addr);
  if (!vma) fail(at, `${hex(addr)} is not mapped in pid ${pid}`);
  const pgoff = vma.vm_pgoff + Math.floor((addr - vma.vm_start) / PAGE_SIZE);
  return pfnOfPgoff(k, vma.mappingId, pgoff, at);
}

function pfnOfPgoff(k: Kernel, mappingId: string, pgoff: number, at: string): number {
  const mapping = k.mapping(mappingId);
  if (mapping.host.kind === 'cdev') {
    const ns = k.namespace(mapping.host.name);
    return firstDataPfn(ns) + pgoff;
  }
  const fs = k.filesystems.get(mapping.host.dev) as Filesystem;
  const inode = fs.inodes.get(mapping.host.ino) as Inode;
  const ext = extentAt(inode, pgoff);
  if (!ext) fail(at, `file page ${pgoff} of ${inode.path} has no block`);
  return blockToPfn(k.namespace(fs.dev), ext.block + pgoff - ext.fileoff);
}

function resolveTarget(
  k: Kernel,
  s: Scenario,
  t: ScenarioTarget,
  at: string,
  pids: Map<string, number>,
  vmas: NamedVmas,
): number {
  const forms = [t.pfn !== undefined, t.file !== undefined, t.namespace !== undefined, t.process !== undefined].filter(
    Boolean,
  ).length;
  if (forms !== 1)
    fail(at, 'say exactly one of: pfn, file (+ offset), namespace (+ offset), process (+ mapping/offset or addr)');
  if (t.pfn !== undefined) {
    if (t.offset !== undefined || t.addr !== undefined || t.mapping !== undefined)
      fail(at, 'a pfn target takes nothing else');
    return t.pfn;
  }
  if (t.file !== undefined) {
    const fs = fsOfPath(k, t.file);
    const inode = fs ? k.lookupPath(fs, t.file) : null;
    if (!fs || !inode) fail(`${at}.file`, `no file ${t.file}`);
    const off = t.offset ?? 0;
    if (off >= inode.i_size)
      fail(`${at}.offset`, `${hex(off)} is beyond the end of ${t.file} (${formatSize(inode.i_size)})`);
    return pfnOfPgoff(k, inode.mappingId, Math.floor(off / PAGE_SIZE), at);
  }
  if (t.namespace !== undefined) {
    const ns = k.namespaces.find((n) => n.name === t.namespace);
    if (!ns) fail(`${at}.namespace`, `no namespace "${t.namespace}"`);
    const off = t.offset ?? 0;
    if (off >= ns.size) fail(`${at}.offset`, `${hex(off)} is beyond the ${formatSize(ns.size)} namespace`);
    return PHYS_PFN(ns.phys_addr + off);
  }
  const proc = t.process as string;
  const pid = pids.get(proc);
  if (pid === undefined) fail(`${at}.process`, `no process "${proc}"`);
  const first = firstMappingName(procSpec(s, proc));
  const addr = t.addr ?? pickVma(vmas, proc, t.mapping, first, at).vm_start + (t.offset ?? 0);
  return pfnOfAddress(k, vmas, pid, addr, at);
}

/**
 * Per scenario: its mappings by pid, rebuilt when a spawn event has added some. Perf: a pid with one mapping
 * keeps it alone, not in an array of its own (10^5 one-mapping processes: 10^5 arrays kept with the scenario).
 */
const vmasByPid = new WeakMap<NamedVmas, { size: number; byPid: Map<number, Vma | Vma[]> }>();

const holds = (v: Vma, addr: number): boolean => addr >= v.vm_start && addr < v.vm_end;

/** The VMA of `pid` holding `addr`, among the scenario's mappings (setup and spawned). */
function vmaAt(vmas: NamedVmas, pid: number, addr: number): Vma | undefined {
  let index = vmasByPid.get(vmas);
  if (!index && scanning(vmas)) {
    // the first match in insertion order, as the index's per-pid lists have them
    for (const v of vmas.values()) if (v.pid === pid && holds(v, addr)) return v;
    return undefined;
  }
  if (!index || index.size !== vmas.size) {
    const byPid = new Map<number, Vma | Vma[]>();
    for (const v of vmas.values()) {
      const had = byPid.get(v.pid);
      if (had === undefined) byPid.set(v.pid, v);
      else if (Array.isArray(had)) had.push(v);
      else byPid.set(v.pid, [had, v]);
    }
    index = { size: vmas.size, byPid };
    vmasByPid.set(vmas, index);
  }
  const mine = index.byPid.get(pid);
  if (mine === undefined) return undefined;
  if (!Array.isArray(mine)) return holds(mine, addr) ? mine : undefined;
  return mine.find((v) => holds(v, addr));
}

export { PG_PMD_NR };
