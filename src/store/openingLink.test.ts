/** The store opened by a `#s=` link (src/app/main.tsx): the link's scenario, step and selection, or nothing. */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { createAppStore } from './inlineStore';

describe('opening with a scenario from a link', () => {
  it("runs the link's scenario at its step, with its selection", () => {
    const s = { ...builtinScenario('ext4-single-owner'), id: 'from-link' };
    const app = createAppStore({ input: { input: s, name: 'the link' }, cursor: 5, selection: 'task:201' });
    const st = app.getState();
    expect(st.load.status === 'ready' && [st.load.id, st.load.source, st.load.input]).toEqual(['from-link', 'file', s]);
    expect(st.cursor).toBe(5);
    expect(st.selection).toBe('task:201');
  });

  it('a link that cannot be decoded loads nothing, not the default built-in', () => {
    const issues = [{ path: '#s', message: 'could not decode the scenario in the link (#s=abc): …' }];
    const app = createAppStore({ scenario: 'xfs-reflink-shared', refused: { name: 'the link', issues } });
    expect(app.getState().load).toEqual({ status: 'error', id: 'the link', issues });
  });

  it('a link whose scenario does not validate says why, field by field, and loads nothing else', () => {
    const s = { ...builtinScenario('ext4-single-owner'), id: 'bad', processes: [{ name: 'P', mceKill: 'never' }] };
    const app = createAppStore({ input: { input: s, name: 'the link' } });
    const l = app.getState().load;
    expect(l.status).toBe('error');
    expect(l.status === 'error' && l.issues.map((i) => i.path)).toEqual(['processes[0].mceKill']);
  });
});
