import { describe, expect, it } from 'vitest';
import { createAppStore } from './inlineStore';
import { laneStatus, laneTitle, noteReasons, signalKind } from './processesModel';
import { selectCurrentStep, selectProcesses } from './selectors';

function at(scenario: string, pick: (ids: string[]) => number) {
  const store = createAppStore({ scenario });
  store.getState().setAllLanes(true);
  const s = store.getState();
  if (s.load.status !== 'ready') throw new Error('not ready');
  const ids = s.load.sim.rt.steps.map((x) => x.id);
  store.getState().stepTo(pick(ids));
  const st = store.getState();
  const procs = selectProcesses(st) ?? [];
  const ev = selectCurrentStep(st)?.event ?? null;
  return (name: string) => {
    const p = procs.find((x) => x.name === name);
    if (!p) throw new Error(name);
    return { p, status: laneStatus(p, ev) };
  };
}

describe('processesModel', () => {
  it('classifies si_code', () => {
    expect(signalKind('BUS_MCEERR_AR')).toBe('AR');
    expect(signalKind('BUS_MCEERR_AO')).toBe('AO');
    expect(signalKind('SI_KERNEL')).toBe('other');
  });

  it('titles a lane', () => {
    expect(laneTitle({ name: 'P', comm: 'pmtest', pid: 202, policy: 'default' })).toBe('P — pmtest:202 (default)');
  });

  it('splits a note into its reasons', () => {
    const note =
      'not collected: task_early_kill() is NULL (not current, no early-kill thread); 0x7effffc03000 is not mapped: removed by dax_insert_entry(): R (pmtest:201) faulted the shared (reflinked) extent at ino:pmem0:132 index 3';
    expect(noteReasons(note)).toEqual([
      'not collected: task_early_kill() is NULL (not current, no early-kill thread)',
      '0x7effffc03000 is not mapped: removed by dax_insert_entry(): R (pmtest:201) faulted the shared (reflinked) extent at ino:pmem0:132 index 3',
    ]);
    expect(noteReasons('a; b')).toEqual(['a; b']);
  });

  it('xfs-reflink-shared: P pending AR after the first kill_procs, R pending AO after the second', () => {
    const first = at('xfs-reflink-shared', (ids) => ids.indexOf('mf_dax_kill_procs/kill_procs#1') + 1);
    expect(first('P').status.kind).toBe('pending');
    expect(first('P').p.pending[0].code).toBe('BUS_MCEERR_AR');
    const second = at('xfs-reflink-shared', (ids) => ids.indexOf('mf_dax_kill_procs/kill_procs#2') + 1);
    expect(second('R').status.kind).toBe('pending');
    expect(second('R').p.pending[0].code).toBe('BUS_MCEERR_AO');
  });

  it('xfs-reflink-shared end: P and R delivered, Q has no signal because R faulted the shared extent', () => {
    const end = at('xfs-reflink-shared', (ids) => ids.length);
    expect(end('P').status.kind).toBe('delivered');
    expect(end('R').status.kind).toBe('delivered');
    const q = end('Q').status;
    expect(q.kind).toBe('no-signal');
    if (q.kind === 'no-signal') expect(q.reason).toMatch(/R \(pmtest:201\) faulted the shared/);
  });

  it('before any step, nobody is concerned', () => {
    const zero = at('xfs-reflink-shared', () => 0);
    expect(zero('P').status.kind).toBe('quiet');
  });
});
