/**
 * `npm run verify -- <scenario.json | --builtin ID> [--kernel 6.12|6.1]`: run the scenario's reproducer on
 * Debian's own kernel under QEMU (verify/guest/) and print kernel vs simulator per observable.
 * Exit codes: 0 agree, 1 differ, 2 the run could not be made (the reason is printed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findVariant } from '../kernel/variants/variants';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from '../session/simulate';
import { generateScenario } from '../verify/campaign';
import { compare, formatComparison } from '../verify/compare';
import { parseRecord } from '../verify/record';
import { buildReproducer } from '../verify/reproducer';
import { fingerprint, type VerifiedFile } from '../verify/verified';
import { PROBE_SOURCE_PATH } from './reproducer';

const GUEST_DIR = fileURLToPath(new URL('../../verify/guest/', import.meta.url));
export const CACHE = process.env.VERIFY_CACHE ?? join(homedir(), '.cache', 'dax-explorer-verify');
const KERNELS = ['6.12', '6.1'] as const;

const USAGE = `usage: npm run verify -- <scenario.json | --builtin ID | --campaign N [--seed S]> [--kernel 6.12|6.1]
  --all          verify every built-in; the report goes to verify/builtins-<kernel>.md
  --campaign N   verify N generated scenarios; the report goes to verify/campaign-<kernel>.md (or --out FILE)
  exit 0: kernel and simulator agree, 1: they differ, 2: the run could not be made`;

export interface VerifyOutcome {
  code: 0 | 1 | 2;
  /** the table or the reason */
  text: string;
  kernelRelease?: string;
  seconds: number;
}

function sh(script: string, args: string[]): { out: string; ok: boolean } {
  const r = spawnSync('bash', [join(GUEST_DIR, script), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { out, ok: r.status === 0 };
}

const lastLine = (s: string, prefix: string) =>
  s
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .pop()
    ?.slice(prefix.length);

/** Builds (or finds cached) the guest for a kernel series. */
export function ensureGuest(series: string): { dir: string; warnings: string[] } | string {
  mkdirSync(CACHE, { recursive: true });
  const r = sh('build-guest.sh', [series, CACHE, PROBE_SOURCE_PATH]);
  const dir = lastLine(r.out, 'guest ');
  if (!r.ok || !dir) return lastLine(r.out, 'error ') ?? `the guest build failed:\n${r.out}`;
  return { dir, warnings: r.out.split('\n').filter((l) => l.startsWith('warning ')) };
}

/** One scenario (JSON text or object) on one kernel series. */
export function verifyScenario(input: unknown, series: string): VerifyOutcome {
  const t0 = Date.now();
  const seconds = () => Math.round((Date.now() - t0) / 100) / 10;
  const done = (code: 0 | 1 | 2, text: string, kernelRelease?: string): VerifyOutcome => ({
    code,
    text,
    kernelRelease,
    seconds: seconds(),
  });
  if (!(KERNELS as readonly string[]).includes(series))
    return done(2, `unknown kernel ${series} (known: ${KERNELS.join(', ')})`);
  if (!findVariant(series))
    return done(2, `the simulator does not model Linux ${series} yet (no kernel variant "${series}")`);
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return done(2, `not JSON: ${(e as Error).message}`);
  }
  const r = simulateScenario({ ...obj, kernel: series });
  if (!r.ok) return done(2, `not a valid scenario: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const repro = buildReproducer(r.built, readFileSync(PROBE_SOURCE_PATH, 'utf8'));
  if (typeof repro === 'string') return done(2, `no reproducer: ${repro}`);
  const notInjected = repro.injections.filter((x) => !x.injected);
  if (notInjected.length) return done(2, notInjected.map((x) => `event ${x.event} ${x.how}`).join('; '));
  const guest = ensureGuest(series);
  if (typeof guest === 'string') return done(2, guest);
  const work = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    const rd = join(work, 'repro');
    mkdirSync(rd);
    for (const f of repro.files) writeFileSync(join(rd, f.name), f.text, { mode: f.mode });
    const run = sh('run-guest.sh', [guest.dir, rd, join(work, 'vm'), process.env.VERIFY_TIMEOUT ?? '180']);
    if (!run.ok) return done(2, lastLine(run.out, 'error ') ?? run.out);
    const serial = readFileSync(join(work, 'vm', 'serial.log'), 'utf8').replace(/\r/g, '');
    const release = /===VERIFY-BOOTED=== (\S+)/.exec(serial)?.[1];
    const body = /===VERIFY-RECORD===\n([\s\S]*?)===VERIFY-LOG===\n([\s\S]*?)===VERIFY-END===/.exec(serial);
    if (!body) return done(2, `the guest printed no record; its console:\n${serial.slice(-3000)}`, release);
    const c = compare(r.built, r.sim.report, parseRecord(body[1]));
    const head = [...guest.warnings, `scenario ${r.built.scenario.id}: Linux ${release} (QEMU) vs simulator ${series}`];
    if (c.couldNotRun) return done(2, `${head.join('\n')}\ncould not compare: ${c.couldNotRun}\n${body[2]}`, release);
    return done(c.agree ? 0 : 1, `${head.join('\n')}\n${formatComparison(c)}`, release);
  } finally {
    if (!process.env.VERIFY_KEEP) rmSync(work, { recursive: true, force: true });
  }
}

/** src/verify/verified.json: the last run per built-in and kernel, read by the explorer's build. */
export function recordVerified(id: string, scenario: unknown, kernel: string, out: VerifyOutcome): void {
  const file = fileURLToPath(new URL('../verify/verified.json', import.meta.url));
  let data: VerifiedFile = {};
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first run: no file yet
  }
  data[id] = {
    ...data[id],
    [kernel]: {
      kernel,
      release: out.kernelRelease ?? '?',
      date: new Date().toISOString(),
      result: (['agree', 'differ', 'could not run'] as const)[out.code],
      fingerprint: fingerprint(scenario),
    },
  };
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

const REPORT_DIR = fileURLToPath(new URL('../../verify/', import.meta.url));

/** N generated scenarios; the report (rewritten after each run) lists every disagreement with its scenario. */
function runCampaign(n: number, seed: number, kernel: string, out?: string): number {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(seed)) {
    console.error('verify: --campaign needs a positive count (and --seed an integer)');
    return 2;
  }
  const file = out ?? join(REPORT_DIR, `campaign-${kernel}.md`);
  const results: { seed: number; out: VerifyOutcome; scenario: unknown }[] = [];
  const write = () => {
    const count = (c: number) => results.filter((r) => r.out.code === c).length;
    const lines = [
      `# verify campaign on Linux ${kernel}`,
      '',
      `\`npm run verify -- --campaign ${n} --seed ${seed} --kernel ${kernel}\` (src/verify/campaign.ts generates seed s's scenario).`,
      `Kernel: ${results.find((r) => r.out.kernelRelease)?.out.kernelRelease ?? '?'} under QEMU TCG. Ran ${results.length} of ${n}: ${count(0)} agree, ${count(1)} differ, ${count(2)} could not run.`,
      '',
      '| seed | result | seconds |',
      '|---|---|---|',
      ...results.map((r) => `| ${r.seed} | ${['agree', 'DIFFER', 'could not run'][r.out.code]} | ${r.out.seconds} |`),
      '',
    ];
    for (const r of results.filter((x) => x.out.code !== 0))
      lines.push(
        `## seed ${r.seed}: ${['agree', 'DIFFER', 'could not run'][r.out.code]}`,
        '',
        '```json',
        JSON.stringify(r.scenario),
        '```',
        '',
        '```',
        r.out.text,
        '```',
        '',
      );
    writeFileSync(file, lines.join('\n'));
  };
  for (let i = 0; i < n; i++) {
    const scenario = generateScenario(seed + i);
    const out = verifyScenario(scenario, kernel);
    results.push({ seed: seed + i, out, scenario });
    console.log(
      `verify: campaign ${i + 1}/${n} seed ${seed + i}: ${['agree', 'DIFFER', 'could not run'][out.code]} (${out.seconds} s)`,
    );
    write();
  }
  console.log(`verify: report in ${file}`);
  return results.some((r) => r.out.code === 1) ? 1 : results.some((r) => r.out.code === 2) ? 2 : 0;
}

/** Every built-in on one kernel; the report goes to verify/builtins-<kernel>.md and verified.json. */
function verifyAllBuiltins(kernel: string): number {
  const lines = [`# every built-in on Linux ${kernel}`, '', `\`npm run verify -- --all --kernel ${kernel}\``, ''];
  let worst = 0;
  for (const s of BUILTIN_SCENARIOS) {
    const out = verifyScenario(s, kernel);
    if (out.kernelRelease) recordVerified(s.id as string, s, kernel, out);
    const result = ['agree', 'DIFFER', 'could not run'][out.code];
    console.log(`verify: ${s.id} on ${out.kernelRelease ?? kernel}: ${result} (${out.seconds} s)`);
    lines.push(
      `## ${s.id}: ${result} (${out.kernelRelease ?? kernel}, ${out.seconds} s)`,
      '',
      '```',
      out.text,
      '```',
      '',
    );
    worst = Math.max(worst, out.code === 1 ? 2 : out.code === 2 ? 1 : 0);
    writeFileSync(join(REPORT_DIR, `builtins-${kernel}.md`), lines.join('\n'));
  }
  return worst === 2 ? 1 : worst === 1 ? 2 : 0;
}

export function main(argv: string[]): number {
  let kernel = '6.12';
  let source: { builtin: string } | { file: string } | null = null;
  let campaign = 0;
  let all = false;
  let seed = 1;
  let reportFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kernel') kernel = argv[++i] ?? '';
    else if (a === '--builtin') source = { builtin: argv[++i] ?? '' };
    else if (a === '--campaign') campaign = Number(argv[++i]);
    else if (a === '--all') all = true;
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--out') reportFile = argv[++i] ?? '';
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      console.error(`verify: unknown option ${a}\n${USAGE}`);
      return 2;
    } else source = { file: a };
  }
  if (all) return verifyAllBuiltins(kernel);
  if (campaign) return runCampaign(campaign, seed, kernel, reportFile);
  if (!source) {
    console.error(`verify: give a scenario file or --builtin ID\n${USAGE}`);
    return 2;
  }
  let input: unknown;
  if ('builtin' in source) {
    const id = source.builtin;
    input = BUILTIN_SCENARIOS.find((s) => s.id === id);
    if (!input) {
      console.error(`verify: no built-in scenario "${id}" (have: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')})`);
      return 2;
    }
  } else {
    try {
      input = readFileSync(source.file, 'utf8');
    } catch (e) {
      console.error(`verify: cannot read ${source.file}: ${(e as Error).message}`);
      return 2;
    }
  }
  const out = verifyScenario(input, kernel);
  if ('builtin' in source && out.kernelRelease) recordVerified(source.builtin, input, kernel, out);
  console.log(out.text);
  console.log(`verify: ${['agree', 'DIFFER', 'could not run'][out.code]} (${out.seconds} s)`);
  return out.code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
