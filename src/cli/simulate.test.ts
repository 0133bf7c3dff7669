/**
 * The headless runner as a user calls it (`npm run -s simulate -- …`), in child processes: importing
 * src/cli/simulate.ts would run main() with vitest's argv. Contract: with --json, stdout is exactly one
 * JSON document; messages go to stderr; exit 0 ran, 2 invalid scenario or usage.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../pipeline/report';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin } from '../session/simulate';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'src', 'scenario', '__fixtures__');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx src/cli/simulate.ts <args>` in the repository root. */
function cli(...args: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const runs: Record<string, Ran> = {};
const CASES: Record<string, string[]> = {
  json: ['--builtin', 'xfs-reflink-shared', '--json'],
  jsonSteps: ['--builtin', 'xfs-reflink-shared', '--json', '--steps'],
  text: ['--builtin', 'xfs-reflink-shared'],
  list: ['--list'],
  unknownBuiltin: ['--builtin', 'no-such-scenario', '--json'],
  invalid: [join(FIXTURES, 'invalid-scenario.json'), '--json'],
  notJson: [join(FIXTURES, 'not-json.txt'), '--json'],
  missing: [join(FIXTURES, 'does-not-exist.json'), '--json'],
  file: [join(FIXTURES, 'ext4-madvise.json'), '--json'],
  badOption: ['--frobnicate'],
  nothing: [],
};

beforeAll(async () => {
  const entries = await Promise.all(Object.entries(CASES).map(async ([k, args]) => [k, await cli(...args)] as const));
  for (const [k, r] of entries) runs[k] = r;
}, 120_000);

describe('simulate CLI', () => {
  it('--builtin xfs-reflink-shared --json: exactly one JSON document with the report contract, exit 0', () => {
    const r = runs.json;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as SimulationReport;
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(doc.scenario).toBe('xfs-reflink-shared');
    expect(doc.kernel).toBe('6.12');
    expect(doc.hardwareCorruptedKb).toBe(4);
    expect(Array.isArray(doc.events)).toBe(true);
    expect(doc.events).toHaveLength(1);
    for (const ev of doc.events) {
      for (const key of [
        'kind',
        'pfn',
        'result',
        'return',
        'dmesg',
        'trace',
        'signals',
        'hwpoison',
        'unmapped',
        'hardwareCorruptedKb',
        'shutdown',
      ])
        expect(ev, key).toHaveProperty(key);
      expect(Array.isArray(ev.dmesg) && Array.isArray(ev.trace) && Array.isArray(ev.signals)).toBe(true);
      expect(Array.isArray(ev.hwpoison) && Array.isArray(ev.unmapped)).toBe(true);
    }
    const [ev] = doc.events;
    expect(ev.kind).toBe('mce');
    expect(ev.result).toBe('Recovered');
    expect(ev.return).toBe('0');
    expect(ev.pfn).toMatch(/^0x[0-9a-f]+$/);
    expect(ev.signals.map((s) => s.code)).toEqual(['BUS_MCEERR_AR', 'BUS_MCEERR_AO']);
    expect(ev.shutdown).toBe(false);
    // the same report the library gives
    expect(doc).toEqual(JSON.parse(JSON.stringify(simulateBuiltin('xfs-reflink-shared').report)));
  });

  it('--json --steps adds the kernel steps (ids like xfs_dax_failure_fn#2), still one document', () => {
    const r = runs.jsonSteps;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as SimulationReport & { steps: { id: string; fn: string; file: string }[] };
    expect(doc.events).toHaveLength(1);
    expect(doc.steps.map((s) => s.id)).toContain('xfs_dax_failure_fn#2');
    expect(doc.steps[0]).toMatchObject({ id: 'do_machine_check#1', file: 'arch/x86/kernel/cpu/mce/core.c' });
    expect(doc.steps.every((s) => !('journal' in s))).toBe(true);
  });

  it('text mode prints the dmesg lines and the signals', () => {
    const r = runs.text;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scenario xfs-reflink-shared on Linux 6\.12/);
    expect(r.stdout).toContain('dmesg: Memory failure: ');
    expect(r.stdout).toContain('recovery action for dax page: Recovered');
    expect(r.stdout).toMatch(/signal: pmtest:\d+ SIGBUS BUS_MCEERR_AR addr 0x[0-9a-f]+ lsb 12/);
  });

  it('a scenario file runs like a built-in', () => {
    const r = runs.file;
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as SimulationReport;
    expect(doc.scenario).toBe('cli-ext4-madvise');
    expect(doc.events[0].dmesg[0]).toMatch(
      /^Injecting memory failure for pfn 0x[0-9a-f]+ at process virtual address 0x/,
    );
    expect(doc.events[0].signals).toHaveLength(1);
    expect(doc.events[0].signals[0]).toMatchObject({ code: 'BUS_MCEERR_AR', lsb: 12 });
  });

  it('an invalid scenario file: exit 2, each problem with its field path on stderr, nothing on stdout', () => {
    const r = runs.invalid;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('is not a valid scenario');
    expect(r.stderr).toContain('namespaces[0].size: not a size: "2 GiBs"');
    expect(r.stderr).toContain('processes[0].comm: comm is at most 15 characters');
  });

  it('a file that is not JSON: exit 2, "not JSON" on stderr, nothing on stdout', () => {
    const r = runs.notJson;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\(file\): not JSON: /);
  });

  it('a file that does not exist: exit 2, "cannot read"', () => {
    const r = runs.missing;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/simulate: cannot read .*does-not-exist\.json/);
  });

  it('an unknown built-in: exit 2, the known ids on stderr, nothing on stdout', () => {
    const r = runs.unknownBuiltin;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no built-in scenario "no-such-scenario"');
    for (const s of BUILTIN_SCENARIOS) expect(r.stderr).toContain(s.id);
  });

  it('usage errors exit 2 with the usage on stderr', () => {
    for (const r of [runs.badOption, runs.nothing]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('usage: npm run -s simulate --');
    }
    expect(runs.badOption.stderr).toContain('unknown option --frobnicate');
  });

  it('--list lists every built-in id (the design reviews too), one per line', () => {
    const r = runs.list;
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(BUILTIN_SCENARIOS.length);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(['rfc2020-owner-list']));
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(BUILTIN_SCENARIOS.map((s) => s.id));
  });
});
