/** The capped processes list: only the lanes it shows are built, and they are the full list's lanes. */
import { describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { createAppStore } from './inlineStore';
import { LANE_LIMIT, selectAllLanes, selectCurrentStep, selectLinked, selectProcessLanes } from './selectors';

describe('selectProcessLanes', () => {
  // 450 processes map one page; the last one's machine check signals and unmaps many of them
  const store = createAppStore({ scenario: 'xfs-reflink-shared', cursor: 0 });
  store.getState().loadInput(sharedPageScenario(450), 'shared.json');
  // the full list is made when asked for (the view's "Show all")
  store.getState().setAllLanes(true);

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
      const shown = lanes?.shown ?? [];
      expect(lanes?.total).toBe(450);
      // the first LANE_LIMIT, the selected task, and up to LANE_LIMIT more the step touches or the selection links
      expect(shown.slice(0, LANE_LIMIT)).toEqual(full.slice(0, LANE_LIMIT));
      const extra = shown.slice(LANE_LIMIT).filter((p) => p.id !== sel);
      expect(extra.length).toBeLessThanOrEqual(LANE_LIMIT);
      for (const p of extra) expect(touched.has(p.id) || linked.has(p.id), p.id).toBe(true);
      if (sel?.startsWith('task:')) expect(shown.map((p) => p.id)).toContain(sel);
      // in the full list's order, each the full list's lane
      const pos = shown.map((p) => full.findIndex((f) => f.id === p.id));
      expect(pos).toEqual([...pos].sort((a, b) => a - b));
      for (const p of shown) expect(p).toEqual(full.find((f) => f.id === p.id));
      return shown.length;
    };
    const withStep = check();
    expect(withStep).toBeGreaterThan(LANE_LIMIT);
    expect(withStep).toBeLessThanOrEqual(2 * LANE_LIMIT);
    // a selection far down the list links the tasks that map the same page (here: all of them)
    const far = (selectAllLanes(store.getState())?.shown ?? [])[440];
    store.getState().select(far.id);
    expect(check()).toBeGreaterThanOrEqual(withStep);
    expect(selectProcessLanes(store.getState())?.shown.map((p) => p.id)).toContain(far.id);
    // no selection: back to the step's lanes
    store.getState().select(null);
    expect(check()).toBe(withStep);
  });

  function laneIndex(id: string): number {
    return (selectAllLanes(store.getState())?.shown ?? []).findIndex((p) => p.id === id);
  }
});
