/**
 * An mm's PTE leaves (MmStruct.pte): a Map<number, PtEntry> that holds its first leaf in two fields and
 * makes a real Map only at a second one. Perf (issue 10 §4): 10^5 processes that each map one page had
 * 10^5 Maps of one entry (~180 bytes each: the Map and its smallest hash table), copied by every scavenge
 * of the setup; this is ~40. Same answers and order as a Map: insertion order, a rewrite in place keeps
 * its position, and it stays a Map once it has been one.
 */
import type { PtEntry } from './sched';

export class LeafTable implements Map<number, PtEntry> {
  /** the only leaf while `map` is null and `key` is not NaN */
  private key = Number.NaN;
  private value: PtEntry | undefined = undefined;
  /** every leaf, once there have been two at once */
  private map: Map<number, PtEntry> | null = null;

  get size(): number {
    if (this.map) return this.map.size;
    return Number.isNaN(this.key) ? 0 : 1;
  }

  get(key: number): PtEntry | undefined {
    if (this.map) return this.map.get(key);
    return key === this.key ? this.value : undefined;
  }

  has(key: number): boolean {
    if (this.map) return this.map.has(key);
    return key === this.key;
  }

  set(key: number, value: PtEntry): this {
    if (this.map) this.map.set(key, value);
    else if (Number.isNaN(this.key) || key === this.key) {
      this.key = key;
      this.value = value;
    } else {
      this.map = new Map([[this.key, this.value as PtEntry]]);
      this.map.set(key, value);
      this.key = Number.NaN;
      this.value = undefined;
    }
    return this;
  }

  delete(key: number): boolean {
    if (this.map) return this.map.delete(key);
    if (key !== this.key) return false;
    this.key = Number.NaN;
    this.value = undefined;
    return true;
  }

  clear(): void {
    if (this.map) this.map.clear();
    this.key = Number.NaN;
    this.value = undefined;
  }

  *entries(): IterableIterator<[number, PtEntry]> {
    if (this.map) yield* this.map.entries();
    else if (!Number.isNaN(this.key)) yield [this.key, this.value as PtEntry];
  }

  *keys(): IterableIterator<number> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<PtEntry> {
    if (this.map) yield* this.map.values();
    else if (!Number.isNaN(this.key)) yield this.value as PtEntry;
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
