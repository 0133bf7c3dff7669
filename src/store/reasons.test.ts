import { describe, expect, it } from 'vitest';
import { createAppStore } from './inlineStore';
import { selectLinked, selectPipeline, selectProcesses, selectSelectionSteps } from './selectors';

function at(scenario: string, stepId: string | null, selection: string | null = null) {
  const store = createAppStore({ scenario, selection });
  store.getState().setAllLanes(true);
  const s = store.getState();
  if (s.load.status !== 'ready') throw new Error('not loaded');
  const i = stepId === null ? s.load.sim.rt.steps.length : s.load.sim.rt.steps.findIndex((x) => x.id === stepId) + 1;
  s.stepTo(i);
  return store.getState();
}

describe('reasons linked to the step that decided them', () => {
  it("Q's No signal in xfs-reflink-shared names collect_procs_fsdax#2, and only once the kernel has decided", () => {
    const q = (s: ReturnType<typeof at>) => selectProcesses(s)?.find((p) => p.name === 'Q');
    expect(q(at('xfs-reflink-shared', 'collect_procs_fsdax#1'))?.note).toBeNull();
    const decided = q(at('xfs-reflink-shared', 'collect_procs_fsdax#2'));
    expect(decided?.reasons[0]).toEqual({
      text: 'not collected: task_early_kill() is NULL (not current, no early-kill thread)',
      step: { id: 'collect_procs_fsdax#2', index: expect.any(Number) },
    });
    // the PTE went during setup (R's fault), not in a step
    expect(decided?.reasons[1].step).toBeNull();
    expect(q(at('xfs-reflink-shared', null))?.reasons[0].step?.id).toBe('collect_procs_fsdax#2');
  });

  it('a range unmap_and_kill() removed names its step', () => {
    const p = selectProcesses(at('ext4-single-owner', null))?.find((x) => x.name === 'V');
    expect(p?.unmapped.some((u) => u.step?.id === 'mf_generic_kill_procs/unmap_and_kill#1')).toBe(true);
  });

  it('an rmap record reaches the processes that map its inode', () => {
    const s = at('xfs-reflink-shared', 'xfs_rmap_query_range#1', 'rmap:pmem0:ag0:r7');
    const linked = selectLinked(s) as Set<string>;
    // /mnt/B (inode 132) is mapped by Q and R
    expect(linked.has('task:200')).toBe(true);
    expect(linked.has('task:201')).toBe(true);
  });

  it('selecting a process lights its steps in the chart and the log', () => {
    const s = at('xfs-reflink-shared', null, 'task:201');
    const steps = selectSelectionSteps(s) as Set<number>;
    const load = s.load.status === 'ready' ? s.load : null;
    const ids = [...steps].map((i) => load?.sim.rt.steps[i].id);
    expect(ids).toContain('collect_procs_fsdax#2');
    expect(ids).toContain('mf_dax_kill_procs/kill_procs#2');
    const lit = selectPipeline(s)
      ?.states.filter((x) => x.lit)
      .map((x) => x.id);
    expect(lit).toContain('mf_dax_kill_procs/kill_procs');
  });
});

describe('what a step changed', () => {
  it('SetPageHWPoison changed the struct page flags; unmap_and_kill the PTE; kill_procs the pending signals', async () => {
    const { selectChanged } = await import('./selectors');
    expect(selectChanged(at('xfs-reflink-shared', 'mf_dax_kill_procs/SetPageHWPoison#1'))).toContainEqual({
      object: 'pfn:0x102222',
      fields: ['flags'],
    });
    expect(selectChanged(at('xfs-reflink-shared', 'mf_dax_kill_procs/unmap_and_kill#1'))).toContainEqual({
      object: 'pt:202:0x7f01ffc03000',
      fields: ['pte'],
    });
    expect(selectChanged(at('xfs-reflink-shared', 'mf_dax_kill_procs/kill_procs#1'))).toContainEqual({
      object: 'task:202',
      fields: ['pending'],
    });
    expect(selectChanged(at('xfs-reflink-shared', 'collect_procs_fsdax#1'))).toEqual([]);
  });
});
