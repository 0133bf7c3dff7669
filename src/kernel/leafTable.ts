/**
 * An mm's PTE leaves (MmStruct.pte): a Map<number, PtEntry> that holds its first leaf in a field and makes a
 * real Map only at a second one. Perf (issue 10 §4): 10^5 processes that each map one page had 10^5 Maps of
 * one entry (~180 bytes each: the Map and its smallest hash table), copied by every scavenge of the setup;
 * this is ~20. The lone leaf is kept under its own address (`entry.addr`, the key Kernel.installPt uses), so
 * no key is stored; any other key makes the Map. Same answers and order as a Map: insertion order, a rewrite
 * in place keeps its position, and it stays a Map once it has been one.
 */
import type { PtEntry } from './sched';

export class LeafTable implements Map<number, PtEntry> {
  /** the only leaf, at key only.addr, while `map` is null */
  private only: PtEntry | undefined = undefined;
  /** every leaf, once there have been two at once (or one under a key other than its address) */
  private map: Map<number, PtEntry> | null = null;

  get size(): number {
    if (this.map) return this.map.size;
    return this.only ? 1 : 0;
  }

  get(key: number): PtEntry | undefined {
    if (this.map) return this.map.get(key);
    return this.only?.addr === key ? this.only : undefined;
  }

  has(key: number): boolean {
    if (this.map) return this.map.has(key);
    return this.only?.addr === key;
  }

  set(key: number, value: PtEntry): this {
    if (this.map) this.map.set(key, value);
    else if ((!this.only || this.only.addr === key) && value.addr === key) this.only = value;
    else {
      this.map = this.only ? new Map([[this.only.addr, this.only]]) : new Map();
      this.map.set(key, value);
      this.only = undefined;
    }
    return this;
  }

  delete(key: number): boolean {
    if (this.map) return this.map.delete(key);
    if (this.only?.addr !== key) return false;
    this.only = undefined;
    return true;
  }

  clear(): void {
    if (this.map) this.map.clear();
    this.only = undefined;
  }

  *entries(): IterableIterator<[number, PtEntry]> {
    if (this.map) yield* this.map.entries();
    else if (this.only) yield [this.only.addr, this.only];
  }

  *keys(): IterableIterator<number> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<PtEntry> {
    if (this.map) yield* this.map.values();
    else if (this.only) yield this.only;
  }

  forEach(fn: (value: PtEntry, key: number, map: Map<number, PtEntry>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) fn.call(thisArg, value, key, this);
  }

  [Symbol.iterator](): IterableIterator<[number, PtEntry]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/**
 * Give a LeafTable that crossed a structured clone (src/worker/transfer.ts: its fields came, its prototype did
 * not) its prototype back; anything else is left alone.
 */
export function reviveLeafTable(x: unknown): void {
  if (typeof x !== 'object' || x === null || x instanceof LeafTable || x instanceof Map) return;
  if (Object.hasOwn(x, 'only') && Object.hasOwn(x, 'map')) Object.setPrototypeOf(x, LeafTable.prototype);
}
