import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBE_SOURCE_PATH } from '../cli/reproducer';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin, simulateScenario } from '../session/simulate';
import { buildReproducer, type Reproducer } from './reproducer';

const probe = readFileSync(PROBE_SOURCE_PATH, 'utf8');
const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

function simulateScenarioBuilt(input: unknown) {
  const r = simulateScenario(input);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.built;
}

function reproducerOf(id: string): Reproducer {
  const r = buildReproducer(simulateBuiltin(id).built, probe);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

describe('reproducer export', () => {
  for (const s of BUILTIN_SCENARIOS) {
    it(`${s.id}: run.sh passes bash -n${hasShellcheck ? ' and shellcheck' : ''}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'repro-'));
      const run = reproducerOf(s.id as string).files.find((f) => f.name === 'run.sh');
      if (!run) throw new Error('no run.sh');
      writeFileSync(join(dir, 'run.sh'), run.text);
      execFileSync('bash', ['-n', join(dir, 'run.sh')]);
      if (hasShellcheck) execFileSync('shellcheck', [join(dir, 'run.sh')]);
      else console.warn('shellcheck is not installed: only bash -n checked run.sh (apt-get install shellcheck)');
    });
  }

  it('refuses to run without --destroy and says what it destroys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'repro-'));
    const run = reproducerOf('ext4-single-owner').files.find((f) => f.name === 'run.sh');
    writeFileSync(join(dir, 'run.sh'), run?.text ?? '');
    const r = spawnSync('bash', [join(dir, 'run.sh')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('namespace0.0 of region0');
    expect(r.stderr).toContain('--destroy');
  });

  it('plans the processes in order, with their policies, mappings and touches', () => {
    const plan = reproducerOf('ext4-single-owner').files.find((f) => f.name === 'plan.txt')?.text;
    expect(plan?.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([
      'proc V pmtest default',
      'map V a /mnt/A 0x0 0x400000',
      'touch V a 0x3000',
      'proc P pmtest default',
      'map P a /mnt/A 0x0 0x400000',
      'touch P a 0x3000',
      'event 0 madvise P a 0x3000 0x1000',
    ]);
  });

  it('says plainly which events need the VM monitor, and what a machine without one does instead', () => {
    const srar = reproducerOf('xfs-reflink-shared');
    expect(srar.needsMonitor).toBe(true);
    expect(srar.injections).toEqual([{ event: 0, how: expect.stringContaining('QEMU monitor'), injected: true }]);
    expect(srar.injections[0].how).toContain('without a VM monitor skips it');
    expect(srar.files.find((f) => f.name === 'plan.txt')?.text).toContain('event 0 mce-srar P a 0x3000 0x7');
    const srao = reproducerOf('async-no-current');
    expect(srao.injections[0].how).toContain('without a VM monitor, hwpoison corrupt-pfn instead');
    expect(srao.files.find((f) => f.name === 'plan.txt')?.text).toContain(
      'event 0 mce-srao pfn-file @DATARESOURCE@ /mnt/A 0x3000',
    );
    expect(reproducerOf('ext4-single-owner').needsMonitor).toBe(false);
  });

  it("skips an SRAR whose target is not the consumer's own page, and says why", () => {
    const scenario = {
      ...BUILTIN_SCENARIOS[0],
      events: [{ kind: 'mce', process: 'P', target: { file: '/mnt/A', offset: '0x3000' } }],
    };
    const r = buildReproducer(simulateScenarioBuilt(scenario), probe);
    if (typeof r === 'string') throw new Error(r);
    expect(r.injections[0]).toMatchObject({ injected: false, how: expect.stringContaining('not injected') });
    expect(r.files.find((f) => f.name === 'plan.txt')?.text).toContain('event 0 skip mce:');
  });

  it("the scenarios kept under verify/scenarios are valid and fully injectable in verify's guest", () => {
    const dir = new URL('../../verify/scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = buildReproducer(simulateScenarioBuilt(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))), probe);
      if (typeof r === 'string') throw new Error(`${f}: ${r}`);
      expect(
        r.injections.every((x) => x.injected),
        f,
      ).toBe(true);
      expect(r.needsMonitor, f).toBe(true);
    }
  });
});
