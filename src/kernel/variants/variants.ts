/**
 * Kernel variants: a release (or a patch design) as a list of features. The pipeline machine and the
 * kernel functions are built from the features; nothing compares version strings.
 */
import { BUILD_6_0, BUILD_6_1, BUILD_6_12, type BuildFacts } from './buildFacts';
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
}

const ALL_6_12: FeatureId[] = [
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

/**
 * Debian 6.1.192: mainline 6.1 with the stable backports it carries (the inclusive XFS range end,
 * 6.1.112; the vmemmap arch opt-in, 6.1.184). What it lacks is everything 6.2+ below.
 */
const DEBIAN_6_1: FeatureId[] = [
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
const MAINLINE_6_0: FeatureId[] = ['early-kill-v5.8', 'mf-holder-notify', 'kill-dax-notify'];

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
