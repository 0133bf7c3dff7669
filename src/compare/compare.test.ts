/** Comparing two runs of one scenario: two variants (6.12, 6.1), and what-if flips. */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { simulateScenario } from '../session/simulate';
import { branchesAt, compareScenario, unappliedFlips } from './compare';
import { diffReports, lineDiff } from './diff';

describe('compare two variants', () => {
  it('the same kernel on both sides: every column matched, no diff', () => {
    const r = compareScenario(builtinScenario('xfs-reflink-shared'), { kernel: '6.12' }, { kernel: '6.12' });
    if (!r.ok) throw new Error('invalid');
    expect(r.cmp.diff).toEqual([]);
    expect(r.cmp.columns.every((c) => c.a !== null && c.b !== null)).toBe(true);
    expect(r.cmp.columns).toHaveLength(r.cmp.a.rt.steps.length);
  });

  it('6.12 vs 6.1 on xfs-reflink-shared: every matched column pairs one function, and the outcome differs', () => {
    const r = compareScenario(builtinScenario('xfs-reflink-shared'), { kernel: '6.12' }, { kernel: '6.1' });
    if (!r.ok) throw new Error('invalid');
    const { a, b, columns, diff } = r.cmp;
    for (const c of columns) if (c.a !== null && c.b !== null) expect(a.rt.steps[c.a].fn).toBe(b.rt.steps[c.b].fn);
    expect(diff.map((d) => d.observable)).toContain('dmesg');
    expect(diff.find((d) => d.observable === 'dmesg')?.b).toContain(
      'WARNING: CPU: 0 PID: 202 at fs/dax.c:380 dax_insert_entry+0x227/0x320',
    );
  });

  it('unbind on 6.12 vs 6.1: a call only one makes shows as a gap, and the outcome differs', () => {
    const r = compareScenario(builtinScenario('unbind-pre-remove'), { kernel: '6.12' }, { kernel: '6.1' });
    if (!r.ok) throw new Error('invalid');
    const { a, b, columns, diff } = r.cmp;
    expect(columns.filter((c) => c.a === null || c.b === null).length).toBeGreaterThan(0);
    // every matched column pairs the same kernel function
    for (const c of columns) if (c.a !== null && c.b !== null) expect(a.rt.steps[c.a].fn).toBe(b.rt.steps[c.b].fn);
    expect(diff.length).toBeGreaterThan(0);
    expect(diff.map((d) => d.observable).join(' ')).toMatch(/dmesg|signals|shutdown|unmapped/);
  });

  it('refuses an unknown kernel on the side that names it', () => {
    const r = compareScenario(builtinScenario('xfs-reflink-shared'), { kernel: '6.12' }, { kernel: '9.9' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.side).toBe('b');
    expect(r.issues[0]).toMatchObject({ path: 'kernel' });
    expect(r.issues[0].message).toContain('6.12');
  });
});

describe('what if', () => {
  const scenario = builtinScenario('xfs-reflink-shared');

  it('forces dax_lock_mapping_entry() busy: the first owner gets no signal, and the flip is in the report', () => {
    const r = compareScenario(scenario, {}, { flips: ['dax_lock_mapping_entry#1:busy'] });
    if (!r.ok) throw new Error('invalid');
    const { b, diff } = r.cmp;
    expect(b.report.flips).toEqual([
      { step: 'dax_lock_mapping_entry#1', fn: 'dax_lock_mapping_entry', from: 'locked', to: 'busy' },
    ]);
    const sig = diff.find((d) => d.observable === 'events[0].signals[pid 202 pmtest]');
    expect(sig?.b).toBe('no signal');
    expect(b.rt.steps.find((s) => s.id === 'dax_lock_mapping_entry#1')?.branch).toBe('busy');
    expect(unappliedFlips(b, ['dax_lock_mapping_entry#1:busy'])).toEqual([]);
  });

  it('is deterministic', () => {
    const run = () => simulateScenario(scenario, { flips: ['dax_lock_mapping_entry#2:busy'] });
    const x = run();
    const y = run();
    if (!x.ok || !y.ok) throw new Error('invalid');
    expect(JSON.stringify(x.sim.report)).toBe(JSON.stringify(y.sim.report));
  });

  it('without a branch takes the next one in the state table; unknown steps and branches stay unapplied', () => {
    const r = simulateScenario(scenario, { flips: ['dax_lock_mapping_entry#1', 'nope#1', 'memory_failure#1:nope'] });
    if (!r.ok) throw new Error('invalid');
    const at = r.sim.rt.steps.findIndex((s) => s.id === 'dax_lock_mapping_entry#1');
    expect(branchesAt(r.sim, at)).toContain(r.sim.report.flips?.[0].to);
    expect(unappliedFlips(r.sim, ['dax_lock_mapping_entry#1', 'nope#1', 'memory_failure#1:nope'])).toEqual([
      'nope#1',
      'memory_failure#1',
    ]);
  });
});

describe('diffReports', () => {
  it('lists dmesg lines only one side printed', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'c', 'd'])).toEqual({ removed: ['b'], added: ['d'] });
  });

  it('says which events one side never reached', () => {
    const r = simulateScenario(builtinScenario('repeat-poison'));
    if (!r.ok) throw new Error('invalid');
    const short = { ...r.sim.report, events: r.sim.report.events.slice(0, 1) };
    expect(diffReports(r.sim.report, short).map((d) => d.observable)).toContain('events[1]');
  });
});
