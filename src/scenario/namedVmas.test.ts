/** NamedVmas answers as the Map of "<process>/<mapping>" keys it replaces, before and after it makes one. */
import { describe, expect, it } from 'vitest';
import type { Vma } from '../kernel/sched';
import { NamedVmas } from './namedVmas';

const vma = (pid: number, name: string): Vma => ({
  id: `vma:${pid}:${name}`,
  pid,
  vm_start: pid * 4096,
  vm_end: pid * 4096 + 4096,
  vm_pgoff: 0,
  mappingId: 'm',
  name,
  seq: pid,
});

describe('NamedVmas', () => {
  it('answers find(), get() and iteration as a Map of the same keys, scanning first and mapping after', () => {
    const named = new NamedVmas();
    const map = new Map<string, Vma>();
    for (let p = 0; p < 40; p++)
      for (const m of ['a', 'b']) {
        const v = vma(p, m);
        named.add(`p${p}`, m, v);
        map.set(`p${p}/${m}`, v);
      }
    // more lookups than the scans allowed, hits and misses
    for (let p = 0; p < 45; p++)
      for (const m of ['a', 'b', 'c']) expect(named.find(`p${p}`, m)).toBe(map.get(`p${p}/${m}`));
    named.add('late', 'a', vma(99, 'a'));
    map.set('late/a', vma(99, 'a'));
    expect(named.find('late', 'a')).toEqual(map.get('late/a'));
    expect(named.size).toBe(map.size);
    expect([...named.keys()]).toEqual([...map.keys()]);
    expect([...named.values()]).toEqual([...map.values()]);
    expect([...named]).toEqual([...map]);
    expect(named.has('p3/b')).toBe(true);
    expect(named.get('p3/c')).toBeUndefined();
  });
});
