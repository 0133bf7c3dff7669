/**
 * The CLI as a user runs it (`npm run simulate`: scripts/simulate.mjs, which runs the esbuild bundle of
 * src/cli/simulate.ts), timed from spawn to exit. The bundle is built, when stale, before the clock starts:
 * a build is not the run being measured; its code cache is made by the first run, as a user's first run makes it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBundle, ROOT } from '../scripts/cli-bundle.mjs';

export interface CliRun {
  ms: number;
  status: number | null;
}

export async function timeCli(args: readonly string[]): Promise<CliRun> {
  await ensureBundle('src/cli/simulate.ts');
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'simulate.mjs'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { ms: performance.now() - t, status: r.status };
}
