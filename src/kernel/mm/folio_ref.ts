/**
 * The folio reference a user mapping holds on ZONE_DEVICE DAX memory since the v6.15 refcount rework
 * (dax-folio-refcount). Models: mm/memory.c insert_page() / vmf_insert_page_mkwrite() and
 * huge_memory.c vmf_insert_folio_pmd() (folio_get() when a DAX leaf is installed), and the zap path's
 * folio_put() when it is removed; free_zone_device_folio() for MEMORY_DEVICE_FS_DAX only wakes waiters
 * (wake_up_var), so reaching 0 changes nothing else here. Before v6.15 DAX leaves were pfn mappings
 * (vmf_insert_mixed) and took no reference: nothing to do.
 * Not modeled: _mapcount / _large_mapcount (folio_add_file_rmap_pte/pmd).
 */
import { pageSet } from '../fs/dax';
import type { Kernel } from '../kernel';
import type { PtEntry } from '../sched';

/** folio_get() (delta +1) or folio_put() (delta −1) on the folio a leaf maps, when the variant refcounts it. */
export function daxLeafFolioRef(k: Kernel, e: PtEntry, delta: 1 | -1): void {
  if (!k.has('dax-folio-refcount')) return;
  const ns = k.namespaceOfPfn(e.pfn);
  if (!ns) return;
  const head = ns.pages.compound_head(e.pfn);
  pageSet(k, ns, head, '_refcount', ns.pages.page(head)._refcount + delta);
}

/**
 * _refcount of an idle fsdax page once its mappings are gone: 1 until the v6.15 folio rework, 0 after it
 * (dax_busy_page(): `page_ref_count(page) > 1`, then `folio_ref_count(folio) - folio_mapcount(folio)`).
 */
export const daxIdleRef = (k: Kernel): number => (k.has('dax-folio-refcount') ? 0 : 1);
