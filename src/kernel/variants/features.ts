/**
 * Kernel features: one behaviour change each, with where it came from. Kernel functions ask the
 * running kernel whether it has a feature (`k.has('mf-pre-remove')`), never which version it is, so a
 * variant is a list of features and a backport is simply a feature of the variant that carries it.
 */

export type Provenance =
  /** a mainline commit, read in the source or its history */
  | { commit: string; subject: string }
  /** what could not be confirmed, and why */
  | { unverified: string };

export interface Feature {
  id: FeatureId;
  /** what the feature changes, in a reviewer's words */
  title: string;
  /** the first mainline release that has it */
  release: string;
  provenance: Provenance;
  /** the kernel functions whose behaviour it changes */
  functions: string[];
}

export type FeatureId =
  | 'mf-holder-notify'
  | 'mf-pre-remove'
  | 'xfs-range-fix'
  | 'xfs-notify-scan-all'
  | 'dax-lock-folio'
  | 'dax-page-share'
  | 'early-kill-v5.8'
  | 'vmemmap-arch-optin'
  | 'kill-dax-notify'
  | 'xfs-dax-read-shared'
  | 'dax-fault-hwpoison'
  | 'mce-usable-address-kill'
  | 'madvise-action-required'
  | 'mount-msg-uuid'
  | 'xfs-dax-not-experimental'
  | 'dax-dirty-on-write-only';

const feature = (f: Feature): Feature => f;

/** Every feature the model knows, by id. */
export const FEATURES: Record<FeatureId, Feature> = {
  'mf-holder-notify': feature({
    id: 'mf-holder-notify',
    title:
      'memory_failure_dev_pagemap() asks the driver first (pgmap->ops->memory_failure); pmem forwards to the dax_device holder, and XFS finds the owners in its rmap and kills per owner',
    release: 'v6.0',
    provenance: { commit: '33a8f7f2b3a3', subject: 'pagemap,pmem: introduce ->memory_failure()' },
    functions: [
      'memory_failure_dev_pagemap',
      'pmem_pagemap_memory_failure',
      'dax_holder_notify_failure',
      'xfs_dax_notify_failure',
      'xfs_dax_failure_fn',
      'mf_dax_kill_procs',
      'dax_lock_mapping_entry',
      'collect_procs_fsdax',
    ],
  }),
  'mf-pre-remove': feature({
    id: 'mf-pre-remove',
    title:
      'unbinding a pmem device under a mounted filesystem first notifies the holder with MF_MEM_PRE_REMOVE over the whole device: XFS freezes, revokes every DAX mapping, and shuts down',
    release: 'v6.8',
    provenance: {
      commit: 'fa422b353d21',
      subject: 'mm, pmem, xfs: Introduce MF_MEM_PRE_REMOVE for unbind',
    },
    functions: ['kill_dax', 'xfs_dax_notify_failure', 'xfs_dax_failure_fn', 'mf_dax_kill_procs', 'collect_procs_fsdax'],
  }),
  'xfs-range-fix': feature({
    id: 'xfs-range-fix',
    title:
      "XFS computes the failed range's last block inclusively (end_fsbno = XFS_DADDR_TO_FSB(daddr + bblen - 1), with the +1 of 3c90c01e4934 (v6.6) in range_agend and blockcount) and clips the range at the device end to ddev_end - offset + 1; before (v6.0–v6.4), end_fsbno was daddr + bblen: every query reached one block past the failure (into the next AG at an AG's last block), with notify.blockcount = min(agf_length, ri_high) - ri_low. The one-block-short range that made xfs/55x fail was the v6.5 state between the two commits",
    release: 'v6.5',
    provenance: { commit: '5cf32f63b0f4', subject: "xfs: fix the calculation for 'end' and 'length'" },
    functions: ['xfs_dax_notify_failure', 'xfs_dax_notify_ddev_failure'],
  }),
  'xfs-notify-scan-all': feature({
    id: 'xfs-notify-scan-all',
    title:
      'xfs_dax_failure_fn() only notes a metadata owner (notify->want_shutdown) and the walk goes on; xfs_dax_notify_ddev_failure() shuts down once after all AGs. Before (v6.0), the first metadata record shut the filesystem down at once and returned -EFSCORRUPTED, which stopped the rmap query',
    release: 'v6.1',
    provenance: {
      commit: 'e033f40be262',
      subject: 'xfs: on memory failure, only shut down fs after scanning all mappings',
    },
    functions: ['xfs_dax_failure_fn', 'xfs_dax_notify_ddev_failure'],
  }),
  'dax-lock-folio': feature({
    id: 'dax-lock-folio',
    title: 'the generic path locks the DAX entry through the folio (dax_lock_folio) instead of the page',
    release: 'v6.7',
    provenance: { unverified: 'commit id not confirmed; reference.md §5 row 9 dates it to v6.7 (Jane Chu, Sep 2023)' },
    functions: ['mf_generic_kill_procs', 'dax_lock_folio', 'dax_unlock_folio'],
  }),
  'dax-page-share': feature({
    id: 'dax-page-share',
    title:
      'a block shared by reflinked files keeps page->mapping = PAGE_MAPPING_DAX_SHARED and counts its owners in page->share; only the filesystem (rmap) can find them',
    release: 'v6.2',
    provenance: { commit: '16900426586d', subject: 'fsdax: introduce page->share for fsdax in reflink mode' },
    functions: ['dax_insert_entry', 'dax_associate_entry', 'dax_lock_folio'],
  }),
  'early-kill-v5.8': feature({
    id: 'early-kill-v5.8',
    title:
      'task_early_kill(force_early): with MF_ACTION_REQUIRED only the current task is collected without its own early-kill choice; before, every mapper was',
    release: 'v5.8',
    provenance: { unverified: 'commit id not confirmed; reference.md §3.3 names the v5.8 change' },
    functions: ['task_early_kill', 'collect_procs_file', 'collect_procs_fsdax'],
  }),
  'vmemmap-arch-optin': feature({
    id: 'vmemmap-arch-optin',
    title:
      'the compound-devmap vmemmap deduplication applies only where the architecture opts in (vmemmap_can_optimize)',
    release: 'v6.4',
    provenance: { unverified: 'commit id not confirmed; seed 003 is the review that led to it' },
    functions: ['vmemmap_can_optimize', 'vmemmap_populate_compound_pages'],
  }),
  'kill-dax-notify': feature({
    id: 'kill-dax-notify',
    title:
      'kill_dax() tells the dax_device holder before the device dies: dax_holder_notify_failure(dax_dev, 0, U64_MAX, flags); without MF_MEM_PRE_REMOVE (before v6.8) XFS takes it for a failure of the whole device',
    release: 'v6.0',
    provenance: {
      unverified:
        'present in Debian 6.1.192 drivers/dax/super.c:333-334 and 6.12.117; the commit that added it (the v6.0 holder series) not confirmed',
    },
    functions: ['kill_dax'],
  }),
  'xfs-dax-read-shared': feature({
    id: 'xfs-dax-read-shared',
    title:
      'xfs_read_iomap_begin() reports IOMAP_F_SHARED on DAX files too, so a read fault on a reflinked block takes the shared path of dax_insert_entry() (page->share) instead of overwriting page->mapping',
    release: 'v6.2',
    provenance: {
      unverified:
        'read in 6.12.117 fs/xfs/xfs_iomap.c:1299 (`|| IS_DAX(inode)`), absent from 6.1.192; the commit id not confirmed',
    },
    functions: ['xfs_read_iomap_begin', 'dax_insert_entry'],
  }),
  'dax-fault-hwpoison': feature({
    id: 'dax-fault-hwpoison',
    title:
      '__pmem_direct_access() fails a bad block with -EHWPOISON, so a DAX fault on it ends in VM_FAULT_HWPOISON (BUS_MCEERR_AR, lsb 12, "MCE: Killing"); before, -EIO → VM_FAULT_SIGBUS (BUS_ADRERR, lsb 0, silent)',
    release: 'v6.4',
    provenance: { commit: '1ea7ca1b0901', subject: 'dax: enable dax fault handler to report VM_FAULT_HWPOISON' },
    functions: ['__pmem_direct_access', 'dax_iomap_pte_fault', 'do_sigbus'],
  }),
  'mce-usable-address-kill': feature({
    id: 'mce-usable-address-kill',
    title:
      'a user-mode machine check with a usable address goes to kill_me_maybe() → memory_failure() even when MCG_STATUS.RIPV is clear; before, RIPV clear meant kill_me_now(): a bare SIGBUS (SI_KERNEL), no memory_failure()',
    release: 'v6.5',
    provenance: {
      commit: 'e40879b6d7d8',
      subject: "x86/MCE: Check a hw error's address to determine proper recovery action",
    },
    functions: ['do_machine_check', 'kill_me_now', 'kill_me_maybe'],
  }),
  'madvise-action-required': feature({
    id: 'madvise-action-required',
    title: 'madvise(MADV_HWPOISON) passes MF_ACTION_REQUIRED to memory_failure(), as a consumed error would',
    release: 'v6.7',
    provenance: {
      unverified:
        '6.12.117 mm/madvise.c:1174 passes MF_ACTION_REQUIRED | MF_COUNT_INCREASED | MF_SW_SIMULATED, 6.1.192 mm/madvise.c:1140 only MF_COUNT_INCREASED | MF_SW_SIMULATED; commit and release not confirmed',
    },
    functions: ['madvise_inject_error'],
  }),
  'mount-msg-uuid': feature({
    id: 'mount-msg-uuid',
    title:
      'mount messages name the filesystem uuid: "XFS (pmem0): Mounting V5 Filesystem <uuid>", "EXT4-fs (pmem0): mounted filesystem <uuid> r/w with …"',
    release: 'v6.3',
    provenance: {
      unverified:
        'format strings read in 6.12.117 (fs/xfs/xfs_log.c:594, fs/ext4/super.c:5738) and 6.1.192 (xfs_log.c:646, super.c:5715); commits and release not confirmed',
    },
    functions: ['xfs_log_mount', 'ext4_fill_super'],
  }),
  'xfs-dax-not-experimental': feature({
    id: 'xfs-dax-not-experimental',
    title: 'XFS no longer warns "DAX enabled. Warning: EXPERIMENTAL, use at your own risk" at mount',
    release: 'v6.2',
    provenance: {
      unverified:
        'the warning is at 6.1.192 fs/xfs/xfs_super.c:361 and absent from 6.12.117; commit and release not confirmed',
    },
    functions: ['xfs_setup_dax_always'],
  }),
  'dax-dirty-on-write-only': feature({
    id: 'dax-dirty-on-write-only',
    title:
      'dax_insert_entry() dirties (PAGECACHE_TAG_DIRTY, __mark_inode_dirty) only on a write fault; before, every fault that was not a synchronous (MAP_SYNC) write did, so a load also tagged its entry dirty',
    release: 'v6.2',
    provenance: {
      unverified:
        'read in 6.12.117 fs/dax.c:876 (`bool dirty = write && !dax_fault_is_synchronous(...)`) and 6.1.192 fs/dax.c:862 (`bool dirty = !dax_fault_is_synchronous(...)`); the change is in the patch "fsdax,xfs: fix warning messages at dax_[dis]associate_entry()" (Shiyang Ruan, linux-fsdevel, 24 Nov 2022), the one that also gives xfs-dax-read-shared; its commit id and release (v6.2) not confirmed',
    },
    functions: ['dax_insert_entry'],
  }),
};
