/**
 * Kernel vs simulator, per observable: who got which signal (code, offset in the mapping, lsb), the dmesg
 * lines, HardwareCorrupted, the ras:memory_failure_event trace and the filesystem state. Both sides are
 * normalised the same way: pids become the scenario's process names, pfns and addresses become
 * placeholders, and the build-dependent `+0x…/0x…` of `%pS` is dropped, but function names and file:line
 * stay, so a wrong caller or line is a disagreement.
 */
import type { SimulationReport } from '../pipeline/report';
import type { BuiltScenario } from '../scenario/build';
import { type ProbeRecord, signalsOf } from './record';

export interface Row {
  observable: string;
  kernel: string[];
  simulator: string[];
  agree: boolean;
}

export interface Comparison {
  rows: Row[];
  agree: boolean;
  /** why the comparison could not be made (an event not injected, a probe error), or null */
  couldNotRun: string | null;
}

/** si_code values from include/uapi/asm-generic/siginfo.h */
const SI_CODE: Record<number, string> = {
  1: 'BUS_ADRALN',
  2: 'BUS_ADRERR',
  3: 'BUS_OBJERR',
  4: 'BUS_MCEERR_AR',
  5: 'BUS_MCEERR_AO',
  /** SI_KERNEL (0x80): kill_me_now()'s force_sig(SIGBUS) */
  128: 'SI_KERNEL',
};
const SIGNO: Record<number, string> = { 7: 'SIGBUS', 9: 'SIGKILL' };

export function normaliseDmesg(line: string, pidNames: Map<number, string>): string {
  return (
    line
      .replace(/^\[\s*\d+\.\d+\]\s*/, '')
      .replace(/([\w.-]+):(\d+)/g, (m, comm: string, pid: string) => {
        const name = pidNames.get(Number(pid));
        return name ? `${comm}:<${name}>` : m;
      })
      .replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, '+<off>')
      // %llx / %lx without 0x: "user-access at 10a402000", "fault at 7ff6a1603000" (arch/x86 mce and fault.c)
      .replace(/\b(at) [0-9a-f]{6,16}\b/g, '$1 <hex>')
      .replace(/0x[0-9a-f]+/g, '<hex>')
  );
}

const sorted = (xs: string[]) => [...xs].sort();
const row = (observable: string, kernel: string[], simulator: string[], ordered = true): Row => {
  const [k, s] = ordered ? [kernel, simulator] : [sorted(kernel), sorted(simulator)];
  return { observable, kernel, simulator, agree: k.length === s.length && k.every((x, i) => x === s[i]) };
};

/** The kernel's dmesg lines after each event's marker, timestamps kept for normalising. */
function dmesgByEvent(rec: ProbeRecord): Map<number, string[]> {
  const out = new Map<number, string[]>();
  let at = -1;
  for (const l of rec.lines) {
    if (l.kind !== 'dmesg') continue;
    const m = /daxprobe: event (\d+)$/.exec(l.text);
    if (m) {
      at = Number(m[1]);
      out.set(at, []);
    } else if (at >= 0) out.get(at)?.push(l.text);
  }
  return out;
}

export function compare(built: BuiltScenario, report: SimulationReport, rec: ProbeRecord): Comparison {
  const errors = rec.lines.flatMap((l) => (l.kind === 'error' ? [l.text] : []));
  const skipped = rec.lines.flatMap((l) => (l.kind === 'skipped' ? [`event ${l.index}: ${l.why}`] : []));
  if (!rec.lines.some((l) => l.kind === 'end'))
    return {
      rows: [],
      agree: false,
      couldNotRun: `the probe did not finish${errors.length ? `: ${errors.join('; ')}` : ''}`,
    };
  if (skipped.length) return { rows: [], agree: false, couldNotRun: `not injected: ${skipped.join('; ')}` };
  if (errors.length) return { rows: [], agree: false, couldNotRun: errors.join('; ') };

  const realPids = new Map<number, string>();
  for (const l of rec.lines) if (l.kind === 'proc') realPids.set(l.pid, l.name);
  const modelPids = new Map<number, string>();
  for (const [name, pid] of built.pids) modelPids.set(pid, name);
  const modelMapping = (pid: number, addr: number): string => {
    const name = modelPids.get(pid) ?? `pid${pid}`;
    for (const [key, vma] of built.vmas)
      if (key.startsWith(`${name}/`) && addr >= vma.vm_start && addr < vma.vm_end)
        return `${key.slice(name.length + 1)}+0x${(addr - vma.vm_start).toString(16)}`;
    return `0x${addr.toString(16)}`;
  };

  const rows: Row[] = [];
  const realDmesg = dmesgByEvent(rec);
  const realSignals = signalsOf(rec);
  report.events.forEach((ev, i) => {
    const kernelSigs = realSignals
      .filter((s) => s.event === i)
      .map(
        (s) =>
          `${s.proc} ${SIGNO[s.signo] ?? s.signo} ${SI_CODE[s.code] ?? s.code} ${s.map === '-' ? s.addr : `${s.map}+${s.offset}`} lsb ${s.lsb}`,
      );
    const kernelKills = rec.lines.flatMap((l) =>
      l.kind === 'exit' && l.event === i && l.how === 'signal'
        ? [`${l.proc} killed by ${SIGNO[l.value] ?? l.value}`]
        : [],
    );
    const simSigs = ev.signals.map((s) =>
      s.signo === 'SIGKILL'
        ? `${modelPids.get(s.pid) ?? s.pid} killed by SIGKILL`
        : `${modelPids.get(s.pid) ?? s.pid} ${s.signo} ${s.code} ${modelMapping(s.pid, Number.parseInt(s.addr, 16))} lsb ${s.lsb}`,
    );
    rows.push(row(`[${i}] signals`, [...kernelSigs, ...kernelKills], simSigs, false));
    rows.push(
      row(
        `[${i}] dmesg`,
        (realDmesg.get(i) ?? [])
          // an async report is injected through hwpoison_inject, which prints this line first (mm/hwpoison-inject.c)
          .filter((l) => !(built.scenario.events[i]?.kind === 'async' && /Injecting memory failure at pfn/.test(l)))
          .map((l) => normaliseDmesg(l, realPids)),
        ev.dmesg.map((l) => normaliseDmesg(l, modelPids)),
      ),
    );
    const kb = rec.lines.find((l) => l.kind === 'meminfo' && l.at === i);
    rows.push(
      row(
        `[${i}] HardwareCorrupted kB`,
        [kb && kb.kind === 'meminfo' ? String(kb.kb) : '?'],
        [String(ev.hardwareCorruptedKb)],
      ),
    );
  });
  const traceText = (t: string) => normaliseDmesg(t.replace(/^.*memory_failure_event: /, ''), new Map());
  rows.push(
    row(
      'trace ras:memory_failure_event',
      rec.lines.flatMap((l) => (l.kind === 'trace' ? [traceText(l.text)] : [])),
      report.events.flatMap((e) => e.trace.map(traceText)),
    ),
  );
  const fs = rec.lines.find((l) => l.kind === 'fs');
  if (fs && fs.kind === 'fs' && fs.mount !== '-')
    rows.push(
      row(`filesystem ${fs.mount}`, [fs.state], [report.events.some((e) => e.shutdown) ? 'shutdown' : 'writable']),
    );
  return { rows, agree: rows.every((r) => r.agree), couldNotRun: null };
}

/** Side-by-side text table. */
export function formatComparison(c: Comparison, width = 70): string {
  const out: string[] = [];
  const cell = (s: string) => (s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width));
  out.push(`${''.padEnd(4)}${cell('kernel')} | simulator`);
  for (const r of c.rows) {
    out.push(`${r.agree ? 'ok  ' : 'DIFF'}${r.observable}`);
    const n = Math.max(r.kernel.length, r.simulator.length, 1);
    for (let i = 0; i < n; i++)
      out.push(
        `    ${cell(r.kernel[i] ?? (i === 0 ? '(none)' : ''))} | ${r.simulator[i] ?? (i === 0 ? '(none)' : '')}`,
      );
    if (!r.agree) {
      // the whole lines, so a difference past the column is visible
      for (const k of r.kernel) out.push(`      kernel:    ${k}`);
      for (const m of r.simulator) out.push(`      simulator: ${m}`);
    }
  }
  return out.join('\n');
}
