/**
 * The CLI's prebuilt bundle: src/cli/simulate.ts bundled by esbuild into one gitignored file, rebuilt when it
 * is missing or older than any file it was built from. `tsx` compiles every source at each start (~1 s of CPU
 * for the simulator); the bundle loads in ~0.1 s, and with V8's code cache beside it in less (runBundle()).
 * Plain JavaScript so that the launcher needs no compiler.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Two levels below the root, like src/cli/: code that finds repository files by `new URL('../../…',
 * import.meta.url)` (the reproducer's probe.c) resolves the same from the bundle.
 */
export const BUNDLE_DIR = join(ROOT, '.cache', 'cli');

/** The bundle of `entry` (a path from the root) and the list of its inputs beside it. */
export function bundlePaths(entry, dir = BUNDLE_DIR) {
  const name = entry.replace(/^.*\//, '').replace(/\.ts$/, '');
  return { bundle: join(dir, `${name}.cjs`), inputs: join(dir, `${name}.inputs.json`) };
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
    // CommonJS, so that runBundle() can compile it as a vm.Script with V8's code cache (an ES module cannot
    // take one without --experimental-vm-modules); import.meta.url is the bundle's own URL, as in a module
    format: 'cjs',
    define: { 'import.meta.url': '__bundle_url' },
    banner: { js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;' },
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
  for (const f of readdirSync(dirname(paths.bundle)))
    if (isCacheOf(paths.bundle, f)) rmSync(join(dirname(paths.bundle), f), { force: true });
}

/** V8 code caches of a bundle sit beside it, named by the hash of the text they were made from. */
const cacheName = (bundle, bytes) =>
  `${basename(bundle)}.${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}.v8cache`;
const isCacheOf = (bundle, file) => file.startsWith(`${basename(bundle)}.`) && file.endsWith('.v8cache');

/**
 * Run a CommonJS bundle as Node would require it, compiled with the V8 code cache made by an earlier run of
 * the same text. Perf: compiling the 1.4 MB bundle was ~0.1 s of every start; the cache also holds the
 * functions the first run compiled. It is written at exit when missing or refused (another V8); a cache is
 * only used for the exact text it was made from (its name is the text's hash: V8 itself checks only the
 * length). A checkout where it cannot be written runs without one.
 */
export function runBundle(bundle) {
  const bytes = readFileSync(bundle);
  const cacheFile = join(dirname(bundle), cacheName(bundle, bytes));
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const text = bytes.toString('utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, {
    filename: bundle,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected)
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // a read-only checkout: the next start compiles again
      }
    });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return module.exports;
}

/** The bundle's path, built first when stale. */
export async function ensureBundle(entry, dir = BUNDLE_DIR) {
  const paths = bundlePaths(entry, dir);
  if (staleReason(paths) !== null) await buildBundle(entry, paths);
  return paths.bundle;
}
