import { describe, expect, it } from 'vitest';
import { clonePath } from '../kernel/fs/clones';
import { PatternIndex, sharedPath } from './pathCollisions';

/** Brute force: expand both patterns (small counts only). */
function expanded(pattern: string, count: number): Set<string> {
  return new Set(Array.from({ length: count }, (_, n) => clonePath({ pattern, count, sourceIno: 0, firstIno: 0 }, n)));
}

describe('colliding copy names', () => {
  it('finds the shared name of two overlapping patterns, or none, exactly as expanding them would', () => {
    const patterns = ['/m/c{n}', '/m/c1{n}', '/m/c{n}0', '/m/c-{n}', '/m/{n}', '/m/c{n}x', '/m/c0{n}', '/m/1{n}1'];
    const counts = [1, 3, 10, 11, 120];
    for (const a of patterns)
      for (const b of patterns)
        for (const ca of counts)
          for (const cb of counts) {
            const ea = expanded(a, ca);
            const both = [...expanded(b, cb)].filter((p) => ea.has(p));
            const got = sharedPath({ pattern: a, count: ca }, { pattern: b, count: cb });
            if (both.length === 0) expect(got, `${a}×${ca} ${b}×${cb}`).toBeNull();
            else expect(both, `${a}×${ca} ${b}×${cb}`).toContain(got);
          }
  });

  it('indexes patterns by prefix: an explicit path finds the pattern that names it', () => {
    const index = new PatternIndex();
    index.add({ set: { pattern: '/mnt/copy-{n}', count: 1_000_000 }, index: 1 });
    expect(index.owner('/mnt/copy-999999')).toEqual({ entry: expect.objectContaining({ index: 1 }), n: 999999 });
    expect(index.owner('/mnt/copy-1000000')).toBeNull();
    expect(index.owner('/mnt/copy-01')).toBeNull();
    expect(index.overlapping({ pattern: '/mnt/copy-1{n}', count: 5 })?.path).toBe('/mnt/copy-10');
  });
});
