import { describe, expect, it } from 'vitest';
import type { Kernel } from '../kernel/kernel';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin, simulateScenario } from '../session/simulate';
import { fromTransfer, toTransfer } from './transfer';

/** Every own field of the kernel but its journal, Maps and typed arrays included, in a stable text form. */
function dump(k: Kernel): string {
  const seen = new Map<object, number>();
  return JSON.stringify(k, function (this: unknown, key, v: unknown) {
    if (this === k && key === 'j') return undefined; // the journal itself: its entries differ in form
    // a VMA's seq comes from a counter shared by all runs in the realm (creation order only)
    if (key === 'seq') return undefined;
    if (typeof v === 'function') return '<fn>';
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return `<ref ${seen.get(v)}>`;
    seen.set(v, seen.size);
    if (v instanceof Map) return { map: [...v.entries()] };
    if (v instanceof Set) return { set: [...v] };
    if (ArrayBuffer.isView(v)) return { typed: Array.from(v as unknown as ArrayLike<number>) };
    return v;
  });
}

describe('a run sent across postMessage (structured clone) steps as the original', () => {
  for (const { id } of BUILTIN_SCENARIOS) {
    it(id, () => {
      const original = simulateBuiltin(id);
      const sent = simulateBuiltin(id);
      const clone = fromTransfer(structuredClone(toTransfer({ sim: sent, built: sent.built })));
      const k0 = original.rt.k;
      const k1 = clone.sim.rt.k;
      expect(clone.sim.rt.steps).toEqual(original.rt.steps);
      expect(clone.sim.report).toEqual(original.report);
      const n = original.rt.steps.length;
      const stride = Math.max(1, Math.floor(n / 40));
      // every stride-th step backwards from the end, then forwards again, and a jump to the start
      const cursors = [];
      for (let c = n; c >= 0; c -= stride) cursors.push(c);
      cursors.push(0, ...cursors.slice().reverse(), n, 0);
      for (const c of cursors) {
        const at = c === 0 ? 0 : original.rt.steps[c - 1].journal[1];
        k0.j.seek(at);
        k1.j.seek(at);
        const [d0, d1] = [dump(k0), dump(k1)];
        if (d0 !== d1) {
          let i = 0;
          while (d0[i] === d1[i]) i++;
          expect(d1.slice(i - 300, i + 200), `${id} at step ${c}`).toBe(d0.slice(i - 300, i + 200));
        }
      }
      // the prototypes are back: methods read the clone as they read the original
      k0.j.seek(k0.j.length);
      k1.j.seek(k1.j.length);
      expect(k1.namespaces.map((ns) => ns.pages.touchedPfns())).toEqual(
        k0.namespaces.map((ns) => ns.pages.touchedPfns()),
      );
    });
  }
});

describe('a run whose rmapbt changes mid-run (fallocate, write, truncate)', () => {
  it('keeps the btrees of every step usable after the transfer', () => {
    const input = {
      format: 1,
      id: 'rmap-transfer',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
      files: [{ path: '/mnt/A', size: '64KiB' }],
      processes: [{ name: 'P' }],
      events: [
        { kind: 'fallocate', path: '/mnt/A', offset: '64KiB', length: '32KiB' },
        { kind: 'write', process: 'P', file: '/mnt/A', offset: '0x12000', length: '0x2000' },
        { kind: 'truncate', path: '/mnt/A', size: '0x8000' },
      ],
    };
    const run = () => {
      const r = simulateScenario(input);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      return r;
    };
    const original = run();
    const sent = run();
    const clone = fromTransfer(structuredClone(toTransfer({ sim: sent.sim, built: sent.built })));
    const records = (k: Kernel) => {
      const bt = k.filesystems.get('pmem0')?.xfs?.rmap[0];
      return bt ? Array.from({ length: bt.nr }, (_, i) => bt.record(i)) : [];
    };
    const seen = new Set<number>();
    for (const step of original.sim.rt.steps) {
      original.sim.rt.k.j.seek(step.journal[1]);
      clone.sim.rt.k.j.seek(step.journal[1]);
      expect(records(clone.sim.rt.k), step.id).toEqual(records(original.sim.rt.k));
      seen.add(records(original.sim.rt.k).length);
    }
    // the record count did change along the run
    expect(seen.size).toBeGreaterThan(1);
  });
});
