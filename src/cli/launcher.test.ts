/**
 * `npm run simulate` runs the CLI from a prebuilt bundle (scripts/simulate.mjs, scripts/cli-bundle.mjs): it is
 * rebuilt when missing or older than a file it came from, and it prints what the sources print.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { buildBundle, bundlePaths, ROOT, staleReason } from '../../scripts/cli-bundle.mjs';
import { simulateBuiltin, simulateScenario } from '../session/simulate';

const tmp = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the CLI bundle is rebuilt when stale', () => {
  const paths = bundlePaths('src/cli/simulate.ts', join(tmp, 'stale'));
  const src = join(tmp, 'a.ts');
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it('missing, then up to date, then stale when an input is newer or gone', () => {
    expect(paths.bundle).toBe(join(tmp, 'stale', 'simulate.mjs'));
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
