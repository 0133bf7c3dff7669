/**
 * Headless runner: `npm run -s simulate -- <scenario.json | --builtin ID> [--json] [--steps]`.
 * With --json, stdout carries exactly one JSON document (the SimulationReport); messages go to stderr.
 * Exit codes: 0 ran, 2 invalid scenario or usage, 1 internal error.
 */
import { readFileSync } from 'node:fs';
import type { Simulation } from '../pipeline/simulate';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateScenario } from '../session/simulate';
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
  if (!args.source && !args.list && !args.listKernels) return 'give a scenario file or --builtin ID';
  return args;
}

function printText(sim: Simulation, steps: boolean): void {
  const { report, rt } = sim;
  console.log(`scenario ${report.scenario} on Linux ${report.kernel}`);
  report.events.forEach((ev, i) => {
    console.log(`\n[${i}] ${ev.label}`);
    if (steps) {
      for (const s of rt.steps.slice(ev.steps.first, ev.steps.end))
        console.log(`    ${s.id.padEnd(34)} ${s.file.padEnd(32)} ${s.summary}`);
    }
    for (const line of ev.dmesg) console.log(`  dmesg: ${line}`);
    for (const s of ev.signals)
      console.log(`  signal: ${s.comm}:${s.pid} ${s.signo} ${s.code} addr ${s.addr} lsb ${s.lsb}`);
    console.log(
      `  pfn ${ev.pfn ?? '-'}  result ${ev.result ?? '-'}  return ${ev.return ?? '-'}  HardwareCorrupted ${ev.hardwareCorruptedKb} kB${ev.shutdown ? '  (filesystem shut down)' : ''}`,
    );
  });
}

function emit(out: CliOutput): number {
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  return out.code;
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) console.error(`simulate: ${args}`);
    console.error(USAGE);
    return args ? 2 : 0;
  }
  if (args.listKernels) return emit(listKernels(args.json));
  if (args.list) {
    for (const s of BUILTIN_SCENARIOS) console.log(`${s.id.padEnd(22)} ${s.title ?? ''}`);
    return 0;
  }
  let input: unknown;
  let name: string;
  const source = args.source as NonNullable<Args['source']>;
  if ('builtin' in source) {
    input = BUILTIN_SCENARIOS.find((s) => s.id === source.builtin);
    name = `--builtin ${source.builtin}`;
    if (!input) {
      console.error(
        `simulate: no built-in scenario "${source.builtin}" (have: ${BUILTIN_SCENARIOS.map((s) => s.id).join(', ')})`,
      );
      return 2;
    }
  } else {
    name = source.file;
    try {
      input = readFileSync(source.file, 'utf8');
    } catch (e) {
      console.error(`simulate: cannot read ${source.file}: ${(e as Error).message}`);
      return 2;
    }
  }
  if (args.compare || args.flips.length)
    return emit(runCompare(input, name, args.compare ?? { kernel: args.kernel }, args.flips, args.json));
  const r = simulateScenario(input, args.kernel === undefined ? {} : { kernel: args.kernel });
  if (!r.ok) {
    console.error(`simulate: ${name} is not a valid scenario:`);
    for (const issue of r.issues) console.error(`  ${issue.path}: ${issue.message}`);
    return 2;
  }
  if (args.reproducer !== null) return writeReproducer(r.built, args.reproducer);
  if (args.json) {
    const doc = args.steps
      ? { ...r.sim.report, steps: r.sim.rt.steps.map(({ journal: _j, ...s }) => s) }
      : r.sim.report;
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else printText(r.sim, args.steps);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
