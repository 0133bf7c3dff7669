/**
 * The undo log behind stepping backwards. Every mutation of kernel state goes through a Journal, which
 * keeps the before/after of each write, so the explorer can move its cursor over a finished trace by
 * reverting or re-applying ranges of entries, without re-running the kernel. Not a kernel structure.
 *
 * Each entry is a delta: the one field, map key or list slot written, never a copy of the whole object.
 * Entries are small class instances (no closures per write): a run of a million writes stays cheap to record
 * and to collect. Writes made while the journal is disabled (the scenario's setup) record nothing.
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

/** obj[key] = after */
class FieldWrite<T extends object, K extends keyof T> implements JournalEntry {
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly obj: T,
    private readonly key: K,
    readonly before: T[K],
    readonly after: T[K],
  ) {}
  revert(): void {
    this.obj[this.key] = this.before;
  }
  apply(): void {
    this.obj[this.key] = this.after;
  }
}

/** map.set(key, after); `had` says whether the key was there before */
class MapWrite<K, V> implements JournalEntry {
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly map: Map<K, V>,
    private readonly key: K,
    private readonly had: boolean,
    readonly before: V | undefined,
    readonly after: V,
  ) {}
  revert(): void {
    if (this.had) this.map.set(this.key, this.before as V);
    else this.map.delete(this.key);
  }
  apply(): void {
    this.map.set(this.key, this.after);
  }
}

/** map.delete(key) of a key that held `before` */
class MapDelete<K, V> implements JournalEntry {
  readonly after = undefined;
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly map: Map<K, V>,
    private readonly key: K,
    readonly before: V,
  ) {}
  revert(): void {
    this.map.set(this.key, this.before);
  }
  apply(): void {
    this.map.delete(this.key);
  }
}

/** list.push(after) */
class ListPush<T> implements JournalEntry {
  readonly before = undefined;
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly list: T[],
    readonly after: T,
  ) {}
  revert(): void {
    this.list.pop();
  }
  apply(): void {
    this.list.push(this.after);
  }
}

/**
 * list.splice(index, 0, value) (`insert`) or list.splice(index, 1) of `value` (remove). Entries revert in
 * reverse order, so the index still names the same slot when this one is undone.
 */
class ListSplice<T> implements JournalEntry {
  constructor(
    readonly object: string,
    readonly field: string,
    private readonly list: T[],
    private readonly index: number,
    private readonly value: T,
    private readonly insert: boolean,
  ) {}
  get before(): T | undefined {
    return this.insert ? undefined : this.value;
  }
  get after(): T | undefined {
    return this.insert ? this.value : undefined;
  }
  private put(): void {
    this.list.splice(this.index, 0, this.value);
  }
  private take(): void {
    this.list.splice(this.index, 1);
  }
  revert(): void {
    if (this.insert) this.take();
    else this.put();
  }
  apply(): void {
    if (this.insert) this.put();
    else this.take();
  }
}

/** A journal entry class, by the key it travels under (structured clone drops prototypes). */
// biome-ignore lint/suspicious/noExplicitAny: any entry class, whatever its constructor takes
type EntryClass = abstract new (...args: any[]) => JournalEntry;

const ENTRY_KINDS = new Map<string, EntryClass>();
/** prototype → key: one lookup per entry when a journal of a million entries is sent */
const KEY_OF = new Map<object, string>();

/**
 * Name an entry class so a journal sent to another realm (the explorer's worker) can give its entries their
 * prototypes back. Keys are explicit: minified class names are not stable between two bundles.
 */
export function registerJournalEntry(key: string, c: EntryClass): void {
  if (ENTRY_KINDS.has(key) && ENTRY_KINDS.get(key) !== c) throw new Error(`journal entry kind ${key} registered twice`);
  ENTRY_KINDS.set(key, c);
  KEY_OF.set(c.prototype, key);
}

/** The key of an entry's class (sending side), or the class of a key (receiving side). */
export const journalEntryKey = (entry: JournalEntry): string | undefined => KEY_OF.get(Object.getPrototypeOf(entry));
export const journalEntryClass = (key: string): EntryClass | undefined => ENTRY_KINDS.get(key);

registerJournalEntry('field', FieldWrite);
registerJournalEntry('map-set', MapWrite);
registerJournalEntry('map-delete', MapDelete);
registerJournalEntry('push', ListPush);
registerJournalEntry('splice', ListSplice);

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
    this.append(entry);
  }

  private append(entry: JournalEntry): void {
    if (this.applied !== this.entries.length) throw new Error('journal: write while rewound');
    this.entries.push(entry);
    this.applied++;
  }

  /** Write obj[field] = value and remember the old value. */
  set<T extends object, K extends keyof T & string>(object: string, obj: T, field: K, value: T[K]): void {
    const before = obj[field];
    if (Object.is(before, value)) return;
    obj[field] = value;
    if (this.enabled) this.append(new FieldWrite(object, field, obj, field, before, value));
  }

  mapSet<K, V>(object: string, field: string, map: Map<K, V>, key: K, value: V): void {
    if (!this.enabled) {
      map.set(key, value);
      return;
    }
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    this.append(new MapWrite(object, field, map, key, had, had ? before : undefined, value));
  }

  mapDelete<K, V>(object: string, field: string, map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const before = map.get(key) as V;
    map.delete(key);
    if (this.enabled) this.append(new MapDelete(object, field, map, key, before));
  }

  push<T>(object: string, field: string, list: T[], value: T): void {
    list.push(value);
    if (this.enabled) this.append(new ListPush(object, field, list, value));
  }

  /**
   * Insert value at list[index] in place. Like push, a delta: reverting takes it out again, instead of
   * replacing the list with a modified copy.
   */
  insertAt<T>(object: string, field: string, list: T[], index: number, value: T): void {
    // perf: at the end (a new mapper's VMA goes last in i_mmap), no splice and no array of removed items
    if (index === list.length) list.push(value);
    else list.splice(index, 0, value);
    if (this.enabled) this.append(new ListSplice(object, field, list, index, value, true));
  }

  /** Remove list[index] in place; reverting puts it back at the same index. */
  removeAt<T>(object: string, field: string, list: T[], index: number): void {
    const [value] = list.splice(index, 1);
    if (this.enabled) this.append(new ListSplice(object, field, list, index, value, false));
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
