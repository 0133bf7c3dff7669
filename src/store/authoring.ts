/**
 * The authoring session (issue 10 §1): the editor's text, its undo/redo history, and which of the user's
 * saved scenarios ("Mine") is on screen. Every edit is saved as it is made (a draft that does not parse
 * too), then run in place of the loaded scenario when it parses; a refused edit leaves the last good run
 * on screen with its messages (AppState.editIssues). Every scenario that runs and is not a built-in (a file,
 * a link, an edit) gets a Mine entry, so nothing the user opened or wrote is lost on reload.
 */
import { createStore } from 'zustand/vanilla';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioIssue } from '../scenario/issues';
import type { AppStore, LoadState } from './appStore';
import { type EditHistory, record, redo, startHistory, undo } from './editHistory';
import { canonicalJson, findByGood, type MineEntry, type MineStore, newMineKey } from './mine';

type Ready = Extract<LoadState, { status: 'ready' }>;

export interface AuthoringState {
  /** the editor is open beside the views */
  open: boolean;
  history: EditHistory;
  /** the draft does not parse as JSON: where and why (the last good run stays on screen) */
  syntax: ScenarioIssue | null;
  /** the Mine entry being shown and edited, or null (a built-in not yet edited) */
  key: string | null;
  /** the built-in the text came from, for "reset to built-in" */
  origin: string | null;
  openEditor(): void;
  close(): void;
  /** a new text from the JSON editor or a form: saved, recorded for undo, and run if it parses */
  edit(text: string): void;
  undo(): void;
  redo(): void;
  resetToBuiltin(): void;
  /** open a Mine entry: its last good text runs, its draft is what the editor shows */
  openMine(key: string): void;
  /** open a file's text: kept in Mine as soon as it runs */
  openFile(text: string, name: string): void;
}

export const scenarioText = (input: unknown): string =>
  typeof input === 'string' ? input : JSON.stringify(input, null, 2);

/** JSON.parse with the position of a syntax error in line:column terms. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; issue: ScenarioIssue } {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    let where = '';
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${Number(at[1]) - before.lastIndexOf('\n')})`;
    }
    // (V8 adds its own "(line 2 column 1)" in some versions: one place is enough)
    const why = msg.replace(/\s*\(line \d+ column \d+\)$/, '').slice(0, 160);
    return { ok: false, issue: { path: '(json)', message: `not JSON${where}: ${why}` } };
  }
}

export function createAuthoringStore(app: AppStore, mine: MineStore) {
  /** which Mine entry each run belongs to (a run is a load object; the same one keeps its key) */
  const keys = new WeakMap<Ready, string>();

  const store = createStore<AuthoringState>()((set, get) => {
    const ready = (): Ready | null => {
      const l = app.getState().load;
      return l.status === 'ready' ? l : null;
    };
    /** save the draft in Mine, making the entry on the first edit of a built-in */
    const saveDraft = (text: string) => {
      let { key } = get();
      const existing = key ? mine.getState().entries.find((e) => e.key === key) : undefined;
      if (!key) {
        key = newMineKey();
        set({ key });
      }
      const load = ready();
      const entry: MineEntry = existing
        ? { ...existing, text }
        : {
            key,
            name: `${load?.id ?? 'scenario'} (edited)`,
            text,
            good: null,
            origin: get().origin,
            updated: 0,
          };
      void mine.getState().save(entry);
    };
    /** run a text: a syntax error is shown and nothing runs; otherwise the store runs it */
    const run = (text: string) => {
      const parsed = parseJson(text);
      if (!parsed.ok) {
        set({ syntax: parsed.issue });
        app.setState({ editIssues: [parsed.issue] });
        return;
      }
      set({ syntax: null });
      app.getState().applyEdit(parsed.value, get().key);
    };
    const apply = (h: EditHistory) => {
      set({ history: h });
      saveDraft(h.present);
      run(h.present);
    };

    return {
      open: false,
      history: startHistory(''),
      syntax: null,
      key: null,
      origin: null,
      openEditor() {
        const load = ready();
        if (!load) return;
        const key = keys.get(load) ?? load.mineKey ?? null;
        const entry = key ? mine.getState().entries.find((e) => e.key === key) : undefined;
        const text = entry?.text ?? scenarioText(load.source === 'builtin' ? builtinScenario(load.id) : load.input);
        set({
          open: true,
          key,
          origin: load.source === 'builtin' ? load.id : (entry?.origin ?? null),
          history: startHistory(text),
          syntax: null,
        });
        // a draft saved but not yet runnable (the tab closed mid-edit): run it, so its messages show
        if (entry && canonicalJson(entry.text) !== canonicalJson(entry.good)) run(entry.text);
      },
      close: () => set({ open: false }),
      edit(text) {
        const h = get().history;
        if (text === h.present) return;
        apply(record(h, text));
      },
      undo() {
        const h = get().history;
        if (h.past.length) apply(undo(h));
      },
      redo() {
        const h = get().history;
        if (h.future.length) apply(redo(h));
      },
      resetToBuiltin() {
        const origin = get().origin;
        const b = origin ? builtinScenario(origin) : undefined;
        if (b) get().edit(scenarioText(b));
      },
      openMine(key) {
        const e = mine.getState().entries.find((x) => x.key === key);
        if (!e) return;
        const text = e.good ?? e.text;
        const parsed = parseJson(text);
        set({ key, origin: e.origin, history: startHistory(e.text), syntax: null });
        if (!parsed.ok) {
          app.getState().refuseInput(e.name, '(json)', parsed.issue.message);
          return;
        }
        app.getState().loadInput(parsed.value, e.name, { mineKey: key });
      },
      openFile(text, name) {
        set({ open: false });
        app.getState().loadInput(text, name, { mineKey: newMineKey() });
      },
    };
  });

  /**
   * Each run that is not a built-in is kept in Mine: its entry (by the key the load asked for, by the same
   * text already saved, or a new one) gets the run's text as its last good one.
   */
  const adopt = (load: LoadState) => {
    if (load.status !== 'ready') return;
    if (load.source === 'builtin') {
      if (!store.getState().open) store.setState({ key: null, origin: load.id });
      return;
    }
    // before Mine is read, an entry for the same scenario cannot be found: wait for it (below)
    if (keys.has(load) || !mine.getState().loaded) return;
    const text = scenarioText(load.input ?? load.built.scenario);
    const entries = mine.getState().entries;
    const asked = load.mineKey ? entries.find((e) => e.key === load.mineKey) : undefined;
    const same = asked ?? findByGood(entries, text);
    const key = same?.key ?? load.mineKey ?? newMineKey();
    keys.set(load, key);
    const a = store.getState();
    // the entry's draft is what the editor holds, or the one saved (an unfinished edit survives a reopen)
    const draft = a.open && a.key === key ? a.history.present : (same?.text ?? text);
    if (!a.open || a.key !== key) store.setState({ key, origin: same?.origin ?? null });
    void mine.getState().save({
      key,
      name: same?.name ?? load.title,
      text: draft,
      good: text,
      origin: same?.origin ?? store.getState().origin ?? null,
      updated: 0,
    });
  };
  app.subscribe((s) => s.load, adopt);
  // Mine is read from storage after the first run may have arrived: adopt it then (reusing its entry)
  let adoptedAfterRead = false;
  mine.subscribe((m) => {
    if (!m.loaded || adoptedAfterRead) return;
    adoptedAfterRead = true;
    const l = app.getState().load;
    if (l.status === 'ready' && l.source !== 'builtin' && !keys.has(l)) adopt(l);
  });
  adopt(app.getState().load);

  /** the Mine key of the run on screen (for the picker and the link of a scenario too large for a URL) */
  const currentKey = (): string | null => {
    const l = app.getState().load;
    return l.status === 'ready' ? (keys.get(l) ?? null) : null;
  };
  return Object.assign(store, { currentKey });
}

export type AuthoringStore = ReturnType<typeof createAuthoringStore>;
