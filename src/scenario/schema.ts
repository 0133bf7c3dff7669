/**
 * The scenario file format, version 1 (docs/scenario-format.md). A scenario says, in a person's terms,
 * which pmem namespaces exist, what is on them, which processes map what (in creation and fault order),
 * and the events that follow. The schema checks shapes; build.ts checks meaning (references, sizes,
 * alignment) and reports both with the path of the offending field.
 */
import { z } from 'zod';
import { DEFAULT_VARIANT, findVariant, variantIds } from '../kernel/variants/variants';
import { quote } from './issues';
import { parseAddress, parseSize } from './units';

export const SCENARIO_FORMAT = 1;
/** processes[] holds at most this many (issue 10 §4) */
export const MAX_PROCESSES = 100_000;

const size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseSize(v);
  if (n === null) {
    ctx.addIssue({
      code: 'custom',
      message: `not a size: ${typeof v === 'string' ? quote(v) : JSON.stringify(v)} (write e.g. 4096, "4KiB", "2MiB", "0x3000")`,
    });
    return z.NEVER;
  }
  return n;
});

const address = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = parseAddress(v);
  if (n === null) {
    ctx.addIssue({
      code: 'custom',
      message: `not an address: ${JSON.stringify(v)} (write hex "0x7f0000003000" or decimal)`,
    });
    return z.NEVER;
  }
  return n;
});

/** a 64-bit register value (MCi_STATUS and friends), kept as the string "0x…" (it does not fit a JS number) */
const reg64 = z.union([z.number().int().nonnegative(), z.string()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? v.toString(16) : v.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) {
    ctx.addIssue({
      code: 'custom',
      message: `not a 64-bit register value: ${JSON.stringify(v)} (write hex, e.g. "0xbd80000000000134")`,
    });
    return z.NEVER;
  }
  return `0x${BigInt(`0x${text}`).toString(16)}`;
});

const name = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'use 1–32 letters, digits, "_", "-" or "."');
// PATH_MAX is 4096 bytes with the NUL (include/uapi/linux/limits.h); counted here in characters
const path = z
  .string()
  .max(4095, 'a path is at most 4095 characters (PATH_MAX - 1)')
  .regex(/^\/[^\0]*$/, 'an absolute path, e.g. "/mnt/A"');

const namespace = z.strictObject({
  name: z.string().regex(/^(pmem[0-9]+|dax[0-9]+\.[0-9]+)$/, 'fsdax namespaces are "pmemN", devdax ones "daxN.M"'),
  mode: z.enum(['fsdax', 'devdax']),
  size,
  /** ndctl --map: where the struct pages live */
  map: z.enum(['dev', 'mem']).default('dev'),
  /** ndctl --align (devdax fault size; fsdax pfn alignment) */
  align: size.optional(),
  /** physical address of the namespace (its resource start) */
  phys: address.optional(),
});

const filesystem = z.strictObject({
  type: z.enum(['xfs', 'ext4']),
  device: z.string(),
  mount: path.default('/mnt'),
  /** mkfs.xfs -m reflink= */
  reflink: z.boolean().optional(),
  /** mkfs.xfs -m rmapbt= */
  rmapbt: z.boolean().optional(),
  /** mkfs.xfs -d agcount= */
  agcount: z.number().int().min(1).max(1024).optional(),
});

const extent = z.strictObject({
  /** file offset of the extent */
  offset: size,
  length: size,
  /** byte offset on the device's data area (pins the physical placement) */
  device: size,
});

const file = z.strictObject({
  /** absolute path; with `count`, a pattern with "{n}" */
  path,
  size: size.optional(),
  /** allocate the data aligned to this physical boundary (e.g. "2MiB" for PMD mappings) */
  align: size.optional(),
  extents: z.array(extent).min(1).optional(),
  /** cp --reflink=always from this path */
  reflink: path.optional(),
  /** make this many reflinked copies (path must contain "{n}") */
  count: z.number().int().min(1).max(10_000_000).optional(),
  /** the inode is in the inode cache (xfs_iget(XFS_IGET_INCORE) finds it); default true */
  cached: z.boolean().optional(),
  /**
   * held open (an fd) by a task outside the scenario from setup on: the inode stays in core and the
   * filesystem cannot be unmounted; with `count`, every copy is opened
   */
  open: z.boolean().optional(),
});

const mapping = z.strictObject({
  name: name.optional(),
  file: path.optional(),
  device: z.string().optional(),
  offset: size.default(0),
  length: size.optional(),
  addr: address.optional(),
});

const touch = z.strictObject({
  mapping: name.optional(),
  offset: size,
  /** a store (FAULT_FLAG_WRITE) instead of a load: dirties the entry, CoWs a reflinked block */
  write: z.boolean().optional(),
});

/** another thread of a process (pthread_create): its own comm, tid and prctl(PR_MCE_KILL) */
const thread = z.strictObject({
  name,
  comm: z.string().min(1).max(15, 'comm is at most 15 characters (TASK_COMM_LEN - 1)').optional(),
  tid: z.number().int().min(2).max(4194304).optional(),
  mceKill: z.enum(['default', 'early', 'late']).default('default'),
});

const process = z.strictObject({
  name,
  comm: z.string().min(1).max(15, 'comm is at most 15 characters (TASK_COMM_LEN - 1)').default('pmtest'),
  pid: z.number().int().min(2).max(4194304).optional(),
  /** prctl(PR_MCE_KILL): early, late, or default (no prctl: vm.memory_failure_early_kill decides) */
  mceKill: z.enum(['default', 'early', 'late']).default('default'),
  mappings: z.array(mapping).default([]),
  touch: z.array(touch).default([]),
  /** threads besides the main one, in creation order (find_early_kill_thread() visits the main thread first) */
  threads: z.array(thread).max(64).optional(),
});

/** Where poison lands: a pfn, a file offset, a namespace offset, or an address in a process. */
const target = z.strictObject({
  pfn: address.optional(),
  file: path.optional(),
  namespace: z.string().optional(),
  process: name.optional(),
  mapping: name.optional(),
  offset: size.optional(),
  addr: address.optional(),
});

const inProcess = {
  process: name,
  /** the thread of `process` that does it (current); the main thread when absent */
  thread: name.optional(),
  mapping: name.optional(),
  offset: size.optional(),
  addr: address.optional(),
};

/**
 * A file or mapping change that may race the failure handling: `concurrentWith` names the event it runs
 * alongside and `at` the point of that event where it starts ("owner-lookup", or a kernel function of
 * the variant). Without them the change is a plain event of its own.
 */
const race = {
  concurrentWith: z.number().int().min(0).optional(),
  at: z.string().min(1).max(64).optional(),
};

/** truncate / punch-hole / reflink-remap / munmap: their own entries (the file-op kinds of other issues stay apart) */
const raceEvents = [
  z.strictObject({ kind: z.literal('truncate'), path, size, ...race }),
  z.strictObject({ kind: z.literal('punch-hole'), path, offset: size, length: size, ...race }),
  /**
   * fallocate(2): mode 0 allocates (unwritten extents), keepSize adds FALLOC_FL_KEEP_SIZE, punchHole (with
   * keepSize, as the kernel demands) is the punch-hole event
   */
  z.strictObject({
    kind: z.literal('fallocate'),
    path,
    offset: size.default(0),
    length: size,
    keepSize: z.boolean().default(false),
    punchHole: z.boolean().default(false),
    ...race,
  }),
  z.strictObject({
    kind: z.literal('reflink-remap'),
    /** FICLONERANGE: dest's range is made to share src's blocks; dest's old blocks are released */
    src: path,
    srcOffset: size.default(0),
    dest: path,
    destOffset: size.default(0),
    length: size,
    ...race,
  }),
  z.strictObject({ kind: z.literal('munmap'), process: name, mapping: name, ...race }),
  /** ioctl(dest, FICLONE, src): what cp --reflink does after opening dest (O_TRUNC: a truncate to 0 first) */
  z.strictObject({ kind: z.literal('clone'), src: path, dest: path }),
] as const;

const event = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('madvise'), ...inProcess, length: size.default(4096) }),
  z.strictObject({
    kind: z.literal('mce'),
    process: name,
    thread: name.optional(),
    target: target.optional(),
    mapping: name.optional(),
    offset: size.optional(),
    addr: address.optional(),
    /** MCG_STATUS.RIPV (default true); or give mcgStatus */
    ripv: z.boolean().optional(),
    /** the MCA bank as QEMU's monitor `mce -b <cpu> <bank> <status> <mcg_status> <addr> <misc>` takes it */
    bank: z.number().int().min(0).max(31).optional(),
    status: reg64.optional(),
    mcgStatus: reg64.optional(),
    misc: reg64.optional(),
  }),
  z.strictObject({ kind: z.literal('async'), target, source: z.enum(['mce', 'ghes']).default('mce') }),
  z.strictObject({ kind: z.literal('corrupt-pfn'), target }),
  z.strictObject({ kind: z.literal('unbind'), namespace: z.string() }),
  z.strictObject({ kind: z.literal('access'), ...inProcess, write: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('exit'), process: name }),
  /** get_user_pages() of a range of the process's mapping for DMA (O_DIRECT, RDMA): each page's _refcount + 1 */
  z.strictObject({ kind: z.literal('pin'), ...inProcess, length: size.default(4096) }),
  /** the DMA completes: put_page() of every page the pin event at index `pin` took */
  z.strictObject({ kind: z.literal('unpin'), pin: z.number().int().min(0) }),
  /** umount(2) of a mount point; mount(2) of that filesystem again (on its device) */
  z.strictObject({ kind: z.literal('umount'), mount: path }),
  z.strictObject({ kind: z.literal('mount'), device: z.string() }),
  /** mkfs of an unmounted device: a fresh filesystem with its filesystems[] options; its files are gone */
  z.strictObject({ kind: z.literal('mkfs'), device: z.string() }),
  /** a process created after the events before it: the same fields as processes[] */
  process.extend({ kind: z.literal('spawn') }),
  z.strictObject({
    kind: z.literal('read'),
    process: name,
    file: path,
    offset: size.default(0),
    length: size.default(4096),
  }),
  /** write(2) / pwrite(2) through the DAX path: fills holes, CoWs shared blocks, meets poison and shutdown */
  z.strictObject({
    kind: z.literal('write'),
    process: name,
    file: path,
    offset: size.default(0),
    length: size.default(4096),
  }),
  ...raceEvents,
]);

export const scenarioSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT, { message: `unknown format: this explorer reads format ${SCENARIO_FORMAT}` }),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and "-"'),
  title: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
  kernel: z
    .string()
    .refine((id) => findVariant(id) !== undefined, {
      message: `unknown kernel variant; known: ${variantIds().join(', ')}`,
    })
    .default(DEFAULT_VARIANT),
  /** the machine: x86_64 (everything), or ppc64 with 64 KiB pages (the namespace probe and the vmemmap only) */
  arch: z.enum(['x86_64', 'ppc64-radix', 'ppc64-hash']).default('x86_64'),
  sysctl: z
    .strictObject({
      memory_failure_early_kill: z.union([z.literal(0), z.literal(1)]).default(0),
      memory_failure_recovery: z.union([z.literal(0), z.literal(1)]).default(1),
    })
    .default({ memory_failure_early_kill: 0, memory_failure_recovery: 1 }),
  namespaces: z.array(namespace).min(1).max(16),
  filesystems: z.array(filesystem).max(16).default([]),
  files: z.array(file).max(100_000).default([]),
  processes: z.array(process).max(MAX_PROCESSES).default([]),
  events: z.array(event).max(10_000).default([]),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioEvent = Scenario['events'][number];
export type ScenarioTarget = z.output<typeof target>;
