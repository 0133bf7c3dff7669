/**
 * Comparing two runs of one scenario: a derived variant (6.12 without mf-pre-remove, defined here only,
 * until the 6.1 variant lands), and what-if flips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KernelVariant, VARIANTS } from '../kernel/variants/variants';
import { builtinScenario } from '../scenario/builtins';
import { simulateScenario } from '../session/simulate';
import { branchesAt, compareScenario, unappliedFlips } from './compare';
import { diffReports, lineDiff } from './diff';

const NO_PRE_REMOVE = '6.12-no-pre-remove';

beforeAll(() => {
  const base = VARIANTS.find((v) => v.id === '6.12') as KernelVariant;
  (VARIANTS as KernelVariant[]).push({
    ...base,
    id: NO_PRE_REMOVE,
    title: 'test only: 6.12 without MF_MEM_PRE_REMOVE',
    features: base.features.filter((f) => f !== 'mf-pre-remove'),
  });
});
afterAll(() => {
  const list = VARIANTS as KernelVariant[];
  list.splice(
    list.findIndex((v) => v.id === NO_PRE_REMOVE),
    1,
  );
});

describe('compare two variants', () => {
  it('the same kernel on both sides: every column matched, no diff', () => {
    const r = compareScenario(builtinScenario('xfs-reflink-shared'), { kernel: '6.12' }, { kernel: '6.12' });
    if (!r.ok) throw new Error('invalid');
    expect(r.cmp.diff).toEqual([]);
    expect(r.cmp.columns.every((c) => c.a !== null && c.b !== null)).toBe(true);
    expect(r.cmp.columns).toHaveLength(r.cmp.a.rt.steps.length);
  });

  it('unbind without pre-remove: the calls 6.12 makes show as gaps, and the outcome differs', () => {
    const r = compareScenario(builtinScenario('unbind-pre-remove'), { kernel: '6.12' }, { kernel: NO_PRE_REMOVE });
    if (!r.ok) throw new Error('invalid');
    const { a, b, columns, diff } = r.cmp;
    const onlyA = columns.filter((c) => c.b === null).map((c) => a.rt.steps[c.a as number].fn);
    expect(onlyA.length).toBeGreaterThan(0);
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
