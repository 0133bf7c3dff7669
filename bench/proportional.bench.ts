/**
 * Issue 11, "quadratic paths": work proportional to what it touches.
 *  - touch: one process maps a 200 MiB file and touches 50,000 distinct pages (50,000 PTE faults); the
 *    build (loadScenario, where the touches fault) is the figure. Target ≤ 2 s.
 *  - madvise: one process touches 10,000 distinct pages and 10,000 madvise(MADV_HWPOISON) events hit
 *    them one each; build + run (simulateScenario) is the figure. Target ≤ 2 s.
 * Each prints its mean after the table; the table's columns are milliseconds per iteration.
 */
import { afterAll, bench, describe } from 'vitest';
import { loadScenario } from '../src/scenario/parse';
import type { ScenarioInput } from '../src/scenario/schema';
import { simulateScenario } from '../src/session/simulate';

const TARGET_MS = 2000;

function scenario(pages: number, events: number): ScenarioInput {
  return {
    format: 1,
    id: `proportional-${pages}-${events}`,
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
    filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    files: [{ path: '/mnt/A', size: pages * 4096 }],
    processes: [
      {
        name: 'P',
        // one page a 2 MiB-colour apart would allow PMD faults; offsets from 0x1000 keep every fault a PTE
        mappings: [{ name: 'a', file: '/mnt/A' }],
        touch: Array.from({ length: pages }, (_, i) => ({ mapping: 'a', offset: i * 4096 })),
      },
    ],
    events: Array.from({ length: events }, (_, i) => ({
      kind: 'madvise' as const,
      process: 'P',
      mapping: 'a',
      offset: i * 4096,
    })),
  } as ScenarioInput;
}

const figures: string[] = [];
function timed(name: string, fn: () => void) {
  const times: number[] = [];
  return [
    name,
    () => {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
    },
    {
      iterations: 1,
      warmupIterations: 0,
      teardown: () => {
        if (times.length === 0) return;
        const mean = times.reduce((a, b) => a + b, 0) / times.length;
        figures.push(
          `${name}: mean ${mean.toFixed(0)} ms over ${times.length} (target ≤ ${TARGET_MS} ms: ${mean <= TARGET_MS ? 'met' : 'NOT met'})`,
        );
        times.length = 0;
      },
    },
  ] as const;
}

const touch = scenario(50_000, 0);
const madvise = scenario(10_000, 10_000);

describe('proportional work (issue 11)', () => {
  bench(
    ...timed('50,000 touched pages (build)', () => {
      const r = loadScenario(touch);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
    }),
  );
  bench(
    ...timed('10,000 madvise events on distinct pages (build + run)', () => {
      const r = simulateScenario(madvise);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
    }),
  );
});

afterAll(() => {
  for (const f of figures) console.log(f);
});
