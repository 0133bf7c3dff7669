/**
 * The per-step query path (issue 11) gives the page the same view data as the whole-state path it replaced:
 * there the run crossed whole (src/worker/transfer.ts) and the page computed each step's views in the order
 * the user stepped; here the views are computed where the run is, in whatever order the page asks
 * (prefetches, jumps), and cross as a structured clone.
 */
import { describe, expect, it } from 'vitest';
import { pfnId } from '../kernel/ids';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin } from '../session/simulate';
import { pipelineGraph } from '../worker/jobs';
import { fromTransfer, toTransfer } from '../worker/transfer';
import { applyDelta, diffViews, digestsOf, type SentDigests } from '../worker/viewDelta';
import type { LocalReady } from './selectors';
import {
  computeStepViews,
  keepUnchangedItems,
  keepUnchangedLanes,
  type StepViews,
  type ViewRequest,
} from './stepViews';

function local(id: string, whole: boolean): LocalReady {
  const sim = simulateBuiltin(id);
  // the whole-state path: the run as the page received it before, a structured clone revived
  const run = whole ? fromTransfer(structuredClone(toTransfer({ sim, built: sim.built }))) : { sim, built: sim.built };
  return { status: 'ready', sim: run.sim, built: run.built, graph: pipelineGraph(run.sim.report.kernel) };
}

/** 0, every ~n/6 steps, the end; and a scrambled order of the same cursors (as prefetches and jumps ask) */
function cursorsOf(n: number): { inOrder: number[]; scrambled: number[] } {
  const set = new Set<number>([0, n]);
  for (let i = 1; i < 6; i++) set.add(Math.round((n * i) / 6));
  const inOrder = [...set].sort((a, b) => a - b);
  const scrambled = [...inOrder].reverse();
  // swap neighbours so the order is neither forwards nor backwards
  for (let i = 0; i + 1 < scrambled.length; i += 2) [scrambled[i], scrambled[i + 1]] = [scrambled[i + 1], scrambled[i]];
  return { inOrder, scrambled };
}

describe('per-step views = the whole-state path, at every probed step of every built-in', () => {
  for (const { id } of BUILTIN_SCENARIOS) {
    it(id, () => {
      const there = local(id as string, false);
      const page = local(id as string, true);
      const n = there.sim.rt.steps.length;
      const pfn = page.sim.report.events.find((e) => e.pfn !== null)?.pfn;
      const selections = [null, pfn === undefined || pfn === null ? null : pfnId(Number(pfn))];
      const { inOrder, scrambled } = cursorsOf(n);
      for (const selection of selections) {
        const req = (cursor: number): ViewRequest => ({ cursor, selection, focus: null, allLanes: true });
        // where the run is, in a scrambled order, each answer cloned as postMessage clones it
        const got = new Map(scrambled.map((c) => [c, structuredClone(computeStepViews(there, req(c)))]));
        // the whole-state path, stepping forwards
        for (const c of inOrder) {
          const want = computeStepViews(page, req(c));
          expect(got.get(c), `${id} at step ${c}, selection ${selection}`).toEqual(want);
        }
      }
    });
  }
});

describe("a step's views sent as a delta of the bundle the page holds = the whole views", () => {
  let fieldsKept = 0;
  let lanesKept = 0;
  for (const { id } of BUILTIN_SCENARIOS) {
    it(id, () => {
      const there = local(id as string, false);
      const n = there.sim.rt.steps.length;
      const pfn = there.sim.report.events.find((e) => e.pfn !== null)?.pfn;
      const { scrambled } = cursorsOf(n);
      // the worker's memory of what it sent, the page's last bundle received (the base of its next request)
      const sent = new Map<number, SentDigests>();
      let held: { id: number; views: StepViews } | null = null;
      let replyId = 0;
      for (const selection of [null, pfn === undefined || pfn === null ? null : pfnId(Number(pfn))])
        for (const allLanes of [false, true])
          for (const c of scrambled) {
            const whole = computeStepViews(there, { cursor: c, selection, focus: null, allLanes });
            const id = ++replyId;
            const base = held?.id ?? null;
            // crosses as postMessage clones it
            const delta = structuredClone(diffViews(base, base === null ? null : (sent.get(base) ?? null), whole));
            sent.set(id, digestsOf(whole));
            const got = applyDelta(held?.views ?? null, delta);
            expect(got, `${id} at step ${c}, selection ${selection}, all lanes ${allLanes}`).toEqual(
              structuredClone(whole),
            );
            // what was left out is the page's own object: its view is not drawn again
            for (const f of delta.same) expect(got[f]).toBe(held?.views[f]);
            for (const [i, l] of delta.lanes.entries())
              if (typeof l === 'string') {
                expect(got.lanes.shown[i]).toBe(held?.views.lanes.shown.find((x) => x.id === l));
                lanesKept++;
              }
            fieldsKept += delta.same.length;
            held = { id, views: got };
          }
    });
  }
  it('leaves fields and lanes out (the probes above kept some)', () => {
    expect(fieldsKept).toBeGreaterThan(0);
    expect(lanesKept).toBeGreaterThan(0);
  });
});

/** Maps and Sets by their entries (JSON.stringify gives {} for both) */
const plain = (_k: string, v: unknown) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v);

describe('the page keeps the lanes and view models that did not change', () => {
  it('a step that changes no lane of a task gives the same lane object; a changed lane is the new one', () => {
    const there = local('xfs-reflink-shared', false);
    const n = there.sim.rt.steps.length;
    const req = (cursor: number): ViewRequest => ({ cursor, selection: null, focus: null, allLanes: false });
    let before = structuredClone(computeStepViews(there, req(0)));
    let kept = 0;
    let changed = 0;
    let keptFields = 0;
    let newFields = 0;
    for (let c = 1; c <= n; c++) {
      const next = keepUnchangedLanes(before, structuredClone(computeStepViews(there, req(c))));
      for (const [i, vm] of next.lanes.shown.entries()) {
        const old = before.lanes.shown.find((x) => x.id === vm.id);
        if (old === vm) kept++;
        else if (old) {
          changed++;
          // a new object only when the lane differs
          expect(vm, `lane ${vm.id} at step ${c}`).not.toEqual(old);
        }
        expect(next.laneDigests[i]).toBeTruthy();
      }
      // a whole view model: the same object when equal, a new one when not
      for (const f of ['outcome', 'xarray', 'rmap', 'structPages', 'pipeline', 'changed'] as const) {
        const same = JSON.stringify(next[f], plain) === JSON.stringify(before[f], plain);
        if (same) {
          expect(next[f], `${f} at step ${c}`).toBe(before[f]);
          keptFields++;
        } else {
          expect(next[f]).not.toBe(before[f]);
          newFields++;
        }
      }
      before = next;
    }
    expect(kept).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);
    expect(keptFields).toBeGreaterThan(0);
    expect(newFields).toBeGreaterThan(0);
  });

  it("keeps the chart's states and edges that did not change, and gives the new ones where they did", () => {
    for (const id of ['xfs-reflink-shared', 'v4-race-truncate']) {
      const there = local(id, false);
      const n = there.sim.rt.steps.length;
      const req = (cursor: number): ViewRequest => ({ cursor, selection: null, focus: null, allLanes: false });
      let before = structuredClone(computeStepViews(there, req(0)));
      let kept = 0;
      let fresh = 0;
      for (let c = 1; c <= n; c++) {
        const whole = computeStepViews(there, req(c));
        const next = keepUnchangedLanes(before, structuredClone(whole));
        // the same content as the worker made, whatever objects were kept
        expect(JSON.stringify(next.pipeline)).toBe(JSON.stringify(whole.pipeline));
        for (const k of ['states', 'edges'] as const)
          next.pipeline[k].forEach((x, i) => {
            const old = before.pipeline[k][i];
            if (JSON.stringify(x) === JSON.stringify(old)) {
              expect(x, `${id} ${k}[${i}] at step ${c}`).toBe(old);
              kept++;
            } else {
              expect(x).not.toBe(old);
              fresh++;
            }
          });
        before = next;
      }
      expect(kept).toBeGreaterThan(fresh);
      expect(fresh).toBeGreaterThan(0);
    }
  });
});

describe('keepUnchangedItems', () => {
  it('keeps an item with the same primitive fields, never one with a different or an object field', () => {
    const before = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, o: { z: 1 } }, { a: 4 }];
    const next = [{ a: 1, b: 'x' }, { a: 2, b: 'z' }, { a: 3, o: { z: 1 } }, { a: 4, c: undefined }, { a: 5 }];
    const out = keepUnchangedItems(before, next);
    expect(out[0]).toBe(before[0]);
    expect(out[1]).toBe(next[1]);
    expect(out[2]).toBe(next[2]);
    expect(out[3]).toBe(next[3]);
    expect(out[4]).toBe(next[4]);
    expect(out).not.toBe(next);
    const none = [{ a: 9 }];
    expect(keepUnchangedItems(before, none)).toBe(none);
  });
});

describe('the facts of a whole run made where the run is', () => {
  it('are those the page made itself: the chart shape and the folded loops, every built-in', async () => {
    const { runFacts } = await import('./runFacts');
    const { findLoops } = await import('./navigation');
    const { pipelineShape } = await import('./selectors');
    for (const { id } of BUILTIN_SCENARIOS) {
      const there = local(id as string, false);
      const sent = structuredClone(runFacts(there.graph, there.sim.rt.steps));
      expect(sent.shape, id as string).toEqual(pipelineShape(there.graph, there.sim.rt.steps));
      expect(sent.loops, id as string).toEqual(findLoops(there.sim.rt.steps));
      expect(sent.shape.nodes.length).toBeGreaterThan(0);
    }
  });
});
