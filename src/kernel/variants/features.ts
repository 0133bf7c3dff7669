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
  | 'mf-generic-helper'
  | 'mf-pgmap-pfn-valid'
  | 'mf-count-dax'
  | 'mf-devmap-unmapped-skip'
  | 'mf-unmap-length'
  | 'mf-msg-sending-sigbus'
  | 'mce-task-work'
  | 'xfs-dax-reflink-mount'
  | 'compound-devmap'
  | 'ext4-dax-not-experimental'
  | 'ext4-mount-msg-quota'
  | 'rfc-2021-v4-unlocked-load'
  | 'proposal-2021-fs-kill'
  | 'rfc-2020-get-shared-files'
  | 'rfc-2020-corrupted-range'
  | 'dax-dirty-on-write-only'
  | 'dax-folio-refcount'
  | 'dax-shared-mapping-null'
  | 'dax-pmd-folio'
  | 'dax-layout-busy-page'
  | 'dax-page-mapping'
  | 'mf-dev-pagemap'
  | 'dax-recovery-write';

const feature = (f: Feature): Feature => f;

/** where the v6.15 rework's features come from (their mainline commit ids were not confirmed) */
const POP =
  'Alistair Popple, the "fs/dax: properly refcount fs dax pages" series (v5 7 Jan 2025, merged for v6.15; reference.md §5 row 10, seed 002); mainline commit id not confirmed.';

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
      'the compound-devmap vmemmap deduplication applies only where the architecture opts in (vmemmap_can_optimize); before (v5.17–v6.3) it applied everywhere, and a devdax probe on ppc64 with the hash MMU crashed (seed 003): its vmemmap is translated by bolted HPTEs, not the init_mm page tables vmemmap_populate_compound_pages() writes',
    release: 'v6.4',
    provenance: { commit: '87a7ae75d738', subject: 'mm/vmemmap/devdax: fix kernel crash when probing devdax devices' },
    functions: ['vmemmap_can_optimize', 'vmemmap_populate_compound_pages', '__populate_section_memmap'],
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
  'mf-generic-helper': feature({
    id: 'mf-generic-helper',
    title:
      'memory_failure_dev_pagemap() hands the page to pgmap->ops->memory_failure() or mf_generic_kill_procs(), with the unmap and the signals in unmap_and_kill(); before (v4.19–v5.19), all of it was inline in memory_failure_dev_pagemap() (6100e34b2526)',
    release: 'v6.0',
    provenance: {
      unverified:
        '"mm: factor helpers for memory_failure_dev_pagemap" (Shiyang Ruan, the v6.0 holder series): read as a patch, its commit id not confirmed (reference.md §1.2, §5 row 5)',
    },
    functions: ['memory_failure_dev_pagemap', 'mf_generic_kill_procs', 'unmap_and_kill'],
  }),
  'mf-pgmap-pfn-valid': feature({
    id: 'mf-pgmap-pfn-valid',
    title:
      'memory_failure_dev_pagemap() first checks pgmap_pfn_valid(): a pfn in the device memmap (altmap) is "device metadata space", -ENXIO; before, the page went to the DAX lock like any other and, never mapped, failed there with -EBUSY',
    release: 'v5.12',
    provenance: {
      unverified:
        'the check is in 6.1.192 mm/memory-failure.c and absent from the v4.19 patch (6100e34b2526 as posted, v5 Jul 2018); the commit that added it and its release not confirmed',
    },
    functions: ['memory_failure_dev_pagemap', 'pgmap_pfn_valid'],
  }),
  'mf-count-dax': feature({
    id: 'mf-count-dax',
    title:
      'action_result() counts every reported page (num_poisoned_pages_inc()), so DAX events raise HardwareCorrupted; before, only memory_failure() counted, after TestSetPageHWPoison() on the normal-page path, which a DAX pfn never reaches: HardwareCorrupted stays 0',
    release: 'v5.15',
    provenance: {
      unverified:
        'action_result() without num_poisoned_pages_inc() read in 4.x-era copies of mm/memory-failure.c (its "Memory failure: " prefix in the format), with it in 6.1.192 mm/memory-failure.c:1214; the commit and release not confirmed',
    },
    functions: ['action_result', 'memory_failure'],
  }),
  'mf-devmap-unmapped-skip': feature({
    id: 'mf-devmap-unmapped-skip',
    title:
      'a VMA that covers the page but has nothing mapped there (size_shift 0) is dropped silently; before, add_to_kill() printed "Unable to find user space address" and queued the task with addr_valid 0, which kill_procs() answers with SIGKILL',
    release: 'v5.4',
    provenance: {
      commit: '3d7fed4ad8cc',
      subject: 'mm/memory-failure: Poison read receives SIGKILL instead of SIGBUS if mmaped more than once',
    },
    functions: ['add_to_kill', '__add_to_kill', 'kill_procs'],
  }),
  'mf-unmap-length': feature({
    id: 'mf-unmap-length',
    title:
      'the poisoned range is unmapped with unmap_mapping_range(mapping, start, size, 0); before, the third argument was start + size, a length read as an end: every mapping of the file from start to 2×start+size went',
    release: 'v5.13',
    provenance: { commit: '4d75136be8bf', subject: 'mm/memory-failure: unnecessary amount of unmapping' },
    functions: ['memory_failure_dev_pagemap', 'unmap_and_kill'],
  }),
  'mf-msg-sending-sigbus': feature({
    id: 'mf-msg-sending-sigbus',
    title:
      'kill_proc() prints "%#lx: Sending SIGBUS to %s:%d due to hardware memory corruption" for every task; before, "%#lx: Killing %s:%d due to hardware memory corruption"',
    release: 'v5.8',
    provenance: {
      unverified:
        'the "Killing" format read in 4.x copies of kill_proc() and in the v4.19 merge log (reference.md §3.1: "Memory failure: 0x20cb00: Killing dax-pmd:5421"); "Sending SIGBUS" in 6.1.192 mm/memory-failure.c:276; the commit (Jane Chu, 2019–2020) and release not confirmed',
    },
    functions: ['kill_proc'],
  }),
  'mce-task-work': feature({
    id: 'mce-task-work',
    title:
      'do_machine_check() queues task work (kill_me_maybe / kill_me_now) that runs on the way back to user space; before, it called do_memory_failure() → memory_failure() itself, with interrupts enabled in the #MC handler, and force_sig(SIGBUS) when RIPV was clear or memory_failure() failed',
    release: 'v5.8',
    provenance: {
      unverified:
        '"x86/mce: Send #MC singal from task work" (Peter Zijlstra, May 2020), read as a patch that replaces `if (kill_it || do_memory_failure(&m)) force_sig(SIGBUS)`; its commit id not confirmed',
    },
    functions: ['do_machine_check', 'do_memory_failure', 'kill_me_maybe', 'kill_me_now'],
  }),
  'xfs-dax-reflink-mount': feature({
    id: 'xfs-dax-reflink-mount',
    title:
      'XFS mounts -o dax on a filesystem with reflink (refusing only a partition); before, xfs_fs_fill_super() refused it: "DAX and reflink cannot be used together!", -EINVAL',
    release: 'v6.0',
    provenance: {
      unverified:
        '35fcd75af3ed "xfs: fail dax mount if reflink is enabled on a partition" (read as a patch; its first tag not confirmed, see the 6.0 variant); the refusal read in xfs_fs_fill_super() of pre-5.x copies',
    },
    functions: ['xfs_fs_fill_super', 'xfs_setup_dax_always'],
  }),
  'compound-devmap': feature({
    id: 'compound-devmap',
    title:
      'device-dax builds compound pages of the namespace alignment (pgmap->vmemmap_shift) whose tail struct pages share vmemmap pages; before, every pfn had an order-0 struct page of its own, and a fault set mapping and index on each of them',
    release: 'v5.17',
    provenance: { commit: '4917f55b4ef9', subject: 'mm/sparse-vmemmap: improve memory savings for compound devmaps' },
    functions: ['vmemmap_populate_compound_pages', 'memmap_init_compound', 'dax_set_mapping'],
  }),
  'ext4-dax-not-experimental': feature({
    id: 'ext4-dax-not-experimental',
    title: 'ext4 no longer warns "DAX enabled. Warning: EXPERIMENTAL, use at your own risk" at mount',
    release: 'v5.8',
    provenance: {
      unverified:
        'the warning in 4.x ext4 handle_mount_opt() (Opt_dax) and its absence from 6.1.192 are from memory of the source, not read here; commit and release not confirmed',
    },
    functions: ['ext4_fill_super'],
  }),
  'ext4-mount-msg-quota': feature({
    id: 'ext4-mount-msg-quota',
    title:
      'the ext4 mount line ends "Quota mode: none." (6.1.192 fs/ext4/super.c:5715); before, "Opts: <mount options>"',
    release: 'v5.11',
    provenance: {
      unverified:
        'the 4.19 form "mounted filesystem with ordered data mode. Opts: dax" is from memory of ext4_fill_super(), not read here; commit and release not confirmed',
    },
    functions: ['ext4_fill_super'],
  }),
  'rfc-2021-v4-unlocked-load': feature({
    id: 'rfc-2021-v4-unlocked-load',
    title:
      'the holder path kills by (mapping, index): mf_dax_kill_procs() reads the pfn with dax_load_pfn() (a plain xas_load() under xa_lock, no DAX entry lock held afterwards), collects with collect_procs_file(pfn_to_page(pfn), mapping, index) and add_to_kill() by pgoff, then unmap_and_kill(); nothing stops a truncate or remap between the read and the kill',
    release: 'unmerged',
    provenance: {
      unverified:
        'no commit: "[PATCH v4 04/10] mm, fsdax: Refactor memory-failure handler for dax mapping", Shiyang Ruan, 2021-06-04, linux-fsdevel/nvdimm (seed 000 quotes the hunk); the XFS caller (later patches of the series) not read',
    },
    functions: ['mf_dax_kill_procs', 'dax_load_pfn', 'collect_procs_file', 'add_to_kill', 'unmap_and_kill'],
  }),
  'proposal-2021-fs-kill': feature({
    id: 'proposal-2021-fs-kill',
    title:
      "memory_failure() mostly untouched: an early check via the pgmap's notify op short-circuits when the dax_dev holder handled the failure, otherwise the page->mapping path runs as before; the holder kills with the exported collect and kill_procs() helpers, with no DAX entry lock and no unmap_mapping_range() of its own",
    release: 'unmerged',
    provenance: {
      unverified:
        'no patch: Dan Williams\'s counter-proposal in "Re: [PATCH v4 04/10] mm, fsdax: Refactor memory-failure handler for dax mapping", 2021-06-16, nvdimm (seed 000); the filesystem side is described, not written',
    },
    functions: [
      'mf_dax_kill_procs',
      'dax_lock_mapping_entry',
      'collect_procs_fsdax',
      'unmap_and_kill',
      'dax_unlock_mapping_entry',
    ],
  }),
  // ---- unmerged patch designs (release 'unmerged'; provenance: the posting) ------------------------------
  'rfc-2020-get-shared-files': feature({
    id: 'rfc-2020-get-shared-files',
    title:
      "memory_failure_dev_pagemap() asks the filesystem for every owner of the block at once: super_operations->get_shared_files() runs the XFS rmap query and returns a kmalloc'd list of struct shared_files { list, mapping, index, cookie }, one per owner; memory_failure walks the list and kills per entry. _get_shared_files_fn() ignores xfs_iget()'s error and never drops the inode reference it took",
    release: 'unmerged',
    provenance: {
      unverified:
        '"[RFC PATCH 1/8] fs: introduce get_shared_files() for dax&reflink", Shiyang Ruan, Aug 7 2020, linux-xfs/linux-fsdevel/linux-nvdimm (on v5.8); never merged. The XFS side is read in the review (seed 004); the memory-failure side of patches 2-8 is known from the cover letter only',
    },
    functions: ['memory_failure_dev_pagemap', 'xfs_fs_get_shared_files', '_get_shared_files_fn'],
  }),
  'rfc-2020-corrupted-range': feature({
    id: 'rfc-2020-corrupted-range',
    title:
      'pgmap->ops->memory_failure (pmem_pgmap_memory_failure) routes the failure through the block layer to the superblock (disk->fops->corrupted_range, bdget_disk_sector, bdev->bd_super, sb->s_op->corrupted_range); memory_failure_dev_pagemap() no longer falls back to page->mapping when the filesystem has no such operation',
    release: 'unmerged',
    provenance: {
      unverified:
        '"[RFC PATCH 0/4] fsdax: introduce fs query to support reflink" (->storage_lost, Sep 15 2020, on v5.9-rc2) and its v2/v3 (->corrupted_range / ->block_lost, Dec 2020, on v5.10-rc), Shiyang Ruan, linux-nvdimm/linux-fsdevel/linux-xfs; never merged. reference.md §5 row 3 summarises the functions and the review; the patch code was not read',
    },
    functions: ['pmem_pgmap_memory_failure', 'memory_failure_dev_pagemap'],
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
  // ---- the ZONE_DEVICE refcount rework (Alistair Popple, v6.15) ----------------------------------------
  'dax-folio-refcount': feature({
    id: 'dax-folio-refcount',
    title:
      'fsdax struct pages are refcounted like page-cache folios: __init_zone_device_page() leaves MEMORY_DEVICE_FS_DAX pages at _refcount 0 (idle), every PTE or PMD that maps a DAX folio takes a reference (vmf_insert_page_mkwrite() / vmf_insert_folio_pmd() → folio_get()) and zapping it drops one; the last put reaches free_zone_device_folio(), which for FS_DAX only does wake_up_var(). Device-dax pages (MEMORY_DEVICE_GENERIC) stay at 1 when idle and also take a reference per mapping. Before, an idle fsdax page sat at 1 and mappings took no reference',
    release: 'v6.15',
    provenance: {
      unverified: `read in the stored torvalds/linux (mm/mm_init.c __init_zone_device_page(): "case MEMORY_DEVICE_FS_DAX: … set_page_count(page, 0)"; fs/dax.c @00c010e130e5 maps with vmf_insert_page_mkwrite(), a copy after v6.15: it has folio_reset_order() and page_pgmap()). ${POP}`,
    },
    functions: ['__init_zone_device_page', 'vmf_insert_page_mkwrite', 'vmf_insert_folio_pmd', 'free_zone_device_folio'],
  }),
  'dax-shared-mapping-null': feature({
    id: 'dax-shared-mapping-null',
    title:
      'a reflinked fsdax folio is shared when folio->mapping is NULL and folio->share > 0 (dax_folio_is_shared()); dax_folio_make_shared() clears ->mapping and sets share 1 on the second owner, dax_folio_put() counts down and clears ->mapping at 0. PAGE_MAPPING_DAX_SHARED (0x1) no longer exists',
    release: 'v6.15',
    provenance: {
      unverified: `"fs/dax: Remove PAGE_MAPPING_DAX_SHARED mapping flag"; dax_folio_is_shared(), dax_folio_make_shared(), dax_folio_put() read in the stored torvalds/linux fs/dax.c @00c010e130e5 (post-v6.15). ${POP}`,
    },
    functions: [
      'dax_associate_entry',
      'dax_disassociate_entry',
      'dax_folio_is_shared',
      'dax_folio_make_shared',
      'dax_folio_put',
      'dax_lock_folio',
    ],
  }),
  'dax-pmd-folio': feature({
    id: 'dax-pmd-folio',
    title:
      'a PMD fsdax entry is one order-9 folio: dax_folio_init() runs prep_compound_page() on the first association, so ->mapping and ->index are set on the head only and the 511 tails point at it (compound_head); dax_folio_put() splits it back to order-0 pages when the last owner goes. Before, each of the 512 struct pages carried its own mapping and index + i',
    release: 'v6.15',
    provenance: {
      unverified: `"mm: Allow compound zone device pages" and "fs/dax: properly refcount fs dax pages"; dax_folio_init() and dax_associate_entry() read in the stored torvalds/linux fs/dax.c @00c010e130e5 (post-v6.15). ${POP}`,
    },
    functions: ['dax_folio_init', 'prep_compound_page', 'dax_associate_entry', 'dax_folio_put', 'folio_reset_order'],
  }),
  // ---- v4.17: the pinned-page series (seed 001) -------------------------------------------------------
  'dax-layout-busy-page': feature({
    id: 'dax-layout-busy-page',
    title:
      "before a truncate, hole punch or remap frees blocks, xfs_break_layouts(BREAK_UNMAP) → xfs_break_dax_layouts() unmaps the file and asks dax_layout_busy_page() for a page whose _refcount shows a pin (> 1, get_user_pages for DMA); the task sleeps on the page's _refcount (___wait_var_event, TASK_INTERRUPTIBLE, the MMAPLOCK dropped) until the last put_page() brings it back to 1 and wakes it. Before, the blocks were freed under the pin",
    release: 'v4.17',
    provenance: { commit: '5fac7408d828', subject: 'mm, fs, dax: handle layout changes to pinned dax mappings' },
    functions: ['xfs_break_dax_layouts', 'dax_layout_busy_page_range', 'dax_busy_page', 'put_page'],
  }),
  'mf-dev-pagemap': feature({
    id: 'mf-dev-pagemap',
    title:
      'memory_failure() hands a ZONE_DEVICE pfn to memory_failure_dev_pagemap() (the DAX entry lock, collect, unmap, kill); before, it had no dev_pagemap path, and the explorer does not model what it did with a DAX pfn',
    release: 'v4.19',
    provenance: {
      commit: '6100e34b2526',
      subject: 'mm, memory_failure: Teach memory_failure() about dev_pagemap pages',
    },
    functions: ['memory_failure', 'memory_failure_dev_pagemap'],
  }),
  'dax-page-mapping': feature({
    id: 'dax-page-mapping',
    title:
      'dax_insert_entry() → dax_associate_entry() sets page->mapping and page->index on every page a DAX entry maps, and dax_disassociate_entry() clears them when the entry goes (with WARN_ON_ONCE(trunc && page_ref_count(page) > 1)); before, a DAX page had no owner in its struct page (mapping NULL, index 0)',
    release: 'v4.17',
    provenance: {
      commit: 'd2c997c0f145',
      subject: 'fs, dax: use page->mapping to warn if truncate collides with a busy page',
    },
    functions: ['dax_associate_entry', 'dax_disassociate_entry'],
  }),
  'dax-recovery-write': feature({
    id: 'dax-recovery-write',
    title:
      'a write(2) that meets a bad block asks dax_direct_access() again with DAX_RECOVERY_WRITE and writes through pmem_recovery_write(): a page-aligned whole-page write clears the poison (__pmem_clear_poison → nvdimm_clear_poison, PG_hwpoison cleared, the sectors leave badblocks) and succeeds; an unaligned one writes nothing (-EFAULT, or a short write). Before, __pmem_direct_access() failed any range with a bad sector: -EIO',
    release: 'v5.19',
    provenance: {
      unverified:
        'the series "pmem: implement pmem_recovery_write()" (Jane Chu, v10 7/7 posted by Dan Williams to nvdimm@lists.linux.dev on 2022-05-13) was read; its merge in the v5.19 window and its mainline commit id were not checked. 6.1.192 and 6.12.117 have it (drivers/nvdimm/pmem.c __pmem_direct_access, pmem_recovery_write read); the 4.19 code it replaced is the patch\'s "-" lines',
    },
    functions: ['dax_iomap_iter', '__pmem_direct_access', 'pmem_recovery_write'],
  }),
};
