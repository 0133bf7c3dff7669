/**
 * Issue 11's many-event curve: n madvise(MADV_HWPOISON) events on n distinct pages (touchScenario(n, n)),
 * for each n the CPU time (user + sys, `process.cpuUsage()`: the machine is shared, wall time says little)
 * of the load, the run (journal on, as the explorer and the bench run it), the run facts the worker sends
 * with the summary (chart order, folded loops) and the worker's first step views (the end of the run).
 * Work per event should stay flat as n grows; a scan over the run per event shows as a rising column.
 *
 *   npx tsx bench/events-curve.ts 1000,2000,5000,10000
 */

import { simulate } from '../src/pipeline/simulate';
import { loadScenario } from '../src/scenario/parse';
import { runFacts } from '../src/store/runFacts';
import { computeStepViews } from '../src/store/stepViews';
import { pipelineGraph } from '../src/worker/jobs';
import { touchScenario } from './huge-scenarios';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const s = (x: number) => `${x.toFixed(2)} s`;
const ms = (x: number, n: number) => `${((x / n) * 1e3).toFixed(3)} ms`;

for (const n of (process.argv[2] ?? '1000,2000,5000,10000').split(',').map(Number)) {
  let t = cpu();
  const loaded = loadScenario(touchScenario(n, n));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 3)));
  const load = cpu() - t;
  t = cpu();
  const built = loaded.value;
  const sim = simulate(built.scenario.id, built.k, built.events);
  const run = cpu() - t;
  const graph = pipelineGraph(sim.report.kernel);
  t = cpu();
  runFacts(graph, sim.rt.steps);
  const facts = cpu() - t;
  t = cpu();
  const local = { status: 'ready' as const, sim, built, graph };
  computeStepViews(local, { cursor: sim.rt.steps.length, selection: null, focus: null, allLanes: false });
  const views = cpu() - t;
  console.log(
    `${n} events (${sim.rt.steps.length} steps): load ${s(load)}, run ${s(run)} (${ms(run, n)}/event), ` +
      `run facts ${s(facts)}, first views ${s(views)}`,
  );
}
