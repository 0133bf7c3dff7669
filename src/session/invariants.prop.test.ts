/**
 * Property test over generated scenarios: random filesystems (ext4, XFS reflink+rmapbt, XFS rmapbt without
 * reflink) or device-dax, files, processes with mappings and touches, and 1–4 events of every kind.
 * For each: the scenario is valid and runs to "done" without throwing; the kernel invariants
 * (src/kernel/invariants.ts) hold at the start and after every step (the journal is rewound and replayed
 * to each step's end); two runs give byte-identical reports and steps; every signal's address lies in a
 * VMA of the process it was sent to. fast-check prints the seed and path of a failing run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../kernel/invariants';
import { hex } from '../kernel/units';
import type { ScenarioInput } from '../scenario/schema';
import { PAGE, planArb, toScenario } from './__fixtures__/generatedScenarios';
import { type SimulationResult, simulateScenario } from './simulate';

/**
 * Run a scenario, keeping what a kernel step threw for the test to report with the scenario (it propagates
 * from simulate(): the machine is no longer an xstate actor that re-threw it from a setTimeout).
 */
function simulateCatching(scenario: unknown): { r: SimulationResult; thrown: unknown } {
  try {
    return { r: simulateScenario(scenario), thrown: null };
  } catch (e) {
    return { r: { ok: false, issues: [] }, thrown: e };
  }
}

function simulateOrFail(scenario: ScenarioInput) {
  const { r, thrown } = simulateCatching(scenario);
  if (thrown) throw new Error(`a kernel step threw: ${(thrown as Error).stack ?? thrown}\n${JSON.stringify(scenario)}`);
  if (!r.ok)
    throw new Error(
      `generated scenario rejected:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n${JSON.stringify(scenario)}`,
    );
  return r;
}

/**
 * a fixed seed keeps the suite deterministic; INVARIANTS_SEED=n explores other cases (seed 1848313979 found
 * the refcount lost by a second FICLONE onto shared blocks: src/session/file-ops.test.ts "cloned again")
 */
const SEED = Number(process.env.INVARIANTS_SEED ?? 20261207);

describe('invariants over generated scenarios (fast-check, 1000 runs)', () => {
  it('valid, terminates in "done", invariants after every step, deterministic, signals inside the VMAs', () => {
    const started = Date.now();
    fc.assert(
      fc.property(planArb, (plan) => {
        const scenario = toScenario(plan);
        const first = simulateOrFail(scenario);
        const { sim, built } = first;
        const k = built.k;
        expect(sim.final).toBe('done');

        // invariants at the start and after every step, by moving the journal cursor
        const end = k.j.length;
        k.j.seek(0);
        expect(checkInvariants(k), 'before the first event').toEqual([]);
        for (const step of sim.rt.steps) {
          k.j.seek(step.journal[1]);
          const bad = checkInvariants(k);
          if (bad.length) expect.fail(`after step ${step.id} (${step.summary}):\n${bad.join('\n')}`);
        }
        k.j.seek(0);
        k.j.seek(end);
        expect(checkInvariants(k), 'at the end').toEqual([]);

        // every signal's address lies in one of the process's VMAs (SIGKILL and kill_me_now carry none)
        for (const ev of sim.report.events) {
          for (const s of ev.signals) {
            if (s.signo !== 'SIGBUS' || s.code === 'SI_KERNEL') continue;
            const addr = Number(s.addr);
            const inVma = [...built.vmas.values()].some(
              (v) => v.pid === s.pid && addr >= v.vm_start && addr < v.vm_end,
            );
            if (!inVma) expect.fail(`signal ${JSON.stringify(s)} outside every VMA of pid ${s.pid}`);
          }
        }

        // determinism: the same scenario again gives the same bytes
        const second = simulateOrFail(scenario);
        expect(JSON.stringify(second.sim.report)).toBe(JSON.stringify(sim.report));
        expect(second.sim.rt.steps.map((s) => s.id)).toEqual(sim.rt.steps.map((s) => s.id));
        expect(JSON.stringify(second.sim.rt.steps)).toBe(JSON.stringify(sim.rt.steps));
      }),
      { numRuns: 1000, seed: SEED },
    );
    // keep an eye on the budget (< 60 s on 2 cores)
    console.info(`invariants.prop: 1000 generated scenarios in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 120_000);

  // Regression (found by this property): the u64 offset of a pfn below the data start wraps, so
  // xfs_dax_notify_failure() returns -ENXIO ("dax page: Failed") instead of walking AG -1.
  it('XFS, map=mem: poison in the info block below the data start → -ENXIO, "Failed" (no crash)', () => {
    const { r, thrown } = simulateCatching({
      format: 1,
      id: 'below-data-start',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '128MiB', map: 'mem' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', reflink: false, rmapbt: true, agcount: 1 }],
      files: [{ path: '/mnt/f0', size: 4096 }],
      processes: [{ name: 'T0', mappings: [{ name: 'm0', file: '/mnt/f0' }] }],
      events: [{ kind: 'corrupt-pfn', target: { namespace: 'pmem0', offset: 0 } }],
    });
    expect(thrown).toBeNull();
    if (!r.ok) throw new Error('rejected');
    expect(r.sim.final).toBe('done');
    const [e] = r.sim.report.events;
    const pfn = r.built.k.namespace('pmem0').phys_addr / PAGE;
    expect(e.dmesg).toEqual([
      `Injecting memory failure at pfn ${hex(pfn)}`,
      `Memory failure: ${hex(pfn)}: recovery action for dax page: Failed`,
    ]);
    expect(e.result).toBe('Failed');
    expect(e.return).toBe('-ENXIO');
    expect(e.signals).toEqual([]);
    expect(e.shutdown).toBe(false);
  });
});
