import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../kernel/variants/variants';
import { machineGraph } from '../pipeline/graph';
import { createMemoryFailureMachine, resolvedMachine } from '../pipeline/machine';
import type { StepRecord } from '../pipeline/runtime';
import { STATE_SPECS } from '../pipeline/spec';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from './simulate';

/**
 * Every edge of each variant's machine that no built-in takes, listed explicitly: a new built-in that
 * reaches one, or a change that stops reaching another, must update this list (and say why).
 */
const UNREACHED: Record<string, string[]> = {
  '6.12': [
    // dax_lock_mapping_entry() returns 0 only when the mapping stops being a DAX mapping mid-failure
    'dax_lock_mapping_entry --busy--> xfs_dax_failure_fn@mf_dax_kill_procs',
    // a page with no owner on the generic path (never faulted, or shared with no holder): the ext4
    // built-in poisons a mapped page
    'dax_lock_folio --fail--> memory_failure_dev_pagemap@mf_generic_kill_procs',
    // hwpoison_filter() is disabled by default, so the generic path never returns -EOPNOTSUPP
    'memory_failure_dev_pagemap@mf_generic_kill_procs --return--> madvise_inject_error@memory_failure',
    'memory_failure_dev_pagemap@mf_generic_kill_procs --return--> kill_me_maybe@memory_failure',
    'memory_failure_dev_pagemap@mf_generic_kill_procs --return--> uc_decode_notifier@memory_failure',
    'memory_failure_dev_pagemap@mf_generic_kill_procs --return--> memory_failure_work_func@memory_failure',
    'memory_failure_dev_pagemap@mf_generic_kill_procs --return--> hwpoison_inject@memory_failure',
    // no built-in poisons memory outside every namespace (-ENXIO), or runs with memory_failure_recovery 0
    'memory_failure --return--> madvise_inject_error@memory_failure',
    'memory_failure --return--> kill_me_maybe@memory_failure',
    'memory_failure --return--> uc_decode_notifier@memory_failure',
    'memory_failure --return--> memory_failure_work_func@memory_failure',
    'memory_failure --return--> hwpoison_inject@memory_failure',
    'memory_failure --panic--> panic',
    // no built-in injects through debugfs corrupt-pfn or a GHES report (S-cases and real-kernel tests do)
    'hwpoison_inject --memory_failure--> memory_failure',
    'hwpoison_inject --return--> event_end',
    'hwpoison_inject@memory_failure --return--> event_end',
    'action_result --return--> hwpoison_inject@memory_failure',
    'memory_failure_work_func --memory_failure--> memory_failure',
    'memory_failure_work_func@memory_failure --return--> event_end',
    'action_result --return--> memory_failure_work_func@memory_failure',
    // the later accesses of the built-ins (rfc2020-ext4-unhandled) find the PTE gone and fault; none
    // loads through a PTE still mapping poisoned media, or a page mapped without poison (the S-cases do)
    'handle_mm_fault --machine_check--> do_machine_check',
    'handle_mm_fault --return--> event_end',
    'dax_iomap_rw --return--> event_end',
    // madvise over one page only, and never on an unmapped address
    'madvise_inject_error --return--> event_end',
    'madvise_inject_error@memory_failure --memory_failure--> memory_failure',
    // unbind with no holder (devdax, ext4), or a holder that fails early: not among the built-ins
    'kill_dax --return--> event_end',
    'dax_holder_notify_failure --return--> kill_dax@dax_holder_notify_failure',
    'xfs_dax_notify_failure --return--> kill_dax@dax_holder_notify_failure',
    // XFS without rmapbt (-EOPNOTSUPP) or a range past the data device (-ENXIO): not among the built-ins
    'xfs_dax_notify_failure --return--> memory_failure_dev_pagemap@pmem_pagemap_memory_failure',
    // every built-in's query finds at least one record
    'xfs_rmap_query_range --return--> xfs_dax_notify_ddev_failure@xfs_rmap_query_range',
    // since v6.5 a user-mode machine check with a usable address always goes to kill_me_maybe(); the
    // model's machine checks all carry one
    'do_machine_check --kill_me_now--> kill_me_now',
    'kill_me_now --return--> event_end',
    // file changes (issue 8 §3): only truncate is among the built-ins (the design reviews); punch-hole,
    // reflink remap and munmap run in file-change.test.ts, the entry wait in race.test.ts
    'do_vmi_munmap --next--> do_vmi_munmap/unmap_region',
    'do_vmi_munmap --return--> event_end',
    'do_vmi_munmap/remove_vma --return--> event_end',
    'do_vmi_munmap/unmap_region --next--> do_vmi_munmap/remove_vma',
    'xfs_file_fallocate --next--> xfs_file_fallocate/dax_layout_busy_page_range',
    'xfs_file_fallocate/dax_delete_mapping_entry --next--> xfs_file_fallocate/xfs_free_file_space',
    'xfs_file_fallocate/dax_layout_busy_page_range --next--> xfs_file_fallocate/truncate_pagecache_range',
    'xfs_file_fallocate/dax_layout_busy_page_range --wait--> task_sleeps',
    'xfs_file_fallocate/truncate_pagecache_range --next--> xfs_file_fallocate/dax_delete_mapping_entry',
    'xfs_file_fallocate/__xfs_free_extent --return--> event_end',
    'xfs_file_fallocate/__xfs_free_extent --wait--> task_sleeps',
    'xfs_file_fallocate/xfs_free_file_space --free--> xfs_file_fallocate/__xfs_free_extent',
    'xfs_file_fallocate/xfs_free_file_space --return--> event_end',
    'xfs_file_remap_range --next--> xfs_file_remap_range/dax_layout_busy_page_range',
    'xfs_file_remap_range/dax_delete_mapping_entry --next--> xfs_file_remap_range/xfs_reflink_remap_blocks',
    'xfs_file_remap_range/dax_layout_busy_page_range --next--> xfs_file_remap_range/truncate_pagecache_range',
    'xfs_file_remap_range/dax_layout_busy_page_range --wait--> task_sleeps',
    'xfs_file_remap_range/truncate_pagecache_range --next--> xfs_file_remap_range/dax_delete_mapping_entry',
    'xfs_file_remap_range/__xfs_free_extent --return--> event_end',
    'xfs_file_remap_range/__xfs_free_extent --wait--> task_sleeps',
    'xfs_file_remap_range/xfs_reflink_remap_blocks --free--> xfs_file_remap_range/__xfs_free_extent',
    'xfs_file_remap_range/xfs_reflink_remap_blocks --return--> event_end',
    'xfs_vn_setattr/xfs_itruncate_extents --return--> event_end',
    // every built-in machine check is QEMU's SRAR data load: none is logged-only, action-optional or fatal
    // (mce-bank.test.ts decodes those)
    'do_machine_check --return--> event_end',
    'do_machine_check --uc_decode_notifier--> uc_decode_notifier',
    'do_machine_check --panic--> panic',
    // no built-in unmounts or mounts a filesystem between events (mount-events.test.ts does)
    'path_umount --shutdown--> generic_shutdown_super',
    'path_umount --return--> event_end',
    'generic_shutdown_super --return--> event_end',
    'path_mount --return--> event_end',
    // no built-in has a process exit, or create one, between events (stores.test.ts / process-events.test.ts do)
    'do_exit --return--> event_end',
    'kernel_clone --mmap--> do_mmap',
    'kernel_clone --fault--> kernel_clone/handle_mm_fault',
    'kernel_clone --return--> event_end',
    'do_mmap --mmap--> do_mmap',
    'do_mmap --fault--> kernel_clone/handle_mm_fault',
    'do_mmap --return--> event_end',
    'kernel_clone/handle_mm_fault --fault--> kernel_clone/handle_mm_fault',
    'kernel_clone/handle_mm_fault --do_sigbus--> do_sigbus',
    'kernel_clone/handle_mm_fault --return--> event_end',
  ],
};
// 6.15 changes struct page state (folio refcount, shared folios, order-9 PMD folios), not the machine's
// states or branches: the same edges as 6.12 stay untaken
UNREACHED['6.15'] = [...UNREACHED['6.12']];
// 6.1 leaves the same edges untaken, with dax_lock_page() where 6.12 has dax_lock_folio(); its
// kill_me_now() needs MCG_STATUS.RIPV clear, which no built-in sets (the real-kernel-6.1 test does)
UNREACHED['6.1'] = UNREACHED['6.12'].map((e) => e.replace('dax_lock_folio', 'dax_lock_page'));
// 6.0's unbind walk stops at AG 0's first record (the AG headers shut XFS down at once, before
// e033f40be262), so no built-in reaches a second AG; the
// next-AG query runs in variants.test.ts (poison on an AG's last block)
UNREACHED['6.0'] = [
  ...UNREACHED['6.1'],
  'xfs_dax_notify_ddev_failure@xfs_rmap_query_range --query--> xfs_rmap_query_range',
];
// the designs: dax_lock_mapping_entry() is replaced; v4 returns from its one index after kill_procs();
// neither holds an entry lock, so a racing truncate never waits for one (it waits for a pinned page in
// pinned-truncate, as on 6.12)
const BUSY = 'dax_lock_mapping_entry --busy--> xfs_dax_failure_fn@mf_dax_kill_procs';
UNREACHED['rfc-2021-v4'] = [
  ...UNREACHED['6.12'].filter((e) => e !== BUSY),
  'mf_dax_kill_procs --return--> xfs_dax_failure_fn@mf_dax_kill_procs',
];
UNREACHED['proposal-2021-short-circuit'] = [...UNREACHED['6.12'].filter((e) => e !== BUSY)];

// 4.19: everything inline in memory_failure_dev_pagemap(), the #MC handler calling memory_failure()
// itself. Its XFS built-ins do not mount (reflink), so no built-in takes a machine check through
// do_memory_failure(); the same entry points as on 6.x stay unreached
UNREACHED['4.19'] = [
  // as on 6.12: no built-in takes a logged-only, action-optional or fatal machine check, mounts, exits or spawns
  'do_exit --return--> event_end',
  'do_machine_check --panic--> panic',
  'do_machine_check --return--> event_end',
  'do_machine_check --uc_decode_notifier--> uc_decode_notifier',
  'do_mmap --fault--> kernel_clone/handle_mm_fault',
  'do_mmap --mmap--> do_mmap',
  'do_mmap --return--> event_end',
  'generic_shutdown_super --return--> event_end',
  'kernel_clone --fault--> kernel_clone/handle_mm_fault',
  'kernel_clone --mmap--> do_mmap',
  'kernel_clone --return--> event_end',
  'kernel_clone/handle_mm_fault --do_sigbus--> do_sigbus',
  'kernel_clone/handle_mm_fault --fault--> kernel_clone/handle_mm_fault',
  'kernel_clone/handle_mm_fault --return--> event_end',
  'path_mount --return--> event_end',
  'path_umount --return--> event_end',
  'path_umount --shutdown--> generic_shutdown_super',
  // the race built-ins are on XFS with reflink, refused at mount on 4.19: their file changes and munmaps
  // reach RAM page cache and are not simulated; pinned-truncate's XFS (no reflink) mounts and truncates
  'do_vmi_munmap --next--> do_vmi_munmap/unmap_region',
  'do_vmi_munmap --return--> event_end',
  'do_vmi_munmap/remove_vma --return--> event_end',
  'do_vmi_munmap/unmap_region --next--> do_vmi_munmap/remove_vma',
  'xfs_file_fallocate --next--> xfs_file_fallocate/dax_layout_busy_page_range',
  'xfs_file_fallocate/__xfs_free_extent --return--> event_end',
  'xfs_file_fallocate/__xfs_free_extent --wait--> task_sleeps',
  'xfs_file_fallocate/dax_delete_mapping_entry --next--> xfs_file_fallocate/xfs_free_file_space',
  'xfs_file_fallocate/dax_layout_busy_page_range --next--> xfs_file_fallocate/truncate_pagecache_range',
  'xfs_file_fallocate/dax_layout_busy_page_range --wait--> task_sleeps',
  'xfs_file_fallocate/truncate_pagecache_range --next--> xfs_file_fallocate/dax_delete_mapping_entry',
  'xfs_file_fallocate/xfs_free_file_space --free--> xfs_file_fallocate/__xfs_free_extent',
  'xfs_file_fallocate/xfs_free_file_space --return--> event_end',
  'xfs_file_remap_range --next--> xfs_file_remap_range/dax_layout_busy_page_range',
  'xfs_file_remap_range/__xfs_free_extent --return--> event_end',
  'xfs_file_remap_range/__xfs_free_extent --wait--> task_sleeps',
  'xfs_file_remap_range/dax_delete_mapping_entry --next--> xfs_file_remap_range/xfs_reflink_remap_blocks',
  'xfs_file_remap_range/dax_layout_busy_page_range --next--> xfs_file_remap_range/truncate_pagecache_range',
  'xfs_file_remap_range/dax_layout_busy_page_range --wait--> task_sleeps',
  'xfs_file_remap_range/truncate_pagecache_range --next--> xfs_file_remap_range/dax_delete_mapping_entry',
  'xfs_file_remap_range/xfs_reflink_remap_blocks --free--> xfs_file_remap_range/__xfs_free_extent',
  'xfs_file_remap_range/xfs_reflink_remap_blocks --return--> event_end',
  'xfs_vn_setattr/__xfs_free_extent --wait--> task_sleeps',
  'xfs_vn_setattr/xfs_itruncate_extents --return--> event_end',
  // the one machine check that reaches do_memory_failure() (rfc2020-ext4-unhandled, on ext4) returns
  // through action_result() and succeeds: no force_sig() after it
  'memory_failure --return--> do_memory_failure@memory_failure',
  'do_machine_check@do_memory_failure --force_sig--> do_machine_check/force_sig',
  // RIPV clear (kill_it): no built-in sets it
  'do_machine_check --force_sig--> do_machine_check/force_sig',
  'do_machine_check/force_sig --return--> event_end',
  // no pgmap_pfn_valid() check before it existed: memory_failure_dev_pagemap() always goes inline
  'memory_failure_dev_pagemap --action_result--> action_result',
  // as on 6.x: -ENXIO / panic, debugfs and GHES injection, later accesses and reads, multi-page madvise
  'memory_failure --return--> madvise_inject_error@memory_failure',
  'memory_failure --return--> uc_decode_notifier@memory_failure',
  'memory_failure --return--> memory_failure_work_func@memory_failure',
  'memory_failure --return--> hwpoison_inject@memory_failure',
  'memory_failure --panic--> panic',
  'hwpoison_inject --memory_failure--> memory_failure',
  'hwpoison_inject --return--> event_end',
  'hwpoison_inject@memory_failure --return--> event_end',
  'action_result --return--> hwpoison_inject@memory_failure',
  'memory_failure_work_func --memory_failure--> memory_failure',
  'memory_failure_work_func@memory_failure --return--> event_end',
  'action_result --return--> memory_failure_work_func@memory_failure',
  'handle_mm_fault --machine_check--> do_machine_check',
  'handle_mm_fault --return--> event_end',
  'dax_iomap_rw --return--> event_end',
  'madvise_inject_error --return--> event_end',
  'madvise_inject_error@memory_failure --memory_failure--> memory_failure',
];

// 4.16: 4.19 without v4.17's pinned-page series. No dax_layout_busy_page_range() state: the truncate goes
// from xfs_vn_setattr() straight to truncate_setsize(); only pinned-truncate and pinned-page-poison mount
// (XFS without reflink), so the other edges stay untaken as on 4.19
const NO_BUSY_STATE = [
  'xfs_file_fallocate --next--> xfs_file_fallocate/dax_layout_busy_page_range',
  'xfs_file_fallocate/dax_layout_busy_page_range --next--> xfs_file_fallocate/truncate_pagecache_range',
  'xfs_file_fallocate/dax_layout_busy_page_range --wait--> task_sleeps',
  'xfs_file_remap_range --next--> xfs_file_remap_range/dax_layout_busy_page_range',
  'xfs_file_remap_range/dax_layout_busy_page_range --next--> xfs_file_remap_range/truncate_pagecache_range',
  'xfs_file_remap_range/dax_layout_busy_page_range --wait--> task_sleeps',
];
// with page->mapping NULL the ext4 machine check (rfc2020-ext4-unhandled) fails in memory_failure() and
// do_memory_failure() force_sig()s; the PTE stays, so the later access takes a machine check, not a fault
const EXT4_FAILS = [
  'do_machine_check/force_sig --return--> event_end',
  'do_machine_check@do_memory_failure --force_sig--> do_machine_check/force_sig',
  'handle_mm_fault --machine_check--> do_machine_check',
];
UNREACHED['4.16'] = [
  ...UNREACHED['4.19'].filter(
    (e) => !NO_BUSY_STATE.includes(e) && !EXT4_FAILS.includes(e) && e !== 'handle_mm_fault --return--> event_end',
  ),
  // before v4.19 no memory failure on a DAX pfn is simulated (no mf-dev-pagemap): its path is never taken
  'action_result --return--> do_memory_failure@memory_failure',
  'action_result --return--> madvise_inject_error@memory_failure',
  'action_result --return--> uc_decode_notifier@memory_failure',
  'do_machine_check --do_memory_failure--> do_memory_failure',
  'do_machine_check/force_sig --return--> event_end',
  'do_machine_check@do_memory_failure --force_sig--> do_machine_check/force_sig',
  'do_memory_failure --memory_failure--> memory_failure',
  'do_memory_failure@memory_failure --return--> do_machine_check@do_memory_failure',
  'get_signal --done--> next_event',
  'handle_mm_fault --machine_check--> do_machine_check',
  'madvise_inject_error --memory_failure--> memory_failure',
  'madvise_inject_error@memory_failure --return--> event_end',
  'memory_failure --dev_pagemap--> memory_failure_dev_pagemap',
  'memory_failure_dev_pagemap --inline--> memory_failure_dev_pagemap/dax_lock_mapping_entry',
  'memory_failure_dev_pagemap/SetPageHWPoison --next--> memory_failure_dev_pagemap/collect_procs_file',
  'memory_failure_dev_pagemap/collect_procs_file --next--> memory_failure_dev_pagemap/unmap_mapping_range',
  'memory_failure_dev_pagemap/dax_lock_mapping_entry --fail--> action_result',
  'memory_failure_dev_pagemap/dax_lock_mapping_entry --locked--> memory_failure_dev_pagemap/hwpoison_filter',
  'memory_failure_dev_pagemap/dax_unlock_mapping_entry --next--> action_result',
  'memory_failure_dev_pagemap/hwpoison_filter --pass--> memory_failure_dev_pagemap/SetPageHWPoison',
  'memory_failure_dev_pagemap/kill_procs --next--> memory_failure_dev_pagemap/dax_unlock_mapping_entry',
  'memory_failure_dev_pagemap/unmap_mapping_range --next--> memory_failure_dev_pagemap/kill_procs',
  'uc_decode_notifier --memory_failure--> memory_failure',
  'uc_decode_notifier@memory_failure --return--> event_end',
  // the same, the other way: the succeeding machine check and the later fault of 4.19
  'do_machine_check@do_memory_failure --return--> event_end',
  'do_sigbus --return--> event_end',
  'handle_mm_fault --do_sigbus--> do_sigbus',
  // punch-hole and remap (no built-in on a mountable XFS) now go straight to truncate_pagecache_range
  'xfs_file_fallocate --next--> xfs_file_fallocate/truncate_pagecache_range',
  'xfs_file_remap_range --next--> xfs_file_remap_range/truncate_pagecache_range',
];

// rfc-2020-get-shared-files: a poison on XFS takes the owner list instead of the holder, so the holder's
// ways back from pmem are not taken; no built-in gets an empty list or a query error (action_result straight
// from the walk); runs of in-core owners are one step, so the query never resumes into another record
UNREACHED['rfc-2020-get-shared-files'] = [
  ...UNREACHED['6.12'],
  'dax_lock_mapping_entry --busy--> memory_failure_dev_pagemap@mf_dax_kill_procs',
  'memory_failure_dev_pagemap@pmem_pagemap_memory_failure --action_result--> action_result',
  'memory_failure_dev_pagemap@xfs_fs_get_shared_files --action_result--> action_result',
  'xfs_dax_notify_ddev_failure@xfs_rmap_query_range --return--> memory_failure_dev_pagemap@pmem_pagemap_memory_failure',
  'xfs_fs_get_shared_files/xfs_rmap_query_range --return--> xfs_fs_get_shared_files@xfs_fs_get_shared_files/xfs_rmap_query_range',
  'xfs_rmap_query_range@_get_shared_files_fn --record--> _get_shared_files_fn',
  // the race built-ins' truncate never meets a locked entry or a held AGF here: no dax_lock_mapping_entry()
  // on the get_shared_files() path (its list is built before any entry is locked)
  'xfs_vn_setattr/__xfs_free_extent --wait--> task_sleeps',
];
// rfc-2020-corrupted-range: the block-layer route replaces pmem_pagemap_memory_failure(); its ext4 poison
// is never handled, so the later access loads through the PTE (a machine check) instead of faulting
UNREACHED['rfc-2020-corrupted-range'] = [
  ...UNREACHED['6.12'].filter(
    (e) =>
      ![
        'handle_mm_fault --machine_check--> do_machine_check',
        'xfs_dax_notify_failure --return--> memory_failure_dev_pagemap@pmem_pagemap_memory_failure',
      ].includes(e),
  ),
  'do_sigbus --return--> event_end',
  'handle_mm_fault --do_sigbus--> do_sigbus',
  'memory_failure_dev_pagemap@pmem_pgmap_memory_failure --generic--> mf_generic_kill_procs',
  'memory_failure_dev_pagemap@pmem_pgmap_memory_failure --return--> hwpoison_inject@memory_failure',
  'memory_failure_dev_pagemap@pmem_pgmap_memory_failure --return--> memory_failure_work_func@memory_failure',
  'xfs_dax_notify_failure --return--> memory_failure_dev_pagemap@pmem_pgmap_memory_failure',
];

/**
 * The run-time file operations (issue 10 §3): no built-in writes, allocates, clones or runs mkfs; their
 * edges run in file-ops.test.ts. Every variant has the same states for them.
 */
const RUN_TIME_FILE_OPS = [
  'ext4_file_write_iter --next--> ext4_file_write_iter/ext4_iomap_begin',
  'ext4_file_write_iter --return--> event_end',
  'ext4_file_write_iter/dax_iomap_iter --done--> ext4_file_write_iter/ext4_dax_write_iter',
  'ext4_file_write_iter/dax_iomap_iter --more--> ext4_file_write_iter/ext4_iomap_begin',
  'ext4_file_write_iter/ext4_dax_write_iter --return--> event_end',
  'ext4_file_write_iter/ext4_iomap_begin --done--> ext4_file_write_iter/ext4_dax_write_iter',
  'ext4_file_write_iter/ext4_iomap_begin --next--> ext4_file_write_iter/dax_iomap_iter',
  'xfs_file_write_iter --next--> xfs_file_write_iter/xfs_direct_write_iomap_begin',
  'xfs_file_write_iter --return--> event_end',
  'xfs_file_write_iter/dax_iomap_iter --next--> xfs_file_write_iter/xfs_dax_write_iomap_end',
  'xfs_file_write_iter/xfs_dax_write_iomap_end --done--> xfs_file_write_iter/xfs_file_dax_write',
  'xfs_file_write_iter/xfs_dax_write_iomap_end --more--> xfs_file_write_iter/xfs_direct_write_iomap_begin',
  'xfs_file_write_iter/xfs_direct_write_iomap_begin --done--> xfs_file_write_iter/xfs_file_dax_write',
  'xfs_file_write_iter/xfs_direct_write_iomap_begin --next--> xfs_file_write_iter/dax_iomap_iter',
  'xfs_file_write_iter/xfs_file_dax_write --return--> event_end',
  'xfs_file_fallocate/xfs_alloc_file_space --next--> xfs_file_fallocate/xfs_falloc_setsize',
  'xfs_file_fallocate/xfs_alloc_file_space --return--> event_end',
  'xfs_file_fallocate/xfs_falloc_setsize --return--> event_end',
  'blkdev_open --next--> blkdev_write_iter',
  'blkdev_open --return--> event_end',
  'blkdev_write_iter --return--> event_end',
  'vfs_clone_file_range --next--> xfs_file_remap_range',
  'vfs_clone_file_range --return--> event_end',
  // FICLONE refused by XFS (no reflink, shut down) or of an empty file; FICLONERANGE is refused at validation
  'xfs_file_remap_range --return--> event_end',
];
for (const id of Object.keys(UNREACHED))
  UNREACHED[id] = [
    ...UNREACHED[id],
    ...RUN_TIME_FILE_OPS,
    // the allocation follows the layout break, or (4.16, no such state) xfs_file_fallocate() itself
    id === '4.16'
      ? 'xfs_file_fallocate --alloc--> xfs_file_fallocate/xfs_alloc_file_space'
      : 'xfs_file_fallocate/dax_layout_busy_page_range --alloc--> xfs_file_fallocate/xfs_alloc_file_space',
  ];

const edgeKey = (from: string, branch: string, to: string) => `${from} --${branch}--> ${to}`;

/** The state the machine went to after step a (b is the next step, if any). */
function nextState(a: StepRecord, b: StepRecord | undefined): string {
  // a file change that must wait sleeps (task_sleeps) and runs the same step again once woken
  if (a.branch === 'wait') return 'task_sleeps';
  if (b && b.event === a.event && b.state !== 'get_signal') return b.state;
  if (a.state === 'get_signal') return 'next_event';
  if (a.branch === 'panic') return 'panic';
  if (a.branch === 'oops') return 'oops';
  return 'event_end';
}

describe('the pipeline machine', () => {
  for (const v of VARIANTS) {
    describe(`on ${v.id}`, () => {
      const graph = machineGraph(createMemoryFailureMachine(v.id));
      const names = new Set(graph.states.map((s) => s.id));

      it('names a kernel function and file in every state that runs a step', () => {
        const states = createMemoryFailureMachine(v.id).root.states;
        for (const s of graph.states.filter((st) => st.fn !== null)) {
          const spec = STATE_SPECS[s.id];
          expect(states[s.id].meta, s.id).toEqual({
            kernel: { fn: spec.fn, file: spec.file },
            group: spec.group,
            after: spec.after ?? null,
          });
          expect(spec.file).toMatch(/^(mm|fs|drivers|arch|kernel|include|block)\//);
        }
      });

      it('only goes to states that exist, and resumes only where a call was made', () => {
        for (const e of graph.edges) expect(names.has(e.to), `${e.from} --${e.branch}--> ${e.to}`).toBe(true);
        const m = resolvedMachine(v.id);
        for (const [id, spec] of Object.entries(m.states)) {
          if (!spec.after) continue;
          const callers = Object.entries(m.states).filter(([, s]) =>
            Object.values(s.next).some((e) => 'call' in e && e.call === spec.after && e.then === id),
          );
          expect(callers.length, `${id} is resumed by no call`).toBeGreaterThan(0);
          for (const [, s] of callers) expect(s.fn, id).toBe(spec.fn);
          expect(id).toBe(`${spec.fn}@${spec.after}`);
        }
        for (const [id, sites] of Object.entries(m.returnsTo))
          for (const site of sites) expect(site === 'event_end' || m.states[site]?.after !== undefined, id).toBe(true);
      });

      it('takes every edge in some built-in, except those listed as unreached', () => {
        const taken = new Set<string>();
        for (const s of BUILTIN_SCENARIOS) {
          const r = simulateScenario(s, { kernel: v.id });
          if (!r.ok) throw new Error(`${v.id}: ${JSON.stringify(r.issues)}`);
          const steps = r.sim.rt.steps;
          // a racing change's steps interleave with the failure's: follow each event's own steps
          const nextOfSameEvent: (StepRecord | undefined)[] = new Array(steps.length);
          const lastSeen = new Map<number, StepRecord>();
          for (let i = steps.length - 1; i >= 0; i--) {
            nextOfSameEvent[i] = lastSeen.get(steps[i].event);
            lastSeen.set(steps[i].event, steps[i]);
          }
          steps.forEach((a, i) => {
            taken.add(edgeKey(a.state, a.branch, nextState(a, nextOfSameEvent[i])));
          });
        }
        const kernelEdges = graph.edges.filter((e) => STATE_SPECS[e.from] !== undefined);
        const unreached = kernelEdges.map((e) => edgeKey(e.from, e.branch, e.to)).filter((k) => !taken.has(k));
        expect(unreached.sort()).toEqual([...(UNREACHED[v.id] ?? [])].sort());
      });
    });
  }
});
