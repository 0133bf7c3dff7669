/**
 * The two ways of stepping the pipeline machine give the same run: simulate()'s default table engine
 * (runMachineTable) and the xstate actor of the same machine. Every built-in on every variant, plus
 * scenarios that reach the less common paths (panic, events a variant cannot enter, repeated events,
 * signals to many tasks) and what-if flips, compared step for step: ids, branches, summaries, decisions,
 * touched objects, journal and log ranges, the report and the final state.
 */
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../kernel/variants/variants';
import { simulate } from '../pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { loadScenario } from '../scenario/parse';
import type { ScenarioInput } from '../scenario/schema';

function both(input: unknown, kernel: string, flips: string[] = []) {
  const run = (engine: 'table' | 'xstate') => {
    const r = loadScenario(input, { kernel });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const sim = simulate(r.value.scenario.id, r.value.k, r.value.events, { engine, flips });
    return {
      final: sim.final,
      report: sim.report,
      steps: sim.rt.steps,
      flipped: sim.rt.flipped,
      journal: sim.rt.k.j.entries.map((e) => `${e.object} ${e.field}`),
    };
  };
  return { table: run('table'), xstate: run('xstate') };
}

const panicking: ScenarioInput = {
  format: 1,
  id: 'engine-panic',
  sysctl: { memory_failure_early_kill: 1, memory_failure_recovery: 0 },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '128MiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: '64KiB' }],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: 0 }] }],
  events: [
    { kind: 'madvise', process: 'P', mapping: 'a', offset: 0 },
    { kind: 'mce', process: 'P', mapping: 'a', offset: 0 },
  ],
};

const busy: ScenarioInput = {
  format: 1,
  id: 'engine-busy',
  sysctl: { memory_failure_early_kill: 1, memory_failure_recovery: 1 },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64MiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: '64KiB' }],
  processes: Array.from({ length: 12 }, (_, i) => ({
    name: `P${i}`,
    mceKill: (['default', 'early', 'late'] as const)[i % 3],
    mappings: [{ name: 'a', file: '/mnt/A' }],
    touch: [
      { mapping: 'a', offset: 0 },
      { mapping: 'a', offset: 4096 * (i % 4) },
    ],
  })),
  events: [
    { kind: 'madvise', process: 'P0', mapping: 'a', offset: 0, length: 8192 },
    { kind: 'mce', process: 'P4', mapping: 'a', offset: 4096 },
    { kind: 'access', process: 'P5', mapping: 'a', offset: 0 },
    { kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: 8192 } },
    { kind: 'async', target: { file: '/mnt/A', offset: 12288 }, source: 'ghes' },
    { kind: 'unbind', namespace: 'pmem0' },
  ],
};

const quiet: ScenarioInput = { ...panicking, id: 'engine-no-events', events: [] };

describe('table engine = xstate actor', () => {
  it('a scenario without events runs no step on either engine', () => {
    for (const v of VARIANTS) {
      const { table, xstate } = both(quiet, v.id);
      expect(table.steps).toEqual([]);
      expect(table.final).toBe('done');
      expect(table).toEqual(xstate);
    }
  });

  for (const v of VARIANTS)
    for (const s of [...BUILTIN_SCENARIOS, panicking, busy])
      it(`${s.id} on ${v.id}`, () => {
        const { table, xstate } = both(s, v.id);
        expect(table.steps.length).toBeGreaterThan(0);
        if (s === panicking) expect(table.final).toBe('panic');
        expect(table).toEqual(xstate);
      });

  it('with what-if flips: every two-way step of xfs-reflink-shared flipped in turn', () => {
    const s = BUILTIN_SCENARIOS.find((b) => b.id === 'xfs-reflink-shared') as ScenarioInput;
    const plain = both(s, '6.12').table;
    const ids = [...new Set(plain.steps.filter((st) => st.decisions.length > 0).map((st) => st.id))].slice(0, 12);
    expect(ids.length).toBeGreaterThan(3);
    for (const id of ids) {
      const { table, xstate } = both(s, '6.12', [id]);
      expect(table).toEqual(xstate);
    }
  });
});
