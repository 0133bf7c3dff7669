/**
 * The memory-failure handler for ZONE_DEVICE (pmem) pages, one kernel step per function.
 * Models: mm/memory-failure.c at v6.12: memory_failure(), memory_failure_dev_pagemap(),
 * mf_generic_kill_procs(), hwpoison_filter(), mf_dax_kill_procs() (v6.0, c36e20249571),
 * collect_procs_file(), collect_procs_fsdax(), task_early_kill(), find_early_kill_thread(),
 * __add_to_kill(), dev_pagemap_mapping_shift(), unmap_and_kill(), kill_procs(), kill_proc(),
 * action_result(); include/linux/page-flags.h SetPageHWPoison().
 * Not modeled: online (non-ZONE_DEVICE) RAM, hugetlb, KSM and anonymous pages; arch_memory_failure()
 * (x86 SGX EPC) always declines; hwpoison_filter() is disabled (its default).
 */

import { type Decision, modelsOf, packed, type StepDecision } from '../decision';
import { noFallbackFlaw } from '../designs/corruptedRange';
import { sharedFilesFs } from '../designs/getSharedFiles';
import { EBUSY, EFAULT, ENXIO, EOPNOTSUPP, errnoName } from '../errno';
import type { Frame, ToKill } from '../frame';
import { DAX_COOKIE_NONE, dax_is_empty_entry, dax_is_zero_entry, dax_to_pfn, pageSet, setEntryLocked } from '../fs/dax';
import { type AddressSpace, vma_interval_tree_foreach } from '../fs/vfs';
import { indexId, nsId, pfnId, taskId, vmaId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import { xa_load } from '../lib/xarray';
import { printk } from '../printk';
import { PF_MCE_EARLY, PF_MCE_PROCESS, type Task, type Vma } from '../sched';
import { queueSignal } from '../signal';
import { type KernelOp, named } from '../step';
import { hex, PAGE_SHIFT, PAGE_SIZE, PFN_PHYS, PMD_SHIFT, PMD_SIZE, PUD_SHIFT, PUD_SIZE } from '../units';
import type { CollectDecision, CollectOutcome, EarlyKillPick, EarlyKillRule } from './collectDecision';
import { unmap_mapping_range } from './memory';
import { pgmap_has_memory_failure, pgmap_pfn_valid } from './memremap';
import { PG_hwpoison } from './page';

/** enum mf_flags (include/linux/mm.h) */
export const MF_COUNT_INCREASED = 1 << 0;
export const MF_ACTION_REQUIRED = 1 << 1;
export const MF_MUST_KILL = 1 << 2;
export const MF_SOFT_OFFLINE = 1 << 3;
export const MF_UNPOISON = 1 << 4;
export const MF_SW_SIMULATED = 1 << 5;
export const MF_NO_RETRY = 1 << 6;
export const MF_MEM_PRE_REMOVE = 1 << 7;

const FLAG_NAMES: [number, string][] = [
  [MF_COUNT_INCREASED, 'MF_COUNT_INCREASED'],
  [MF_ACTION_REQUIRED, 'MF_ACTION_REQUIRED'],
  [MF_MUST_KILL, 'MF_MUST_KILL'],
  [MF_SOFT_OFFLINE, 'MF_SOFT_OFFLINE'],
  [MF_UNPOISON, 'MF_UNPOISON'],
  [MF_SW_SIMULATED, 'MF_SW_SIMULATED'],
  [MF_NO_RETRY, 'MF_NO_RETRY'],
  [MF_MEM_PRE_REMOVE, 'MF_MEM_PRE_REMOVE'],
];

/** printed once per flags value (perf: every memory_failure() step prints its flags, 10^4 events the same few) */
const flagTexts = new Map<number, string>();

export function mfFlagNames(flags: number): string {
  let text = flagTexts.get(flags);
  if (text === undefined) {
    const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
    text = names.length ? `${hex(flags)} (${names.join('|')})` : '0';
    flagTexts.set(flags, text);
  }
  return text;
}

/** action_page_types[MF_MSG_DAX] */
export const MF_MSG_DAX = 'dax page';

const MF_FILE = 'mm/memory-failure.c';
const decide = (
  predicate: string,
  result: boolean,
  reads: [string, string | number | boolean][],
  fn: string,
  file = MF_FILE,
): Decision => ({
  predicate,
  result,
  reads: reads.map(([path, value]) => ({ path, value: String(value) })),
  models: { fn, file },
});

// The reads of the decisions every memory_failure() of a DAX page makes (PackedDecision): shared lists.
const PFN_ZONE = ['pfn', 'zone'] as const;
const PFN_PGMAP = ['pfn', 'pgmap'] as const;
const PFN_VALID_READS = ['pfn', 'pfn_first', 'pgmap->altmap'] as const;
const OPS_READS = ['pgmap->ops', 'pgmap->ops->memory_failure'] as const;
const RC = ['rc'] as const;
const FILTER_ENABLE = ['hwpoison_filter_enable'] as const;
const PGMAP_TYPE = ['pgmap->type'] as const;
const ZERO = [0] as const;
const M_MEMORY_FAILURE = modelsOf('memory_failure', MF_FILE);
const M_DEV_PAGEMAP = modelsOf('memory_failure_dev_pagemap', MF_FILE);
const M_HWPOISON_FILTER = modelsOf('hwpoison_filter', MF_FILE);

// ---- memory_failure() ------------------------------------------------------------------------------

export const memory_failure: KernelOp = (k, f) => {
  const decisions: StepDecision[] = [];
  if (!k.config.sysctl_memory_failure_recovery) {
    k.printk(`Kernel panic - not syncing: Memory failure on page ${f.pfn.toString(16)}`);
    return { branch: 'panic', summary: 'vm.memory_failure_recovery is 0: panic', decisions };
  }
  // hw_memory_failure came with MF_SW_SIMULATED, after v4.19: there, nothing is set here
  if (k.has('mf-generic-helper') && !(f.flags & MF_SW_SIMULATED) && !k.counters.hw_memory_failure)
    k.setCounter('hw_memory_failure', true);
  const ns = k.namespaceOfPfn(f.pfn);
  decisions.push(
    packed(
      'pfn_to_online_page(pfn) == NULL',
      true,
      PFN_ZONE,
      [f.pfn, ns ? 'ZONE_DEVICE' : 'none (no memmap)'],
      0b1,
      M_MEMORY_FAILURE,
    ),
    packed(
      'pfn_valid(pfn) && get_dev_pagemap(pfn)',
      ns !== null,
      PFN_PGMAP,
      [f.pfn, ns ? pgmapText(ns) : 'NULL'],
      0b1,
      M_MEMORY_FAILURE,
    ),
  );
  if (!ns) {
    k.printk(printk.outsideKernelControl(f.pfn));
    f.rc = -ENXIO;
    return {
      branch: 'return',
      summary: `pfn ${hex(f.pfn)} has no dev_pagemap: memory outside kernel control, -ENXIO`,
      decisions,
      touched: [pfnId(f.pfn)],
    };
  }
  f.ns = ns;
  const touched = [pfnId(f.pfn), nsId(ns.name)];
  let summary = `pfn ${hex(f.pfn)} is ZONE_DEVICE memory of ${ns.name}; flags ${mfFlagNames(f.flags)}`;
  if (f.flags & MF_COUNT_INCREASED) {
    // put_ref_page(): drop the reference madvise's get_user_pages_fast() took
    const head = ns.pages.compound_head(f.pfn);
    pageSet(k, ns, head, '_refcount', ns.pages.page(head)._refcount - 1);
    summary += '; put_ref_page() drops the GUP reference';
  }
  return { branch: 'dev_pagemap', summary, decisions, touched };
};

const pgmapTexts = new WeakMap<Namespace, { name: string; type: number; text: string }>();

/** "pmem0 (MEMORY_DEVICE_FS_DAX)", printed once per namespace (perf: memory_failure() records it every time). */
function pgmapText(ns: Namespace): string {
  const cached = pgmapTexts.get(ns);
  if (cached && cached.name === ns.name && cached.type === ns.pgmap.type) return cached.text;
  const text = `${ns.name} (${pgmapTypeName(ns)})`;
  pgmapTexts.set(ns, { name: ns.name, type: ns.pgmap.type, text });
  return text;
}

function pgmapTypeName(ns: Namespace): string {
  return ns.pgmap.type === 4
    ? 'MEMORY_DEVICE_GENERIC'
    : ns.pgmap.type === 3
      ? 'MEMORY_DEVICE_FS_DAX'
      : `type ${ns.pgmap.type}`;
}

// ---- memory_failure_dev_pagemap() -----------------------------------------------------------------

export const memory_failure_dev_pagemap: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  const touched = [pfnId(f.pfn), nsId(ns.name)];
  if (!k.has('mf-generic-helper')) return memory_failure_dev_pagemap_inline(k, f);
  const valid = pgmap_pfn_valid(ns.pgmap, f.pfn);
  const d1 = packed(
    'pgmap_pfn_valid(pgmap, pfn)',
    valid,
    PFN_VALID_READS,
    [f.pfn, firstUsablePfn(ns), ns.pgmap.altmap ? 'valid' : 'none'],
    0b11,
    M_DEV_PAGEMAP,
  );
  if (!valid) {
    f.rc = -ENXIO;
    return {
      branch: 'action_result',
      summary: `pfn ${hex(f.pfn)} holds the device memmap: device metadata space is not recoverable, rc = -ENXIO`,
      decisions: [d1],
      touched,
    };
  }
  const has = pgmap_has_memory_failure(ns.pgmap);
  const d2 = packed(
    'pgmap_has_memory_failure(pgmap)',
    has,
    OPS_READS,
    [ns.pgmap.ops ? 'set' : 'NULL', ns.pgmap.ops?.memory_failure ?? 'NULL'],
    0,
    M_DEV_PAGEMAP,
  );
  // rfc-2020-get-shared-files: a filesystem with ->get_shared_files() is asked for the owner list instead
  const sharedFs = k.has('rfc-2020-get-shared-files') ? sharedFilesFs(k, ns) : null;
  if (sharedFs)
    return {
      branch: 'get_shared_files',
      summary: `${sharedFs.dev} has sb->s_op->get_shared_files: ask it for every owner of the block (RFC Aug 2020; the RFC asks from dax_lock_page() for reflinked pages only, UNVERIFIED which pages)`,
      decisions: [d1, decide('sb->s_op->get_shared_files', true, [['sb', sharedFs.dev]], 'memory_failure_dev_pagemap')],
      touched,
    };
  if (has)
    return {
      branch: 'ops',
      summary: 'the driver has ->memory_failure(): ask it first',
      decisions: [d1, d2],
      touched,
    };
  f.path = 'generic';
  return {
    branch: 'generic',
    summary: 'no ->memory_failure() op: mf_generic_kill_procs()',
    decisions: [d1, d2],
    touched,
  };
};

/** Back from pgmap->ops->memory_failure(): -EOPNOTSUPP falls back to the generic handler. */
export const memory_failure_dev_pagemap_ret_ops: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  const touched = [pfnId(f.pfn), nsId(ns.name)];
  const rc = f.rc ?? 0;
  const d = packed('rc != -EOPNOTSUPP', rc !== -EOPNOTSUPP, RC, [errnoName(rc)], 0, M_DEV_PAGEMAP);
  if (rc === -EOPNOTSUPP && k.has('rfc-2020-corrupted-range'))
    return {
      branch: 'return',
      summary:
        'rc = -EOPNOTSUPP: returned as it is, no fallback to mf_generic_kill_procs() and no action_result() (RFC Sep-Dec 2020)',
      decisions: [d],
      touched,
      flaw: noFallbackFlaw,
    };
  if (rc === -EOPNOTSUPP) {
    f.path = 'generic';
    return {
      branch: 'generic',
      summary: 'the driver returned -EOPNOTSUPP: fall back to mf_generic_kill_procs()',
      decisions: [d],
      touched,
    };
  }
  return { branch: 'action_result', summary: `rc = ${errnoName(rc)}: report the result`, decisions: [d], touched };
};

/** Back from mf_generic_kill_procs(): report the result unless the page was filtered (-EOPNOTSUPP). */
export const memory_failure_dev_pagemap_ret_generic: KernelOp = (_k, f) => {
  const ns = f.ns as Namespace;
  const touched = [pfnId(f.pfn), nsId(ns.name)];
  const rc = f.rc ?? 0;
  if (rc === -EOPNOTSUPP)
    return { branch: 'return', summary: 'filtered by hwpoison_filter(): no action_result', touched };
  return { branch: 'action_result', summary: `rc = ${errnoName(rc)}: report the result`, touched };
};

/**
 * v4.19 (6100e34b2526): everything inline. No pgmap_pfn_valid() check yet (a memmap pfn fails at the
 * DAX lock instead), no driver op: straight to dax_lock_mapping_entry(page).
 */
function memory_failure_dev_pagemap_inline(k: Kernel, f: Frame) {
  const ns = f.ns as Namespace;
  f.path = 'generic';
  f.page = f.pfn;
  f.rc = -EBUSY;
  const validCheck = k.has('mf-pgmap-pfn-valid');
  if (validCheck && !pgmap_pfn_valid(ns.pgmap, f.pfn)) {
    f.rc = -ENXIO;
    return {
      branch: 'action_result',
      summary: `pfn ${hex(f.pfn)} holds the device memmap: rc = -ENXIO`,
      touched: [pfnId(f.pfn), nsId(ns.name)],
    };
  }
  return {
    branch: 'inline',
    summary: `page = pfn_to_page(${hex(f.pfn)}), rc = -EBUSY; no pgmap->ops: the DAX handling is inline here (modelled from 6100e34b2526 as posted, v5 Jul 2018: the v4.19 tag itself is UNVERIFIED)`,
    decisions: [
      decide(
        'pgmap->ops->memory_failure',
        false,
        [['pgmap->ops', 'none in this kernel (v4.19)']],
        'memory_failure_dev_pagemap',
      ),
    ],
    touched: [pfnId(f.pfn), nsId(ns.name)],
  };
}

/**
 * dax_lock_mapping_entry(page) (fs/dax.c, v4.19): a bool. page->mapping not a DAX mapping → false
 * (memory_failure_dev_pagemap() goes to `out`: "Failed", -EBUSY); device-dax → true without locking;
 * otherwise the radix-tree entry at page->index is locked.
 */
export const dax_lock_mapping_entry_page: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  const pfn = f.page as number;
  const page = ns.pages.page(pfn);
  const mapping = page.mapping;
  const reads: [string, string][] = [['page->mapping', mappingName(mapping)]];
  // PAGE_MAPPING_DAX_COW needs a write fault on a reflinked extent, which 4.19 never has (no reflink with dax)
  if (!mapping || mapping === 'PAGE_MAPPING_DAX_SHARED' || mapping === 'PAGE_MAPPING_DAX_COW') {
    f.cookie = 0;
    return {
      branch: 'fail',
      summary: `page->mapping is ${mappingName(mapping)}: not a DAX mapping, returns false; goto out (rc -EBUSY)`,
      decisions: [decide('dax_mapping(page->mapping)', false, reads, 'dax_lock_mapping_entry', 'fs/dax.c')],
      touched: [pfnId(pfn)],
    };
  }
  const as = k.mapping(mapping.id);
  f.mappingId = as.id;
  f.index = page.index;
  if (as.host.kind === 'cdev') {
    f.cookie = DAX_COOKIE_NONE;
    return {
      branch: 'locked',
      summary: 'S_ISCHR(mapping->host->i_mode): device-dax, true without locking (the pgmap pin keeps the inode)',
      decisions: [
        decide(
          'dax_mapping(page->mapping)',
          true,
          [...reads, ['S_ISCHR(inode->i_mode)', 'true']],
          'dax_lock_mapping_entry',
          'fs/dax.c',
        ),
      ],
      touched: [pfnId(pfn), as.id],
    };
  }
  const entry = xa_load(as.i_pages, page.index);
  f.cookie = entry ?? 0;
  if (entry === null)
    return {
      branch: 'fail',
      summary: `no entry at ${as.id} index ${page.index}: returns false; goto out (rc -EBUSY)`,
      decisions: [
        decide(
          'entry != NULL',
          false,
          [...reads, ['page->index', String(page.index)]],
          'dax_lock_mapping_entry',
          'fs/dax.c',
        ),
      ],
      touched: [pfnId(pfn), as.id],
    };
  setEntryLocked(k, as, page.index, true);
  return {
    branch: 'locked',
    summary: `lock_slot(): the entry at ${as.id} index ${page.index} is locked`,
    decisions: [
      decide(
        'entry != NULL',
        true,
        [...reads, ['page->index', String(page.index)]],
        'dax_lock_mapping_entry',
        'fs/dax.c',
      ),
    ],
    touched: [pfnId(pfn), as.id, indexId(as.id, page.index)],
  };
};

/** dax_unlock_mapping_entry(page) (v4.19): unlock the slot; memory_failure_dev_pagemap() sets rc = 0 before it. */
export const dax_unlock_mapping_entry_page: KernelOp = (k, f) => {
  if (f.cookie !== DAX_COOKIE_NONE && f.mappingId) setEntryLocked(k, k.mapping(f.mappingId), f.index, false);
  f.rc = 0;
  return {
    branch: 'next',
    summary: f.cookie === DAX_COOKIE_NONE ? 'device-dax: nothing to unlock; rc = 0' : 'unlock the entry; rc = 0',
    touched: f.mappingId ? [indexId(f.mappingId, f.index)] : [],
  };
};

/**
 * hwpoison_filter() passes (no filter is set) and the pgmap is not one memory_failure() leaves alone. v4.19
 * tests it inline in memory_failure_dev_pagemap() on the page (DEVICE_PRIVATE/PUBLIC); 6.12 in
 * mf_generic_kill_procs() on the folio (DEVICE_PRIVATE/COHERENT).
 */
const hwpoisonFilter = (arg: string, otherType: string, caller: string): KernelOp => {
  // per op, not per call: the texts are the same every time
  const summary = `hwpoison_filter() passes (no filter is set); pgmap type is not DEVICE_PRIVATE/${otherType}`;
  const filterPredicate = `hwpoison_filter(${arg})`;
  const typePredicate = `pgmap->type is MEMORY_DEVICE_PRIVATE or _${otherType}`;
  const callerModels = modelsOf(caller, MF_FILE);
  return (_k, f) => ({
    branch: 'pass',
    summary,
    decisions: [
      packed(filterPredicate, false, FILTER_ENABLE, ZERO, 0, M_HWPOISON_FILTER),
      packed(typePredicate, false, PGMAP_TYPE, [(f.ns as Namespace).pgmap.type], 0, callerModels),
    ],
  });
};

export const hwpoison_filter_page = named(
  'hwpoison_filter_page',
  hwpoisonFilter('page', 'PUBLIC', 'memory_failure_dev_pagemap'),
);

function firstUsablePfn(ns: Namespace): number {
  return (ns.phys_addr + ns.data_offset) / PAGE_SIZE;
}

// ---- mf_generic_kill_procs() ------------------------------------------------------------------------

export const mf_generic_kill_procs: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  const head = ns.pages.compound_head(f.pfn);
  f.page = head;
  // v6.15: an fsdax PMD entry is an order-9 folio, so the head is marked and its address reported
  const daxFolio =
    head !== f.pfn && k.has('dax-pmd-folio') && ns.mode === 'fsdax'
      ? `: an order-${ns.pages.compound_order(head)} fsdax folio (dax_folio_init(), v6.15), so PG_hwpoison and the reported address are the head's (6.12's code on the 6.15 folio; 6.15's memory-failure.c not read: UNVERIFIED)`
      : '';
  return {
    branch: 'next',
    summary: `folio = pfn_folio(${hex(f.pfn)}) = ${hex(head)}${head === f.pfn ? '' : ' (compound head)'}${daxFolio}`,
    touched: [pfnId(f.pfn), pfnId(head)],
  };
};

/** dax_lock_folio() (fs/dax.c): lock the xarray entry behind folio->mapping/index. */
/**
 * dax_lock_folio() (v6.7+) or dax_lock_page() before it: the same walk from the struct page to its
 * owner's entry, named for what it is handed.
 */
const daxLock = (fn: 'dax_lock_folio' | 'dax_lock_page', obj: 'folio' | 'page'): KernelOp => {
  const lockedReads = [`${obj}->mapping`, `${obj}->index`];
  const models = modelsOf(fn, 'fs/dax.c');
  const predicate = `${fn}() != 0`;
  return (k, f) => {
    const ns = f.ns as Namespace;
    const head = f.page as number;
    const page = ns.pages.page(head);
    const mapping = page.mapping;
    const reads: [string, string][] = [[`${obj}->mapping`, mappingName(mapping)]];
    if (!mapping || mapping === 'PAGE_MAPPING_DAX_SHARED' || mapping === 'PAGE_MAPPING_DAX_COW') {
      // A never-faulted page, or (v6.2–v6.14) a shared page whose owners only the filesystem knows.
      // PAGE_MAPPING_DAX_COW (before v6.2): 6.1's dax_lock_page() would pass the pointer 0x1 to
      // dax_mapping() (reference.md §6 item 11, an inference: UNVERIFIED); the model stops as with no owner.
      f.cookie = 0;
      f.rc = -EBUSY;
      return {
        branch: 'fail',
        summary: `${obj}->mapping is ${mappingName(mapping)}: no owner to lock; mf_generic_kill_procs() returns -EBUSY`,
        decisions: [decide(`${fn}() != 0`, false, reads, fn, 'fs/dax.c')],
        touched: [pfnId(head)],
      };
    }
    const as = k.mapping(mapping.id);
    f.mappingId = as.id;
    f.index = page.index;
    if (as.host.kind === 'cdev') {
      f.cookie = DAX_COOKIE_NONE;
      return {
        branch: 'locked',
        summary: `S_ISCHR(mapping->host): device-dax, cookie ~0 without locking`,
        decisions: [decide(`${fn}() != 0`, true, [...reads, ['S_ISCHR(host->i_mode)', 'true']], fn, 'fs/dax.c')],
        touched: [pfnId(head), as.id],
      };
    }
    const entry = xa_load(as.i_pages, page.index);
    f.cookie = entry ?? DAX_COOKIE_NONE;
    if (entry !== null) setEntryLocked(k, as, page.index, true);
    return {
      branch: 'locked',
      summary: `lock the entry at ${as.id} index ${page.index} (DAX_LOCKED)`,
      decisions: [packed(predicate, true, lockedReads, [mappingName(mapping), page.index], 0, models)],
      touched: [pfnId(head), as.id, indexId(as.id, page.index)],
    };
  };
};

export const dax_lock_folio = named('dax_lock_folio', daxLock('dax_lock_folio', 'folio'));
export const dax_lock_page = named('dax_lock_page', daxLock('dax_lock_page', 'page'));

export const hwpoison_filter = named(
  'hwpoison_filter',
  hwpoisonFilter('&folio->page', 'COHERENT', 'mf_generic_kill_procs'),
);

function mappingName(m: unknown): string {
  if (m === null || m === undefined) return 'NULL';
  if (m === 'PAGE_MAPPING_DAX_SHARED') return 'PAGE_MAPPING_DAX_SHARED (0x1)';
  if (m === 'PAGE_MAPPING_DAX_COW') return 'PAGE_MAPPING_DAX_COW (0x1; UNVERIFIED what dax_lock_page() does with it)';
  return (m as { id: string }).id;
}

/** SetPageHWPoison(page): on the folio head (generic) or the entry's first page (fsdax holder path). */
export const SetPageHWPoison: KernelOp = (k, f) => {
  const ns = k.namespaceOfPfn(f.page as number) as Namespace;
  const pfn = f.page as number;
  const flags = ns.pages.page(pfn).flags;
  const already = (flags & (1 << PG_hwpoison)) !== 0;
  pageSet(k, ns, pfn, 'flags', flags | (1 << PG_hwpoison));
  k.logHwpoison(pfn);
  if (f.path === 'generic') f.flags |= MF_ACTION_REQUIRED | MF_MUST_KILL;
  return {
    branch: 'next',
    summary: `PG_hwpoison on pfn ${hex(pfn)}${already ? ' (already set)' : ''}`,
    touched: [pfnId(pfn)],
  };
};

// ---- collecting the tasks to kill -----------------------------------------------------------------

/**
 * find_early_kill_thread() (6.12.117 mm/memory-failure.c:564-578): for_each_thread(), the leader first, the
 * first thread that asked for early kill with prctl, or (without a prctl of its own) the first thread at all
 * when vm.memory_failure_early_kill is 1. A thread that chose late kill is passed over, not a stop.
 */
function find_early_kill_thread(k: Kernel, tsk: Task): Picked {
  const sysctl = k.config.sysctl_memory_failure_early_kill;
  if (pickable(tsk, sysctl)) return picked(tsk, sysctl);
  for (const t of tsk.threads ?? []) if (pickable(t, sysctl)) return picked(t, sysctl);
  return { task: null, rule: 'none', sysctl };
}

function pickable(t: Task, sysctl: number): boolean {
  return t.flags & PF_MCE_PROCESS ? (t.flags & PF_MCE_EARLY) !== 0 : sysctl !== 0;
}

const picked = (t: Task, sysctl: number): Picked => ({
  task: t,
  rule: t.flags & PF_MCE_PROCESS ? 'prctl-early' : 'sysctl',
  sysctl,
});

/** The thread task_early_kill() returns, and the branch that returned it (src/kernel/mm/collectDecision.ts). */
interface Picked {
  task: Task | null;
  rule: EarlyKillRule;
  sysctl: number;
}

/** task_early_kill(tsk, force_early) (6.12.117 mm/memory-failure.c:592-604), with the branch that decided. */
function task_early_kill_rule(k: Kernel, tsk: Task, current: Task | null, force_early: boolean): Picked {
  const sysctl = k.config.sysctl_memory_failure_early_kill;
  if (!tsk.mm) return { task: null, rule: 'no-mm', sysctl };
  // before v5.8, force_early collected every process: DAX always forces, so every mapper
  if (force_early && !k.has('early-kill-v5.8')) return { task: tsk, rule: 'force-early', sysctl };
  if (force_early && current !== null && tsk.mm === current.mm) return { task: current, rule: 'current', sysctl };
  return find_early_kill_thread(k, tsk);
}

/** task_early_kill(tsk, force_early) */
export function task_early_kill(k: Kernel, tsk: Task, current: Task | null, force_early: boolean): Task | null {
  return task_early_kill_rule(k, tsk, current, force_early).task;
}

/** dev_pagemap_mapping_shift(vma, address): the size of the leaf that maps address, 0 if none. */
export function dev_pagemap_mapping_shift(_k: Kernel, tsk: Task, address: number): number {
  const mm = tsk.mm;
  if (!mm) return 0;
  if (mm.pud.has(address - (address % PUD_SIZE))) return PUD_SHIFT;
  if (mm.pmd.has(address - (address % PMD_SIZE))) return PMD_SHIFT;
  if (mm.pte.has(address - (address % PAGE_SIZE))) return PAGE_SHIFT;
  return 0;
}

/** vma_address(vma, pgoff, 1): the user address of file page pgoff in vma, or -EFAULT. */
export function vma_address(vma: Vma, pgoff: number): number {
  if (pgoff < vma.vm_pgoff) return -EFAULT;
  const addr = vma.vm_start + (pgoff - vma.vm_pgoff) * PAGE_SIZE;
  return addr >= vma.vm_start && addr < vma.vm_end ? addr : -EFAULT;
}

/**
 * The common loop of collect_procs_file() and collect_procs_fsdax(): for_each_process(), then the VMAs
 * of the mapping at pgoff that belong to the chosen thread's mm. The mapping's i_mmap is the index:
 * only tasks that map the file are visited, in task-list order, which is the order the kernel's loop
 * finds them.
 */
/**
 * The pids in task-list order (for_each_process()). Perf: each pid's position is looked up once, not twice per
 * comparison (10^5 mappers made 3.4·10^6 Map lookups), and input already in order (i_mmap follows mmap order,
 * which is usually task order) is not sorted at all. Same stable order as sorting by taskIndex.
 */
function byTaskOrder(k: Kernel, pids: Iterable<number>): number[] {
  const list = Array.from(pids);
  let sorted = true;
  let prev = -1;
  for (let i = 0; i < list.length && sorted; i++) {
    const at = k.taskIndex(list[i]);
    sorted = prev <= at;
    prev = at;
  }
  if (sorted) return list;
  const keyed = list.map((pid) => ({ pid, at: k.taskIndex(pid) }));
  keyed.sort((a, b) => a.at - b.at);
  return keyed.map((e) => e.pid);
}

/**
 * The VMAs' tasks, when they are all different and in task-list order (so grouping them by task changes
 * nothing); null otherwise. Perf: each is read from the task list at the position taskIndex() gave (10^5
 * tasks, no second lookup by pid).
 */
function oneVmaEachInTaskOrder(k: Kernel, vmas: readonly Vma[]): Task[] | null {
  const tasks: Task[] = new Array(vmas.length);
  let prev = -1;
  for (let i = 0; i < vmas.length; i++) {
    const pid = vmas[i].pid;
    const at = k.taskIndex(pid);
    if (at <= prev || at === Number.MAX_SAFE_INTEGER) return null;
    const t = k.tasks[at];
    if (t?.pid !== pid) return null;
    tasks[i] = t;
    prev = at;
  }
  return tasks;
}

/** The outcome of every mapper nobody was picked for: one shared record (perf: 2/3 of 10^5 mappers, say). */
const NOT_COLLECTED: CollectOutcome = Object.freeze({ kind: 'not-collected' });

/** The pick of a rule that returned NULL: the same record for every such mapper of a rule and sysctl value. */
const nobody = new Map<string, EarlyKillPick>();
function nobodyPicked(rule: EarlyKillRule, sysctl: number): EarlyKillPick {
  const key = `${sysctl} ${rule}`;
  let pick = nobody.get(key);
  if (!pick) {
    pick = Object.freeze({ rule, tid: null, comm: null, flags: 0, sysctl, current: false, notLeader: false });
    nobody.set(key, pick);
  }
  return pick;
}

function collect(k: Kernel, f: Frame, mapping: AddressSpace, pgoff: number, preRemove: boolean, fn: string) {
  const vmas = [...vma_interval_tree_foreach(mapping, pgoff)];
  // perf: when i_mmap holds one VMA per task, already in task-list order (10^5 processes mapping a page), the
  // i-th task is the i-th VMA's: no grouping Map of 10^5 entries. Otherwise the VMAs are grouped by task, and a
  // task with one VMA here keeps it alone, not in an array of its own
  const oneEach = oneVmaEachInTaskOrder(k, vmas);
  const byTask = new Map<number, Vma | Vma[]>();
  if (!oneEach)
    for (const vma of vmas) {
      const had = byTask.get(vma.pid);
      if (had === undefined) byTask.set(vma.pid, vma);
      else if (Array.isArray(had)) had.push(vma);
      else byTask.set(vma.pid, [had, vma]);
    }
  const to_kill: ToKill[] = [];
  const decisions: CollectDecision[] = [];
  // one models object for every decision of this step (10^5 mappers, 10^5 decisions)
  const models = { fn, file: MF_FILE };
  const v58 = k.has('early-kill-v5.8');
  const sysctl = k.config.sysctl_memory_failure_early_kill;
  // without step details (Kernel.stepDetails) no decision is recorded, nor the pick it would hold
  const details = k.stepDetails;
  const note = (tsk: Task, pick: EarlyKillPick | null, outcome: CollectOutcome, result: boolean) => {
    if (pick) decisions.push({ result, models, collect: { pid: tsk.pid, comm: tsk.comm, pick, outcome, v58 } });
  };
  const order = oneEach ? vmas.map((v) => v.pid) : byTaskOrder(k, byTask.keys());
  for (let i = 0; i < order.length; i++) {
    const pid = order[i];
    const tsk = oneEach ? oneEach[i] : k.task(pid);
    const p: Picked = preRemove
      ? { task: tsk, rule: 'pre-remove', sysctl }
      : task_early_kill_rule(k, tsk, f.current, true);
    const t = p.task;
    const pick: EarlyKillPick | null = !details
      ? null
      : t === null
        ? nobodyPicked(p.rule, p.sysctl)
        : {
            rule: p.rule,
            tid: t.pid,
            comm: t.comm,
            flags: t.flags & (PF_MCE_PROCESS | PF_MCE_EARLY),
            sysctl: p.sysctl,
            current: t === f.current,
            notLeader: t !== tsk,
          };
    if (!t) {
      note(tsk, pick, NOT_COLLECTED, false);
      continue;
    }
    const mine = oneEach ? vmas[i] : (byTask.get(pid) ?? []);
    for (const vma of Array.isArray(mine) ? mine : [mine]) {
      const addr = vma_address(vma, pgoff);
      if (addr === -EFAULT && fn === 'collect_procs_file') {
        note(tsk, pick, { kind: 'efault', vmaId: vmaId(pid, vma.vm_start) }, false);
        continue;
      }
      const size_shift = addr === -EFAULT ? 0 : dev_pagemap_mapping_shift(k, tsk, addr);
      if (addr === -EFAULT) k.printk(printk.unableToFindAddress(f.page ?? f.pfn, tsk.comm));
      else if (size_shift === 0) {
        if (!k.has('mf-devmap-unmapped-skip')) {
          // before 3d7fed4ad8cc: queued with addr_valid 0, which kill_procs() answers with SIGKILL
          k.printk(printk.unableToFindAddress(f.page ?? f.pfn, tsk.comm));
          to_kill.push({ tsk: t, addr, size_shift, vmaId: vma.id, addr_valid: false });
          note(tsk, pick, { kind: 'addr-invalid', addr }, true);
          continue;
        }
        note(tsk, pick, { kind: 'unmapped', addr }, false);
        continue;
      }
      to_kill.push({ tsk: t, addr, size_shift, vmaId: vma.id });
      note(tsk, pick, { kind: 'collected', addr, size_shift }, true);
    }
  }
  f.to_kill = to_kill;
  const touched = details ? [mapping.id, ...vmas.map((v) => v.id), ...order.map(taskId)] : [];
  return { touched, decisions, vmas: vmas.length };
}

export const collect_procs_file: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  const page = ns.pages.page(f.page as number);
  const mapping = k.mapping(f.mappingId as string);
  const pgoff = page.index;
  const r = collect(k, f, mapping, pgoff, false, 'collect_procs_file');
  return {
    branch: 'next',
    summary: `pgoff ${pgoff}: ${r.vmas} VMA(s) in i_mmap, ${f.to_kill.length} task(s) to signal`,
    decisions: r.decisions,
    touched: [...r.touched, indexId(mapping.id, pgoff)],
  };
};

export const collect_procs_fsdax: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  const preRemove = (f.notify?.mf_flags ?? 0) & MF_MEM_PRE_REMOVE;
  const r = collect(k, f, mapping, f.index, preRemove !== 0, 'collect_procs_fsdax');
  return {
    branch: 'next',
    summary: `${mapping.id} index ${f.index}: ${r.vmas} VMA(s) in i_mmap, ${f.to_kill.length} task(s) to signal`,
    decisions: r.decisions,
    touched: [...r.touched, indexId(mapping.id, f.index)],
  };
};

// ---- unmap_and_kill(), kill_procs() -----------------------------------------------------------------

/** A page a get_user_pages() reference holds (_refcount > 1): the unmap leaves the pin, and nobody tells the device. */
function pinNote(k: Kernel, pfn: number): string {
  const ns = k.namespaceOfPfn(pfn);
  const ref = ns ? ns.pages.page(ns.pages.compound_head(pfn))._refcount : 1;
  return ref > 1
    ? `; pfn ${hex(pfn)} keeps _refcount ${ref}: the unmap removes page-table entries, not a get_user_pages() pin, and no one tells the device (what its DMA then reads or writes is UNVERIFIED)`
    : '';
}

/**
 * Unmap the largest mapping size any collected task has (unmap_and_kill() since v6.0, inline in
 * memory_failure_dev_pagemap() before). Before 4d75136be8bf (v5.13) the length passed was start + size.
 */
function unmapLargest(k: Kernel, f: Frame, who: string) {
  const mapping = k.mapping(f.mappingId as string);
  let size = 0;
  for (const tk of f.to_kill) if (tk.size_shift) size = Math.max(size, 2 ** tk.size_shift);
  if (!size) return { branch: 'next', summary: 'nobody collected: nothing is unmapped', touched: [mapping.id] };
  const start = f.index * PAGE_SIZE - ((f.index * PAGE_SIZE) % size);
  const len = k.has('mf-unmap-length') ? size : start + size;
  const removed = unmap_mapping_range(k, mapping, start, len, `${who} for pfn ${hex(f.page ?? f.pfn)}`);
  const lenText =
    len === size ? hex(size) : `${hex(start)} + ${hex(size)} = ${hex(len)}, a length: before 4d75136be8bf`;
  return {
    branch: 'next',
    summary: `unmap_mapping_range(${mapping.id}, ${hex(start)}, ${lenText}): ${removed.length} mapping(s) removed${pinNote(k, f.page ?? f.pfn)}`,
    touched: k.stepDetails
      ? [mapping.id, ...removed.map((e) => `pt:${k.vmaOwner(e.vmaId)}:${hex(e.addr)}`), ...removed.map((e) => e.vmaId)]
      : [mapping.id],
  };
}

export const unmap_and_kill: KernelOp = (k, f) => unmapLargest(k, f, 'unmap_and_kill()');
/** v4.19: the unmap inline in memory_failure_dev_pagemap(), a call of unmap_mapping_range() */
export const unmap_mapping_range_inline: KernelOp = (k, f) => unmapLargest(k, f, 'memory_failure_dev_pagemap()');

export const kill_procs: KernelOp = (k, f) => {
  const pfn = f.path === 'generic' ? f.pfn : (f.page as number);
  const forcekill = (f.flags & MF_MUST_KILL) !== 0;
  const touched: string[] = [pfnId(pfn)];
  const lines: string[] = [];
  for (const tk of f.to_kill) {
    if (k.stepDetails) touched.push(taskId(tk.tsk.pid), tk.vmaId);
    if (!forcekill) continue;
    if (tk.addr === -EFAULT || tk.addr_valid === false) {
      k.printk(printk.forciblyKilling(pfn, tk.tsk.comm, tk.tsk.pid));
      queueSignal(k, tk.tsk, { signo: 'SIGKILL', code: 'SI_KERNEL', addr: 0, lsb: 0 });
      lines.push(`SIGKILL ${tk.tsk.comm}:${tk.tsk.pid}`);
      continue;
    }
    // kill_proc()
    const v58 = k.has('early-kill-v5.8');
    k.printk((k.has('mf-msg-sending-sigbus') ? printk.sendingSigbus : printk.killing)(pfn, tk.tsk.comm, tk.tsk.pid));
    // before v5.8 the test was t->mm == current->mm, and the AR signal went to current
    const ar =
      (f.flags & MF_ACTION_REQUIRED) !== 0 &&
      (v58 ? tk.tsk === f.current : f.current !== null && tk.tsk.mm !== null && tk.tsk.mm === f.current.mm);
    const target = ar && !v58 ? (f.current as Task) : tk.tsk;
    const q = queueSignal(k, target, {
      signo: 'SIGBUS',
      code: ar ? 'BUS_MCEERR_AR' : 'BUS_MCEERR_AO',
      addr: tk.addr,
      lsb: tk.size_shift,
    });
    lines.push(
      `${ar ? 'force_sig_mceerr(BUS_MCEERR_AR' : 'send_sig_mceerr(BUS_MCEERR_AO'}, ${hex(tk.addr)}, ${tk.size_shift}) → ${target.comm}:${target.pid}${q === 'coalesced' ? ' (SIGBUS already pending: not queued again)' : ''}`,
    );
  }
  f.to_kill = [];
  return {
    branch: 'next',
    summary: lines.length ? lines.join('; ') : 'no task to signal',
    touched,
  };
};

/** dax_unlock_folio() (fs/dax.c) */
/** dax_unlock_folio() / dax_unlock_page(): drop the entry lock; mf_generic_kill_procs() is done. */
const daxUnlock = (): KernelOp => (k, f) => {
  if (f.cookie !== DAX_COOKIE_NONE && f.mappingId) setEntryLocked(k, k.mapping(f.mappingId), f.index, false);
  f.rc = 0;
  return {
    branch: 'return',
    summary: 'unlock the entry; mf_generic_kill_procs() returns 0',
    touched: f.mappingId ? [indexId(f.mappingId, f.index)] : [],
  };
};
export const dax_unlock_folio = named('dax_unlock_folio', daxUnlock());
export const dax_unlock_page = named('dax_unlock_page', daxUnlock());

// ---- the holder path's per-index loop: mf_dax_kill_procs() ------------------------------------------

export const mf_dax_kill_procs: KernelOp = (_k, f) => {
  const id = f.mappingId as string;
  if (f.index >= f.endIndex) {
    f.rc = 0;
    return { branch: 'return', summary: 'all indices done; returns 0', touched: [id] };
  }
  f.flags = (f.notify?.mf_flags ?? 0) | MF_ACTION_REQUIRED | MF_MUST_KILL;
  return {
    branch: 'next',
    summary: `${id} index ${f.index} (of [${f.index}, ${f.endIndex})), mf_flags ${mfFlagNames(f.flags)}`,
    touched: [id, indexId(id, f.index)],
  };
};

export const dax_lock_mapping_entry: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  const entry = xa_load(mapping.i_pages, f.index);
  const touched = [mapping.id, indexId(mapping.id, f.index)];
  f.page = null;
  if (entry === null || dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) {
    f.cookie = DAX_COOKIE_NONE;
    return {
      branch: 'none',
      summary: `no DAX entry at index ${f.index} (${entry === null ? 'NULL' : 'zero/empty'}): cookie ~0, page NULL, skip`,
      decisions: [
        decide(
          'entry maps a pfn',
          false,
          [['xa_load(i_pages, index)', entry === null ? 'NULL' : hex(entry)]],
          'dax_lock_mapping_entry',
          'fs/dax.c',
        ),
      ],
      touched,
    };
  }
  f.cookie = entry;
  f.page = dax_to_pfn(entry);
  setEntryLocked(k, mapping, f.index, true);
  return {
    // the pre-remove case revokes access but leaves PG_hwpoison alone: "the memory is still good"
    branch: isPreRemove(f) ? 'revoke' : 'locked',
    summary: `entry ${hex(entry)} locked; page = pfn_to_page(${hex(f.page)})`,
    decisions: [
      decide('entry maps a pfn', true, [['xa_load(i_pages, index)', hex(entry)]], 'dax_lock_mapping_entry', 'fs/dax.c'),
    ],
    touched: [...touched, pfnId(f.page)],
  };
};

export const dax_unlock_mapping_entry: KernelOp = (k, f) => {
  const mapping = k.mapping(f.mappingId as string);
  if (f.cookie !== DAX_COOKIE_NONE) setEntryLocked(k, mapping, f.index, false);
  f.index++;
  return {
    branch: 'next',
    summary: f.cookie === DAX_COOKIE_NONE ? 'cookie ~0: nothing to unlock' : `unlock the entry at index ${f.index - 1}`,
    touched: [indexId(mapping.id, f.index - 1)],
  };
};

/** the pre-remove ('revoke') flavour skips SetPageHWPoison: "the memory is still good" */
export const isPreRemove = (f: Frame): boolean => ((f.notify?.mf_flags ?? 0) & MF_MEM_PRE_REMOVE) !== 0;

// ---- action_result() --------------------------------------------------------------------------------

export const action_result: KernelOp = (k, f) => {
  const rc = f.rc ?? 0;
  const result = rc ? 'Failed' : 'Recovered';
  k.tracepoint(printk.traceMemoryFailureEvent(f.pfn, MF_MSG_DAX, result));
  // before num_poisoned_pages_inc() moved here, a DAX pfn was never counted
  if (k.has('mf-count-dax')) k.setCounter('num_poisoned_pages', k.counters.num_poisoned_pages + 1);
  k.printk(printk.recoveryAction(f.pfn, MF_MSG_DAX, result));
  f.result = result;
  return {
    branch: 'return',
    summary: `MF_MSG_DAX, ${rc ? 'MF_FAILED' : 'MF_RECOVERED'}; num_poisoned_pages ${k.has('mf-count-dax') ? '→' : 'not counted here (v4.19), stays'} ${k.counters.num_poisoned_pages}; memory_failure() returns ${errnoName(rc)}`,
    decisions: [packed('rc == 0', rc === 0, RC, [errnoName(rc)], 0, M_DEV_PAGEMAP)],
    touched: [pfnId(f.pfn), 'counters'],
  };
};

export { PFN_PHYS };
