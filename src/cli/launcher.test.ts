/**
 * `npm run simulate` runs the CLI from a prebuilt bundle (scripts/simulate.mjs, scripts/cli-bundle.mjs): it is
 * rebuilt when missing or older than a file it came from, and it prints what the sources print.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { buildBundle, bundlePaths, ROOT, runBundle, staleReason } from '../../scripts/cli-bundle.mjs';
import { simulateBuiltin, simulateScenario } from '../session/simulate';

const tmp = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI bundle is rebuilt when stale', () => {
  const paths = bundlePaths('src/cli/simulate.ts', join(tmp, 'stale'));
  const src = join(tmp, 'a.ts');
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it('missing, then up to date, then stale when an input is newer or gone', () => {
    expect(paths.bundle).toBe(join(tmp, 'stale', 'simulate.cjs'));
    expect(staleReason(paths, tmp)).toBe('missing');
    writeFileSync(src, '');
    mkdirSync(join(tmp, 'stale'));
    writeFileSync(paths.bundle, '');
    writeFileSync(paths.inputs, JSON.stringify(['a.ts']));
    at(src, 1000);
    at(paths.bundle, 2000);
    expect(staleReason(paths, tmp)).toBeNull();
    at(src, 3000);
    expect(staleReason(paths, tmp)).toBe('a.ts changed');
    rmSync(src);
    expect(staleReason(paths, tmp)).toBe('a.ts is gone');
  });

  it('a fresh build lists its sources and packages, and is up to date', async () => {
    const built = bundlePaths('src/cli/simulate.ts', join(tmp, 'built'));
    await buildBundle('src/cli/simulate.ts', built);
    expect(staleReason(built)).toBeNull();
    const inputs: string[] = JSON.parse(readFileSync(built.inputs, 'utf8'));
    expect(inputs).toEqual(expect.arrayContaining(['src/cli/main.ts', 'scripts/cli-bundle.mjs', 'package-lock.json']));
    expect(inputs.some((f) => f.startsWith('node_modules/xstate/'))).toBe(true);
  }, 60_000);
});

describe('the bundle runs with the V8 code cache of its exact text', () => {
  const dir = join(tmp, 'cache');
  const bundle = join(dir, 'b.cjs');
  // a child process per run: the cache is written at exit
  const run = () =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { runBundle } from ${JSON.stringify(join(ROOT, 'scripts/cli-bundle.mjs'))}; runBundle(${JSON.stringify(bundle)});`,
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
  const caches = () => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

  it('the first run writes the cache, the next runs from it, and a text of the same length gets its own', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(bundle, 'process.stdout.write(String(1 + 1));');
    expect(run().stdout).toBe('2');
    expect(caches()).toHaveLength(1);
    expect(run().stdout).toBe('2');
    expect(caches()).toHaveLength(1);
    // V8 checks a cache against the source's length only: the same length must not run the old code
    writeFileSync(bundle, 'process.stdout.write(String(1 + 2));');
    expect(run().stdout).toBe('3');
    expect(caches()).toHaveLength(2);
  }, 60_000);

  it('gives the bundle module, require, __filename and the bundle URL as import.meta.url', () => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'm.cjs');
    writeFileSync(file, 'module.exports = { name: require("node:path").basename(__filename), dir: __dirname };');
    expect(runBundle(file)).toEqual({ name: 'm.cjs', dir });
  });
});

describe('npm run simulate (scripts/simulate.mjs)', () => {
  it('prints the report the library gives, one JSON document', () => {
    const r = spawnSync(process.execPath, ['scripts/simulate.mjs', '--builtin', 'xfs-reflink-shared', '--json'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(simulateBuiltin('xfs-reflink-shared').report)));
  }, 60_000);

  it('a --json document longer than 64 KiB (written apart from its newline) is whole, then one newline', () => {
    const file = join(tmp, 'shared-2000.json');
    const input = sharedPageScenario(2000);
    writeFileSync(file, JSON.stringify(input));
    const r = spawnSync(process.execPath, ['scripts/simulate.mjs', file, '--json'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(1 << 16);
    expect(r.stdout.endsWith('}\n') && !r.stdout.endsWith('\n\n')).toBe(true);
    const lib = simulateScenario(input);
    if (!lib.ok) throw new Error('does not load');
    expect(r.stdout).toBe(`${JSON.stringify(lib.sim.report, null, 2)}\n`);
  }, 60_000);
});
