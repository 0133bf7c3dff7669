import { describe, expect, it } from 'vitest';
import { simulateBuiltin } from '../session/simulate';
import { findLoops, nextDecisionTarget, nextEventTarget, stepOverTarget } from './navigation';

const at = (steps: { id: string }[], id: string) => steps.findIndex((s) => s.id === id) + 1;

describe('navigation over a run', () => {
  const xfs = simulateBuiltin('xfs-reflink-shared').rt.steps;
  const unbind = simulateBuiltin('unbind-pre-remove').rt.steps;

  it('step over mf_dax_kill_procs (or a leaf it calls) lands where xfs_dax_failure_fn resumes', () => {
    expect(xfs[stepOverTarget(xfs, at(xfs, 'mf_dax_kill_procs#1')) - 1].id).toBe(
      'xfs_dax_failure_fn@mf_dax_kill_procs#1',
    );
    expect(xfs[stepOverTarget(xfs, at(xfs, 'mf_dax_kill_procs/SetPageHWPoison#1')) - 1].id).toBe(
      'xfs_dax_failure_fn@mf_dax_kill_procs#1',
    );
  });

  it('step over an rmap callback in unbind-pre-remove skips its 1,024-index loop', () => {
    const from = at(unbind, 'xfs_dax_failure_fn#7');
    const to = stepOverTarget(unbind, from);
    expect(unbind[to - 1].fn).toBe('xfs_rmap_query_range');
    expect(to - from).toBeGreaterThan(3000);
  });

  it('step over the last function of an event goes to the next event', () => {
    const to = stepOverTarget(xfs, at(xfs, 'kill_me_maybe#1'));
    expect(to).toBe(xfs.length);
  });

  it('next decision finds the first index with a DAX entry in unbind-pre-remove', () => {
    let c = at(unbind, 'dax_lock_mapping_entry#1');
    c = nextDecisionTarget(unbind, c);
    const seen: string[] = [];
    for (let n = 0; n < 4; n++) {
      seen.push(unbind[c - 1].id);
      c = nextDecisionTarget(unbind, c);
    }
    expect(seen).toContain('dax_lock_mapping_entry#4');
    expect(seen.every((id) => !/^dax_lock_mapping_entry#[23]$/.test(id))).toBe(true);
  });

  it('next event goes to the first step of the next event', () => {
    const rp = simulateBuiltin('repeat-poison').rt.steps;
    const to = nextEventTarget(rp, 1);
    expect(rp[to - 1].event).toBe(1);
    expect(rp[to - 2].event).toBe(0);
  });

  it('folds the per-index loop of unbind-pre-remove into few rows', () => {
    const loops = findLoops(unbind);
    const covered = loops.reduce((n, l) => n + (l.end - l.first), 0);
    expect(covered).toBeGreaterThan(5000);
    const perIndex = loops.filter(
      (l) => l.pattern.join() === 'mf_dax_kill_procs,dax_lock_mapping_entry,dax_unlock_mapping_entry',
    );
    expect(Math.max(...perIndex.map((l) => l.iterations))).toBeGreaterThan(100);
    expect(loops.length).toBeLessThan(60);
    for (const l of loops)
      for (let i = l.first; i < l.end; i++) expect(unbind[i].fn).toBe(l.pattern[(i - l.first) % l.pattern.length]);
  });
});
