import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { simulateScenario } from '../session/simulate';
import { placeRace, raceChanges } from './raceDrop';

const scenario = builtinScenario('xfs-reflink-shared') as ScenarioInput;

/** The steps of a run, as the timeline has them. */
function stepsOf(input: ScenarioInput, kernel?: string) {
  const r = simulateScenario(input, kernel ? { kernel } : {});
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r.sim.rt.steps;
}

describe('raceDrop', () => {
  it('offers truncating, punching and remapping each XFS file and unmapping each named mapping', () => {
    const labels = raceChanges(scenario).map((c) => c.label);
    expect(labels).toContain('truncate /mnt/A to 0');
    expect(labels).toContain('punch a hole in /mnt/A [0, 4 KiB)');
    expect(labels.some((l) => l.startsWith('remap ') && l.endsWith("onto /mnt/A's"))).toBe(true);
    expect(labels.some((l) => l.startsWith('munmap P/'))).toBe(true);
  });

  it('every change it offers, placed at collect_procs_fsdax, is a scenario that validates and runs', () => {
    const st = stepsOf(scenario).find((s) => s.fn === 'collect_procs_fsdax');
    if (!st) throw new Error('no collect_procs_fsdax step');
    const kinds = new Set<unknown>();
    for (const change of raceChanges(scenario)) {
      const placed = placeRace(scenario, '6.12', st, change);
      if (!placed.ok) throw new Error(placed.message);
      const steps = stepsOf(placed.scenario);
      expect(
        steps.some((s) => s.event === (placed.scenario.events?.length ?? 0) - 1),
        change.label,
      ).toBe(true);
      kinds.add(change.event.kind);
    }
    expect([...kinds].sort()).toEqual(['munmap', 'punch-hole', 'reflink-remap', 'truncate']);
  });

  it('places a change at a step of the failure: concurrentWith its event, at its function; the scenario runs', () => {
    const steps = stepsOf(scenario);
    const st = steps.find((s) => s.fn === 'collect_procs_fsdax');
    if (!st) throw new Error('no collect_procs_fsdax step');
    const change = raceChanges(scenario)[0];
    const placed = placeRace(scenario, '6.12', st, change);
    if (!placed.ok) throw new Error(placed.message);
    const added = placed.scenario.events?.at(-1);
    expect(added).toEqual({ ...change.event, concurrentWith: st.event, at: 'collect_procs_fsdax' });
    expect(placed.scenario.events?.length).toBe((scenario.events?.length ?? 0) + 1);
    // the original is untouched, and the raced scenario validates and runs with the change's steps inside
    expect(scenario.events?.some((e) => 'concurrentWith' in e)).toBe(false);
    const raced = stepsOf(placed.scenario);
    expect(raced.some((s) => s.event === (placed.scenario.events?.length ?? 0) - 1)).toBe(true);
  });

  it('refuses a step that is not a race point of the kernel, and says where it can race', () => {
    const steps = stepsOf(scenario);
    const st = steps.find((s) => s.fn === 'get_signal');
    if (!st) throw new Error('no get_signal step');
    const r = placeRace(scenario, '6.12', st, raceChanges(scenario)[0]);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.message).toMatch(/kernel 6\.12 has no race point at get_signal\(\).*it races at memory_failure\(\)/);
  });

  it('a function 6.12 races at is refused on 4.19, which has no holder notification', () => {
    const st = stepsOf(scenario).find((s) => s.fn === 'xfs_dax_failure_fn');
    if (!st) throw new Error('no xfs_dax_failure_fn step');
    expect(placeRace(scenario, '6.12', st, raceChanges(scenario)[0]).ok).toBe(true);
    const r = placeRace(scenario, '4.19', st, raceChanges(scenario)[0]);
    expect(r.ok ? '' : r.message).toMatch(/^Not raced: kernel 4\.19 has no race point at xfs_dax_failure_fn\(\)/);
  });

  it('refuses a step outside a failure (a change racing needs a failure to race)', () => {
    const r = placeRace(scenario, '6.12', { index: 0, event: 99, fn: 'memory_failure' }, raceChanges(scenario)[0]);
    expect(r.ok ? '' : r.message).toMatch(/is not inside a failure's handling/);
  });
});
