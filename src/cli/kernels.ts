/**
 * The CLI's kernel options (issue 6 §3): --list-kernels, --kernel ID checks, and --compare A,B. Each
 * returns what to print and the exit code instead of printing, so tests run them in process.
 */
import { type Comparison, compareScenario, unappliedFlips } from '../compare/compare';
import type { DiffEntry } from '../compare/diff';
import { eventPfnAt, type StructAtColumn, structAtColumn } from '../compare/structAt';
import { FEATURES } from '../kernel/variants/features';
import { findVariant, VARIANTS, variantIds } from '../kernel/variants/variants';

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

const provenanceText = (id: keyof typeof FEATURES): string => {
  const p = FEATURES[id].provenance;
  return 'commit' in p ? `${p.commit} ${p.subject}` : `UNVERIFIED: ${p.unverified}`;
};

export function listKernels(json: boolean): CliOutput {
  if (json) {
    const doc = VARIANTS.map((v) => ({
      id: v.id,
      title: v.title,
      release: v.release,
      features: v.features.map((f) => ({ id: f, release: FEATURES[f].release, provenance: FEATURES[f].provenance })),
      // an unmerged design: where it was reviewed and what merged instead
      ...(v.design ? { design: v.design } : {}),
    }));
    return { code: 0, stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr: '' };
  }
  const lines: string[] = [];
  for (const v of VARIANTS) {
    lines.push(`${v.id.padEnd(8)} ${v.title} (${v.release})`);
    const width = Math.max(...v.features.map((f) => f.length));
    for (const f of v.features)
      lines.push(`    ${f.padEnd(width)}  ${FEATURES[f].release.padEnd(8)} ${provenanceText(f)}`);
    if (v.design) {
      const r = v.design.citations[0];
      lines.push(`    design review: ${r.author}, ${r.date}, "${r.subject}" (${r.list}); note ${v.design.note}`);
      lines.push(`    merged instead: ${v.design.mergedInstead}`);
    }
  }
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

/** A usage error for a kernel id that no variant has, naming the option it came from. */
export function unknownKernel(option: string, id: string): string | null {
  if (findVariant(id)) return null;
  return `${option}: unknown kernel "${id}"; known kernels: ${variantIds().join(', ')}`;
}

/** `--compare A,B` → the two ids, or the usage error. */
export function parseComparePair(value: string | undefined): [string, string] | string {
  const ids = (value ?? '').split(',').map((s) => s.trim());
  if (ids.length !== 2 || !ids[0] || !ids[1]) return '--compare needs two kernel ids, e.g. --compare 6.1,6.12';
  for (const id of ids) {
    const e = unknownKernel('--compare', id);
    if (e) return e;
  }
  return [ids[0], ids[1]];
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function diffText(cmp: Comparison, labels: [string, string]): string {
  const [la, lb] = labels;
  const lines = [`scenario ${cmp.scenario}: ${la} vs ${lb}`];
  const gaps = cmp.columns.filter((c) => c.a === null || c.b === null).length;
  lines.push(
    `steps: ${cmp.a.rt.steps.length} (${la}) vs ${cmp.b.rt.steps.length} (${lb}); ${cmp.columns.length} aligned columns, ${gaps} with a gap`,
  );
  if (cmp.diff.length === 0) lines.push('no difference in the observables');
  for (const d of cmp.diff) lines.push(...entryText(d, la, lb));
  return `${lines.join('\n')}\n`;
}

function entryText(d: DiffEntry, la: string, lb: string): string[] {
  const lineLists = d.observable.endsWith('dmesg') || d.observable.endsWith('unmapped');
  if (lineLists)
    return [
      `${d.observable}:`,
      ...(d.a as string[]).map((l) => `  - ${l}   [only ${la}]`),
      ...(d.b as string[]).map((l) => `  + ${l}   [only ${lb}]`),
    ];
  return [`${d.observable}:`, `  ${la}: ${show(d.a)}`, `  ${lb}: ${show(d.b)}`];
}

/**
 * Run the scenario on both sides and print the comparison (one JSON document with `json`). `flips`
 * apply to side b: with no pair, a is the real run and b its what-if on the same kernel.
 */
export function runCompare(
  input: unknown,
  name: string,
  pair: [string, string] | { kernel?: string },
  flips: readonly string[],
  json: boolean,
  /** --at STEP (a step id of side a) and --pfn PFN: the struct page / xarray entries of PFN at that step */
  at: { step?: string; pfn?: string } = {},
): CliOutput {
  const [sa, sb] = Array.isArray(pair) ? [{ kernel: pair[0] }, { kernel: pair[1] }] : [pair, pair];
  const r = compareScenario(input, sa, { ...sb, flips });
  if (!r.ok)
    return {
      code: 2,
      stdout: '',
      stderr: `simulate: ${name} is not a valid scenario:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n`,
    };
  const missed = unappliedFlips(r.cmp.b, flips);
  if (missed.length)
    return {
      code: 2,
      stdout: '',
      stderr: `simulate: --flip: no step with a decision to flip: ${missed.join(', ')} (step ids are "state#n", see --steps)\n`,
    };
  const labels: [string, string] = Array.isArray(pair)
    ? [pair[0], flips.length ? `${pair[1]} (what if)` : pair[1]]
    : ['real', 'what if'];
  const struct = at.step === undefined && at.pfn === undefined ? null : structFor(r.cmp, at);
  if (typeof struct === 'string') return { code: 2, stdout: '', stderr: `simulate: ${struct}\n` };
  if (json) {
    const doc = {
      scenario: r.cmp.scenario,
      a: r.cmp.a.report,
      b: r.cmp.b.report,
      diff: r.cmp.diff,
      ...(struct ? { struct } : {}),
    };
    return { code: 0, stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr: '' };
  }
  return { code: 0, stdout: diffText(r.cmp, labels) + (struct ? structText(struct, labels) : ''), stderr: '' };
}

/**
 * The struct page and xarray entries of a pfn on both sides at the column of side a's step (the last column
 * without --at), or why the options are wrong (naming the option).
 */
function structFor(
  cmp: Comparison,
  at: { step?: string; pfn?: string },
): (StructAtColumn & { column: number }) | string {
  let column = cmp.columns.length - 1;
  if (at.step !== undefined) {
    column = cmp.columns.findIndex((c) => c.a !== null && cmp.a.rt.steps[c.a].id === at.step);
    if (column < 0)
      return `--at: no step "${at.step.slice(0, 80)}" in the first run (step ids are "state#n", see --steps)`;
  }
  let pfn = eventPfnAt(cmp, column);
  if (at.pfn !== undefined) {
    pfn = /^(0x[0-9a-f]{1,13}|[0-9]{1,16})$/i.test(at.pfn) ? Number(at.pfn) : Number.NaN;
    if (!Number.isSafeInteger(pfn)) return `--pfn: "${at.pfn.slice(0, 40)}" is not a pfn (0x… or decimal)`;
  }
  if (pfn === null) return '--pfn: this event hands no pfn to memory_failure(); give one';
  return { column, ...structAtColumn(cmp, column, pfn) };
}

function structText(s: StructAtColumn & { column: number }, [la, lb]: [string, string]): string {
  const lines = [
    `struct page of pfn 0x${s.pfn.toString(16)} at column ${s.column + 1}: ${la} after ${s.stepA ?? 'no step'}, ${lb} after ${s.stepB ?? 'no step'}`,
  ];
  for (const r of [...s.page, ...s.xarray])
    lines.push(`  ${r.differs ? '≠' : ' '} ${r.field}: ${la} ${r.a}${r.differs ? ` | ${lb} ${r.b}` : ''}`);
  if (!s.xarray.length) lines.push("    no file's i_pages holds an entry for this pfn on either side");
  return `${lines.join('\n')}\n`;
}
