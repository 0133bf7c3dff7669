/**
 * Semantic diff of two runs' reports: what a reviewer compares between two kernels, observable by
 * observable (per process signal, unmapped ranges, dmesg lines, HardwareCorrupted, filesystem state).
 * Reads reports only; the kernel semantics stay in the runs that made them.
 */
import type { EventReport, SignalReport, SimulationReport, UnmappedRange } from '../pipeline/report';
import { alignSequences } from './align';

export interface DiffEntry {
  /** a path into the report, e.g. "events[0].signals[pid 101 P]" or "events[1].dmesg" */
  observable: string;
  a: unknown;
  b: unknown;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

const signalText = (s: SignalReport) => `${s.signo} ${s.code} si_addr ${s.addr} lsb ${s.lsb}`;
const rangeText = (u: UnmappedRange) => `pid ${u.pid} ${u.start}-${u.end}`;

/** Per process: the signals it got (in order), or "no signal". */
function signalsByProcess(ev: EventReport | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const s of ev?.signals ?? []) {
    const key = `pid ${s.pid} ${s.comm}`;
    m.set(key, [...(m.get(key) ?? []), signalText(s)]);
  }
  return m;
}

/** Lines only one side printed, in order: `- line` (only a), `+ line` (only b). */
export function lineDiff(a: readonly string[], b: readonly string[]): { removed: string[]; added: string[] } {
  const removed: string[] = [];
  const added: string[] = [];
  for (const c of alignSequences(a, b)) {
    if (c.b === null && c.a !== null) removed.push(a[c.a]);
    else if (c.a === null && c.b !== null) added.push(b[c.b]);
  }
  return { removed, added };
}

function diffEvent(i: number, a: EventReport | undefined, b: EventReport | undefined, out: DiffEntry[]): void {
  const at = `events[${i}]`;
  if (!a || !b) {
    out.push({ observable: at, a: a ? a.label : 'not reached', b: b ? b.label : 'not reached' });
    return;
  }
  for (const key of [
    'pfn',
    'result',
    'return',
    'hardwareCorruptedKb',
    'shutdown',
    'allocations',
    'leakedInodeRefs',
  ] as const)
    if (!same(a[key], b[key])) out.push({ observable: `${at}.${key}`, a: a[key], b: b[key] });
  // a truncate that waited for a pinned page on one side only (v4.17's dax_layout_busy_page())
  if (!same(a.waitedForPins ?? [], b.waitedForPins ?? []))
    out.push({ observable: `${at}.waitedForPins`, a: a.waitedForPins ?? [], b: b.waitedForPins ?? [] });
  const sa = signalsByProcess(a);
  const sb = signalsByProcess(b);
  for (const proc of [...new Set([...sa.keys(), ...sb.keys()])].sort()) {
    const x = sa.get(proc) ?? 'no signal';
    const y = sb.get(proc) ?? 'no signal';
    if (!same(x, y)) out.push({ observable: `${at}.signals[${proc}]`, a: x, b: y });
  }
  const ua = a.unmapped.map(rangeText);
  const ub = b.unmapped.map(rangeText);
  const setA = new Set(ua);
  const setB = new Set(ub);
  const onlyA = ua.filter((r) => !setB.has(r));
  const onlyB = ub.filter((r) => !setA.has(r));
  if (onlyA.length || onlyB.length) out.push({ observable: `${at}.unmapped`, a: onlyA, b: onlyB });
  const d = lineDiff(a.dmesg, b.dmesg);
  if (d.removed.length || d.added.length) out.push({ observable: `${at}.dmesg`, a: d.removed, b: d.added });
  if (!same(a.hwpoison, b.hwpoison)) out.push({ observable: `${at}.hwpoison`, a: a.hwpoison, b: b.hwpoison });
}

/**
 * Every observable on which the two reports differ; empty when the outcomes are equal. For dmesg and
 * unmapped ranges `a` holds what only a has and `b` what only b has; elsewhere each side's value.
 */
export function diffReports(a: SimulationReport, b: SimulationReport): DiffEntry[] {
  const out: DiffEntry[] = [];
  const extra = a as unknown as Record<string, unknown>;
  const extraB = b as unknown as Record<string, unknown>;
  // the top-level dmesg (lines printed while processes are set up), when the reports carry one
  if (Array.isArray(extra.dmesg) || Array.isArray(extraB.dmesg)) {
    const d = lineDiff((extra.dmesg as string[]) ?? [], (extraB.dmesg as string[]) ?? []);
    if (d.removed.length || d.added.length) out.push({ observable: 'dmesg', a: d.removed, b: d.added });
  }
  const n = Math.max(a.events.length, b.events.length);
  for (let i = 0; i < n; i++) diffEvent(i, a.events[i], b.events[i], out);
  if (a.hardwareCorruptedKb !== b.hardwareCorruptedKb)
    out.push({ observable: 'hardwareCorruptedKb', a: a.hardwareCorruptedKb, b: b.hardwareCorruptedKb });
  if (!same(a.flips ?? [], b.flips ?? [])) out.push({ observable: 'flips', a: a.flips ?? [], b: b.flips ?? [] });
  return out;
}
