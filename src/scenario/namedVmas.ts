/**
 * The scenario's mappings by "<process>/<mapping>" (BuiltScenario.vmas), read like a Map. Perf (issue 10 §4):
 * the setup of 10^5 processes built a key string and a Map entry for each (the key concatenated, flattened and
 * hashed); here a mapping is appended to three lists, a lookup by name scans them while few have been asked,
 * and the Map is made only for a reader that asks many or reads it whole (a view, the reproducer, tests).
 */
import type { Vma } from '../kernel/sched';

/** Lookups answered by a scan before the Map is made (a scenario's events ask a few). */
const SCANS_BEFORE_MAP = 16;

export class NamedVmas implements ReadonlyMap<string, Vma> {
  private readonly procs: string[] = [];
  private readonly names: string[] = [];
  private readonly list: Vma[] = [];
  private map: Map<string, Vma> | null = null;
  private scans = 0;

  /** The mapping `name` of process `proc` (both names are unique where the builder adds them). */
  add(proc: string, name: string, vma: Vma): void {
    this.procs.push(proc);
    this.names.push(name);
    this.list.push(vma);
    this.map?.set(`${proc}/${name}`, vma);
  }

  /** The mapping `name` of process `proc`, as get(`${proc}/${name}`). */
  find(proc: string, name: string): Vma | undefined {
    if (this.map === null && this.scans < SCANS_BEFORE_MAP) {
      this.scans++;
      const { procs, names } = this;
      for (let i = 0; i < procs.length; i++) if (procs[i] === proc && names[i] === name) return this.list[i];
      return undefined;
    }
    return this.whole().get(`${proc}/${name}`);
  }

  private whole(): Map<string, Vma> {
    if (this.map === null) {
      const map = new Map<string, Vma>();
      for (let i = 0; i < this.list.length; i++) map.set(`${this.procs[i]}/${this.names[i]}`, this.list[i]);
      this.map = map;
    }
    return this.map;
  }

  get size(): number {
    return this.list.length;
  }
  get(key: string): Vma | undefined {
    return this.whole().get(key);
  }
  has(key: string): boolean {
    return this.whole().has(key);
  }
  /** in the order they were added, as a Map's insertion order */
  values(): MapIterator<Vma> {
    return this.list.values();
  }
  keys(): MapIterator<string> {
    return this.whole().keys();
  }
  entries(): MapIterator<[string, Vma]> {
    return this.whole().entries();
  }
  forEach(fn: (vma: Vma, key: string, map: ReadonlyMap<string, Vma>) => void, thisArg?: unknown): void {
    for (const [key, vma] of this.whole()) fn.call(thisArg, vma, key, this);
  }
  [Symbol.iterator](): MapIterator<[string, Vma]> {
    return this.entries();
  }
}
