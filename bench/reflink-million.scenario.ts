/**
 * The 1M-owner scenario of bench A, built in code (reflink-million.bench.ts) and written to
 * reflink-million.scenario.json for the CLI (`npm run -s simulate -- bench/reflink-million.scenario.json`):
 * `npx tsx bench/reflink-million.scenario.ts` rewrites the file; a test checks they agree.
 */
import { writeFileSync } from 'node:fs';
import type { ScenarioInput } from '../src/scenario/schema';

export const COPIES = 1_000_000;
export const PROCESSES = 10_000;
const DISTINCT_COPIES = 1_000;
const POLICIES = ['default', 'early', 'late'] as const;

/**
 * 64 GiB fsdax (map=mem), XFS reflink+rmapbt, /mnt/A (4 MiB) and /mnt/copy-0 … /mnt/copy-999999.
 * Process i maps /mnt/A when i % 7 == 0 (1,429 of them), else copy (i % 1000) * 1000 + 500: 1,000
 * copies spread over the million, 8 or 9 mappers each, interleaved in the task list. Every process
 * touches +0x3000 (the shared block); policies cycle default, early, late. The last /mnt/A mapper takes
 * the machine check at A+0x3000.
 */
export function reflinkMillion(): { input: ScenarioInput; mappedFiles: number; mceProcess: string } {
  const processes: NonNullable<ScenarioInput['processes']> = [];
  const files = new Set<string>();
  let mceProcess = '';
  for (let i = 0; i < PROCESSES; i++) {
    const toA = i % 7 === 0;
    const file = toA ? '/mnt/A' : `/mnt/copy-${(i % DISTINCT_COPIES) * (COPIES / DISTINCT_COPIES) + 500}`;
    if (toA) mceProcess = `p${i}`;
    files.add(file);
    processes.push({
      name: `p${i}`,
      mceKill: POLICIES[i % 3],
      mappings: [{ name: 'a', file }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
    });
  }
  const input: ScenarioInput = {
    format: 1,
    id: 'reflink-million',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64GiB', map: 'mem' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
    files: [
      { path: '/mnt/A', size: '4MiB' },
      { path: '/mnt/copy-{n}', reflink: '/mnt/A', count: COPIES },
    ],
    processes,
    events: [{ kind: 'mce', process: mceProcess, mapping: 'a', offset: '0x3000' }],
  };
  return { input, mappedFiles: files.size, mceProcess };
}

/** The scenario file as shipped: compact JSON, one line per process, so a diff of it reads. */
export function scenarioFileText(): string {
  const { input } = reflinkMillion();
  const { processes, ...rest } = input;
  const head = JSON.stringify({ ...rest, processes: [] }, null, 2);
  const procs = (processes ?? []).map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  return `${head.replace('"processes": []', `"processes": [\n${procs}\n  ]`)}\n`;
}

if (process.argv[1]?.endsWith('reflink-million.scenario.ts'))
  writeFileSync(new URL('./reflink-million.scenario.json', import.meta.url), scenarioFileText());
