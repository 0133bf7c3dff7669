/**
 * What a kernel prints that depends on its exact build, not on its features: source lines of WARN and
 * shutdown call sites, and %pS symbol offsets. Each value says where it was read; the ones nobody has
 * seen a real kernel print are `unverified`, and the explorer says so where it shows them.
 */

export interface Fact<T> {
  value: T;
  /** where the value was read ("6.12.117 fs/xfs/xfs_notify_failure.c:316"), or why it is a guess */
  source: string;
  verified: boolean;
}

/** A WARNING splat as the kernel prints it: first line, then the call trace's function names. */
export interface WarnSplat {
  /** "fs/dax.c:380" */
  at: string;
  /** %pS of the instruction that warned */
  rip: string;
  /** innermost first, %pS each */
  trace: string[];
}

export interface BuildFacts {
  /** xfs_force_shutdown() call sites in fs/xfs/xfs_notify_failure.c, by reason */
  xfsShutdownLine: { forceUmount: Fact<number> | null; corruptOndisk: Fact<number> };
  /** %pS of __return_address in xfs_do_force_shutdown() (the caller after inlining), by reason */
  xfsShutdownCaller: { forceUmount: Fact<string> | null; corruptOndisk: Fact<string> };
  /** WARN_ON_ONCE(page->mapping) in dax_associate_entry(), inlined in dax_insert_entry() (PTE faults) */
  daxAssociateWarn: Fact<WarnSplat> | null;
}

const read = <T>(value: T, source: string): Fact<T> => ({ value, source, verified: true });
/** a value nobody has seen a real kernel print (shown as UNVERIFIED) */
export const guess = <T>(value: T, source: string): Fact<T> => ({ value, source, verified: false });

export const BUILD_6_12: BuildFacts = {
  xfsShutdownLine: {
    forceUmount: read(316, '6.12.117 fs/xfs/xfs_notify_failure.c:316'),
    corruptOndisk: read(318, '6.12.117 fs/xfs/xfs_notify_failure.c:318'),
  },
  xfsShutdownCaller: {
    forceUmount: read(
      'xfs_dax_notify_ddev_failure+0x289/0x430 [xfs]',
      'Debian 6.12.117+deb12-amd64 under `npm run verify` (unbind with pre-remove)',
    ),
    corruptOndisk: read(
      'xfs_dax_notify_ddev_failure+0x39b/0x430 [xfs]',
      'Debian 6.12.117+deb12-amd64 under `npm run verify` (poison in XFS metadata)',
    ),
  },
  // the read fault of a shared block takes the page->share path: this WARN cannot fire on a read
  daxAssociateWarn: null,
};

export const BUILD_6_1: BuildFacts = {
  xfsShutdownLine: {
    forceUmount: null,
    corruptOndisk: read(169, '6.1.192 fs/xfs/xfs_notify_failure.c:169'),
  },
  xfsShutdownCaller: {
    forceUmount: null,
    // 6.1.192 inlines the static xfs_dax_notify_ddev_failure() into xfs_dax_notify_failure()
    corruptOndisk: read(
      'xfs_dax_notify_failure+0x3d7/0x430 [xfs]',
      'Debian 6.1.0-56-amd64 (6.1.192) under `npm run verify` (poison in XFS metadata; unbind prints the same line)',
    ),
  },
  daxAssociateWarn: read(
    {
      at: 'fs/dax.c:380',
      rip: 'dax_insert_entry+0x227/0x320',
      trace: ['dax_fault_iter+0x267/0x650', 'dax_iomap_pte_fault+0x1b8/0x3f0', '__xfs_filemap_fault+0x1e2/0x2e0 [xfs]'],
    },
    'real 6.1.192 run (shared/kernel/real-kernel-6.1.md §2 b1); fs/dax.c:380 is WARN_ON_ONCE(page->mapping)',
  ),
};

/**
 * Linux 6.0: no real run. The metadata shutdown is in xfs_dax_failure_fn() itself (e033f40be262 moved it
 * to xfs_dax_notify_ddev_failure() in v6.1). Its line is read from the file as 6f643c57d57c merged it
 * (the 6.0-rc fixes fd63612ae811 and b14d067e850c change only xfs_dax_notify_failure(), below it).
 */
export const BUILD_6_0: BuildFacts = {
  xfsShutdownLine: {
    forceUmount: null,
    corruptOndisk: guess(
      79,
      'fs/xfs/xfs_notify_failure.c:79 as 6f643c57d57c merged it (a stored copy, not the v6.0 tag); no 6.0 build seen',
    ),
  },
  xfsShutdownCaller: {
    forceUmount: null,
    corruptOndisk: guess(
      'xfs_dax_failure_fn+0x?/0x? [xfs]',
      'no 6.0 build seen: the caller is xfs_dax_failure_fn (a query callback, not inlined), its offsets are unknown',
    ),
  },
  daxAssociateWarn: guess(
    {
      at: 'fs/dax.c:?',
      rip: 'dax_insert_entry+0x?/0x?',
      trace: ['dax_fault_iter+0x?/0x?', 'dax_iomap_pte_fault+0x?/0x?', '__xfs_filemap_fault+0x?/0x? [xfs]'],
    },
    'WARN_ON_ONCE(page->mapping) in dax_associate_entry() as in 6.1.192 (no IOMAP_F_SHARED on a DAX read fault before v6.2); no 6.0 build seen, so its line and offsets are unknown',
  ),
};

/**
 * Linux 4.19: no holder, so no XFS notification ever shuts a filesystem down, and XFS refuses reflink
 * with DAX at mount, so no reflinked block is ever faulted through DAX: neither call site can print.
 */
export const BUILD_4_19: BuildFacts = {
  xfsShutdownLine: {
    forceUmount: null,
    corruptOndisk: guess(0, 'fs/xfs/xfs_notify_failure.c does not exist in 4.19 (v6.0, 6f643c57d57c)'),
  },
  xfsShutdownCaller: {
    forceUmount: null,
    corruptOndisk: guess('none', 'no notify_failure holder in 4.19'),
  },
  daxAssociateWarn: null,
};

/**
 * Linux 6.15: no real run and the v6.15 tag not read. XFS's notify-failure code is taken to be 6.12's, so the
 * shutdown lines and offsets are 6.12's values, shown UNVERIFIED.
 */
export const BUILD_6_15: BuildFacts = {
  xfsShutdownLine: {
    forceUmount: guess(316, '6.12.117 fs/xfs/xfs_notify_failure.c:316; the v6.15 line not read, no 6.15 build seen'),
    corruptOndisk: guess(318, '6.12.117 fs/xfs/xfs_notify_failure.c:318; the v6.15 line not read, no 6.15 build seen'),
  },
  xfsShutdownCaller: {
    forceUmount: guess('xfs_dax_notify_ddev_failure+0x?/0x? [xfs]', 'no 6.15 build seen: offsets unknown'),
    corruptOndisk: guess('xfs_dax_notify_ddev_failure+0x?/0x? [xfs]', 'no 6.15 build seen: offsets unknown'),
  },
  daxAssociateWarn: null,
};
