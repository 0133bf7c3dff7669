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
  | 'dax-lock-folio'
  | 'dax-page-share'
  | 'early-kill-v5.8'
  | 'vmemmap-arch-optin';

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
      "XFS computes the failed range's last block inclusively (end_fsbno = XFS_DADDR_TO_FSB(daddr + bblen - 1)); before, the range was one block short",
    release: 'v6.5',
    provenance: { commit: '5cf32f63b0f4', subject: "xfs: fix the calculation for 'end' and 'length'" },
    functions: ['xfs_dax_notify_failure', 'xfs_dax_notify_ddev_failure'],
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
};
