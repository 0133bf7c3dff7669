/**
 * Locking and unlocking a DAX entry writes its slot in place through the journal (fs/dax.ts XaSlotWrite)
 * instead of forking the page cache. Nodes are shared with earlier versions of the array, so every step's
 * page caches must still read, after any cursor move, exactly as the live run had them at that step: the run
 * is cut after each of its machine steps (maxSteps) and its live page caches compared with the full run's,
 * rewound to the same journal position, going forwards and then backwards.
 */
import { describe, expect, it } from 'vitest';
import { touchScenario } from '../../bench/huge-scenarios';
import { journalEntryKey } from '../kernel/journal';
import type { Kernel } from '../kernel/kernel';
import { xaDump } from '../kernel/lib/xarray';
import { simulate } from '../pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { loadScenario } from '../scenario/parse';
import type { ScenarioInput } from '../scenario/schema';

const pageCaches = (k: Kernel): string =>
  JSON.stringify([...k.mappings.values()].map((m) => [m.id, xaDump(m.i_pages)]));

function load(input: ScenarioInput, kernel?: string) {
  const loaded = loadScenario(input, kernel ? { kernel } : {});
  if (!loaded.ok) throw new Error(`does not load: ${JSON.stringify(loaded.issues.slice(0, 2))}`);
  return loaded.value;
}

/**
 * The live page caches of runs cut after 0, 1, 2, … machine steps (up to `MAX_CUT`: a run is cut once per
 * step, so a long one would cost its length squared), by the journal length they reached.
 */
const MAX_CUT = 80;
function liveStates(input: ScenarioInput, kernel?: string): Map<number, string> {
  const states = new Map<number, string>();
  for (let cut = 0; cut <= MAX_CUT; cut++) {
    const b = load(input, kernel);
    try {
      simulate(b.scenario.id, b.k, b.events, { maxSteps: cut });
      states.set(b.k.j.length, pageCaches(b.k));
      return states;
    } catch {
      states.set(b.k.j.length, pageCaches(b.k));
    }
  }
  return states;
}

const cases: [string, ScenarioInput, string | undefined][] = [
  ...BUILTIN_SCENARIOS.map((s) => [s.id, s, undefined] as [string, ScenarioInput, undefined]),
  ...BUILTIN_SCENARIOS.slice(0, 3).map((s) => [`${s.id} on 6.1`, s, '6.1'] as [string, ScenarioInput, string]),
  ['touch 20, 4 madvise events', touchScenario(20, 4), undefined],
];

describe('DAX entries locked in place: every step reads as the live run had it', () => {
  it.each(cases)('%s', (_name, input, kernel) => {
    const live = liveStates(input, kernel);
    const b = load(input, kernel);
    const sim = simulate(b.scenario.id, b.k, b.events);
    const k = b.k;
    const positions = [0, ...sim.rt.steps.map((s) => s.journal[1])].filter((p) => live.has(p));
    expect(positions.length).toBeGreaterThan(1);
    const check = (p: number) => {
      k.j.seek(p);
      expect(pageCaches(k), `at journal position ${p}`).toBe(live.get(p));
    };
    for (const p of positions) check(p);
    for (const p of [...positions].reverse()) check(p);
  });

  it('the madvise events lock and unlock their entries in place', () => {
    const b = load(touchScenario(20, 4));
    simulate(b.scenario.id, b.k, b.events);
    expect(b.k.j.entries.filter((e) => journalEntryKey(e) === 'xa-slot')).toHaveLength(2 * 4);
  });
});
