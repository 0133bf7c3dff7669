/**
 * The CLI's prebuilt bundle: src/cli/simulate.ts bundled by esbuild into one gitignored file, rebuilt when it
 * is missing or older than any file it was built from. `tsx` compiles every source at each start (~1 s of CPU
 * for the simulator); the bundle loads in ~0.1 s. Plain JavaScript so that the launcher needs no compiler.
 */
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Two levels below the root, like src/cli/: code that finds repository files by `new URL('../../…',
 * import.meta.url)` (the reproducer's probe.c) resolves the same from the bundle.
 */
export const BUNDLE_DIR = join(ROOT, '.cache', 'cli');

/** The bundle of `entry` (a path from the root) and the list of its inputs beside it. */
export function bundlePaths(entry, dir = BUNDLE_DIR) {
  const name = entry.replace(/^.*\//, '').replace(/\.ts$/, '');
  return { bundle: join(dir, `${name}.mjs`), inputs: join(dir, `${name}.inputs.json`) };
}

/**
 * Why the bundle must be (re)built, or null when it is up to date: every input (sources, the packages' files
 * it took in, this script) must be no newer than the bundle, whose time is the start of its build.
 */
export function staleReason(paths, root = ROOT) {
  let built;
  let inputs;
  try {
    built = statSync(paths.bundle).mtimeMs;
    inputs = JSON.parse(readFileSync(paths.inputs, 'utf8'));
  } catch {
    return 'missing';
  }
  for (const file of inputs) {
    let t;
    try {
      t = statSync(join(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (t > built) return `${file} changed`;
  }
  return null;
}

/**
 * Bundles `entry` with esbuild. Written under temporary names then renamed, so that processes starting at
 * once (the CLI tests spawn several) never load a half-written bundle; the bundle's time is set back to the
 * build's start, so that a source saved during the build makes the next start rebuild.
 */
export async function buildBundle(entry, paths, root = ROOT) {
  const { build } = await import('esbuild');
  const started = new Date();
  mkdirSync(dirname(paths.bundle), { recursive: true });
  const tmp = `${paths.bundle}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
  });
  const self = fileURLToPath(import.meta.url).slice(root.length + 1);
  // an installer may keep a package's file times from its tarball: a changed dependency also shows as a newer lock
  const inputs = [...Object.keys(result.metafile.inputs), self, 'package-lock.json'];
  const tmpInputs = `${paths.inputs}.${process.pid}.tmp`;
  writeFileSync(tmpInputs, `${JSON.stringify(inputs)}\n`);
  renameSync(tmpInputs, paths.inputs);
  utimesSync(tmp, started, started);
  renameSync(tmp, paths.bundle);
}

/** The bundle's path, built first when stale. */
export async function ensureBundle(entry, dir = BUNDLE_DIR) {
  const paths = bundlePaths(entry, dir);
  if (staleReason(paths) !== null) await buildBundle(entry, paths);
  return paths.bundle;
}
