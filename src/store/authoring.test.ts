import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import type { AppStore } from './appStore';
import { createAuthoringStore, parseJson, scenarioText } from './authoring';
import { createAppStore } from './inlineStore';
import { createMineStore, idbRepo } from './mine';

let n = 0;
async function session(repo = idbRepo(`authoring-${n++}`)) {
  const app = createAppStore({ scenario: 'xfs-reflink-shared' });
  const mine = createMineStore(repo);
  await mine.getState().refresh();
  const authoring = createAuthoringStore(app, mine);
  return { app, mine, authoring, repo };
}

const signals = (app: AppStore) => {
  const l = app.getState().load;
  return l.status === 'ready' ? l.sim.report.events.flatMap((e) => e.signals.map((s) => `${s.pid}:${s.code}`)) : [];
};

/** the built-in with R's policy changed, as the editor's text */
function withR(policy: string): string {
  const s = structuredClone(builtinScenario('xfs-reflink-shared'));
  const r = s?.processes?.find((p) => p.name === 'R');
  if (!s || !r) throw new Error('no R');
  r.mceKill = policy as 'late';
  return scenarioText(s);
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('authoring: edit, undo/redo, keep in Mine', () => {
  it("an edit of R's policy runs at once; undo and redo bring each run back", async () => {
    const { app, authoring, mine } = await session();
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR', '201:BUS_MCEERR_AO']);
    authoring.getState().openEditor();
    expect(authoring.getState().origin).toBe('xfs-reflink-shared');
    authoring.getState().edit(withR('late'));
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR']);
    await settle();
    // the first edit of a built-in makes a Mine entry holding the draft and the run
    const [entry] = mine.getState().entries;
    expect(entry.name).toBe('xfs-reflink-shared (edited)');
    expect(entry.text).toBe(withR('late'));
    expect(JSON.parse(entry.good ?? '')).toEqual(JSON.parse(withR('late')));
    authoring.getState().undo();
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR', '201:BUS_MCEERR_AO']);
    authoring.getState().redo();
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR']);
    authoring.getState().resetToBuiltin();
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR', '201:BUS_MCEERR_AO']);
  });

  it('keeps the step (by its id) and the selection where they still exist', async () => {
    const { app, authoring } = await session();
    app.getState().stepTo(5);
    app.getState().select('task:201');
    const stepId = (app.getState().load as { sim: { rt: { steps: { id: string }[] } } }).sim.rt.steps[4].id;
    authoring.getState().openEditor();
    authoring.getState().edit(withR('late'));
    const l = app.getState().load;
    expect(l.status === 'ready' && l.sim.rt.steps[app.getState().cursor - 1].id).toBe(stepId);
    expect(app.getState().selection).toBe('task:201');
    // a scenario without R's pid: the selection goes
    const s = JSON.parse(withR('late'));
    s.processes = s.processes.filter((p: { name: string }) => p.name !== 'Q');
    app.getState().select('task:202');
    authoring.getState().edit(JSON.stringify(s));
    expect(app.getState().selection).toBeNull();
  });

  it('an invalid edit shows its messages by field and keeps the last good run', async () => {
    const { app, authoring } = await session();
    authoring.getState().openEditor();
    authoring.getState().edit(withR('late'));
    const good = app.getState().load;
    authoring.getState().edit(withR('sometimes'));
    expect(app.getState().load).toBe(good);
    expect(app.getState().editIssues?.map((i) => i.path)).toEqual(['processes[1].mceKill']);
    authoring.getState().edit('{ "format": 1, ');
    expect(app.getState().load).toBe(good);
    expect(app.getState().editIssues?.[0].path).toBe('(json)');
    expect(app.getState().editIssues?.[0].message).toMatch(/^not JSON \(line 1, column \d+\)/);
    authoring.getState().undo();
    expect(app.getState().editIssues?.[0].path).toBe('processes[1].mceKill');
    authoring.getState().undo();
    expect(app.getState().editIssues).toBeNull();
    expect(app.getState().load).not.toBe(good);
    expect(signals(app)).toEqual(['202:BUS_MCEERR_AR']);
  });

  it('a reload brings the edited scenario back from Mine, with its unfinished draft', async () => {
    const first = await session();
    first.authoring.getState().openEditor();
    first.authoring.getState().edit(withR('late'));
    first.authoring.getState().edit(`${withR('late')} oops`);
    await settle();
    const again = await session(first.repo);
    const [entry] = again.mine.getState().entries;
    expect(entry.text).toBe(`${withR('late')} oops`);
    again.authoring.getState().openMine(entry.key);
    expect(signals(again.app)).toEqual(['202:BUS_MCEERR_AR']);
    again.authoring.getState().openEditor();
    expect(again.authoring.getState().history.present).toBe(`${withR('late')} oops`);
    expect(again.app.getState().editIssues?.[0].path).toBe('(json)');
  });

  it('a file that runs is kept in Mine without an edit; the same scenario again reuses its entry', async () => {
    const { app, authoring, mine } = await session();
    authoring.getState().openFile(withR('late'), 'late.json');
    await settle();
    expect(mine.getState().entries.map((e) => e.name)).toEqual(['XFS reflink: poison in a block two files share']);
    // the same scenario written another way (a link carries it without the file's formatting)
    app.getState().loadInput(JSON.parse(withR('late')), 'link');
    await settle();
    expect(mine.getState().entries).toHaveLength(1);
    // a refused file is not kept
    authoring.getState().openFile('{"format":1}', 'bad.json');
    await settle();
    expect(mine.getState().entries).toHaveLength(1);
    expect(app.getState().loadError?.name).toBe('bad.json');
  });

  it('parseJson says where a syntax error is', () => {
    const r = parseJson('{\n  "a": 1,\n}');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issue.message).toMatch(/^not JSON \(line 3, column 1\)/);
  });
});
