/**
 * What a selection costs the worker per step on bench A: the step views (computeStepViews, what the worker
 * answers for each cursor move) with no selection, a metadata rmap record, and the records of /mnt/A and of
 * a copy (r6 onwards: blocks a thousand opened copies share, ~1M linked file pages). CPU per step, at a few
 * cursors. `npx tsx bench/selection-views.ts` (load + run of bench A first: ~10 s).
 */
import { readFileSync } from 'node:fs';
import { rmapId } from '../src/kernel/ids';
import { simulate } from '../src/pipeline/simulate';
import { loadScenario } from '../src/scenario/parse';
import { computeStepViews } from '../src/store/stepViews';
import { pipelineGraph } from '../src/worker/jobs';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const input = JSON.parse(readFileSync(new URL('./reflink-million.scenario.json', import.meta.url), 'utf8'));
const loaded = loadScenario(input);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 3)));
const built = loaded.value;
const sim = simulate(built.scenario.id, built.k, built.events);
const local = { status: 'ready' as const, sim, built, graph: pipelineGraph(sim.report.kernel) };
const n = sim.rt.steps.length;
const records = (built.k.filesystems.get('pmem0')?.xfs?.rmap ?? []).flatMap((bt, agno) =>
  Array.from({ length: Math.min(bt.nr, 8) }, (_, r) => ({ id: rmapId('pmem0', agno, r), rec: bt.record(r) })),
);
const metadata = records.find((r) => r.rec.rm_owner < 0);
const files = records.filter((r) => r.rec.rm_owner >= 0).slice(0, 2);
const cursors = [Math.floor(n / 2), Math.floor(n / 2) + 1, Math.floor(n / 2) + 2, n - 1, n];
for (const sel of [null, metadata?.id ?? null, ...files.map((f) => f.id)]) {
  const times: number[] = [];
  let total = 0;
  for (const cursor of cursors) {
    const t = cpu();
    const v = computeStepViews(local, { cursor, selection: sel, focus: null, allLanes: false });
    times.push(cpu() - t);
    total = v.linkedTotal;
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(
    `${sel ?? '(none)'}: linked ${total}, CPU per step median ${sorted[2].toFixed(0)} ms, max ${sorted[4].toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')})`,
  );
}
