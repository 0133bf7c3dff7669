/**
 * Quiet kill rounds: an owner whose file holds no DAX entry in the failed range (open, never faulted there).
 * mf_dax_kill_procs() (6.12.117 mm/memory-failure.c:1838-1871; 6.1.192 :1667-1694) then does nothing but
 * ask: dax_lock_mapping_entry() finds no entry and returns the cookie ~0 with page NULL (fs/dax.c:512-521),
 * the loop jumps to unlock, dax_unlock_mapping_entry() returns at once for ~0, and mf_dax_kill_procs()
 * returns 0; the caller (xfs_dax_failure_fn, or the 2020 design's list walk) then xfs_irele()s the inode.
 * No struct page, entry, PTE or signal changes.
 *
 * Why fold: a million open reflinked copies (the 2020 review's "millions of open files") are a million such
 * rounds of six steps each; recorded one by one they need gigabytes. A run of at least QUIET_FOLD_MIN quiet
 * rounds is one step (with `group`), as the runs of not-in-core records already are; shorter runs keep every
 * call. A failure another event races (`concurrentWith`) is never folded: any round may be where it starts.
 */
import type { Frame } from '../frame';
import { DAX_COOKIE_NONE } from '../fs/dax';
import type { AddressSpace } from '../fs/vfs';
import { xa_load } from '../lib/xarray';
import { MF_ACTION_REQUIRED, MF_MUST_KILL } from './memory-failure';

/** Runs of quiet rounds at least this long are one step; shorter ones are stepped call by call. */
export const QUIET_FOLD_MIN = 1024;

/** True when no index of [from, to) of the file holds a DAX entry (dax_lock_mapping_entry() finds NULL). */
export function noDaxEntryIn(mapping: AddressSpace, from: number, to: number): boolean {
  if (mapping.i_pages.head === null) return true;
  for (let i = from; i < to; i++) if (xa_load(mapping.i_pages, i) !== null) return false;
  return true;
}

/** Leave the frame as the last of the folded rounds would: mf_dax_kill_procs() past its last index, rc 0. */
export function endQuietRounds(f: Frame, mappingId: string, endIndex: number, mfFlags: number): void {
  f.mappingId = mappingId;
  f.index = endIndex;
  f.endIndex = endIndex;
  f.flags = mfFlags | MF_ACTION_REQUIRED | MF_MUST_KILL;
  f.cookie = DAX_COOKIE_NONE;
  f.page = null;
  f.rc = 0;
}
