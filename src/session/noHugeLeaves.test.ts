import { describe, expect, it } from 'vitest';
import { emptyMm, isNoHugeLeaves, NO_HUGE_LEAVES } from '../kernel/sched';
import { simulateBuiltin } from './simulate';

describe('NO_HUGE_LEAVES (the PMD/PUD maps of a new mm, shared until its first huge leaf)', () => {
  it('refuses writes and stays empty', () => {
    expect(() => NO_HUGE_LEAVES.set(0, { addr: 0, level: 'pmd', pfn: 1, vmaId: 'v' })).toThrow(/installPt/);
    expect(NO_HUGE_LEAVES.delete(0)).toBe(false);
    expect(NO_HUGE_LEAVES.size).toBe(0);
    const mm = emptyMm(0x7f0000000000);
    expect(isNoHugeLeaves(mm.pmd) && isNoHugeLeaves(mm.pud) && !isNoHugeLeaves(mm.pte)).toBe(true);
  });

  it('a task with a PMD leaf has a map of its own; the others keep the shared empty one', () => {
    const run = simulateBuiltin('fsdax-pmd-mapping');
    const tasks = run.built.k.tasks.filter((t) => t.mm);
    // the scenario's PMD fault gave its task a map of its own (the failure may have unmapped the leaf since)
    const own = tasks.filter((t) => t.mm && !isNoHugeLeaves(t.mm.pmd));
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((t) => t.mm?.pmd)).size).toBe(own.length);
    for (const t of tasks) expect(t.mm?.pud.size).toBe(0);
    expect(NO_HUGE_LEAVES.size).toBe(0);
  });
});
