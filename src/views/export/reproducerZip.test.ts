/** The explorer's reproducer download holds exactly what the CLI writes, run.sh executable, plus a README. */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PROBE_SOURCE_PATH } from '../../cli/reproducer';
import { builtinScenario } from '../../scenario/builtins';
import { loadScenario } from '../../scenario/parse';
import { buildReproducer } from '../../verify/reproducer';
import { reproducerZip } from './reproducerZip';

const built = (input: unknown) => {
  const r = loadScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('Download reproducer', () => {
  it('zips run.sh (0755), plan.txt and probe.c as the CLI writes them, and a README', () => {
    const b = built(builtinScenario('xfs-reflink-shared'));
    const z = reproducerZip(b);
    if ('refused' in z) throw new Error(z.refused);
    expect(z.name).toBe('reproducer-xfs-reflink-shared.zip');
    const files = unzipSync(z.bytes);
    const cli = buildReproducer(b, readFileSync(PROBE_SOURCE_PATH, 'utf8'));
    if (typeof cli === 'string') throw new Error(cli);
    for (const f of cli.files) expect(strFromU8(files[`reproducer-xfs-reflink-shared/${f.name}`])).toBe(f.text);
    const readme = strFromU8(files['reproducer-xfs-reflink-shared/README.txt']);
    expect(readme).toContain('./run.sh --destroy');
    expect(readme).toContain('It destroys: namespace0.0 of region0');
    // external attributes of run.sh's central directory entry: unix mode 0100755
    const name = new TextEncoder().encode('reproducer-xfs-reflink-shared/run.sh');
    const bytes = z.bytes;
    let at = -1;
    for (let i = 0; i + 46 < bytes.length && at < 0; i++)
      if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2)
        if (name.every((c, j) => bytes[i + 46 + j] === c)) at = i;
    expect(at).toBeGreaterThan(0);
    const attrs = new DataView(bytes.buffer, bytes.byteOffset).getUint32(at + 38, true);
    expect((attrs >>> 16).toString(8)).toBe('100755');
  });

  it('says why a scenario cannot be reproduced', () => {
    const s = builtinScenario('xfs-reflink-shared') as { namespaces: { name: string }[] };
    const two = { ...s, namespaces: [...s.namespaces, { name: 'dax1.0', mode: 'devdax', size: '64MiB' }] };
    expect(reproducerZip(built(two))).toEqual({
      refused: 'the reproducer drives one namespace (namespace0.0 of region0)',
    });
  });
});
