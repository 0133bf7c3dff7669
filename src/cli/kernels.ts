/**
 * The CLI's kernel options (issue 6 §3): --list-kernels, --kernel ID checks, and --compare A,B. Each
 * returns what to print and the exit code instead of printing, so tests run them in process.
 */
import { type Comparison, compareScenario, unappliedFlips } from '../compare/compare';
import type { DiffEntry } from '../compare/diff';
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
    for (const f of v.features) lines.push(`    ${f.padEnd(20)} ${FEATURES[f].release.padEnd(7)} ${provenanceText(f)}`);
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
  if (json) {
    const doc = { scenario: r.cmp.scenario, a: r.cmp.a.report, b: r.cmp.b.report, diff: r.cmp.diff };
    return { code: 0, stdout: `${JSON.stringify(doc, null, 2)}\n`, stderr: '' };
  }
  return { code: 0, stdout: diffText(r.cmp, labels), stderr: '' };
}
