/** The capped processes list: only the lanes it shows are built, and they are the full list's lanes. */
import { describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { createAppStore } from './inlineStore';
import { LANE_LIMIT, selectAllLanes, selectCurrentStep, selectLinked, selectProcessLanes } from './selectors';

describe('selectProcessLanes', () => {
  // 450 processes map one page; the last one's machine check signals and unmaps many of them
  const store = createAppStore({ scenario: 'xfs-reflink-shared', cursor: 0 });
  store.getState().loadInput(sharedPageScenario(450), 'shared.json');

  it('builds the first LANE_LIMIT lanes and those the step touches or the selection links, as the full list has them', () => {
    expect(store.getState().load.status).toBe('ready');
    expect(selectAllLanes(store.getState())?.total).toBe(450);
    // a step that touches tasks past the first LANE_LIMIT
    let found = -1;
    for (let c = 1; found < 0; c++) {
      store.getState().stepTo(c);
      const st = selectCurrentStep(store.getState());
      if (!st) break;
      if (st.touched.some((id) => id.startsWith('task:') && Number(id.slice(5)) > 0 && laneIndex(id) >= LANE_LIMIT))
        found = c;
    }
    expect(found).toBeGreaterThan(0);
    const check = () => {
      const lanes = selectProcessLanes(store.getState());
      const full = selectAllLanes(store.getState())?.shown ?? [];
      const touched = new Set(selectCurrentStep(store.getState())?.touched ?? []);
      const linked = selectLinked(store.getState()) ?? new Set();
      const sel = store.getState().selection;
      const expected = full.filter((p, i) => i < LANE_LIMIT || touched.has(p.id) || linked.has(p.id) || p.id === sel);
      expect(lanes?.total).toBe(450);
      expect(lanes?.shown.map((p) => p.id)).toEqual(expected.map((p) => p.id));
      expect(lanes?.shown).toEqual(expected);
      return lanes?.shown.length ?? 0;
    };
    const withStep = check();
    expect(withStep).toBeGreaterThan(LANE_LIMIT);
    expect(withStep).toBeLessThan(450);
    // a selection far down the list links the tasks that map the same page (here: all of them)
    const far = (selectAllLanes(store.getState())?.shown ?? [])[440];
    store.getState().select(far.id);
    expect(check()).toBeGreaterThan(withStep);
    // no selection: back to the step's lanes
    store.getState().select(null);
    expect(check()).toBe(withStep);
  });

  function laneIndex(id: string): number {
    return (selectAllLanes(store.getState())?.shown ?? []).findIndex((p) => p.id === id);
  }
});
