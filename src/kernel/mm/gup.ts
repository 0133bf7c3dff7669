/**
 * Pages pinned for DMA: a process hands a range of its DAX mapping to a device (O_DIRECT, RDMA), and
 * get_user_pages() takes a reference on each page (_refcount + 1) that only the device's completion
 * drops (put_page()). The reference pins the page, not the file offset: what a truncate does meanwhile
 * is the point of seed 001 (dax_layout_busy_page(), v4.17).
 * Models mm/gup.c __get_user_pages() → follow_page_mask() / faultin_page() → try_grab_folio(FOLL_GET)
 * (6.12.117: folio_ref_inc), and put_page() → put_devmap_managed_folio_refs() →
 * __put_devmap_managed_folio_refs() (mm/memremap.c:515-527: fsdax refcounts are 1-based; the put that
 * brings _refcount back to 1 calls wake_up_var(&folio->_refcount)). FOLL_PIN (pin_user_pages(),
 * GUP_PIN_COUNTING_BIAS) is not modelled: O_DIRECT's pin is shown as FOLL_GET.
 */
import type { Frame, KernelEvent } from '../frame';
import { pageSet } from '../fs/dax';
import { pfnId, taskId } from '../ids';
import type { Kernel, Namespace } from '../kernel';
import type { StepOutcome } from '../step';
import { hex, PAGE_SIZE } from '../units';
import { handle_mm_fault } from './dax_fault';
import { daxIdleRef } from './folio_ref';

type Ev<K extends KernelEvent['kind']> = Extract<KernelEvent, { kind: K }>;

const refOf = (ns: Namespace, pfn: number) => ns.pages.page(ns.pages.compound_head(pfn))._refcount;

/** get_user_pages(start, nr_pages, FOLL_WRITE | FOLL_GET): fault each page in if needed, take a reference. */
export const get_user_pages = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'pin'>;
  const task = k.task(ev.pid);
  const pfns: number[] = [];
  const touched = [taskId(task.pid)];
  const decisions = [];
  for (let addr = ev.addr; addr < ev.addr + ev.length; addr += PAGE_SIZE) {
    let pt = task.mm ? k.lookupPt(task.mm, addr) : null;
    if (!pt) {
      // faultin_page() → handle_mm_fault(FAULT_FLAG_WRITE): a DMA target is written
      const r = handle_mm_fault(k, task, addr, true, true);
      decisions.push(...r.decisions);
      touched.push(...r.touched);
      if (r.ret !== 'VM_FAULT_NOPAGE' || !r.entry) {
        f.topReturn = pfns.length || -14;
        return {
          branch: 'return',
          summary: `faultin_page(${hex(addr)}) fails (${r.why}): get_user_pages() returns ${pfns.length ? `${pfns.length} (the pages pinned so far)` : '-EFAULT'}`,
          decisions,
          touched,
        };
      }
      pt = r.entry;
    }
    const pfn = pt.pfn + Math.floor((addr - pt.addr) / PAGE_SIZE);
    const ns = k.namespaceOfPfn(pfn) as Namespace;
    const head = ns.pages.compound_head(pfn);
    pageSet(k, ns, head, '_refcount', refOf(ns, pfn) + 1);
    pfns.push(pfn);
    touched.push(pfnId(pfn));
  }
  k.j.set('gup', k.gupPins, String(f.eventIndex), pfns);
  f.topReturn = pfns.length;
  const ns0 = k.namespaceOfPfn(pfns[0]) as Namespace;
  return {
    branch: 'return',
    summary: `${pfns.length} page(s) from ${hex(ev.addr)}: try_grab_folio(FOLL_GET) raises _refcount (pfn ${hex(pfns[0])}: ${refOf(ns0, pfns[0])}); the device may now DMA into them until put_page()`,
    decisions,
    touched,
  };
};

/** put_page() of each page the pin took: __put_devmap_managed_folio_refs() wakes _refcount waiters at 1. */
export const put_page = (k: Kernel, f: Frame): StepOutcome => {
  const ev = f.event as Ev<'unpin'>;
  const pfns = k.gupPins[String(ev.pin)] ?? [];
  const woke: number[] = [];
  for (const pfn of pfns) {
    const ns = k.namespaceOfPfn(pfn) as Namespace;
    const head = ns.pages.compound_head(pfn);
    const ref = refOf(ns, pfn) - 1;
    pageSet(k, ns, head, '_refcount', ref);
    if (ref === daxIdleRef(k)) woke.push(pfn);
  }
  k.j.set('gup', k.gupPins, String(ev.pin), []);
  f.topReturn = 0;
  return {
    branch: 'return',
    summary: pfns.length
      ? `the DMA is done: ${pfns.length} page(s) lose the reference (pfn ${hex(pfns[0])}: _refcount ${refOf(k.namespaceOfPfn(pfns[0]) as Namespace, pfns[0])})${woke.length && k.has('dax-layout-busy-page') ? `; _refcount back to ${daxIdleRef(k)}: wake_up_var(&folio->_refcount) for ${woke.map(hex).join(', ')}` : ''}`
      : 'the pin took no page: nothing to put',
    touched: [taskId(ev.pid), ...pfns.map(pfnId)],
  };
};
