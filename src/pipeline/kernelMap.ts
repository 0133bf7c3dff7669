/**
 * docs/kernel-map.md, generated from the machine definitions: every state of every variant's machine,
 * the kernel function and file it models, its branches, where its code lives, and which variants have it.
 * Regenerate with `npm run docs:kernel-map`; a test fails when the committed file is stale.
 */
import { FEATURES } from '../kernel/variants/features';
import { VARIANTS } from '../kernel/variants/variants';
import { machineGraph } from './graph';
import { createMemoryFailureMachine, resolvedMachine } from './machine';
import { PSEUDO_STATES, STATE_SPECS } from './spec';

/** op name (KernelOp function name) → the source file that defines it, relative to the repository */
export type ImplIndex = ReadonlyMap<string, string>;

const code = (s: string) => `\`${s}\``;

const SIMPLIFICATIONS = [
  '## Simplifications',
  '',
  'Search the source for `Not modeled:` and `Simplified:` for the complete list. The main ones:',
  '',
  '- one thread per process (`find_early_kill_thread()` picks the process itself);',
  '- every access is a read: no CoW of shared extents, no dirty page-cache entries;',
  '- files have no holes and no unwritten extents; no realtime or external log devices; no partitions;',
  '- only ZONE_DEVICE (pmem) memory: pfns outside every namespace are "memory outside kernel control";',
  '- `hwpoison_filter()` is disabled (its default); `arch_memory_failure()` (SGX) always declines;',
  '- `%pS` in the XFS shutdown line prints a fixed symbol+offset (build dependent in a real kernel).',
];

export function renderKernelMap(impl: ImplIndex): string {
  const lines: string[] = [];
  lines.push('# Kernel map: pipeline states and the kernel code they model');
  lines.push('');
  lines.push(
    'Generated from the machine definitions (`src/pipeline/spec.ts`, built per variant by `src/pipeline/machine.ts`)',
    'by `npm run docs:kernel-map`; do not edit by hand. Each state runs one kernel function as one step; a state',
    'named `fn@callee` is where `fn` resumes after its call to `callee` returns. A **call** edge pushes that',
    "resume state on the frame's call stack, a **return** pops it (the listed targets are every place the",
    'return can go), and a plain edge carries on in the same frame. Leaf calls (functions that call no',
    "modelled function) run inline in their caller's frame.",
    '',
  );
  lines.push('| state | kernel function | file | branches | implemented in | variants |');
  lines.push('| --- | --- | --- | --- | --- | --- |');
  const graphs = VARIANTS.map((v) => ({
    v,
    m: resolvedMachine(v.id),
    g: machineGraph(createMemoryFailureMachine(v.id)),
  }));
  for (const [id, spec] of Object.entries(STATE_SPECS)) {
    const inVariants = graphs.filter(({ m }) => id in m.states);
    if (!inVariants.length) continue;
    // branches as the richest variant has them
    const { g } = inVariants.reduce((a, b) =>
      b.g.edges.filter((e) => e.from === id).length > a.g.edges.filter((e) => e.from === id).length ? b : a,
    );
    const byBranch = new Map<string, string[]>();
    for (const e of g.edges.filter((e) => e.from === id)) {
      const list = byBranch.get(e.branch) ?? [];
      list.push(`${e.kind === 'goto' ? '' : `${e.kind} `}${code(e.to)}`);
      byBranch.set(e.branch, list);
    }
    const branches = [...byBranch].map(([b, to]) => `${b} → ${to.join(', ')}`).join('<br>');
    const where = impl.get(spec.op.name) ?? 'UNKNOWN';
    lines.push(
      `| ${code(id)} | ${code(`${spec.fn}()`)} | ${code(spec.file)} | ${branches} | ${where} (${code(spec.op.name)}) | ${inVariants.map(({ v }) => v.id).join(', ')} |`,
    );
  }
  lines.push('');
  lines.push('States that are not kernel functions and record no step:');
  lines.push('');
  for (const [id, what] of Object.entries(PSEUDO_STATES)) lines.push(`- ${code(id)}: ${what}`);
  lines.push('');
  lines.push(...SIMPLIFICATIONS, '');
  lines.push('## Variants and their features');
  lines.push('');
  for (const v of VARIANTS) {
    lines.push(`### ${v.id}: ${v.title}`);
    lines.push('');
    lines.push('| feature | release | provenance | changes |');
    lines.push('| --- | --- | --- | --- |');
    for (const id of v.features) {
      const f = FEATURES[id];
      const prov =
        'commit' in f.provenance
          ? `${f.provenance.commit} "${f.provenance.subject}"`
          : `UNVERIFIED: ${f.provenance.unverified}`;
      lines.push(`| ${code(f.id)} | ${f.release} | ${prov} | ${f.functions.map((fn) => code(`${fn}()`)).join(', ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
