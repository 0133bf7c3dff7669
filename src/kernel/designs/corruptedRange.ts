/**
 * The unmerged design rfc-2020-corrupted-range: the Sep 2020 "->storage_lost" RFC and its Dec 2020 v2/v3
 * ("->corrupted_range", "->block_lost"), Shiyang Ruan. pgmap->ops->memory_failure (pmem_pgmap_memory_failure)
 * finds the block device on the failed sector and asks its superblock (bdev->bd_super->s_op->corrupted_range);
 * memory_failure_dev_pagemap() returns what that gives, with no page->mapping fallback. The patch code was not
 * read: reference.md §5 row 3 summarises the functions and Jan Kara's and Dan Williams's reviews.
 */
import { EOPNOTSUPP } from '../errno';
import { nsId, pfnId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import type { KernelOp } from '../step';
import { hex, PAGE_SIZE, PFN_PHYS } from '../units';

const FILE = 'drivers/nvdimm/pmem.c';

/** Does the filesystem on this device implement ->corrupted_range? In the series only XFS did. */
const implementsCorruptedRange = (k: Kernel, ns: Namespace): string | null => {
  const fs = ns.dax_dev.holder_data ? k.filesystems.get(ns.dax_dev.holder_data) : undefined;
  if (fs?.type === 'xfs' && fs.xfs?.rmapbt) return fs.dev;
  return null;
};

export const pmem_pgmap_memory_failure: KernelOp = (k, f) => {
  const ns = f.ns as Namespace;
  f.offset = PFN_PHYS(f.pfn) - ns.phys_addr - ns.data_offset;
  f.len = PAGE_SIZE;
  const sector = (f.offset + ns.data_offset) / 512;
  const fsDev = implementsCorruptedRange(k, ns);
  const fsType = [...k.filesystems.values()].find((fs) => fs.dev === ns.name)?.type ?? 'none';
  const decisions = [
    {
      predicate: 'bdev->bd_super->s_op->corrupted_range',
      result: fsDev !== null,
      reads: [
        { path: 'bdget_disk_sector(disk, sector)', value: `${ns.name} (sector ${sector})` },
        { path: 'bdev->bd_super->s_type', value: fsType },
      ],
      models: { fn: 'pmem_pgmap_memory_failure', file: FILE },
    },
  ];
  const touched = [pfnId(f.pfn), nsId(ns.name)];
  if (fsDev)
    return {
      branch: 'holder',
      summary: `disk->fops->corrupted_range(disk, bdev, ${hex(f.offset)}, 4096): the superblock on ${ns.name} is XFS → its ->corrupted_range (modelled by 6.12's XFS walk below, UNVERIFIED)`,
      decisions,
      touched,
    };
  f.rc = -EOPNOTSUPP;
  return {
    branch: 'return',
    summary: `disk->fops->corrupted_range(disk, bdev, ${hex(f.offset)}, 4096): the superblock on ${ns.name} (${fsType}) has no ->corrupted_range: -EOPNOTSUPP`,
    decisions,
    touched,
  };
};

/** What the design's memory_failure_dev_pagemap() does with -EOPNOTSUPP: return it, no fallback. */
export const noFallbackFlaw =
  'the filesystem has no ->corrupted_range and memory_failure_dev_pagemap() no longer falls back to page->mapping: the poisoned page stays mapped, unmarked, and nobody is told (Jan Kara: it "breaks DAX hwpoison handling terminally for all filesystems which don\'t implement ->corrupted_range() - e.g. for ext4")';
