/**
 * `npm run simulate`: runs the CLI (src/cli/simulate.ts) from its prebuilt bundle (scripts/cli-bundle.mjs),
 * building it first when missing or stale. Where it cannot be built (no esbuild, a read-only checkout) the
 * sources run through tsx as before.
 */
import { ensureBundle, runBundle } from './cli-bundle.mjs';

const ENTRY = 'src/cli/simulate.ts';

let bundle = null;
try {
  bundle = await ensureBundle(ENTRY);
} catch (e) {
  process.stderr.write(`simulate: running from source, the bundle could not be built (${e?.message ?? e})\n`);
}
if (bundle) runBundle(bundle);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL(`../${ENTRY}`, import.meta.url).href);
}
