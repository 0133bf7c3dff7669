/**
 * Target B: "a 1 TiB devdax namespace builds in under 100 ms and under 50 MB of heap". A scenario with
 * one 1 TiB device-dax namespace and four processes that map 4 GiB windows of it (one at 512 GiB) and
 * touch two pages each, then a madvise(MADV_HWPOISON); in four geometries: align 2 MiB and 1 GiB, each
 * with the memmap in RAM (map=mem, vmemmap deduplicated) and on the device (map=dev, altmap).
 *
 * Printed first, per geometry: build time (loadScenario: validate + build, median of 5) and the heap the
 * built scenario keeps (heapUsed + arrayBuffers after a full GC, the built machine still referenced).
 * The GC is global.gc when node runs with --expose-gc (NODE_OPTIONS=--expose-gc npm run bench), else one
 * obtained at run time through v8.setFlagsFromString('--expose-gc'). Then the benches: SETUP
 * (loadScenario) and RUN (simulate, on a machine built off the clock).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { bench, describe } from 'vitest';
import { simulate } from '../src/pipeline/simulate';
import type { BuiltScenario } from '../src/scenario/build';
import { loadScenario } from '../src/scenario/parse';
import type { ScenarioInput } from '../src/scenario/schema';

const MiB = 2 ** 20;
const BUILD_MS_TARGET = 100;
const HEAP_TARGET = 50 * 1e6; // "50 MB"

const VARIANTS = [
  { label: 'align 2 MiB, map=mem', align: '2MiB', map: 'mem' },
  { label: 'align 2 MiB, map=dev', align: '2MiB', map: 'dev' },
  { label: 'align 1 GiB, map=mem', align: '1GiB', map: 'mem' },
  { label: 'align 1 GiB, map=dev', align: '1GiB', map: 'dev' },
] as const;

function devdax1T(align: string, map: 'mem' | 'dev'): ScenarioInput {
  const policies = ['default', 'early', 'late', 'default'] as const;
  return {
    format: 1,
    id: 'devdax-1t',
    namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1TiB', align, map }],
    processes: policies.map((mceKill, i) => ({
      name: `P${i}`,
      mceKill,
      mappings: [{ name: 'a', device: 'dax0.0', offset: i === 3 ? '512GiB' : 0, length: '4GiB' }],
      touch: [
        { mapping: 'a', offset: '0x3000' },
        { mapping: 'a', offset: '3GiB' },
      ],
    })),
    events: [{ kind: 'madvise', process: 'P0', mapping: 'a', offset: '0x3000' }],
  };
}

function load(input: ScenarioInput): BuiltScenario {
  const r = loadScenario(input);
  if (!r.ok) throw new Error(`devdax-1t does not load: ${JSON.stringify(r.issues)}`);
  return r.value;
}

const exposed = (globalThis as { gc?: () => void }).gc;
function runtimeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
const gc = exposed ?? runtimeGc();
const heap = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`1 TiB devdax (GC: ${exposed ? 'global.gc from --expose-gc' : 'v8.setFlagsFromString at run time'}):`);
for (const v of VARIANTS) {
  const input = devdax1T(v.align, v.map);
  const times: number[] = [];
  const deltas: number[] = [];
  let runMs = 0;
  let signals = 0;
  for (let i = 0; i < 5; i++) {
    const h0 = heap();
    const t0 = performance.now();
    const built = load(input);
    times.push(performance.now() - t0);
    deltas.push(heap() - h0);
    const t1 = performance.now();
    const sim = simulate(built.scenario.id, built.k, built.events);
    runMs = performance.now() - t1;
    signals = sim.report.events[0].signals.length;
  }
  const ms = median(times);
  const delta = median(deltas);
  const ok = ms < BUILD_MS_TARGET && delta < HEAP_TARGET;
  console.log(
    `  ${v.label}: build ${ms.toFixed(1)} ms (first ${times[0].toFixed(1)} ms), heap kept ${(delta / MiB).toFixed(2)} MiB; ` +
      `run ${runMs.toFixed(1)} ms, ${signals} signal(s) — target < ${BUILD_MS_TARGET} ms and < 50 MB: ${ok ? 'met' : 'NOT met'}`,
  );
}

// A clock that stops while the machine for the next run is built.
let paused = 0;
const clock = () => performance.now() - paused;
function untimed<T>(fn: () => T): T {
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    paused += performance.now() - t0;
  }
}

describe('target B: SETUP (loadScenario) of a 1 TiB devdax scenario', () => {
  for (const v of VARIANTS) {
    const input = devdax1T(v.align, v.map);
    bench(v.label, () => {
      load(input);
    });
  }
});

describe('target B: RUN (simulate madvise) on a 1 TiB devdax scenario, built off the clock', () => {
  for (const v of VARIANTS) {
    const input = devdax1T(v.align, v.map);
    bench(
      v.label,
      () => {
        const built = untimed(() => load(input));
        simulate(built.scenario.id, built.k, built.events);
      },
      { now: clock, time: 200 },
    );
  }
});
