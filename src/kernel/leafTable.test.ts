import { describe, expect, it } from 'vitest';
import { LeafTable } from './leafTable';
import type { PtEntry } from './sched';

const leaf = (addr: number, pfn: number): PtEntry => ({ addr, level: 'pte', pfn, vmaId: 'vma:1:0' });

describe('LeafTable', () => {
  it('answers as a Map does under any sequence of writes', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const table = new LeafTable();
      const map = new Map<number, PtEntry>();
      for (let op = 0; op < 12; op++) {
        const key = rand(4) * 4096;
        const what = rand(5);
        if (what < 3) {
          // mostly under its own address (as Kernel.installPt keys them), now and then not
          const e = leaf(rand(8) ? key : key + 4096, rand(100));
          expect(table.set(key, e)).toBe(table);
          map.set(key, e);
        } else if (what === 3) expect(table.delete(key)).toBe(map.delete(key));
        else {
          table.clear();
          map.clear();
        }
        expect(table.size).toBe(map.size);
        for (let k = 0; k < 5; k++) {
          expect(table.has(k * 4096)).toBe(map.has(k * 4096));
          expect(table.get(k * 4096)).toBe(map.get(k * 4096));
        }
        expect([...table]).toEqual([...map]);
        expect([...table.keys()]).toEqual([...map.keys()]);
        expect([...table.values()]).toEqual([...map.values()]);
        const seen: number[] = [];
        table.forEach((_v, k) => {
          seen.push(k);
        });
        expect(seen).toEqual([...map.keys()]);
      }
    }
  });
});
