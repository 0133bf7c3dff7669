/**
 * The undo log behind stepping backwards. Every mutation of kernel state goes through a Journal, which
 * keeps the before/after of each write, so the explorer can move its cursor over a finished trace by
 * reverting or re-applying ranges of entries, without re-running the kernel. Not a kernel structure.
 */
export interface JournalEntry {
  /** stable id of the object written (see ids.ts), for "what did this step change" */
  object: string;
  field: string;
  before: unknown;
  after: unknown;
  revert(): void;
  apply(): void;
}

export class Journal {
  readonly entries: JournalEntry[] = [];
  /** number of entries currently applied; entries past it were reverted by a cursor move */
  private applied = 0;

  get length(): number {
    return this.entries.length;
  }

  /** Off while a scenario is built: the state it builds is the starting point, not history. */
  enabled = true;

  record(entry: JournalEntry): void {
    if (!this.enabled) return;
    if (this.applied !== this.entries.length) throw new Error('journal: write while rewound');
    this.entries.push(entry);
    this.applied++;
  }

  /** Write obj[field] = value and remember the old value. */
  set<T extends object, K extends keyof T & string>(object: string, obj: T, field: K, value: T[K]): void {
    const before = obj[field];
    if (Object.is(before, value)) return;
    obj[field] = value;
    this.record({
      object,
      field,
      before,
      after: value,
      revert: () => {
        obj[field] = before;
      },
      apply: () => {
        obj[field] = value;
      },
    });
  }

  mapSet<K, V>(object: string, field: string, map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    this.record({
      object,
      field,
      before: had ? before : undefined,
      after: value,
      revert: () => (had ? map.set(key, before as V) : map.delete(key)),
      apply: () => map.set(key, value),
    });
  }

  mapDelete<K, V>(object: string, field: string, map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const before = map.get(key) as V;
    map.delete(key);
    this.record({
      object,
      field,
      before,
      after: undefined,
      revert: () => map.set(key, before),
      apply: () => map.delete(key),
    });
  }

  push<T>(object: string, field: string, list: T[], value: T): void {
    list.push(value);
    this.record({
      object,
      field,
      before: undefined,
      after: value,
      revert: () => {
        list.pop();
      },
      apply: () => {
        list.push(value);
      },
    });
  }

  /** Move the applied prefix to `position` (0 … length), reverting or re-applying entries. */
  seek(position: number): void {
    const target = Math.max(0, Math.min(position, this.entries.length));
    while (this.applied > target) this.entries[--this.applied].revert();
    while (this.applied < target) this.entries[this.applied++].apply();
  }

  get position(): number {
    return this.applied;
  }
}
