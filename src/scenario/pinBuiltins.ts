/**
 * The built-in of the pinned-page series (issue 8 §4, seed 001): a page pinned for DMA by get_user_pages()
 * while its file is truncated, on kernel 4.16, the release before dax_layout_busy_page() (v4.17), listed
 * under "Design reviews" to compare with 6.12. PINNED_PAGE_POISON (a memory failure on a pinned page) is
 * run by the tests on every variant, not offered as a built-in.
 */
import type { ScenarioInput } from './schema';

export const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' } as const;
// 4.16 and 4.19 refuse -o dax with reflink: rmapbt only, so every variant mounts the same filesystem
export const XFS_NO_REFLINK = { type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: false, rmapbt: true } as const;
/** D hands the first page of /mnt/A to a device for DMA (O_DIRECT, RDMA); it faulted that page at setup. */
export const dmaUser = () => ({
  name: 'D',
  mceKill: 'default' as const,
  mappings: [{ name: 'a', file: '/mnt/A' }],
  touch: [{ mapping: 'a', offset: '0x0', write: true }],
});

export const PIN_BUILTINS: ScenarioInput[] = [
  {
    format: 1,
    id: 'pinned-truncate',
    kernel: '4.16',
    title: 'Design review: truncate under a page pinned for DMA (4.16, before dax_layout_busy_page())',
    description:
      "D pins the first page of /mnt/A with get_user_pages() for a DMA (_refcount 1 → 2), then /mnt/A is truncated to 0, then the DMA completes (put_page()). On 4.16 nothing looks at the pin: the DAX entry leaves i_pages and block 0 is freed while _refcount is still 2, so the device's DMA goes on into a free block (what it overwrites later is UNVERIFIED); page->mapping is NULL throughout, DAX pages had no owner. On 6.12 (v4.17's 5fac7408d828) xfs_break_dax_layouts() finds the page busy in dax_layout_busy_page_range() and the truncate sleeps until D's put_page() brings _refcount back to 1; only then are the entry and the block freed.",
    namespaces: [PMEM0],
    filesystems: [XFS_NO_REFLINK],
    files: [{ path: '/mnt/A', size: '4MiB' }],
    processes: [dmaUser()],
    events: [
      { kind: 'pin', process: 'D', mapping: 'a', offset: '0x0' },
      { kind: 'truncate', path: '/mnt/A', size: 0 },
      { kind: 'unpin', pin: 0 },
    ],
  },
];

/** A memory failure on a page pinned for DMA (pin, machine check on it, unpin). */
export const PINNED_PAGE_POISON: ScenarioInput = {
  format: 1,
  id: 'pinned-page-poison',
  title: 'A memory failure on a page pinned for DMA',
  description:
    "D pins the first page of /mnt/A for a DMA, then reads it and takes a machine check. memory_failure() does nothing with the pin: it marks the page, unmaps it from D and sends D SIGBUS BUS_MCEERR_AR, and _refcount stays 2 until the DMA's put_page(). The device is not told (what its DMA then reads is UNVERIFIED: the model has no device).",
  namespaces: [PMEM0],
  filesystems: [XFS_NO_REFLINK],
  files: [{ path: '/mnt/A', size: '4MiB' }],
  processes: [dmaUser()],
  events: [
    { kind: 'pin', process: 'D', mapping: 'a', offset: '0x0' },
    { kind: 'mce', process: 'D', mapping: 'a', offset: '0x0' },
    { kind: 'unpin', pin: 0 },
  ],
};
