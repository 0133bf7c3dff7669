/**
 * "Copy this step as text": one step in plain text fit for a mailing-list reply — the function and its file,
 * the decisions with the field values they read, the signals delivered so far, and the dmesg lines the step
 * printed. Pure: reads the view models, formats nothing the views do not show.
 */
import type { OutcomeVM, StepVM } from './selectors';

export function stepAsText(
  step: Pick<StepVM, 'index' | 'id' | 'event' | 'eventLabel' | 'fn' | 'file' | 'summary' | 'group' | 'decisions'>,
  outcome: OutcomeVM,
  total: number,
  kernel = 'Linux 6.12',
): string {
  const out: string[] = [];
  out.push(`Step ${step.index + 1}/${total} (${step.id}), ${kernel}, event ${step.event + 1}: ${step.eventLabel}`);
  out.push(`${step.fn}()  ${step.file}`);
  out.push(`  ${step.summary}`);
  if (step.group) out.push(`  grouped: ${step.group.count} ${step.group.what} from #${step.group.first}`);
  if (step.decisions.length) {
    out.push('', 'Decisions:');
    for (const d of step.decisions) {
      out.push(`  ${d.predicate} = ${d.result ? 'true' : 'false'}   (${d.models.fn}, ${d.models.file})`);
      for (const r of d.reads) out.push(`      ${r.path} = ${r.value}`);
    }
  }
  const signals = outcome.signals;
  out.push('', signals.length ? 'Signals delivered so far:' : 'Signals delivered so far: none');
  if (signals.length) {
    const rows = [
      ['pid', 'comm', 'signo', 'si_code', 'si_addr', 'si_addr_lsb'],
      ...signals.map((s) => [String(s.pid), s.comm, s.signo, s.code, s.addr, String(s.lsb)]),
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) out.push(`  ${r.map((v, c) => v.padEnd(widths[c])).join('  ')}`.trimEnd());
  }
  const printed = outcome.dmesg.filter((l) => l.step === step.index).map((l) => l.line);
  out.push('', printed.length ? 'dmesg (this step):' : 'dmesg (this step): nothing printed');
  for (const l of printed) out.push(`  ${l}`);
  return `${out.join('\n')}\n`;
}
