/**
 * Headless runner: `npm run -s simulate -- <scenario.json | --builtin ID> [--json] [--steps]`.
 * With --json, stdout carries exactly one JSON document (the SimulationReport); messages go to stderr.
 * Exit codes: 0 ran, 2 invalid scenario or usage, 1 internal error (a bug: one line, no stack).
 * The entry point is src/cli/simulate.ts; this module has no side effects, so tests call main() in-process.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import type { Ppc64Probe } from '../kernel/arch/ppc64';
import { plainDecision } from '../kernel/decision';
import { processEntries } from '../pipeline/processReport';
import { type Simulation, unmappedEntries } from '../pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from '../session/simulate';
import { escapeControls } from './escapeControls';
import { GatheredOutput } from './gatheredOutput';
import { Piecewise, stringifyInPieces } from './jsonStream';
import { type CliOutput, listKernels, parseComparePair, runCompare, unknownKernel } from './kernels';
import { writeReproducer } from './reproducer';

const USAGE = `usage: npm run -s simulate -- <scenario.json | --builtin ID> [--json] [--steps]
  --builtin ID   run a built-in scenario: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')}
  --json         print the outcome as one JSON document
  --steps        also print every kernel step (text mode), or include them (JSON mode)
  --list         list the built-in scenarios
  --kernel ID    run on kernel variant ID instead of the scenario's \`kernel\`
  --list-kernels list the kernel variants and their features (with --json: one JSON array)
  --compare A,B  run on kernels A and B and print what differs (with --json: { scenario, a, b, diff })
  --flip STEP    what if: force the decision at step STEP (e.g. "dax_lock_mapping_entry#1") the other
                 way (repeatable); with --compare it applies to B, otherwise the real run is compared
                 with the what-if on the same kernel
  --at STEP      with --compare or --flip: also the struct page and xarray entries of --pfn (default: the
                 event's pfn) on both sides at the column of STEP (a step id of the first run; default: the end)
  --pfn PFN      the pfn for --at (0x… or decimal)
  --reproducer DIR  write a reproducer for a real kernel into DIR (run.sh, plan.txt, probe.c)`;

interface Args {
  source: { builtin: string } | { file: string } | null;
  json: boolean;
  steps: boolean;
  list: boolean;
  listKernels: boolean;
  kernel?: string;
  compare?: [string, string];
  flips: string[];
  reproducer: string | null;
  at: { step?: string; pfn?: string };
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = {
    source: null,
    json: false,
    steps: false,
    list: false,
    listKernels: false,
    flips: [],
    reproducer: null,
    at: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--steps') args.steps = true;
    else if (a === '--list') args.list = true;
    else if (a === '--list-kernels') args.listKernels = true;
    else if (a === '--kernel') {
      const id = argv[++i];
      if (!id) return '--kernel needs a kernel id';
      const e = unknownKernel('--kernel', id);
      if (e) return e;
      args.kernel = id;
    } else if (a === '--compare') {
      const pair = parseComparePair(argv[++i]);
      if (typeof pair === 'string') return pair;
      args.compare = pair;
    } else if (a === '--flip') {
      const id = argv[++i];
      if (!id) return '--flip needs a step id';
      args.flips.push(id);
    } else if (a === '--at' || a === '--pfn') {
      const v = argv[++i];
      if (!v) return `${a} needs a value`;
      args.at = { ...args.at, [a === '--at' ? 'step' : 'pfn']: v };
    } else if (a === '--reproducer') {
      const dir = argv[++i];
      if (!dir) return '--reproducer needs a directory';
      args.reproducer = dir;
    } else if (a === '--builtin') {
      const id = argv[++i];
      if (!id) return '--builtin needs an id';
      args.source = { builtin: id };
    } else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.source) return 'give one scenario';
    else args.source = { file: a };
  }
  if (args.compare && args.kernel) return 'give either --kernel or --compare';
  if ((args.at.step !== undefined || args.at.pfn !== undefined) && !args.compare && !args.flips.length)
    return '--at and --pfn go with --compare or --flip';
  if (!args.source && !args.list && !args.listKernels) return 'give a scenario file or --builtin ID';
  return args;
}

/** Where main() writes: stdout and stderr by default, a buffer in tests. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** raw text, no newline added (the --json document in pieces); without it the pieces go to out() joined */
  write?(text: string): void;
  /** write out what out() and write() gathered (called once main() is done) */
  flush?(): void;
}

const stdout = new GatheredOutput((text) => process.stdout.write(text));

const processIo: Io = {
  out: (line) => {
    // perf: a long line is not copied to append its newline
    if (line.length < 1 << 16) stdout.write(`${line}\n`);
    else {
      stdout.write(line);
      stdout.write('\n');
    }
  },
  err: (line) => {
    stdout.flush();
    process.stderr.write(`${line}\n`);
  },
  write: (text) => stdout.write(text),
  flush: () => stdout.flush(),
};

/**
 * The largest scenario file the CLI reads (docs/scenario-format.md, "Limits"): 32 MiB, room for 100,000
 * processes (about 11 MB of JSON) as issue 10 §4 asks of the browser too.
 */
export const MAX_SCENARIO_BYTES = 32 * 1024 * 1024;

/**
 * Read a scenario file: only a regular file, only up to MAX_SCENARIO_BYTES. /dev/zero would grow memory
 * without end and a FIFO would block forever, so both are refused with the reason. O_NONBLOCK makes
 * opening a FIFO return at once, so fstat can tell what it is.
 */
export function readScenarioFile(path: string): { text: string } | { error: string } {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `cannot read ${path}: ${kindOf(st)}, not a regular file` };
    if (st.size > MAX_SCENARIO_BYTES)
      return {
        error: `cannot read ${path}: too large (${st.size} bytes; the limit is ${MAX_SCENARIO_BYTES} bytes, 32 MiB)`,
      };
    // read at most one byte past the limit: a file that grew since fstat is still refused. Perf: a buffer of
    // the size fstat gave and one byte more, grown only if the file grew (not 32 MiB zeroed for every file)
    let buf = Buffer.allocUnsafe(Math.min(st.size, MAX_SCENARIO_BYTES) + 1);
    let n = 0;
    for (let r = 1; r > 0 && n <= MAX_SCENARIO_BYTES; n += r) {
      if (n === buf.length) {
        const more = Buffer.allocUnsafe(Math.min(2 * buf.length, MAX_SCENARIO_BYTES + 1));
        buf.copy(more, 0, 0, n);
        buf = more;
      }
      r = readSync(fd, buf, n, buf.length - n, null);
    }
    if (n > MAX_SCENARIO_BYTES)
      return { error: `cannot read ${path}: too large (the limit is ${MAX_SCENARIO_BYTES} bytes, 32 MiB)` };
    return { text: buf.subarray(0, n).toString('utf8') };
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: ReturnType<typeof fstatSync>): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function printText(io: Io, sim: Simulation, steps: boolean, ppc64: readonly Ppc64Probe[]): void {
  const { report, rt } = sim;
  const log = io.out;
  log(`scenario ${report.scenario} on Linux ${report.kernel}`);
  for (const p of ppc64) {
    log(
      `\n${p.namespace} (${p.mode}) on ${p.arch}, ${p.pageSize / 1024} KiB pages: ${p.npfns} pfns from ${p.firstPfn}`,
    );
    log(`  ${p.populate}: ${p.why}`);
    log(`  vmemmap translation: ${p.translation}`);
    log(`  ${p.crashed ? `probe crashed: store to ${p.faultAddr}` : 'probe succeeded'}`);
  }
  // a refused mount or a crashed probe is what a reader needs first; the usual mount lines stay in --json
  if (ppc64.length || report.dmesg.some((l) => l.endsWith('cannot be used together!')))
    for (const line of report.dmesg) log(`  setup dmesg: ${line}`);
  report.events.forEach((ev, i) => {
    log(`\n[${i}] ${ev.label}`);
    if (steps) {
      // a racing change's steps run inside the failure it races: shown there, marked with its event
      for (const s of rt.steps.slice(ev.steps.first, ev.steps.end)) {
        if (s.event < i) continue;
        const who = s.event === i ? '' : `[${s.event}] `;
        log(`    ${(who + s.id).padEnd(34)} ${s.file.padEnd(32)} ${s.summary}`);
      }
    }
    if (ev.notRun) log(`  not simulated: ${ev.notRun}`);
    for (const line of ev.dmesg) log(`  dmesg: ${line}`);
    for (const s of ev.signals) log(`  signal: ${s.comm}:${s.pid} ${s.signo} ${s.code} addr ${s.addr} lsb ${s.lsb}`);
    log(
      `  pfn ${ev.pfn ?? '-'}  result ${ev.result ?? '-'}  return ${ev.return ?? '-'}  HardwareCorrupted ${ev.hardwareCorruptedKb} kB${ev.shutdown ? '  (filesystem shut down)' : ''}`,
    );
  });
}

/**
 * One JSON document and its newline. Perf: written in pieces (jsonStream.ts) where the Io can take them: the
 * 49 MB document of 10^5 processes was one string, escaped and encoded for stdout whole.
 */
function printJson(io: Io, doc: unknown): void {
  const { write } = io;
  if (!write) {
    io.out(JSON.stringify(doc, null, 2));
    return;
  }
  stringifyInPieces(doc, write);
  write('\n');
}

function emit(io: Io, out: CliOutput): number {
  // CliOutput carries whole texts; Io takes lines
  if (out.stdout) io.out(out.stdout.replace(/\n$/, ''));
  if (out.stderr) io.err(out.stderr.replace(/\n$/, ''));
  return out.code;
}

/** Run the CLI; every error that escapes the run is a bug, reported in one line (exit 1). */
export function main(argv: string[], rawIo: Io = processIo): number {
  // every line is escaped on its way out: scenario strings must not drive the terminal
  const io: Io = { out: (l) => rawIo.out(escapeControls(l)), err: (l) => rawIo.err(escapeControls(l)) };
  const { write } = rawIo;
  // escaping is per character, so a piece escaped alone is the same text as escaped in the whole
  if (write) io.write = (t) => write(escapeControls(t));
  try {
    const code = run(argv, io);
    rawIo.flush?.();
    return code;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    io.err(
      `simulate: bug: ${msg.split('\n')[0]} (this is a bug in the simulator, not in your scenario; please report it)`,
    );
    return 1;
  }
}

function run(argv: string[], io: Io): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) io.err(`simulate: ${args}`);
    io.err(USAGE);
    return args ? 2 : 0;
  }
  if (args.listKernels) return emit(io, listKernels(args.json));
  if (args.list) {
    const width = Math.max(...BUILTIN_SCENARIOS.map((s) => s.id.length));
    for (const s of BUILTIN_SCENARIOS) io.out(`${s.id.padEnd(width)}  ${s.title ?? ''}`);
    return 0;
  }
  let input: unknown;
  let name: string;
  const source = args.source as NonNullable<Args['source']>;
  if ('builtin' in source) {
    input = BUILTIN_SCENARIOS.find((s) => s.id === source.builtin);
    name = `--builtin ${source.builtin}`;
    if (!input) {
      io.err(
        `simulate: no built-in scenario "${source.builtin}" (have: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')})`,
      );
      return 2;
    }
  } else {
    name = source.file;
    const read = readScenarioFile(source.file);
    if ('error' in read) {
      io.err(`simulate: ${read.error}`);
      return 2;
    }
    input = read.text;
  }
  if (args.compare || args.flips.length)
    return emit(io, runCompare(input, name, args.compare ?? { kernel: args.kernel }, args.flips, args.json, args.at));
  // one run, printed and done: nothing rewinds it, so no journal; and without --steps nothing reads what each
  // step decided or touched (src/pipeline/simulate.ts)
  const r = simulateScenario(input, {
    ...(args.kernel === undefined ? {} : { kernel: args.kernel }),
    journal: false,
    stepDetails: args.steps,
    // perf: the processes are written from the kernel as the document goes out (below), never all held at once
    longLists: false,
  });
  if (!r.ok) {
    io.err(`simulate: ${name} is not a valid scenario:`);
    for (const issue of r.issues) io.err(`  ${issue.path}: ${issue.message}`);
    return 2;
  }
  if (args.reproducer !== null) return writeReproducer(r.built, args.reproducer, io.err);
  if (args.json) {
    const { rt } = r.sim;
    const entries = processEntries(rt.k);
    // the same key order as the report (each list stays where it was), their entries made a run at a time
    const report = {
      ...r.sim.report,
      processes: new Piecewise(entries.count, entries.slice),
      events: r.sim.report.events.map((ev, i) => {
        const unmapped = unmappedEntries(rt, rt.outcomes[i]);
        return { ...ev, unmapped: new Piecewise(unmapped.count, unmapped.slice) };
      }),
    };
    const base = r.built.ppc64 ? { ...report, ppc64: r.built.ppc64 } : report;
    // a collect decision is a record in the run; its predicate and reads are formatted here, as the views do
    const doc = args.steps
      ? {
          ...base,
          steps: r.sim.rt.steps.map(({ journal: _j, ...s }) => ({ ...s, decisions: s.decisions.map(plainDecision) })),
        }
      : base;
    printJson(io, doc);
  } else printText(io, r.sim, args.steps, r.built.ppc64 ?? []);
  return 0;
}
