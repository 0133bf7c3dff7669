/**
 * The CLI as a user runs it (`npm run simulate`: scripts/simulate.mjs, which runs the esbuild bundle of
 * src/cli/simulate.ts), timed from spawn to exit. The bundle is built, when stale, before the clock starts:
 * a build is not the run being measured.
 */
import { spawnSync } from 'node:child_process';
import { ensureBundle } from '../scripts/cli-bundle.mjs';

export interface CliRun {
  ms: number;
  status: number | null;
}

export async function timeCli(args: readonly string[]): Promise<CliRun> {
  const bundle = await ensureBundle('src/cli/simulate.ts');
  const t = performance.now();
  const r = spawnSync(process.execPath, [bundle, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { ms: performance.now() - t, status: r.status };
}
