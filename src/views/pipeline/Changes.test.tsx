// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { createAppStore } from '../../store/inlineStore';
import { withStore } from '../shared/storeFixture';
import { CHANGES_SHOWN, Changes } from './Changes';

afterEach(cleanup);

/** 40 processes mapping one page of /mnt/A, a machine check by the last: its unmap changes 40 PTEs at once */
const MAPPERS: ScenarioInput = {
  format: 1,
  id: 'forty-mappers',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '1GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: 4096 }],
  processes: Array.from({ length: 40 }, (_, i) => ({
    name: `p${i}`,
    mappings: [{ name: 'a', file: '/mnt/A' }],
    touch: [{ mapping: 'a', offset: 0 }],
  })),
  events: [{ kind: 'mce', process: 'p39', mapping: 'a', offset: 0 }],
} as ScenarioInput;

/** the store at the first step that changes more than CHANGES_SHOWN objects */
function atLongChange() {
  const store = createAppStore({ scenario: 'xfs-reflink-shared', selection: null });
  store.getState().loadInput(MAPPERS, 'forty mappers');
  const s = store.getState();
  if (s.load.status !== 'ready') throw new Error('did not load');
  for (let at = 1; at <= s.load.sim.rt.steps.length; at++) {
    store.getState().stepTo(at);
    if ((store.getState().views?.changed.length ?? 0) > CHANGES_SHOWN) return store;
  }
  throw new Error('no step changes that many objects');
}

const drawn = () => document.querySelectorAll('[data-changed]');

describe('Changes', () => {
  it('draws the first CHANGES_SHOWN changed objects and a "+N more" button that draws the rest, for that step', () => {
    const store = atLongChange();
    const changed = store.getState().views?.changed ?? [];
    render(withStore(store, <Changes />));
    expect(drawn()).toHaveLength(CHANGES_SHOWN);
    expect([...drawn()].map((b) => b.getAttribute('data-changed'))).toEqual(
      changed.slice(0, CHANGES_SHOWN).map((c) => c.object),
    );
    const more = screen.getByRole('button', { name: `+${changed.length - CHANGES_SHOWN} more` });
    act(() => more.click());
    expect(drawn()).toHaveLength(changed.length);
    expect(screen.queryByRole('button', { name: /more$/ })).toBeNull();
    // another step starts short again
    act(() => store.getState().stepTo(store.getState().cursor + 1));
    expect(drawn().length).toBeLessThanOrEqual(CHANGES_SHOWN);
  });
});
