/**
 * Generated scenarios for property tests: a random plan (filesystems, files, processes with mappings and
 * touches, 1–4 events of every kind) and the valid scenario it becomes. Shared by the invariants property
 * test and the compiled stepper's equivalence test (src/session/compiledMachine.test.ts).
 */
import fc from 'fast-check';
import { hex } from '../../kernel/units';
import type { ScenarioInput } from '../../scenario/schema';

const KiB = 1024;
const MiB = 1024 * KiB;
export const PAGE = 4 * KiB;

type FsKind = 'ext4' | 'xfs-reflink' | 'xfs-plain' | 'devdax';
type Policy = 'default' | 'early' | 'late';
const EVENT_KINDS = [
  'madvise',
  'mce',
  'async',
  'corrupt-pfn',
  'unbind',
  'access',
  'read',
  'exit',
  'spawn',
  // the run-time file operations (issue 10 §3): every block change keeps the rmap invariant
  'write',
  'fallocate',
  'clone',
] as const;

const policy = fc.constantFrom<Policy>('default', 'early', 'late');

export const planArb = fc.record({
  fs: fc.constantFrom<FsKind>('ext4', 'xfs-reflink', 'xfs-plain', 'devdax'),
  map: fc.constantFrom<'mem' | 'dev'>('mem', 'dev'),
  agcount: fc.constantFrom(1, 2, 4),
  earlyKill: fc.constantFrom<0 | 1>(0, 1),
  files: fc.array(
    fc.record({
      /** 0: small (1–16 pages), 1: medium (up to 64 pages), 2: one 2 MiB-aligned 2 MiB extent (PMD-mappable) */
      shape: fc.constantFrom(0, 0, 1, 2),
      pages: fc.integer({ min: 1, max: 64 }),
      /** a reflinked copy of an earlier file (XFS reflink only) */
      reflinkOf: fc.option(fc.nat(), { freq: 3 }),
      cached: fc.constantFrom(true, true, true, false),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  procs: fc.array(
    fc.record({
      policy,
      pin: fc.boolean(),
      mappings: fc.array(
        fc.record({ target: fc.nat(), offPages: fc.nat(), lenPages: fc.option(fc.nat({ max: 600 })) }),
        { minLength: 1, maxLength: 2 },
      ),
      touches: fc.array(fc.record({ m: fc.nat(), page: fc.nat(), write: fc.boolean() }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  events: fc.array(
    fc.record({
      kind: fc.constantFrom(...EVENT_KINDS),
      form: fc.nat(),
      a: fc.nat(),
      b: fc.nat(),
      c: fc.nat(),
      d: fc.nat({ max: 3 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

export type Plan = typeof planArb extends fc.Arbitrary<infer T> ? T : never;

interface FileInfo {
  path: string;
  pages: number;
}
interface MapInfo {
  name: string;
  pages: number;
  file?: string;
}

/** Turn a random plan into a valid scenario (format v1). */
export function toScenario(plan: Plan): ScenarioInput {
  const devdax = plan.fs === 'devdax';
  const ns = devdax
    ? { name: 'dax0.0', mode: 'devdax' as const, size: '128MiB', map: plan.map, align: '2MiB' }
    : { name: 'pmem0', mode: 'fsdax' as const, size: plan.fs === 'ext4' ? '256MiB' : '128MiB', map: plan.map };
  const filesystems =
    plan.fs === 'ext4'
      ? [{ type: 'ext4' as const, device: 'pmem0', mount: '/mnt' }]
      : plan.fs === 'devdax'
        ? []
        : [
            {
              type: 'xfs' as const,
              device: 'pmem0',
              mount: '/mnt',
              reflink: plan.fs === 'xfs-reflink',
              rmapbt: true,
              agcount: plan.agcount,
            },
          ];

  // files
  const files: ScenarioInput['files'] = [];
  const info: FileInfo[] = [];
  if (!devdax) {
    plan.files.forEach((f, i) => {
      const path = `/mnt/f${i}`;
      const sources = info.filter((s) => !files.find((x) => x.path === s.path)?.reflink);
      if (plan.fs === 'xfs-reflink' && f.reflinkOf !== null && sources.length > 0) {
        const src = sources[f.reflinkOf % sources.length];
        files.push({ path, reflink: src.path, cached: f.cached });
        info.push({ path, pages: src.pages });
        return;
      }
      const pages = f.shape === 2 ? 512 : f.shape === 1 ? f.pages : 1 + (f.pages % 16);
      files.push({ path, size: pages * PAGE, ...(f.shape === 2 ? { align: '2MiB' } : {}), cached: f.cached });
      info.push({ path, pages });
    });
  }
  const DEV_PAGES = 32 * 512; // map at most the first 64 MiB of the device

  // processes
  const maps: MapInfo[][] = [];
  const processes = plan.procs.map((p, i) => {
    const mine: MapInfo[] = [];
    const mappings = p.mappings.map((m, j) => {
      const name = `m${j}`;
      if (devdax) {
        const chunks = DEV_PAGES / 512;
        const off = m.offPages % chunks;
        const len = 1 + ((m.lenPages ?? 0) % Math.min(2, chunks - off));
        mine.push({ name, pages: len * 512 });
        return { name, device: 'dax0.0', offset: off * 2 * MiB, length: len * 2 * MiB };
      }
      const f = info[m.target % info.length];
      const off = m.offPages % f.pages;
      const len = m.lenPages === null ? f.pages - off : 1 + (m.lenPages % (f.pages - off));
      mine.push({ name, pages: len, file: f.path });
      return m.lenPages === null
        ? { name, file: f.path, offset: off * PAGE }
        : { name, file: f.path, offset: off * PAGE, length: len * PAGE };
    });
    maps.push(mine);
    const touch = p.touches.map((t) => {
      const m = mine[t.m % mine.length];
      return { mapping: m.name, offset: (t.page % m.pages) * PAGE, ...(t.write ? { write: true } : {}) };
    });
    return {
      name: `T${i}`,
      mceKill: p.policy,
      ...(p.pin ? { pid: 300 + i * 7 } : {}),
      mappings,
      touch,
    };
  });

  // events
  const nsName = ns.name;
  const nsBytes = devdax ? 128 * MiB : ns.mode === 'fsdax' && plan.fs === 'ext4' ? 256 * MiB : 128 * MiB;
  const inProcess = (e: Plan['events'][number]) => {
    const pi = e.a % processes.length;
    const m = maps[pi][e.b % maps[pi].length];
    const page = e.c % m.pages;
    return { process: `T${pi}`, mapping: m.name, offset: page * PAGE, left: m.pages - page };
  };
  // targets cover the whole namespace, info block and memmap included
  const skip = 0;
  const target = (e: Plan['events'][number]) => {
    const form = e.form % (devdax ? 3 : 4);
    if (form === 0) return { namespace: nsName, offset: (skip + (e.c % (nsBytes / PAGE - skip))) * PAGE };
    if (form === 1) {
      const { process, mapping, offset } = inProcess(e);
      return { process, mapping, offset };
    }
    // the namespace starts at pfn 0x100000 (4 GiB); the range reaches well beyond its end
    if (form === 2) return { pfn: hex(0x100000 + skip + (e.c % 0x20000)) };
    const f = info[e.b % info.length];
    return { file: f.path, offset: (e.c % f.pages) * PAGE };
  };
  const events = plan.events.map((e, i) => {
    let kind: string = e.kind;
    if ((kind === 'read' || kind === 'write' || kind === 'fallocate' || kind === 'clone') && devdax) kind = 'access';
    // fallocate is modelled on XFS only; a clone needs two files
    if (kind === 'fallocate' && plan.fs === 'ext4') kind = 'write';
    if (kind === 'clone' && info.length < 2) kind = 'write';
    switch (kind) {
      case 'madvise': {
        const { process, mapping, offset, left } = inProcess(e);
        return { kind, process, mapping, offset, length: Math.min(1 + (e.d % 2), left) * PAGE };
      }
      case 'mce': {
        if (e.form % 3 === 0)
          return { kind, process: `T${e.a % processes.length}`, target: target(e), ripv: e.d !== 1 };
        const { process, mapping, offset } = inProcess(e);
        return { kind, process, mapping, offset, ripv: e.d !== 1 };
      }
      case 'async':
        return { kind, target: target(e), source: e.d % 2 ? ('ghes' as const) : ('mce' as const) };
      case 'corrupt-pfn':
        return { kind, target: target(e) };
      case 'unbind':
        return { kind, namespace: nsName };
      case 'access': {
        const { process, mapping, offset } = inProcess(e);
        // every other access is a store (a write fault: dirty entries, CoW of reflinked blocks)
        return { kind, process, mapping, offset: offset + (e.d % 4) * 8, ...(e.form % 2 ? { write: true } : {}) };
      }
      case 'exit':
        return { kind, process: `T${e.a % processes.length}` };
      case 'spawn': {
        // a process created now that maps one of the earlier mappings' targets again and touches a page
        const m = maps[e.a % maps.length][e.b % maps[e.a % maps.length].length];
        const spec = processes[e.a % processes.length].mappings.find((x) => x.name === m.name);
        return {
          kind,
          name: `N${i}`,
          mceKill: (['default', 'early', 'late'] as const)[e.d % 3],
          mappings: spec ? [spec] : [],
          touch: spec
            ? [{ mapping: m.name, offset: (e.c % m.pages) * PAGE, ...(e.form % 2 ? { write: true } : {}) }]
            : [],
        };
      }
      case 'write': {
        // anywhere in the file or up to 8 pages past its end (a hole), partial pages too
        const f = info[e.b % info.length];
        const page = e.c % (f.pages + 8);
        const part = e.form % 3 === 0 ? 0x100 : 0;
        return {
          kind,
          process: `T${e.a % processes.length}`,
          file: f.path,
          offset: page * PAGE + part,
          length: (1 + e.d) * PAGE - part * 2,
        };
      }
      case 'fallocate': {
        const f = info[e.b % info.length];
        const page = e.c % (f.pages + 8);
        const punchHole = e.form % 3 === 0;
        return {
          kind,
          path: f.path,
          offset: page * PAGE,
          length: (1 + e.d) * PAGE,
          keepSize: punchHole || e.form % 2 === 0,
          punchHole,
        };
      }
      case 'clone': {
        const src = info[e.b % info.length];
        const dest = info[(e.b + 1 + (e.c % (info.length - 1))) % info.length];
        return { kind, src: src.path, dest: dest.path };
      }
      case 'read': {
        const f = info[e.b % info.length];
        const page = e.c % f.pages;
        return {
          kind,
          process: `T${e.a % processes.length}`,
          file: f.path,
          offset: page * PAGE,
          length: (1 + (e.d % Math.max(1, f.pages - page))) * PAGE,
        };
      }
    }
    throw new Error(`unknown event kind ${kind}`);
  });

  return {
    format: 1,
    id: 'generated',
    sysctl: { memory_failure_early_kill: plan.earlyKill, memory_failure_recovery: 1 },
    namespaces: [ns],
    filesystems,
    files,
    processes,
    events: events as ScenarioInput['events'],
  };
}
