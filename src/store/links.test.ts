/**
 * linkedIds walks every inode and the rmapbt once for all the blocks of a selection (bench A: a record whose
 * block a million reflinked copies share took ~30 s walked per block). It must link exactly what the walk per
 * pfn linked, in the same order: that walk is kept here as the reference.
 */
import { describe, expect, it, vi } from 'vitest';
import { dax_entry_order, dax_is_empty_entry, dax_is_zero_entry, dax_to_pfn } from '../kernel/fs/dax';
import { fileMappingId, indexId, pfnId, pteId, rmapId, taskId } from '../kernel/ids';
import { firstDataPfn, type Kernel, pfnToBlock } from '../kernel/kernel';
import { xa_for_each } from '../kernel/lib/xarray';
import { PAGE_SIZE, PMD_SIZE, PUD_SIZE } from '../kernel/units';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin } from '../session/simulate';
import { pipelineGraph } from '../worker/jobs';
import { LinkedIds, linkedIds, pfnsOf } from './links';
import type { LocalReady } from './selectors';
import { computeStepViews, linkedShown } from './stepViews';

const LEVEL = { pte: PAGE_SIZE, pmd: PMD_SIZE, pud: PUD_SIZE } as const;

/** an rmap record's file and the VMAs and tasks that map it, as linkedIds adds them first */
function mappers(k: Kernel, id: string): string[] {
  const [, dev, ag, rec] = id.split(':');
  const r = k.filesystems.get(dev)?.xfs?.rmap[Number(ag.slice(2))]?.record(Number(rec.slice(1)));
  const m = r && r.rm_owner >= 0 ? k.mappings.get(fileMappingId(dev, r.rm_owner)) : undefined;
  return m ? [m.id, ...m.i_mmap.flatMap((v) => [v.id, taskId(v.pid)])] : [];
}

/** the walk per pfn linkedIds did before */
function reference(k: Kernel, selection: string): string[] {
  const out = new Set<string>([selection, ...(selection.startsWith('rmap:') ? mappers(k, selection) : [])]);
  const pfns = new Set(pfnsOf(k, selection));
  if (pfns.size === 0) return [...out];
  for (const pfn of pfns) out.add(pfnId(pfn));
  for (const m of k.mappings.values()) {
    if (m.host.kind === 'cdev') {
      const ns = k.namespace(m.host.name);
      for (const pfn of pfns) if (pfn >= firstDataPfn(ns)) out.add(indexId(m.id, pfn - firstDataPfn(ns)));
      continue;
    }
    for (const { index, entry } of xa_for_each(m.i_pages)) {
      if (dax_is_zero_entry(entry) || dax_is_empty_entry(entry)) continue;
      const first = dax_to_pfn(entry);
      const n = 2 ** dax_entry_order(entry);
      for (const pfn of pfns) if (pfn >= first && pfn < first + n) out.add(indexId(m.id, index + (pfn - first)));
    }
  }
  for (const fs of k.filesystems.values()) {
    const ns = k.namespaces.find((n) => n.fs === fs.dev);
    const xfs = fs.xfs;
    if (!ns) continue;
    for (const pfn of pfns) {
      const block = pfnToBlock(ns, pfn);
      if (!(block >= 0 && block < fs.blocks)) continue;
      for (const inode of fs.inodes.values())
        for (const x of inode.extents)
          if (block >= x.block && block < x.block + x.len)
            out.add(indexId(fileMappingId(fs.dev, inode.ino), x.fileoff + block - x.block));
      if (!xfs?.rmapbt) continue;
      const agno = Math.floor(block / xfs.geometry.agblocks);
      const hits = xfs.rmap[agno].queryRange(block % xfs.geometry.agblocks, block % xfs.geometry.agblocks);
      // every owner of the block (the views used to list the first 256)
      for (const hit of hits) out.add(rmapId(fs.dev, agno, hit));
    }
  }
  for (const task of k.tasks) {
    if (!task.mm) continue;
    for (const level of ['pte', 'pmd', 'pud'] as const)
      for (const e of task.mm[level].values())
        for (const pfn of pfns)
          if (pfn >= e.pfn && pfn < e.pfn + LEVEL[level] / PAGE_SIZE) {
            out.add(pteId(task.pid, e.addr));
            out.add(e.vmaId);
            out.add(taskId(task.pid));
            break;
          }
  }
  return [...out];
}

/** a spread of selections: every rmap record, task, mapped index and page-table entry, the events' pfns */
function selectionsOf(k: Kernel, pfns: number[]): string[] {
  const out = pfns.map(pfnId);
  for (const fs of k.filesystems.values())
    for (const [agno, bt] of (fs.xfs?.rmap ?? []).entries())
      for (let r = 0; r < bt.nr; r++) out.push(rmapId(fs.dev, agno, r));
  for (const m of k.mappings.values()) for (const { index } of xa_for_each(m.i_pages)) out.push(indexId(m.id, index));
  for (const t of k.tasks) {
    out.push(taskId(t.pid));
    for (const e of t.mm?.pte.values() ?? []) out.push(pteId(t.pid, e.addr), e.vmaId);
  }
  // an even sample of at most 60 (the reference walk of a record over 1,024 shared blocks takes seconds)
  const every = Math.max(1, Math.ceil(out.length / 60));
  let wide = 0;
  // and three selections over more than 64 pfns at most (101 files sharing 1,024 blocks: ~100k links each)
  return out.filter((id, i) => (i % every === 0 || i < pfns.length) && (pfnsOf(k, id).length <= 64 || wide++ < 3));
}

describe('linkedIds: one walk for all the blocks links what a walk per pfn linked, in the same order', () => {
  for (const { id } of BUILTIN_SCENARIOS) {
    it(id, () => {
      const sim = simulateBuiltin(id);
      const k = sim.rt.k;
      const ends = [0, Math.floor(sim.rt.steps.length / 2), sim.rt.steps.length];
      let compared = 0;
      for (const c of ends) {
        k.j.seek(c === 0 ? 0 : sim.rt.steps[c - 1].journal[1]);
        const pfns = sim.report.events.flatMap((e) => (e.pfn === null ? [] : [Number(e.pfn)]));
        const entries = [...k.mappings.values()].flatMap((m) =>
          [...xa_for_each(m.i_pages)].map(({ index }) => indexId(m.id, index)),
        );
        const indexIds = entries.filter((_, i) => i % Math.ceil(entries.length / 500) === 0);
        for (const sel of selectionsOf(k, pfns)) {
          const at = `${id} at step ${c}: ${sel}`;
          const want = reference(k, sel);
          const linked = linkedIds(k, sel);
          // what has(), size and pagesOf() answer without listing the file pages is what the list holds
          expect(linked.size, at).toBe(want.length);
          const wanted = new Set(want);
          // (an even sample of 2,000: a record over 1,024 blocks of 101 files links ~100k)
          const sample = want.filter((_, i) => i % Math.ceil(want.length / 2000) === 0);
          for (const x of [...sample, ...indexIds, 'ino:nodev:1:0', 'ino:pmem0:1:x', 'pfn:1']) {
            expect(linked.has(x), `${at}: has ${x}`).toBe(wanted.has(x));
          }
          // the files it names, and one it may not
          const files = new Set([...k.mappings.keys()].slice(0, 1));
          for (const x of want) if (x.startsWith('ino:')) files.add(x.split(':').slice(0, 3).join(':'));
          for (const m of [...files].slice(0, 4))
            expect(new Set(linked.pagesOf(m)), `${at}: pages of ${m}`).toEqual(
              new Set(want.filter((x) => x.startsWith(`${m}:`))),
            );
          expect([...linked], at).toEqual(want);
          expect(linked.filePages(), at).toEqual(want.filter((x) => x.startsWith('ino:') || x.startsWith('cdev:')));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('the linked ids sent to the page: those its views can draw', () => {
  it('drops the file pages of other files and the rmap records outside the window, the selection first', () => {
    const sim = simulateBuiltin('xfs-reflink-shared');
    const load: LocalReady = { status: 'ready', sim, built: sim.built, graph: pipelineGraph(sim.report.kernel) };
    const n = sim.rt.steps.length;
    let dropped = 0;
    for (const sel of selectionsOf(sim.rt.k, [])) {
      const v = computeStepViews(load, { cursor: n, selection: sel, focus: null, allLanes: false });
      const full = linkedIds(sim.rt.k, sel);
      expect(v.linkedTotal).toBe(full.size);
      const records = new Set(v.rmap?.records.map((r) => r.id));
      const want = [...full].filter(
        (x, i) =>
          i === 0 ||
          (x.startsWith('ino:') && x.split(':').length === 4
            ? x.split(':').slice(0, 3).join(':') === v.xarray?.mappingId
            : x.startsWith('rmap:')
              ? records.has(x)
              : true),
      );
      expect([...v.linked][0], sel).toBe(sel);
      expect(v.linked, sel).toEqual(new Set(want));
      expect(linkedShown(full, v.xarray, v.rmap)).toEqual(v.linked);
      dropped += full.size - v.linked.size;
    }
    // the scenario's two files share a block: selecting one's page links the other's, which the xarray view of
    // the first does not show
    expect(dropped).toBeGreaterThan(0);
  });
});

describe('a selection linked to many file pages', () => {
  it("is counted and drawn without listing every file's pages (bench A: a million per step)", () => {
    const sim = simulateBuiltin('rfc2020-owner-list');
    const load: LocalReady = { status: 'ready', sim, built: sim.built, graph: pipelineGraph(sim.report.kernel) };
    const k = sim.rt.k;
    const n = sim.rt.steps.length;
    // the record of a file whose blocks the 100 reflinked copies share
    const records = (k.filesystems.get('pmem0')?.xfs?.rmap ?? []).flatMap((bt, agno) =>
      Array.from({ length: bt.nr }, (_, r) => ({ id: rmapId('pmem0', agno, r), rec: bt.record(r) })),
    );
    const shared = records.find((r) => r.rec.rm_owner >= 0 && r.rec.rm_blockcount >= 1024);
    expect(shared).toBeDefined();
    const sel = shared?.id ?? '';
    const listing = vi.spyOn(LinkedIds.prototype, Symbol.iterator);
    const v = computeStepViews(load, { cursor: n, selection: sel, focus: null, allLanes: false });
    const listed = listing.mock.contexts.filter((l) => (l as LinkedIds).selection === sel).length;
    listing.mockRestore();
    expect(listed).toBe(0);
    // what it counted and drew is what listing them all gives
    const all = [...linkedIds(k, sel)];
    expect(all.length).toBeGreaterThan(100 * 1024);
    expect(v.linkedTotal).toBe(all.length);
    expect(v.linked).toEqual(linkedShown(linkedIds(k, sel), v.xarray, v.rmap));
    const shownFile = v.xarray?.mappingId ?? '';
    expect([...v.linked].filter((x) => x.startsWith(`${shownFile}:`))).toEqual(
      all.filter((x) => x.startsWith(`${shownFile}:`)),
    );
  }, 120_000);
});
