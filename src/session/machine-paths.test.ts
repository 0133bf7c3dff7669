/**
 * The pipeline machine run to its end on the less common paths: no events at all (no phantom event from
 * the runtime's placeholder frame), a panic (memory_failure_recovery 0), and a mix of every event kind on
 * many tasks — on every variant, deterministically (two runs give the same steps, journal and report).
 */
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../kernel/variants/variants';
import { simulate } from '../pipeline/simulate';
import { loadScenario } from '../scenario/parse';
import type { ScenarioInput } from '../scenario/schema';

function run(input: unknown, kernel: string) {
  const r = loadScenario(input, { kernel });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const sim = simulate(r.value.scenario.id, r.value.k, r.value.events);
  return {
    final: sim.final,
    report: sim.report,
    steps: sim.rt.steps,
    journal: sim.rt.k.j.entries.map((e) => `${e.object} ${e.field}`),
  };
}

const panicking: ScenarioInput = {
  format: 1,
  id: 'paths-panic',
  sysctl: { memory_failure_early_kill: 1, memory_failure_recovery: 0 },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '128MiB' }],
  // reflink=0: 4.19 refuses -o dax with reflink at mount, and this scenario is about the panic
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: false }],
  files: [{ path: '/mnt/A', size: '64KiB' }],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: 0 }] }],
  events: [
    { kind: 'madvise', process: 'P', mapping: 'a', offset: 0 },
    { kind: 'mce', process: 'P', mapping: 'a', offset: 0 },
  ],
};

const busy: ScenarioInput = {
  format: 1,
  id: 'paths-busy',
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

const quiet: ScenarioInput = { ...panicking, id: 'paths-no-events', events: [] };

describe('the machine on its less common paths', () => {
  it('a scenario without events runs no step', () => {
    for (const v of VARIANTS) {
      const r = run(quiet, v.id);
      expect(r.steps).toEqual([]);
      expect(r.final).toBe('done');
    }
  });

  for (const v of VARIANTS)
    for (const s of [panicking, busy])
      it(`${s.id} on ${v.id} ends, the same way twice`, () => {
        const a = run(s, v.id);
        // before v4.19 a memory failure on a DAX pfn is not simulated: no step, no panic
        const modelled = v.features.includes('mf-dev-pagemap');
        // paths-busy also accesses and unbinds, which run on every variant
        if (s === panicking) expect(a.steps.length > 0).toBe(modelled);
        else expect(a.steps.length).toBeGreaterThan(0);
        expect(a.final).toBe(s === panicking && modelled ? 'panic' : 'done');
        expect(run(s, v.id)).toEqual(a);
      });
});
