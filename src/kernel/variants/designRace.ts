/**
 * The unmerged designs of 2021 (issue 8 §3): Ruan's v4 refactor and Dan Williams's short-circuit
 * counter-proposal, each the 6.12 model with only the functions the design changes replaced.
 */
import type { BuildFacts } from './buildFacts';
import type { FeatureId } from './features';
import type { KernelVariant } from './variants';

/** seed 000: the posting and its review (the thread both designs come from) */
const V4_REVIEW = {
  author: 'Dan Williams',
  date: '2021-06-16',
  subject: 'Re: [PATCH v4 04/10] mm, fsdax: Refactor memory-failure handler for dax mapping',
  list: 'nvdimm@lists.linux.dev (linux-fsdevel, linux-mm, linux-xfs)',
};
const V4_POSTING = {
  author: 'Shiyang Ruan',
  date: '2021-06-04',
  subject: '[PATCH v4 04/10] mm, fsdax: Refactor memory-failure handler for dax mapping',
  list: 'linux-fsdevel, nvdimm, linux-mm, linux-xfs',
};
const MERGED =
  'v6.0 merged the holder design with dax_lock_mapping_entry() holding each index locked for the whole collect, unmap and kill (c36e20249571 "mm: introduce mf_dax_kill_procs() for fsdax case"), and the early ->memory_failure() check with the page->mapping fallback on -EOPNOTSUPP (33a8f7f2b3a3).';

/** The two designs on top of 6.12's features and build (passed in: variants.ts owns them). */
export function raceDesigns(base: readonly FeatureId[], build: BuildFacts): KernelVariant[] {
  return [
    {
      id: 'rfc-2021-v4',
      title: 'Design: v4 refactor (2021, unmerged): kill by (mapping, index) with an unlocked read',
      release: 'unmerged',
      sourceTag: null,
      features: [...base, 'rfc-2021-v4-unlocked-load'],
      build,
      differences: [
        "The 6.12 model with mf_dax_kill_procs()'s per-index body replaced by v4's: dax_load_pfn() (no entry lock), collect_procs_file() by pgoff, unmap_and_kill(), return 0. Everything else is 6.12, so a comparison with 6.12 isolates the design.",
        'A truncate or remap between XFS finding the owner and dax_load_pfn() leaves pfn 0 (dax_to_pfn(NULL)): add_to_kill() on that ordinary page finds no address (-EFAULT) and the mappers are SIGKILLed "because of failure to unmap corrupted page"; 6.12 finds no entry and skips the index.',
        "No PG_hwpoison on the holder path: v4's mf_dax_kill_procs() sets none (seed 000); where patch 05/10 sets it is UNVERIFIED.",
      ],
      notModelled: [
        "v4's XFS side (the ->notify_failure() patches of the same series) and its calls of mf_dax_kill_procs() per index: UNVERIFIED, modelled as 6.12's XFS calling the v4 mf_dax_kill_procs() for the first index of each record.",
        'is_device_fsdax_page() in hwpoison_filter_dev(): hwpoison_filter is off by default, so it never decides anything here.',
        "Unbinding under XFS (MF_MEM_PRE_REMOVE, v6.8) reaches v4's kill through 6.12's XFS: v4 knows no pre-remove, so each record's first index is read unlocked and an unfaulted one (no entry, pfn 0) SIGKILLs its early-kill mappers; a 2021 kernel had no such unbind path.",
      ],
      design: {
        note: 'docs/designs/rfc-2021-v4.md',
        citations: [V4_REVIEW, V4_POSTING],
        mergedInstead: MERGED,
        replaces: [
          'mf_dax_kill_procs',
          'dax_lock_mapping_entry',
          'collect_procs_fsdax',
          'dax_unlock_mapping_entry',
          'SetPageHWPoison',
        ],
      },
    },
    {
      id: 'proposal-2021-short-circuit',
      title: "Design: Dan Williams's short-circuit proposal (2021, never written as a patch)",
      release: 'unmerged',
      sourceTag: null,
      features: [...base, 'proposal-2021-fs-kill'],
      build,
      differences: [
        "The 6.12 model with the holder's per-owner kill replaced by the filesystem calling exported collect_procs() and kill_procs(): no DAX entry lock, no unmap_mapping_range(). memory_failure_dev_pagemap() is 6.12's, which already has the proposal's shape (early holder check, page->mapping path otherwise).",
        'On the XFS path the mappers are signalled as on 6.12 but keep their page-table entries (nothing unmaps), and PG_hwpoison is not set by the holder path.',
      ],
      notModelled: [
        'The whole filesystem side is UNVERIFIED: the proposal describes it in two sentences and no patch implemented it.',
        "Unbinding under XFS (MF_MEM_PRE_REMOVE, v6.8) reaches the proposal's collect through 6.12's XFS: it knows no pre-remove, so only current and early-kill mappers are signalled and nothing is revoked; a 2021 kernel had no such unbind path.",
      ],
      design: {
        note: 'docs/designs/proposal-2021-short-circuit.md',
        citations: [V4_REVIEW],
        mergedInstead: MERGED,
        replaces: [
          'mf_dax_kill_procs',
          'dax_lock_mapping_entry',
          'collect_procs_fsdax',
          'unmap_and_kill',
          'dax_unlock_mapping_entry',
          'SetPageHWPoison',
        ],
      },
    },
  ];
}
