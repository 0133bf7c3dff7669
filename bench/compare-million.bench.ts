/**
 * Issue 6 §6: `--compare 6.1,6.12` of the 1M-owner scenario (bench/reflink-million.scenario.json).
 *  - in process: main() with the CLI's arguments and an Io that discards the output (file read, JSON parse,
 *    both loads and runs, alignment, diff, the JSON document), 3 iterations;
 *  - the CLI as `npm run simulate` runs it (its bundle, bench/cli-process.ts) with `<file> --compare 6.1,6.12
 *    --json`, wall time including process start, once. Target ≤ 4 s.
 */
import { afterAll, bench, describe } from 'vitest';
import { main } from '../src/cli/main';
import { timeCli } from './cli-process';

const FILE = 'bench/reflink-million.scenario.json';
const ARGS = [FILE, '--compare', '6.1,6.12', '--json'];
const TARGET_MS = 4000;
const figures: string[] = [];
const times: number[] = [];

describe('compare 6.1,6.12 of the 1M-owner scenario (issue 6 §6)', () => {
  bench(
    'in process: main(--compare 6.1,6.12 --json)',
    () => {
      let bytes = 0;
      const t = performance.now();
      const code = main(ARGS, {
        out: (l) => {
          bytes += l.length;
        },
        err: () => {},
      });
      times.push(performance.now() - t);
      if (code !== 0 || bytes === 0) throw new Error(`compare exited ${code}`);
    },
    {
      iterations: 3,
      warmupIterations: 0,
      teardown: () => {
        if (!times.length) return;
        figures.push(
          `in process: mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(0)} ms over ${times.length}`,
        );
        times.length = 0;
      },
    },
  );
});

afterAll(async () => {
  const { ms, status } = await timeCli(ARGS);
  figures.push(
    `CLI --compare 6.1,6.12 --json: ${ms.toFixed(0)} ms wall including process start, exit ${status} (target ≤ ${TARGET_MS} ms: ${ms <= TARGET_MS ? 'met' : 'NOT met'})`,
  );
  for (const f of figures) console.log(f);
}, 120_000);
