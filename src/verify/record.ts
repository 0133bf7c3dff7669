/**
 * The reproducer's output, parsed back: one fact per line, written by verify/probe/probe.c and run.sh.
 * `formatRecord` writes the same lines, so a recorded run round-trips (parse ∘ format is the identity).
 */

export interface ProbeSignal {
  proc: string;
  event: number;
  signo: number;
  code: number;
  addr: string;
  lsb: number;
  map: string;
  offset: string;
}

export type RecordLine =
  | { kind: 'header'; version: number }
  | { kind: 'proc'; name: string; pid: number; comm: string; policy: string }
  | { kind: 'map'; proc: string; map: string; addr: string; length: string }
  | { kind: 'event'; index: number; what: string }
  | { kind: 'inject'; index: number; pfn: string }
  | { kind: 'result'; index: number; errno: number }
  | { kind: 'skipped'; index: number; why: string }
  /** how the probe injected an event when that is worth saying (a machine check's fallback, its consumer) */
  | { kind: 'note'; index: number; text: string }
  | { kind: 'meminfo'; at: number | 'end'; kb: number }
  | ({ kind: 'sigbus' } & ProbeSignal)
  | { kind: 'exit'; proc: string; event: number; how: 'signal' | 'status'; value: number }
  | { kind: 'dmesg'; text: string }
  | { kind: 'badblocks'; device: string; text: string }
  | { kind: 'trace'; text: string }
  | { kind: 'fiemap'; path: string; text: string }
  | { kind: 'fs'; mount: string; state: string }
  | { kind: 'error'; text: string }
  | { kind: 'end' }
  | { kind: 'done' };

export interface ProbeRecord {
  lines: RecordLine[];
  /** lines that are none of the above (kept so nothing the kernel printed is lost) */
  unknown: string[];
}

const int = (s: string | undefined): number | null => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);
const HEX = /^0x[0-9a-f]+$/;

/** Everything after the first `n` space-separated words, verbatim. */
function after(line: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const sp = line.indexOf(' ', at);
    if (sp < 0) return '';
    at = sp + 1;
  }
  return line.slice(at);
}

export function parseLine(line: string): RecordLine | null {
  const w = line.split(' ');
  switch (w[0]) {
    case 'daxprobe': {
      const v = int(w[1]);
      return v !== null && w.length === 2 ? { kind: 'header', version: v } : null;
    }
    case 'proc': {
      const pid = int(w[3]);
      return w.length === 8 && w[2] === 'pid' && w[4] === 'comm' && w[6] === 'policy' && pid !== null
        ? { kind: 'proc', name: w[1], pid, comm: w[5], policy: w[7] }
        : null;
    }
    case 'map':
      return w.length === 7 && w[3] === 'addr' && HEX.test(w[4]) && w[5] === 'length' && HEX.test(w[6])
        ? { kind: 'map', proc: w[1], map: w[2], addr: w[4], length: w[6] }
        : null;
    case 'event': {
      const i = int(w[1]);
      return i !== null && w.length === 3 ? { kind: 'event', index: i, what: w[2] } : null;
    }
    case 'inject': {
      const i = int(w[2]);
      return w.length === 5 && w[1] === 'event' && i !== null && w[3] === 'pfn' && HEX.test(w[4])
        ? { kind: 'inject', index: i, pfn: w[4] }
        : null;
    }
    case 'result': {
      const i = int(w[1]);
      const e = int(w[3]);
      return w.length === 4 && i !== null && w[2] === 'errno' && e !== null
        ? { kind: 'result', index: i, errno: e }
        : null;
    }
    case 'skipped': {
      const i = int(w[1]);
      return i !== null ? { kind: 'skipped', index: i, why: after(line, 2) } : null;
    }
    case 'note': {
      const i = int(w[2]);
      return w[1] === 'event' && i !== null && w.length > 3 ? { kind: 'note', index: i, text: after(line, 3) } : null;
    }
    case 'meminfo': {
      const at = w[1] === 'end' ? 'end' : int(w[1]);
      const kb = int(w[3]);
      return w.length === 4 && at !== null && w[2] === 'HardwareCorrupted' && kb !== null
        ? { kind: 'meminfo', at, kb }
        : null;
    }
    case 'sigbus': {
      const [, proc, e, event, s, signo, c, code, a, addr, l, lsb, m, map, o, offset] = w;
      const nums = [int(event), int(signo), int(code), int(lsb)];
      if (w.length !== 16 || e !== 'event' || s !== 'signo' || c !== 'code' || a !== 'addr' || l !== 'lsb') return null;
      if (m !== 'map' || o !== 'offset' || !HEX.test(addr) || !HEX.test(offset) || nums.some((n) => n === null))
        return null;
      return {
        kind: 'sigbus',
        proc,
        event: nums[0] as number,
        signo: nums[1] as number,
        code: nums[2] as number,
        addr,
        lsb: nums[3] as number,
        map,
        offset,
      };
    }
    case 'exit': {
      const ev = int(w[3]);
      const v = int(w[5]);
      return w.length === 6 && w[2] === 'event' && ev !== null && (w[4] === 'signal' || w[4] === 'status') && v !== null
        ? { kind: 'exit', proc: w[1], event: ev, how: w[4], value: v }
        : null;
    }
    case 'dmesg':
      return { kind: 'dmesg', text: after(line, 1) };
    case 'trace':
      return { kind: 'trace', text: after(line, 1) };
    case 'badblocks':
      return w.length >= 2 ? { kind: 'badblocks', device: w[1], text: after(line, 2) } : null;
    case 'fiemap':
      return w.length >= 2 ? { kind: 'fiemap', path: w[1], text: after(line, 2) } : null;
    case 'fs':
      return w.length === 3 ? { kind: 'fs', mount: w[1], state: w[2] } : null;
    case 'error':
      return { kind: 'error', text: after(line, 1) };
    case 'end':
      return w.length === 1 ? { kind: 'end' } : null;
    case 'done':
      return w.length === 1 ? { kind: 'done' } : null;
    default:
      return null;
  }
}

export function formatLine(r: RecordLine): string {
  switch (r.kind) {
    case 'header':
      return `daxprobe ${r.version}`;
    case 'proc':
      return `proc ${r.name} pid ${r.pid} comm ${r.comm} policy ${r.policy}`;
    case 'map':
      return `map ${r.proc} ${r.map} addr ${r.addr} length ${r.length}`;
    case 'event':
      return `event ${r.index} ${r.what}`;
    case 'inject':
      return `inject event ${r.index} pfn ${r.pfn}`;
    case 'result':
      return `result ${r.index} errno ${r.errno}`;
    case 'skipped':
      return `skipped ${r.index} ${r.why}`;
    case 'note':
      return `note event ${r.index} ${r.text}`;
    case 'meminfo':
      return `meminfo ${r.at} HardwareCorrupted ${r.kb}`;
    case 'sigbus':
      return `sigbus ${r.proc} event ${r.event} signo ${r.signo} code ${r.code} addr ${r.addr} lsb ${r.lsb} map ${r.map} offset ${r.offset}`;
    case 'exit':
      return `exit ${r.proc} event ${r.event} ${r.how} ${r.value}`;
    case 'dmesg':
      return `dmesg ${r.text}`;
    case 'trace':
      return `trace ${r.text}`;
    case 'badblocks':
      return `badblocks ${r.device} ${r.text}`;
    case 'fiemap':
      return `fiemap ${r.path} ${r.text}`;
    case 'fs':
      return `fs ${r.mount} ${r.state}`;
    case 'error':
      return `error ${r.text}`;
    case 'end':
      return 'end';
    case 'done':
      return 'done';
  }
}

export function parseRecord(text: string): ProbeRecord {
  const rec: ProbeRecord = { lines: [], unknown: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const r = parseLine(line);
    if (r) rec.lines.push(r);
    else rec.unknown.push(line);
  }
  return rec;
}

export function formatRecord(rec: ProbeRecord): string {
  return rec.lines.map((l) => `${formatLine(l)}\n`).join('');
}

/** The record's SIGBUS lines. */
export const signalsOf = (rec: ProbeRecord): ProbeSignal[] =>
  rec.lines.flatMap((l) => (l.kind === 'sigbus' ? [l] : []));
