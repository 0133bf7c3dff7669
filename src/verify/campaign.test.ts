import { describe, expect, it } from 'vitest';
import { simulateScenario } from '../session/simulate';
import { generateScenario } from './campaign';

describe('campaign scenarios', () => {
  it('are valid, deterministic per seed, and use only events the reproducer injects', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const s = generateScenario(seed);
      expect(generateScenario(seed)).toEqual(s);
      const r = simulateScenario(s);
      if (!r.ok) throw new Error(`seed ${seed}: ${JSON.stringify(r.issues)}`);
      for (const e of s.events ?? []) expect(['madvise', 'access', 'read', 'corrupt-pfn', 'async']).toContain(e.kind);
    }
  });
});
