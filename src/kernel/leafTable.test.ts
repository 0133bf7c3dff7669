import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeafTable } from './leafTable';
import type { PtEntry } from './sched';

const leaf = (addr: number, pfn: number): PtEntry => ({ addr, level: 'pte', pfn, vmaId: 'vma:1:0' });

/** a write: set (mostly under the leaf's own address, as Kernel.installPt keys them, now and then not), delete, clear */
const write = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('set' as const), page: fc.nat(3), own: fc.nat(7), pfn: fc.nat(99) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), page: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
);

describe('LeafTable', () => {
  it('answers as a Map does under any sequence of writes', () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 12 }), (writes) => {
        const table = new LeafTable();
        const map = new Map<number, PtEntry>();
        for (const w of writes) {
          if (w.kind === 'set') {
            const key = w.page * 4096;
            const e = leaf(w.own ? key : key + 4096, w.pfn);
            expect(table.set(key, e)).toBe(table);
            map.set(key, e);
          } else if (w.kind === 'delete') expect(table.delete(w.page * 4096)).toBe(map.delete(w.page * 4096));
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
      }),
      { numRuns: 300 },
    );
  });
});
