/**
 * The explorer's "Download reproducer": the same run.sh, plan.txt and probe.c that
 * `npm run -s simulate -- --reproducer DIR` writes (src/verify/reproducer.ts), zipped under one folder with a
 * README that says what run.sh destroys and which events it cannot inject. Loaded on the first click.
 */
import { strToU8, type Zippable, zipSync } from 'fflate';
import probeSource from '../../../verify/probe/probe.c?raw';
import type { BuiltScenario } from '../../scenario/build';
import { loadScenario } from '../../scenario/parse';
import { buildReproducer } from '../../verify/reproducer';

/**
 * The zip of a scenario on a kernel variant: the run is in the simulation worker (issue 11), so the
 * scenario is built again here, on the first click (building is not simulating: no steps run).
 */
export function reproducerZipOf(
  scenario: unknown,
  kernel: string,
): { name: string; bytes: Uint8Array } | { refused: string } {
  const built = loadScenario(scenario, { kernel });
  if (!built.ok) return { refused: built.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  return reproducerZip(built.value);
}

/** The zip, or why this scenario cannot be reproduced on a real machine. */
export function reproducerZip(built: BuiltScenario): { name: string; bytes: Uint8Array } | { refused: string } {
  const r = buildReproducer(built, probeSource);
  if (typeof r === 'string') return { refused: r };
  const dir = `reproducer-${built.scenario.id}`;
  const readme = [
    `Reproducer of scenario ${built.scenario.id} (DAX Memory-Failure Explorer).`,
    '',
    `Run as root on a machine with pmem: ./run.sh --destroy`,
    `It destroys: ${r.destroys.join('; ')}.`,
    ...r.injections.map((x) => `event ${x.event}: ${x.how}`),
    '',
    'The same files as `npm run -s simulate -- --builtin ID --reproducer DIR`; docs/verify.md explains the output.',
    '',
  ].join('\n');
  const files: Zippable = { [`${dir}/README.txt`]: strToU8(readme) };
  // the unix mode travels in the zip's external attributes (os 3 = unix), so run.sh stays executable
  for (const f of r.files) files[`${dir}/${f.name}`] = [strToU8(f.text), { os: 3, attrs: (0o100000 | f.mode) << 16 }];
  return { name: `${dir}.zip`, bytes: zipSync(files) };
}
