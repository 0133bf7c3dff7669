/**
 * `exit` and `spawn` events: a process's mappings torn down (6.12.117 kernel/exit.c do_exit() → exit_mm(),
 * mm/memory.c vm_normal_page() :599-617: a DAX leaf is a devmap special entry, so the zap touches no struct
 * page, counter or DAX entry), and a process created after an event with the fields of processes[]
 * (kernel/fork.c kernel_clone(), mm/mmap.c do_mmap(), then its accesses): "a fresh process maps the poisoned
 * file afterwards" (real-kernel.md §4, real-kernel-6.1.md §4 e1b).
 */
import { describe, expect, it } from 'vitest';
import { xa_load } from '../kernel/lib/xarray';
import { hex } from '../kernel/units';
import type { ScenarioInput } from '../scenario/schema';
import {
  addrIn,
  afterEvent,
  beforeEvents,
  filePfn,
  msg,
  pidOf,
  ptOf,
  type Run,
  run,
  sigbus,
  stepFns,
} from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const PMEM0 = { name: 'pmem0', mode: 'fsdax', size: '2GiB' } as const;
const EXT4 = { type: 'ext4', device: 'pmem0', mount: '/mnt' } as const;
const mapper = (name: string, mceKill: 'default' | 'early' = 'default', pid?: number) => ({
  name,
  mceKill,
  ...(pid ? { pid } : {}),
  mappings: [{ name: 'a', file: '/mnt/f' }],
  touch: [{ mapping: 'a', offset: '0x3000' }],
});

const base = {
  format: 1 as const,
  namespaces: [PMEM0],
  filesystems: [EXT4],
  files: [{ path: '/mnt/f', size: '4MiB' }],
};

const entry3 = (r: Run) => {
  const fs = r.k.filesystems.get('pmem0');
  const inode = fs?.inodes.get(fs.byPath.get('/mnt/f') as number);
  return xa_load(r.k.mapping(inode?.mappingId as string).i_pages, 3);
};

describe('exit: the process mappings are torn down', () => {
  const scenario: ScenarioInput = {
    ...base,
    id: 'exit-then-mce',
    processes: [mapper('S'), mapper('V', 'early')],
    events: [
      { kind: 'exit', process: 'V' },
      { kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('do_exit → exit_mm: its leaves are zapped and its VMA leaves i_mmap; the DAX entry, page->mapping and _refcount stay; HardwareCorrupted unchanged', () => {
    const r = run(scenario);
    const V = pidOf(r, 'V');
    const vAddr = addrIn(r, 'V/a', 0x3000);
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    const pages = r.k.namespace('pmem0').pages;
    const before = beforeEvents(r, () => ({
      entry: entry3(r),
      mapping: pages.page(pfn).mapping,
      ref: pages.page(pfn)._refcount,
      immap: r.k.mapping(r.built.vmas.get('V/a')?.mappingId as string).i_mmap.length,
    }));
    expect(stepFns(r, 0)).toEqual(['do_exit']);
    expect(r.ev[0].unmapped).toEqual([{ pid: V, start: hex(vAddr), end: hex(vAddr + 0x1000) }]);
    expect(r.ev[0].signals).toEqual([]);
    expect(r.ev[0].hardwareCorruptedKb).toBe(0);
    afterEvent(r, 0, () => {
      expect(r.k.task(V).mm).toBeNull();
      expect(r.k.task(V).exited).toBe(true);
      expect(entry3(r)).toBe(before.entry);
      expect(pages.page(pfn).mapping).toEqual(before.mapping);
      expect(pages.page(pfn)._refcount).toBe(before.ref);
      expect(r.k.mapping(r.built.vmas.get('V/a')?.mappingId as string).i_mmap.length).toBe(before.immap - 1);
    });
  });

  it('a machine check afterwards signals only S: the exited early-kill V is no longer a mapper; the report still lists V and its mapping', () => {
    const r = run(scenario);
    const S = pidOf(r, 'S');
    expect(r.ev[1].signals).toEqual([sigbus(S, 'BUS_MCEERR_AR', addrIn(r, 'S/a', 0x3000), 12)]);
    const v = r.report.processes.find((p) => p.name === 'V');
    expect(v?.mappings.map((m) => m.name)).toEqual(['a']);
  });

  it('exiting twice: the second finds the process gone', () => {
    const r = run({
      ...scenario,
      events: [
        { kind: 'exit', process: 'V' },
        { kind: 'exit', process: 'V' },
      ],
    });
    expect(r.sim.rt.steps.filter((s) => s.event === 1)[0].summary).toContain('already exited');
    expect(r.ev[1].unmapped).toEqual([]);
  });
});

describe('spawn: a fresh process maps the poisoned file afterwards', () => {
  const scenario: ScenarioInput = {
    ...base,
    id: 'spawn-after-mce',
    processes: [mapper('Ve', 'early', 154), mapper('S', 'default', 155)],
    events: [
      { kind: 'mce', process: 'S', mapping: 'a', offset: '0x3000', ripv: false },
      {
        kind: 'spawn',
        name: 'Vnew',
        mappings: [{ name: 'a', file: '/mnt/f' }],
        // the map-time store to every page stops at the bad one: the SIGBUS comes back to user space
        touch: [
          { mapping: 'a', offset: '0x2000', write: true },
          { mapping: 'a', offset: '0x3000', write: true },
          { mapping: 'a', offset: '0x4000', write: true },
        ],
      },
      { kind: 'access', process: 'Vnew', mapping: 'a', offset: '0x3000' },
      { kind: 'access', process: 'Vnew', mapping: 'a', offset: '0x3000' },
    ],
  };

  it('6.12: kernel_clone, do_mmap, then the store to the bad page gets AR lsb 12 with "MCE: Killing"; so does each later load (real-kernel.md §4)', () => {
    const r = run(scenario);
    const N = pidOf(r, 'Vnew');
    const addr = addrIn(r, 'Vnew/a', 0x3000);
    expect(stepFns(r, 1)).toEqual([
      'kernel_clone',
      'do_mmap',
      'handle_mm_fault',
      'handle_mm_fault',
      'do_sigbus',
      'get_signal',
    ]);
    for (const e of r.ev.slice(1)) {
      expect(e.signals).toEqual([sigbus(N, 'BUS_MCEERR_AR', addr, 12)]);
      expect(e.dmesg).toEqual([msg.mceKilling(N, addr)]);
    }
    // the page before it was stored to; the one after it never ran
    expect(ptOf(r, 'Vnew', addrIn(r, 'Vnew/a', 0x2000))?.write).toBe(true);
    expect(ptOf(r, 'Vnew', addrIn(r, 'Vnew/a', 0x4000))).toBeNull();
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([4, 4, 4, 4]);
  });

  it('6.1: each access of the fresh process gets BUS_ADRERR at its exact address, lsb 0, nothing printed (real-kernel-6.1.md §4 e1b)', () => {
    const r = run(scenario, '6.1');
    const N = pidOf(r, 'Vnew');
    const addr = addrIn(r, 'Vnew/a', 0x3000);
    for (const e of r.ev.slice(1)) {
      expect(e.signals).toEqual([sigbus(N, 'BUS_ADRERR', addr, 0)]);
      expect(e.dmesg).toEqual([]);
    }
    expect(r.ev.map((e) => e.hardwareCorruptedKb)).toEqual([0, 0, 0, 0]);
  });

  it('the new task joins the task list when its event runs (not before), last, with the next pid; the report lists its mapping', () => {
    const r = run(scenario);
    const N = pidOf(r, 'Vnew');
    expect(N).toBe(200);
    expect(beforeEvents(r, () => r.k.tasks.map((t) => t.name))).toEqual(['Ve', 'S']);
    expect(afterEvent(r, 0, () => r.k.byPid.has(N))).toBe(false);
    expect(afterEvent(r, 1, () => r.k.tasks.map((t) => t.name))).toEqual(['Ve', 'S', 'Vnew']);
    const vnew = r.report.processes.find((p) => p.name === 'Vnew');
    expect(vnew?.pid).toBe(N);
    expect(vnew?.mappings[0]).toMatchObject({ name: 'a', file: '/mnt/f', start: hex(addrIn(r, 'Vnew/a')) });
  });

  it('a spawned early-kill process is signalled by a later failure, after the older processes (task-list order)', () => {
    const r = run({
      ...base,
      id: 'spawn-early',
      processes: [mapper('P')],
      events: [
        { kind: 'spawn', ...mapper('E', 'early') },
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
      ],
    });
    expect(r.ev[1].signals.map((s) => [s.pid, s.code])).toEqual([
      [pidOf(r, 'P'), 'BUS_MCEERR_AR'],
      [pidOf(r, 'E'), 'BUS_MCEERR_AO'],
    ]);
  });

  it('checks a spawn as processes[]: the field paths name the event', () => {
    const bad = (events: unknown[]) => {
      const r = simulateScenario({ ...base, id: 'spawn-bad', processes: [mapper('P', 'default', 300)], events });
      return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    };
    expect(bad([{ kind: 'spawn', name: 'P' }])[0]).toMatch(/^events\[0\]\.name: duplicate process name "P"/);
    expect(bad([{ kind: 'spawn', name: 'N', pid: 300 }])[0]).toMatch(/^events\[0\]\.pid: pid 300 is used twice/);
    expect(bad([{ kind: 'spawn', name: 'N', mappings: [{ file: '/mnt/nope' }] }])[0]).toMatch(
      /^events\[0\]\.mappings\[0\]\.file: no file/,
    );
    expect(
      bad([{ kind: 'spawn', name: 'N', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ offset: '8MiB' }] }])[0],
    ).toMatch(/^events\[0\]\.touch\[0\]\.offset: /);
    // an event before the spawn cannot name the process yet
    expect(
      bad([
        { kind: 'exit', process: 'N' },
        { kind: 'spawn', name: 'N' },
      ])[0],
    ).toMatch(/^events\[0\]\.process: no process "N"/);
    expect(bad([{ kind: 'spawn', name: 'N', color: 'red' }]).join()).toContain('events[0]');
  });
});
