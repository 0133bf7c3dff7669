/**
 * Facts the XFS rmap view needs beyond selectRmap: rm_flags names, and why there is no rmapbt to show.
 * Pure helpers over the view model (and, for the absence, over the loaded kernel); no React.
 */
import { XFS_RMAP_ATTR_FORK, XFS_RMAP_BMBT_BLOCK, XFS_RMAP_UNWRITTEN } from '../kernel/fs/xfs/xfs_format';
import type { Kernel } from '../kernel/kernel';
import type { AppState } from './appStore';

const FLAG_NAMES: [number, string][] = [
  [XFS_RMAP_UNWRITTEN, 'XFS_RMAP_UNWRITTEN'],
  [XFS_RMAP_ATTR_FORK, 'XFS_RMAP_ATTR_FORK'],
  [XFS_RMAP_BMBT_BLOCK, 'XFS_RMAP_BMBT_BLOCK'],
];

/** Names of the in-core rm_flags bits (struct xfs_rmap_irec). */
export const rmapFlagNames = (flags: number): string[] =>
  FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name);

export interface RmapAbsence {
  kind: 'ext4' | 'xfs-no-rmapbt' | 'no-fs';
  message: string;
}

/** Why selectRmap has nothing to show (no XFS with an rmapbt), or null when it has (per step: StepViews). */
export const selectRmapAbsence = (s: AppState): RmapAbsence | null => s.views?.rmapAbsence ?? null;

/** Why the rmap view has nothing to show, from the kernel (where the run is: src/store/stepViews.ts). */
export function rmapAbsenceOf(k: Kernel): RmapAbsence | null {
  const fss = [...k.filesystems.values()];
  if (fss.some((f) => f.xfs?.rmapbt)) return null;
  if (fss.some((f) => f.type === 'xfs'))
    return {
      kind: 'xfs-no-rmapbt',
      message:
        'XFS without rmapbt (mkfs -m rmapbt=0): xfs_dax_notify_failure returns -EOPNOTSUPP and the generic path finds the owner through page->mapping',
    };
  if (fss.some((f) => f.type === 'ext4'))
    return {
      kind: 'ext4',
      message: 'ext4 keeps no reverse map: the generic path finds the owner through page->mapping',
    };
  return {
    kind: 'no-fs',
    message: 'no XFS filesystem in this scenario (device-dax has no filesystem): nothing keeps a reverse map',
  };
}
