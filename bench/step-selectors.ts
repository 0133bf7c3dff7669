/**
 * Where a cursor move costs time on a large run, without a browser: bench A's scenario (10,000 processes,
 * 1M reflinked owners) loaded in the store in process, then each view model timed after next() at a few
 * cursors. `npx tsx bench/step-selectors.ts` (about 20 s). Figures only; the page adds React's render.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createAppStore } from '../src/store/inlineStore';
import * as sel from '../src/store/selectors';
import { selectStructPageFocus } from '../src/store/structPagesModel';

const input = JSON.parse(readFileSync(new URL('./reflink-million.scenario.json', import.meta.url), 'utf8'));
const store = createAppStore({ scenario: 'xfs-reflink-shared', cursor: 0 });
const t = performance.now();
store.getState().loadInput(input, 'reflink-million.json');
console.log(`load ${Math.round(performance.now() - t)} ms, status ${store.getState().load.status}`);
const selectors: [string, (s: ReturnType<typeof store.getState>) => unknown][] = [
  ['selectSteps', sel.selectSteps],
  ['selectTimeline', sel.selectTimeline],
  ['selectLinked', sel.selectLinked],
  ['selectSelectionSteps', sel.selectSelectionSteps],
  ['selectPipeline', sel.selectPipeline],
  ['selectOutcome', sel.selectOutcome],
  ['selectProcessLanes', sel.selectProcessLanes],
  ['selectXarray', sel.selectXarray],
  ['selectRmap', sel.selectRmap],
  ['selectStructPages', sel.selectStructPages],
  ['selectStructPageFocus', selectStructPageFocus],
  ['selectStepSource', sel.selectStepSource],
  ['selectChanged', sel.selectChanged],
];
const totals = new Map<string, number[]>();
// one step at a time, as the player and the arrow keys move, in three places of the run
const cursors = [...[1, 100, 5000, 12000].flatMap((c) => Array.from({ length: 10 }, (_, i) => c + i))];
for (const at of cursors) {
  const c0 = process.cpuUsage();
  store.getState().stepTo(at);
  const d0 = process.cpuUsage(c0);
  const seek = (d0.user + d0.system) / 1000;
  (totals.get('seek (stepTo)') ?? totals.set('seek (stepTo)', []).get('seek (stepTo)'))?.push(seek);
  for (const [name, f] of selectors) {
    // CPU time, not wall: on a machine shared with other work the wall clock measures the neighbours
    const c = process.cpuUsage();
    f(store.getState());
    const d = process.cpuUsage(c);
    (totals.get(name) ?? totals.set(name, []).get(name))?.push((d.user + d.system) / 1000);
  }
}
const q = (v: number[], f: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(v.length * f))];
console.log(`${cursors.length} cursor moves; CPU ms per move: median, p90, max`);
let sum = 0;
for (const [name, v] of totals) {
  sum += q(v, 0.5);
  console.log(
    `${name.padEnd(24)} ${q(v, 0.5).toFixed(1).padStart(7)} ${q(v, 0.9).toFixed(1).padStart(7)} ${Math.max(...v)
      .toFixed(1)
      .padStart(7)}`,
  );
}
console.log(`${'sum of medians'.padEnd(24)} ${sum.toFixed(1).padStart(7)}`);
