// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinScenario } from '../../scenario/builtins';
import type { ScenarioInput } from '../../scenario/schema';
import { createAppStore } from '../../store/inlineStore';
import { raceChanges } from '../../store/raceDrop';
import { withStore } from '../shared/storeFixture';
import { choicesOf, RaceHere } from './RaceHere';

afterEach(cleanup);

const AT = 'dax_lock_mapping_entry';

/** xfs-reflink-shared with `extra` more processes mapping /mnt/A: one "munmap X<i>/a" change each */
function storeWith(extra: number) {
  const base = builtinScenario('xfs-reflink-shared') as ScenarioInput;
  const processes = [
    ...(base.processes ?? []),
    ...Array.from({ length: extra }, (_, i) => ({ name: `X${i}`, mappings: [{ name: 'a', file: '/mnt/A' }] })),
  ];
  const store = createAppStore({ scenario: 'xfs-reflink-shared', selection: null });
  store.getState().loadInput({ ...base, id: 'many-mappers', processes }, 'many mappers');
  const s = store.getState();
  if (s.load.status !== 'ready') throw new Error('did not load');
  s.stepTo(s.load.sim.rt.steps.findIndex((st) => st.id === `${AT}#1`) + 1);
  render(withStore(store, <RaceHere event={0} fn={AT} />));
  return store;
}

const field = () => screen.getByRole('combobox', { name: `Race a change here, at ${AT}():` });

describe('RaceHere', () => {
  it('a few changes: a <select> of them all', () => {
    storeWith(0);
    expect(field().tagName).toBe('SELECT');
    expect(field().querySelectorAll('option').length).toBeLessThan(20);
  });

  it('thousands of changes: a filterable combobox that makes no option until opened, then the ones in view', () => {
    const store = storeWith(2000);
    expect(field().tagName).toBe('INPUT');
    expect(document.querySelectorAll('option, [role="option"]')).toHaveLength(0);
    act(() => field().focus());
    const drawn = document.querySelectorAll('[role="option"]').length;
    expect(drawn).toBeLessThan(60);
    // filter to one process's munmap and pick it with Enter; racing it places that change at this step
    fireEvent.change(field(), { target: { value: 'munmap X1234/a' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    expect(field()).toHaveProperty('value', 'munmap X1234/a');
    act(() => screen.getByRole('button', { name: 'Race it here' }).click());
    const s = store.getState();
    if (s.load.status !== 'ready') throw new Error('the race did not load');
    expect((s.load.built.scenario as ScenarioInput).events?.at(-1)).toMatchObject({
      kind: 'munmap',
      process: 'X1234',
      mapping: 'a',
      concurrentWith: 0,
      at: AT,
    });
  });

  it('makes the choices once per list of changes, not at each mount (a race-able step mounts the panel)', () => {
    const store = storeWith(300);
    const s = store.getState();
    if (s.load.status !== 'ready') throw new Error('did not load');
    const changes = raceChanges(s.load.built.scenario as ScenarioInput);
    const choices = choicesOf(changes);
    expect(choicesOf(changes)).toBe(choices);
    expect(choices.map((c) => c.text)).toEqual(changes.map((c) => c.label));
    expect(choices.map((c) => c.id)).toEqual(changes.map((_, i) => String(i)));
  });
});
