/**
 * Kernel variants: a release (or a patch design) as a list of features. The pipeline machine and the
 * kernel functions are built from the features; nothing compares version strings.
 */
import { BUILD_4_19, BUILD_6_0, BUILD_6_1, BUILD_6_12, BUILD_6_15, type BuildFacts } from './buildFacts';
import type { DesignReview } from './design';
import { raceDesigns } from './designRace';
import { FEATURES, type Feature, type FeatureId } from './features';

export interface KernelVariant {
  /** what a scenario's `kernel` and the CLI's `--kernel` name */
  id: string;
  title: string;
  /** the release this models, as its maintainers tag it */
  release: string;
  /** Elixir's tag for the exact source, when the source read is a tagged release */
  sourceTag: string | null;
  features: readonly FeatureId[];
  /** what its build prints that no feature decides (source lines, symbol offsets) */
  build: BuildFacts;
  /** what a reviewer sees differ from the default variant, each with where it was seen or read */
  differences: string[];
  /** differences the model knows of but does not reproduce, and why */
  notModelled: string[];
  /** set on an unmerged patch design: where it was reviewed and what merged instead */
  design?: DesignReview;
  /**
   * A release kept to show what a later merged series fixed: its built-ins are listed under "Design
   * reviews" and open in compare mode against 6.12, as a design's do (the note explains the series).
   */
  historicalReview?: { note: string; fixedBy: string };
}

/**
 * v4.17's pinned-page series (seed 001) and v4.19's dev_pagemap memory failure: every variant from 4.19 on has
 * them, 4.16 does not.
 */
const SINCE_4_17: FeatureId[] = ['dax-page-mapping', 'dax-layout-busy-page', 'mf-dev-pagemap'];

/** What every variant from v6.0 on has, and v4.19 lacks (each came between the two). */
const SINCE_4_19: FeatureId[] = [
  ...SINCE_4_17,
  'mf-generic-helper',
  'mf-pgmap-pfn-valid',
  'mf-count-dax',
  'mf-devmap-unmapped-skip',
  'mf-unmap-length',
  'mf-msg-sending-sigbus',
  'mce-task-work',
  'xfs-dax-reflink-mount',
  'compound-devmap',
  'ext4-dax-not-experimental',
  'ext4-mount-msg-quota',
  'dax-recovery-write',
];

const ALL_6_12: FeatureId[] = [
  ...SINCE_4_19,
  'early-kill-v5.8',
  'mf-holder-notify',
  'dax-page-share',
  'vmemmap-arch-optin',
  'xfs-range-fix',
  'xfs-notify-scan-all',
  'dax-lock-folio',
  'mf-pre-remove',
  'kill-dax-notify',
  'xfs-dax-read-shared',
  'dax-fault-hwpoison',
  'mce-usable-address-kill',
  'madvise-action-required',
  'mount-msg-uuid',
  'xfs-dax-not-experimental',
  'dax-dirty-on-write-only',
];

/** Mainline v6.15: 6.12 plus Alistair Popple's ZONE_DEVICE refcount rework. */
const MAINLINE_6_15: FeatureId[] = [...ALL_6_12, 'dax-folio-refcount', 'dax-shared-mapping-null', 'dax-pmd-folio'];

/**
 * Debian 6.1.192: mainline 6.1 with the stable backports it carries (the inclusive XFS range end,
 * 6.1.112; the vmemmap arch opt-in: 6.1.192 include/linux/mm.h:3410-3418 defines vmemmap_can_optimize() only
 * under CONFIG_ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP, which arch/x86 selects and arch/powerpc does not; the
 * 6.1.y release that took it (6.1.184 by the earlier notes) is not confirmed). What it lacks is everything 6.2+ below.
 */
const DEBIAN_6_1: FeatureId[] = [
  ...SINCE_4_19,
  'early-kill-v5.8',
  'mf-holder-notify',
  'kill-dax-notify',
  'vmemmap-arch-optin',
  'xfs-range-fix',
  'xfs-notify-scan-all',
];

/**
 * Mainline v6.0: the first release with the holder design, before every fix above. The 6.0-rc fixes of
 * Aug 2022 (fd63612ae811 SB_BORN, b14d067e850c quieter -EOPNOTSUPP, 65d3440e8d2e pgmap_has_memory_failure(),
 * ac87ca0ea010 FSDAX_INVALID_PGOFF) are taken to be in: they were in mm-hotfixes at 6.0-rc5.
 */
const MAINLINE_6_0: FeatureId[] = [...SINCE_4_19, 'early-kill-v5.8', 'mf-holder-notify', 'kill-dax-notify'];

/**
 * Mainline v4.19: the first DAX memory-failure support (6100e34b2526), with none of the changes above.
 * Read from the patch as posted (v5, Jul 2018) and 4.x copies of the files; the v4.19 tag itself was not
 * available to read (the stored torvalds/linux is a recent snapshot).
 */
const MAINLINE_4_19: FeatureId[] = [...SINCE_4_17];

export const VARIANTS: readonly KernelVariant[] = [
  {
    id: '6.12',
    title: 'Linux 6.12 (Debian 6.12.117)',
    release: 'v6.12.117',
    sourceTag: 'v6.12.117',
    features: ALL_6_12,
    build: BUILD_6_12,
    differences: [],
    notModelled: [],
  },
  {
    id: '6.15',
    title: 'Linux 6.15 (mainline, the ZONE_DEVICE folio refcount rework)',
    release: 'v6.15',
    sourceTag: null,
    features: MAINLINE_6_15,
    build: BUILD_6_15,
    differences: [
      'An idle fsdax struct page has _refcount 0, not 1 (__init_zone_device_page() sets MEMORY_DEVICE_FS_DAX pages to 0); every PTE or PMD that maps a DAX folio holds one reference (vmf_insert_page_mkwrite() / vmf_insert_folio_pmd()), and zapping the leaf drops it. Device-dax pages stay at 1 when idle and also gain one per mapping (read in the stored torvalds/linux, a copy after v6.15).',
      'A reflinked (shared) fsdax folio has ->mapping NULL and ->share > 0 (dax_folio_is_shared()); PAGE_MAPPING_DAX_SHARED (0x1) is gone. The holder path (XFS rmap) still finds the owners; dax_lock_folio() on a shared folio finds ->mapping NULL and returns 0 (the model never sends a shared page down the generic path: XFS with reflink needs rmapbt there).',
      "dax_folio_put() of an order-0 folio whose single owner goes clears ->mapping but keeps ->index (read in the stored fs/dax.c; a later dax_folio_reset_order() also zeroes ->share), and the next shared association finds dax_folio_is_shared() true and counts on from that index: in xfs-reflink-shared, B index 3 is the first owner, R's refault puts and re-gets it, so ->share reads 5 for two page-cache entries (6.12: 2). Derived from the code, not seen on a running kernel (UNVERIFIED).",
      'A PMD fsdax entry is an order-9 folio: the first association runs prep_compound_page() (dax_folio_init()), ->mapping and ->index are on the head only, the tails carry compound_head; when the last owner goes, dax_folio_put() splits it back to 512 order-0 pages. On 6.12 each of the 512 pages has its own mapping and index + i.',
      "A poison in a PMD fsdax folio on the generic path (ext4, or XFS without rmapbt): mf_generic_kill_procs() takes pfn_folio(pfn), now the order-9 head, so PG_hwpoison goes on the head page and collect_procs() looks up the head page's address: SIGBUS si_addr is the start of the 2 MiB mapping (lsb 21), where 6.12 marks and reports the poisoned 4 KiB page itself (built-in fsdax-pmd-mapping). Derived by running 6.12's mf_generic_kill_procs() on the order-9 folio; 6.15's mm/memory-failure.c was not read and no 6.15 kernel was run (UNVERIFIED).",
    ],
    notModelled: [
      "The mm/memory-failure.c messages of v6.15 are taken to be 6.12's: the stored torvalds/linux copy of that file is a v5.x version, so no 6.15 format string was read (UNVERIFIED). The XFS shutdown lines and offsets are 6.12's (UNVERIFIED, see the build facts).",
      'folio _mapcount / _large_mapcount and the later removal of pXX_devmap (dev_pagemap_mapping_shift() on *_trans_huge / pte_present, after v6.15): the model counts only _refcount and keeps the size from the leaf level.',
      'dax_break_mapping() / dax_layout_busy_page() waiting for _refcount to reach 0 (wait_var_event) on truncate: the model has no pins that outlive a mapping, so nothing waits.',
      'The struct folio layout of page[1] (_flags_1 order byte, _folio_nr_pages) is taken from 6.12 for the order-9 folio (derived, UNVERIFIED for 6.15); ->pgmap, which prep_compound_page() overwrites and dax_folio_put() restores, is not modelled.',
    ],
  },
  {
    id: '6.1',
    title: 'Linux 6.1 (Debian 6.1.192)',
    release: 'v6.1.192',
    sourceTag: 'v6.1.192',
    features: DEBIAN_6_1,
    build: BUILD_6_1,
    differences: [
      'Mount lines: XFS warns "DAX enabled. Warning: EXPERIMENTAL, use at your own risk" and mounts "V5 Filesystem" without a uuid; ext4 says "mounted filesystem with ordered data mode" without uuid and r/w (real-kernel-6.1.md §0).',
      'A process that faults a reflinked block another file already owns (a read fault: no IOMAP_F_SHARED on 6.1) prints "WARNING: CPU: 0 PID: <pid> at fs/dax.c:380 dax_insert_entry+0x227/0x320" once per boot and takes over page->mapping; the other mappers keep their PTEs until memory_failure() unmaps them (real-kernel-6.1.md §2 b1). Signals and dmesg of the poison itself are as on 6.12.',
      'A real machine check with MCG_STATUS.RIPV clear (QEMU\'s SRAR injection) queues kill_me_now(): only "mce: [Hardware Error]: Machine check events logged", one SIGBUS with si_code SI_KERNEL, si_addr NULL, lsb 0 to the consumer, no memory_failure(), no other task signalled, PTEs kept, HardwareCorrupted 0; the bad block is still recorded (real-kernel-6.1.md §4 e1). 6.12 (e40879b6d7d8, v6.5) goes to kill_me_maybe() whenever the address is usable.',
      'A fault on a page with a media bad block gets -EIO from __pmem_direct_access(): SIGBUS BUS_ADRERR at the exact address, lsb 0, nothing printed (real-kernel-6.1.md §4 e1b); 6.12 gets VM_FAULT_HWPOISON: BUS_MCEERR_AR lsb 12 and "MCE: Killing …".',
      'Unbinding a pmem device under a mounted XFS: kill_dax() notifies the holder with flags 0 (no MF_MEM_PRE_REMOVE), so XFS walks every rmap record as failed: metadata records set want_shutdown (SHUTDOWN_CORRUPT_ONDISK at fs/xfs/xfs_notify_failure.c:169), mapped file pages get PG_hwpoison although healthy, and only current or early-kill tasks are collected (read in the 6.1.192 source; the signals, dmesg and shutdown agree with Debian 6.1.192 under `npm run verify`, verify/builtins-6.1.md).',
      'The generic path locks the entry with dax_lock_page()/dax_unlock_page() (dax_lock_folio() since v6.7); madvise(MADV_HWPOISON) passes MF_COUNT_INCREASED | MF_SW_SIMULATED without MF_ACTION_REQUIRED (the DAX kill paths add it themselves, so the signals are the same).',
      'A store to a reflinked block (CoW; dax-page-share absent): the new page gets page->mapping = PAGE_MAPPING_DAX_COW (0x1) with the sharer count in page->index (dax_mapping_set_cow(), 6.1.192 fs/dax.c:345-356), where 6.12 has PAGE_MAPPING_DAX_SHARED and page->share; dax_disassociate_entry() tests `page->index-- > 0` (:399-401, a post-decrement: the last sharer keeps the flag). The old page, which a read fault had taken over (no IOMAP_F_SHARED on reads), loses page->mapping although the other file still maps it. Every fault tags its entry PAGECACHE_TAG_DIRTY, a load too (fs/dax.c:862; dax-dirty-on-write-only absent). Signals are as on 6.12: the holder path finds owners through the rmapbt.',
    ],
    notModelled: [
      '6.1 keeps the -EFAULT path of kill_procs() ("Unable to find user space address", then SIGKILL "forcibly killing … because of failure to unmap corrupted page"); no built-in reaches it on either variant.',
      'What dax_lock_page() does with a page whose ->mapping is PAGE_MAPPING_DAX_COW: it would pass the pointer 0x1 to dax_mapping() (reference.md §6 item 11, an inference, UNVERIFIED); the model stops there as with no owner (-EBUSY). Unreachable in the model: the generic path needs XFS without rmapbt, which the model refuses with reflink.',
    ],
  },
  {
    id: '6.0',
    title: 'Linux 6.0 (mainline, the first holder design)',
    release: 'v6.0',
    sourceTag: null,
    features: MAINLINE_6_0,
    build: BUILD_6_0,
    differences: [
      'XFS range arithmetic before 5cf32f63b0f4 (v6.5): end_fsbno = XFS_DADDR_TO_FSB(daddr + bblen), so every rmap query reaches one block past the failed page (read in the file as 6f643c57d57c merged it). A record there is visited with pgcnt 0 (nobody is killed for it), but a metadata record there shuts the filesystem down: poison on a free block just before the inode chunks, or on the last block of an AG (the query runs into the next AG\'s headers), gives "dax page: Failed" and a shutdown where 6.1 and 6.12 recover (not run on a real kernel).',
      'The first metadata record shuts XFS down at once from xfs_dax_failure_fn() and returns -EFSCORRUPTED, which ends the rmap query: owners after it are not killed (e033f40be262, v6.1, made it note want_shutdown and walk on). The shutdown line names xfs_dax_failure_fn; its line and offsets are UNVERIFIED (see the build facts).',
      'A devdax namespace with compound pages (align > PAGE_SIZE, map=mem) on ppc64 with the hash MMU (`arch: ppc64-hash`): __populate_section_memmap() calls vmemmap_populate_compound_pages() unconditionally (before 87a7ae75d738, v6.4), whose init_mm PTEs the hash MMU never walks for the vmemmap region, so memmap_init_zone_device() oopses on the first struct page ("BUG: Unable to handle kernel data access on write at 0xc00c…38", "Oops: Kernel access of bad area, sig: 11"); 6.1.192 and 6.12 probe the same namespace fine without deduplication (seed 003; the oops formats read in 6.1.192 arch/powerpc, its NIP and offsets UNVERIFIED).',
      "Unbinding the pmem device under a mounted XFS: kill_dax() notifies the whole device with flags 0 as on 6.1, but the walk stops at AG 0's first record (the AG headers): the filesystem shuts down and nothing is signalled, poisoned or unmapped, where 6.1 walks every record.",
      'A store to a reflinked block: PAGE_MAPPING_DAX_COW as on 6.1 ("fsdax: set a CoW flag when associate reflink mappings", v6.0, id UNVERIFIED; 6.0\'s fs/dax.c not read: the 6.1.192 code is taken for it), and every fault tags its entry dirty.',
      'As on 6.1 (none of these is in 6.0): the EXPERIMENTAL DAX mount warning and mount lines without uuid; a read fault of a reflinked block another file owns warns once in dax_associate_entry() (WARN_ON_ONCE(page->mapping); its line and offsets UNVERIFIED) and takes page->mapping over; kill_me_now() on a machine check with RIPV clear; -EIO (BUS_ADRERR) faults on bad blocks; dax_lock_page(); madvise without MF_ACTION_REQUIRED.',
    ],
    notModelled: [
      'As on 6.1, what dax_lock_page() does with a PAGE_MAPPING_DAX_COW page (reference.md §6 item 11, an inference, UNVERIFIED) is not modelled; unreachable in the model.',
      'The reflink+DAX mount: 6.0 is taken to accept it on a whole device and refuse it on a partition ("DAX and reflink cannot work with multi-partitions!"): 35fcd75af3ed "xfs: fail dax mount if reflink is enabled on a partition" replaced the blanket "DAX and reflink cannot be used together!" and went upstream through the mm tree in the 6.0 cycle (a revert "for v6.1-rc8" was discussed, so it was in mainline by then; its first tag UNVERIFIED). Partitions are not modelled.',
      'The 6.0-rc fixes are assumed in the v6.0 tag (queued in mm-hotfixes at 6.0-rc5; the tag not read). Without fd63612ae811 the SB_BORN test read the on-disk sb_flags, and every XFS notification would print "filesystem is not ready for notify_failure()!" and fail with -EIO ("dax page: Failed").',
      'As on 6.1: the -EFAULT path of kill_procs() ("Unable to find user space address", then SIGKILL) is not modelled; no built-in reaches it.',
      'xfs_iget() errors other than -ENODATA (6.0 returns them and stops the query) and partitions (bt_dax_part_off is 0): not modelled on any variant.',
    ],
  },
  {
    id: '4.19',
    title: 'Linux 4.19 (mainline, the original DAX memory-failure support)',
    release: 'v4.19',
    sourceTag: null,
    features: MAINLINE_4_19,
    build: BUILD_4_19,
    differences: [
      'All of the handling is inline in memory_failure_dev_pagemap() (6100e34b2526): dax_lock_mapping_entry(page) finds the one owner through page->mapping and page->index (no holder, no ->memory_failure(), no mf_generic_kill_procs()), then SetPageHWPoison, collect_procs_file(), unmap_mapping_range() at the largest mapping size, kill_procs(), dax_unlock_mapping_entry(page) and action_result() (read in the patch as posted, v5 Jul 2018).',
      'task_early_kill(tsk, force_early) returns every process that has an mm when force_early is set, and DAX always sets it: every process mapping the page is collected, whatever its early-kill policy. kill_proc() sends BUS_MCEERR_AR to current when t->mm == current->mm (MF_ACTION_REQUIRED), BUS_MCEERR_AO to every other mapper (reference.md §3.2–3.3).',
      'A process whose VMA covers the poisoned page without having it mapped (size_shift 0) is queued with addr_valid 0 after "Memory failure: Unable to find user space address %lx in %s", and kill_procs() kills it: "forcibly killing … because of failure to unmap corrupted page", SIGKILL (fixed by 3d7fed4ad8cc, v5.4; a 4.19.y stable release took it in Oct 2019, the v4.19 tag has the bug).',
      'unmap_mapping_range(page->mapping, start, start + size, 0): the length is start + size, so the unmap reaches from start to 2×start + size (fixed by 4d75136be8bf, v5.13).',
      'kill_proc() prints "Memory failure: %#lx: Killing %s:%d due to hardware memory corruption" (the v4.19 merge log shows "Memory failure: 0x20cb00: Killing dax-pmd:5421 …").',
      'action_result() does not count: num_poisoned_pages_inc() is on the normal-page path of memory_failure(), which a ZONE_DEVICE pfn never reaches, so HardwareCorrupted stays 0 kB.',
      'No pgmap_pfn_valid() check: poison in the device memmap (map=dev) reaches dax_lock_mapping_entry(), finds page->mapping NULL, and fails with -EBUSY ("dax page: Failed").',
      'A machine check in user mode runs memory_failure() from do_machine_check() itself (do_memory_failure(), MF_ACTION_REQUIRED, plus MF_MUST_KILL when RIPV is clear); with RIPV clear (kill_it) it sends force_sig(SIGBUS) without calling memory_failure(). There is no task work (kill_me_maybe/kill_me_now came with v5.8).',
      'XFS refuses -o dax with reflink at mount: "XFS (pmem0): DAX enabled. Warning: EXPERIMENTAL, use at your own risk", then "XFS (pmem0): DAX and reflink cannot be used together!" and -EINVAL (mkfs.xfs has made reflink the default since xfsprogs 5.1). The files of such a scenario are created on the root filesystem, in RAM page cache, which the model does not hold: events that reach them are reported as not simulated; events on the namespace itself meet pages nobody owns.',
      'device-dax has no compound pages (v5.17): every pfn has its own struct page and vmemmap, and a PMD fault sets mapping and index on each of its 512 pages.',
      'unbind: kill_dax() has no holder to notify (v6.0): the namespace goes away without any signal.',
    ],
    notModelled: [
      'The v4.19 tag was not read: memory_failure_dev_pagemap() is modelled from 6100e34b2526 as posted (v5, 4 Jul 2018) and the later fixes that name it (4d75136be8bf, 3d7fed4ad8cc); the merged text may differ in detail (UNVERIFIED).',
      '4.19 mount lines other than the DAX ones: XFS "EXPERIMENTAL reverse mapping btree feature enabled. Use at your own risk!" for rmapbt, and the ext4 "Opts:" text, are UNVERIFIED; the ext4 line is shown as "mounted filesystem with ordered data mode. Opts: dax".',
      'The mce lines of the pre-5.8 path ("mce: Uncorrected hardware memory error in user-access at %llx", "mce: Memory error not recovered") are read in patches against 4.x; their order against "Machine check events logged" is UNVERIFIED.',
      'madvise(MADV_HWPOISON) is shown passing MF_COUNT_INCREASED | MF_SW_SIMULATED and memory_failure() dropping the GUP reference (put_ref_page()), as later kernels do; 4.19 passed MF_COUNT_INCREASED alone and its memory_failure_dev_pagemap() did not drop the reference (when both changed is UNVERIFIED). Signals, dmesg and results do not depend on it.',
      'The x86 machine-check code lives in arch/x86/kernel/cpu/mcheck/mce.c in 4.19 (mce/core.c from v5.0): do_machine_check() and uc_decode_notifier() are states shared with later kernels and show the later path; do_memory_failure() shows the 4.19 one. The action-optional notifier is believed to be named srao_decode_notifier() in 4.19 (UNVERIFIED); the model shows uc_decode_notifier().',
      'The radix-tree page cache of 4.19 (the XArray came in v4.20): the model shows i_pages as an XArray, whose slots and entries correspond one to one.',
    ],
  },
  {
    id: '4.16',
    title: 'Linux 4.16 (mainline, before the pinned-page series: no dax_layout_busy_page(), no page->mapping)',
    release: 'v4.16',
    sourceTag: null,
    // 4.19 without v4.17's series: the release before 5fac7408d828 and d2c997c0f145
    features: [],
    build: BUILD_4_19,
    differences: [
      'A truncate, hole punch or remap does not look for pinned pages: xfs_break_layouts() breaks only pNFS leases (BREAK_UNMAP and xfs_break_dax_layouts() came with 69eb5fa10eb2 and 5fac7408d828, v4.17), so the blocks of a page pinned by get_user_pages() for DMA are freed while the pin holds the page: _refcount stays 2 after the entry is gone, and the device keeps writing into a block the filesystem may hand to another file (the write itself is not modelled: UNVERIFIED what it corrupts).',
      'DAX pages have no owner in their struct page: dax_insert_entry() sets neither page->mapping nor page->index (dax_associate_entry() came with d2c997c0f145, v4.17), so they stay NULL and 0 while the page is mapped and pinned.',
    ],
    notModelled: [
      "This variant is 4.19 minus the two v4.17 features and v4.19's dev_pagemap memory failure, kept to the pin/truncate path: the v4.16 tag was not read. memory_failure() of 4.16 has no dev_pagemap path (memory_failure_dev_pagemap() came with 6100e34b2526, v4.19): what it did with a DAX pfn is not modelled, so a memory-failure event (madvise, mce, async, corrupt-pfn) is reported as not simulated.",
      'Everything else (mount lines, machine-check entry, signals) is shown as on 4.19 (UNVERIFIED for 4.16).',
      'That 5fac7408d828 (dated 9 Mar 2018) and d2c997c0f145 (22 Dec 2017) first shipped in v4.17, not v4.16, is derived from their dates and the v4.16 merge window; no tag was read (UNVERIFIED).',
      "get_user_pages() is modelled as FOLL_GET (one reference per page, as O_DIRECT took it in 4.16); 6.12's FOLL_PIN (pin_user_pages(), GUP_PIN_COUNTING_BIAS) is not modelled on any variant.",
    ],
    historicalReview: {
      note: 'docs/designs/4.16-pinned-pages.md',
      fixedBy:
        'v4.17: 5fac7408d828 "mm, fs, dax: handle layout changes to pinned dax mappings" (dax_layout_busy_page(), the truncate waits for the pin) and d2c997c0f145 "fs, dax: use page->mapping to warn if truncate collides with a busy page" (Dan Williams, 2018; the seed-001 thread with Jan Kara)',
    },
  },
  // unmerged designs of issue 8 §1–§2 (docs/designs/)
  {
    id: 'rfc-2020-get-shared-files',
    title: 'RFC Aug 2020: super_operations->get_shared_files() (unmerged design on 6.12)',
    release: 'unmerged',
    sourceTag: null,
    features: [...ALL_6_12, 'rfc-2020-get-shared-files'],
    build: BUILD_6_12,
    differences: [
      'A poison on an XFS (rmapbt) page is not sent to the dax holder: memory_failure_dev_pagemap() calls sb->s_op->get_shared_files(), whose rmap query callback kmallocs one struct shared_files (40 bytes on x86-64) per owner; the event reports the list as allocations { bytes, entries } and the inode references xfs_iget() took and nothing dropped as leakedInodeRefs.',
      'A metadata owner (or any owner xfs_iget() cannot return) gets an error nobody checks: the inode pointer is left uninitialised and dereferenced, and the run ends in an oops (UNVERIFIED: what the stack slot holds decides how it ends).',
    ],
    notModelled: [
      "Which pages took the get_shared_files() route: the cover letter sends only reflinked pages (page->mapping holding the block device, a share count in page->zone_device_data) through it from dax_lock_page(); the model sends every page of a filesystem that implements it, from memory_failure_dev_pagemap(), which is what the review's metadata question presupposes.",
      'The offset the caller passed: the signature says pgoff_t, XFS_B_TO_FSB() reads bytes; the model passes the byte offset of the page in the data device and shows in the step what a page index would have queried.',
      "The list's dax entry locking (->cookie) and its freeing: the entries are walked with 6.12's mf_dax_kill_procs() and freed after the walk.",
    ],
    design: {
      note: 'docs/designs/rfc-2020-get-shared-files.md',
      citations: [
        {
          author: 'Darrick J. Wong',
          date: '2020-08-07',
          subject: 'Re: [RFC PATCH 1/8] fs: introduce get_shared_files() for dax&reflink',
          list: 'linux-xfs, linux-fsdevel, linux-nvdimm (LKML archive)',
        },
        {
          author: 'Shiyang Ruan',
          date: '2020-08-07',
          subject: '[RFC PATCH 0/8] fsdax: introduce FS query interface to support reflink',
          list: 'linux-xfs (spinics msg43596)',
          url: 'http://mail.spinics.net/lists/linux-xfs/msg43596.html',
        },
        {
          author: 'Shiyang Ruan',
          date: '2020-09-15',
          subject: '[RFC PATCH 0/4] fsdax: introduce fs query to support reflink',
          list: 'LKML',
          url: 'https://lkml.org/lkml/2020/9/15/354',
        },
      ],
      mergedInstead:
        "The reviewer's callback: v6.0's dax holder (6f643c57d57c) has XFS call mf_dax_kill_procs() per owner from inside the rmap query (xfs_dax_failure_fn), with no list, checking xfs_iget()'s error and releasing every inode.",
      replaces: ['memory_failure_dev_pagemap', 'xfs_fs_get_shared_files', '_get_shared_files_fn'],
    },
  },
  {
    id: 'rfc-2020-corrupted-range',
    title: 'RFC Sep-Dec 2020: ->storage_lost / ->corrupted_range through the block layer (unmerged design on 6.12)',
    release: 'unmerged',
    sourceTag: null,
    features: [...ALL_6_12, 'rfc-2020-corrupted-range'],
    build: BUILD_6_12,
    differences: [
      'pmem_pgmap_memory_failure() asks the superblock of the block device on the failed sector for ->corrupted_range(); ext4 has none, the result is -EOPNOTSUPP and memory_failure_dev_pagemap() returns it without the page->mapping fallback: no page is marked, no PTE removed, no task signalled, nothing printed. XFS goes on as on 6.12.',
    ],
    notModelled: [
      "The XFS side of the series (xfs_fs_corrupted_range / ->storage_lost) is modelled by 6.12's holder walk (xfs_dax_notify_failure and after): its code was not read.",
      'md/dm ->rmap() and bdget_disk_sector() translation through stacked block devices: one pmem disk, one filesystem.',
    ],
    design: {
      note: 'docs/designs/rfc-2020-corrupted-range.md',
      citations: [
        {
          author: 'Jan Kara',
          date: '2020-12 (day UNVERIFIED)',
          subject: 'Re: the ->corrupted_range series v2/v3 (subject UNVERIFIED; reference.md §5 row 3)',
          list: 'linux-fsdevel, linux-nvdimm',
        },
        {
          author: 'Dan Williams',
          date: '2020-12 (day UNVERIFIED)',
          subject: 'Re: the ->corrupted_range series (subject UNVERIFIED; reference.md §5 row 3)',
          list: 'linux-fsdevel, linux-nvdimm',
        },
        {
          author: 'Shiyang Ruan',
          date: '2020-09-15',
          subject: '[RFC PATCH 0/4] fsdax: introduce fs query to support reflink',
          list: 'LKML',
          url: 'https://lkml.org/lkml/2020/9/15/354',
        },
      ],
      mergedInstead:
        'v6.0 routes the failure from the dax_device to its holder (dax_holder_notify_failure, 8012b8660855), not through the block layer, and memory_failure_dev_pagemap() falls back to mf_generic_kill_procs() on -EOPNOTSUPP (33a8f7f2b3a3), so ext4 keeps the page->mapping path.',
      replaces: ['pmem_pagemap_memory_failure', 'memory_failure_dev_pagemap'],
    },
  },
  // unmerged designs of issue 8 §3 (docs/designs/)
  ...raceDesigns(ALL_6_12, BUILD_6_12),
];

export const DEFAULT_VARIANT = '6.12';

export const variantIds = (): string[] => VARIANTS.map((v) => v.id);

export function findVariant(id: string): KernelVariant | undefined {
  return VARIANTS.find((v) => v.id === id);
}

export function getVariant(id: string): KernelVariant {
  const v = findVariant(id);
  if (!v) throw new Error(`unknown kernel variant "${id}" (known: ${variantIds().join(', ')})`);
  return v;
}

export const featuresOf = (v: KernelVariant): Feature[] => v.features.map((id) => FEATURES[id]);
