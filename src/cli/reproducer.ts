/** Writes a scenario's reproducer directory (src/verify/reproducer.ts makes the text). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuiltScenario } from '../scenario/build';
import { buildReproducer } from '../verify/reproducer';

/** The probe's C source (kept in the project at verify/probe/probe.c). */
export const PROBE_SOURCE_PATH = fileURLToPath(new URL('../../verify/probe/probe.c', import.meta.url));

export function writeReproducer(built: BuiltScenario, dir: string, err: (line: string) => void): number {
  const r = buildReproducer(built, readFileSync(PROBE_SOURCE_PATH, 'utf8'));
  if (typeof r === 'string') {
    err(`simulate: cannot make a reproducer for ${built.scenario.id}: ${r}`);
    return 2;
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of r.files) writeFileSync(join(dir, f.name), f.text, { mode: f.mode });
  } catch (e) {
    err(`simulate: cannot write ${dir}: ${(e as Error).message}`);
    return 2;
  }
  err(`simulate: wrote ${r.files.map((f) => join(dir, f.name)).join(', ')}`);
  err(`  run as root: ${join(dir, 'run.sh')} --destroy   (it destroys ${r.destroys.join('; ')})`);
  for (const x of r.injections) err(`  event ${x.event}: ${x.how}`);
  return 0;
}
