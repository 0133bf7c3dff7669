/**
 * The user's own scenarios ("Mine", issue 10 §1): every edit and every opened file is saved in IndexedDB
 * (idb-keyval) as it is made, so a reload, a crash or a closed tab brings them back. Listed in the picker;
 * renamed, duplicated, deleted (with undo) and exported from the editor. Storage that is full or
 * unavailable is reported in `problem`, never ignored.
 */
import { del, entries, set as idbSet, createStore as idbStore, type UseStore } from 'idb-keyval';
import { createStore } from 'zustand/vanilla';

export interface MineEntry {
  key: string;
  name: string;
  /** the text as last edited: it may not be valid (a draft is saved too) */
  text: string;
  /** the last text that ran, or null if none has yet */
  good: string | null;
  /** the built-in it was made from, for "reset to built-in" */
  origin: string | null;
  /** ms since the epoch of the last change */
  updated: number;
}

/** Where entries are kept: IndexedDB in the page, anything with the same four calls in tests. */
export interface MineRepo {
  list(): Promise<MineEntry[]>;
  put(e: MineEntry): Promise<void>;
  remove(key: string): Promise<void>;
}

export function idbRepo(db = 'dax-explorer', store = 'mine'): MineRepo {
  let handle: UseStore | null = null;
  // opened on first use: a page that never saves never opens the database
  const h = () => {
    handle ??= idbStore(db, store);
    return handle;
  };
  return {
    list: async () => (await entries<string, MineEntry>(h())).map(([, e]) => e).filter(isEntry),
    // perf: in a task of its own: put() copies the entry (structured clone) at once, and a file's run is saved
    // as it arrives, in the task that draws it (bench A: ~45 ms for its 1.3 MB text and last good copy)
    put: async (e) => {
      await new Promise((next) => setTimeout(next, 0));
      await idbSet(e.key, e, h());
    },
    remove: (key) => del(key, h()),
  };
}

/** Entries read back from storage are checked: another tab or an older version may have written them. */
function isEntry(e: unknown): e is MineEntry {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return typeof x.key === 'string' && typeof x.name === 'string' && typeof x.text === 'string';
}

/** A storage failure in the user's words: full, unavailable (private mode, blocked), or what it said. */
export function storageProblem(e: unknown, doing: string): string {
  const err = e as { name?: string; message?: string } | null;
  const name = err?.name ?? '';
  if (name === 'QuotaExceededError') return `could not ${doing}: the browser's storage for this site is full`;
  if (typeof indexedDB === 'undefined' || name === 'InvalidStateError' || name === 'SecurityError')
    return `could not ${doing}: this browser gives the page no storage (IndexedDB unavailable)`;
  return `could not ${doing}: ${(err?.message ?? String(e)).slice(0, 120)}`;
}

export interface MineState {
  entries: MineEntry[];
  /** the list has been read from storage (before that, "Mine" shows nothing) */
  loaded: boolean;
  /** the last storage failure, shown until dismissed */
  problem: string | null;
  /** the last deleted entry, for Undo */
  deleted: MineEntry | null;
  refresh(): Promise<void>;
  /** save (create or replace) an entry; resolves when it is stored (or the failure is reported) */
  save(e: MineEntry): Promise<void>;
  rename(key: string, name: string): Promise<void>;
  duplicate(key: string): Promise<MineEntry | null>;
  remove(key: string): Promise<void>;
  undoRemove(): Promise<MineEntry | null>;
  dismissProblem(): void;
}

export const newMineKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `m${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

const byNewest = (a: MineEntry, b: MineEntry) => b.updated - a.updated;

export function createMineStore(repo: MineRepo, now: () => number = Date.now) {
  return createStore<MineState>()((set, get) => {
    const attempt = async (doing: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (e) {
        set({ problem: storageProblem(e, doing) });
      }
    };
    const upsert = (e: MineEntry) =>
      set((s) => ({ entries: [e, ...s.entries.filter((x) => x.key !== e.key)].sort(byNewest) }));
    return {
      entries: [],
      loaded: false,
      problem: null,
      deleted: null,
      async refresh() {
        await attempt('read your saved scenarios', async () => {
          const list = await repo.list();
          set({ entries: list.sort(byNewest) });
        });
        set({ loaded: true });
      },
      async save(e) {
        const entry = { ...e, updated: now() };
        upsert(entry);
        await attempt(`save "${e.name.slice(0, 60)}"`, () => repo.put(entry));
      },
      async rename(key, name) {
        const e = get().entries.find((x) => x.key === key);
        if (e && name.trim()) await get().save({ ...e, name: name.trim().slice(0, 120) });
      },
      async duplicate(key) {
        const e = get().entries.find((x) => x.key === key);
        if (!e) return null;
        const copy = { ...e, key: newMineKey(), name: `${e.name} (copy)` };
        await get().save(copy);
        return copy;
      },
      async remove(key) {
        const e = get().entries.find((x) => x.key === key);
        if (!e) return;
        set((s) => ({ entries: s.entries.filter((x) => x.key !== key), deleted: e }));
        await attempt(`delete "${e.name.slice(0, 60)}"`, () => repo.remove(key));
      },
      async undoRemove() {
        const e = get().deleted;
        if (!e) return null;
        set({ deleted: null });
        upsert(e);
        await attempt(`restore "${e.name.slice(0, 60)}"`, () => repo.put(e));
        return e;
      },
      dismissProblem: () => set({ problem: null }),
    };
  });
}

export type MineStore = ReturnType<typeof createMineStore>;

/** JSON text in one spelling (no formatting), so the same scenario written two ways compares equal. */
export function canonicalJson(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** The entry whose last good run is this scenario: opening the same link or file twice reuses one entry. */
export function findByGood(entries: MineEntry[], text: string): MineEntry | undefined {
  // nothing saved: no need to re-spell the text (bench A's 1.3 MB file: 60–85 ms of the task that shows it)
  if (!entries.length) return undefined;
  const c = canonicalJson(text);
  return entries.find((e) => canonicalJson(e.good) === c);
}
