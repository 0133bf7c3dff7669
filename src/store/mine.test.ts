import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createMineStore, idbRepo, type MineEntry, type MineRepo, storageProblem } from './mine';

const entry = (key: string, name = key): MineEntry => ({
  key,
  name,
  text: `{"id":"${key}"}`,
  good: `{"id":"${key}"}`,
  origin: null,
  updated: 0,
});

let db = 0;
const freshRepo = () => idbRepo(`test-${db++}`, 'mine');

describe('Mine: the user scenarios kept in IndexedDB', () => {
  it('saves as it is made, and a new store (a reload) reads the same entries back', async () => {
    const repo = freshRepo();
    let t = 1;
    const a = createMineStore(repo, () => t++);
    await a.getState().refresh();
    await a.getState().save(entry('k1', 'first'));
    await a.getState().save({ ...entry('k2', 'second'), text: '{ not json yet' });
    const b = createMineStore(repo);
    await b.getState().refresh();
    expect(b.getState().entries.map((e) => [e.key, e.name, e.text])).toEqual([
      ['k2', 'second', '{ not json yet'],
      ['k1', 'first', '{"id":"k1"}'],
    ]);
  });

  it('renames, duplicates, deletes and undoes the delete, all stored', async () => {
    const repo = freshRepo();
    const s = createMineStore(repo);
    await s.getState().save(entry('k1', 'mine'));
    await s.getState().rename('k1', '  late R  ');
    const copy = await s.getState().duplicate('k1');
    expect(copy?.name).toBe('late R (copy)');
    await s.getState().remove('k1');
    expect((await repo.list()).map((e) => e.name)).toEqual(['late R (copy)']);
    const back = await s.getState().undoRemove();
    expect(back?.name).toBe('late R');
    expect((await repo.list()).map((e) => e.name).sort()).toEqual(['late R', 'late R (copy)']);
    expect(s.getState().deleted).toBeNull();
  });

  it('reports storage that is full or fails, never silently', async () => {
    const full: MineRepo = {
      list: async () => [],
      put: async () => {
        throw Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
      },
      remove: async () => {},
    };
    const s = createMineStore(full);
    await s.getState().save(entry('k1', 'big'));
    expect(s.getState().problem).toBe(`could not save "big": the browser's storage for this site is full`);
    // the entry stays listed for this session even though it could not be stored
    expect(s.getState().entries.map((e) => e.key)).toEqual(['k1']);
    const broken: MineRepo = { ...full, list: () => Promise.reject(new Error('disk I/O error')) };
    const t = createMineStore(broken);
    await t.getState().refresh();
    expect(t.getState().problem).toBe('could not read your saved scenarios: disk I/O error');
    expect(t.getState().loaded).toBe(true);
  });

  it('names an unavailable IndexedDB as such', () => {
    expect(storageProblem(Object.assign(new Error('x'), { name: 'SecurityError' }), 'save "a"')).toBe(
      'could not save "a": this browser gives the page no storage (IndexedDB unavailable)',
    );
  });
});
