/**
 * Test helpers shared by the pipeline tests: run a scenario, look up what it built (pids, VMAs, pfns),
 * and spell kernel messages the way Linux 6.12 prints them. Only used by *.test.ts files.
 */
import { expect } from 'vitest';
import { extentAt } from '../../kernel/fs/vfs';
import { checkInvariants } from '../../kernel/invariants';
import { blockToPfn, firstDataPfn, type Kernel } from '../../kernel/kernel';
import type { PtEntry } from '../../kernel/sched';
import { hex, PAGE_SIZE, rawHex } from '../../kernel/units';
import type { EventReport, SignalReport, SimulationReport } from '../../pipeline/report';
import type { Simulation } from '../../pipeline/simulate';
import type { BuiltScenario } from '../../scenario/build';
import type { ScenarioInput } from '../../scenario/schema';
import { simulateScenario } from '../../session/simulate';

export interface Run {
  sim: Simulation;
  built: BuiltScenario;
  k: Kernel;
  report: SimulationReport;
  /** the report's events, in order */
  ev: EventReport[];
}

/** Simulate a scenario that must be valid; a rejected one fails the test with its issues. */
export function run(input: ScenarioInput | string, kernel?: string): Run {
  const r = simulateScenario(input, kernel ? { kernel } : {});
  if (!r.ok) throw new Error(`scenario rejected:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return { sim: r.sim, built: r.built, k: r.built.k, report: r.sim.report, ev: r.sim.report.events };
}

export function pidOf(run: Run, name: string): number {
  const pid = run.built.pids.get(name);
  if (pid === undefined) throw new Error(`no process ${name}`);
  return pid;
}

/** The user address `offset` bytes into mapping "<process>/<mapping>". */
export function addrIn(run: Run, key: string, offset = 0): number {
  const vma = run.built.vmas.get(key);
  if (!vma) throw new Error(`no mapping ${key}`);
  return vma.vm_start + offset;
}

/** The page-table leaf mapping `addr` in a process right now (null if nothing is mapped there). */
export function ptOf(run: Run, name: string, addr: number): PtEntry | null {
  const task = run.k.task(pidOf(run, name));
  return task.mm ? run.k.lookupPt(task.mm, addr) : null;
}

/** Evaluate `fn` with the kernel rewound to the state the scenario's setup left (before the first event). */
export function beforeEvents<T>(run: Run, fn: () => T): T {
  const end = run.k.j.length;
  run.k.j.seek(0);
  try {
    return fn();
  } finally {
    run.k.j.seek(end);
  }
}

/** Evaluate `fn` with the kernel rewound to the end of event `i` (its last step). */
export function afterEvent<T>(run: Run, i: number, fn: () => T): T {
  const { end } = run.ev[i].steps;
  const pos = end > 0 ? run.sim.rt.steps[end - 1].journal[1] : 0;
  const last = run.k.j.length;
  run.k.j.seek(pos);
  try {
    return fn();
  } finally {
    run.k.j.seek(last);
  }
}

/** The pfn backing byte `offset` of file `path` on the filesystem of namespace `dev`. */
export function filePfn(run: Run, dev: string, path: string, offset: number): number {
  const fs = run.k.filesystems.get(dev);
  const ino = fs?.byPath.get(path);
  const inode = ino === undefined ? undefined : fs?.inodes.get(ino);
  if (!inode) throw new Error(`no file ${path} on ${dev}`);
  const page = Math.floor(offset / PAGE_SIZE);
  const ext = extentAt(inode, page);
  if (!ext) throw new Error(`${path} has no block at ${hex(offset)}`);
  return blockToPfn(run.k.namespace(dev), ext.block + page - ext.fileoff);
}

/** The pfn of device page `offset` of a device-dax namespace. */
export function devdaxPfn(run: Run, dev: string, offset: number): number {
  return firstDataPfn(run.k.namespace(dev)) + Math.floor(offset / PAGE_SIZE);
}

export const sigbus = (
  pid: number,
  code: 'BUS_MCEERR_AR' | 'BUS_MCEERR_AO' | 'BUS_ADRERR',
  addr: number,
  lsb: number,
  comm = 'pmtest',
): SignalReport => ({ pid, comm, signo: 'SIGBUS', code, addr: hex(addr), lsb });

/** Linux 6.12 kernel messages (printf formats of mm/madvise.c, mm/memory-failure.c, arch/x86). */
export const msg = {
  injecting: (pfn: number, addr: number) =>
    `Injecting memory failure for pfn ${hex(pfn)} at process virtual address ${hex(addr)}`,
  injectingAtPfn: (pfn: number) => `Injecting memory failure at pfn ${hex(pfn)}`,
  sending: (pfn: number, pid: number, comm = 'pmtest') =>
    `Memory failure: ${hex(pfn)}: Sending SIGBUS to ${comm}:${pid} due to hardware memory corruption`,
  recovery: (pfn: number, result: 'Recovered' | 'Failed') =>
    `Memory failure: ${hex(pfn)}: recovery action for dax page: ${result}`,
  trace: (pfn: number, result: 'Recovered' | 'Failed') => `pfn ${hex(pfn)}: recovery action for dax page: ${result}`,
  mceUserAccess: (pfn: number) => `mce: Uncorrected hardware memory error in user-access at ${rawHex(pfn * PAGE_SIZE)}`,
  /** kernel/panic.c add_taint(): the first machine check of a boot turns lockdep off */
  taint: 'Disabling lock debugging due to kernel taint',
  mceLogged: 'mce: [Hardware Error]: Machine check events logged',
  mceNotRecovered: 'mce: Memory error not recovered',
  mceKilling: (pid: number, addr: number, comm = 'pmtest') =>
    `MCE: Killing ${comm}:${pid} due to hardware memory corruption fault at ${rawHex(addr)}`,
  xfsRemoved: (dev = 'pmem0') => `XFS (${dev}): Device is about to be removed!`,
  xfsUserShutdown: (dev = 'pmem0') => `XFS (${dev}): User initiated shutdown received.`,
  xfsUnmount: (dev = 'pmem0') => `XFS (${dev}): Please unmount the filesystem and rectify the problem(s)`,
};

/** xfs_do_force_shutdown()'s reason line (6.12.117 fs/xfs/xfs_notify_failure.c:316 and :318, caller xfs_dax_notify_ddev_failure); the +off/size of %pS depends on the build. */
export function xfsShutdownLine(
  why: 'Corruption of on-disk metadata (0x10)' | 'Metadata I/O Error (0x4)',
  line: number,
  dev = 'pmem0',
) {
  const esc = why.replace(/[()]/g, '\\$&');
  return new RegExp(
    `^XFS \\(${dev}\\): ${esc} detected at xfs_dax_notify_ddev_failure\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[xfs\\] \\(fs/xfs/xfs_notify_failure\\.c:${line}\\)\\.  Shutting down filesystem\\.$`,
  );
}

/** Every dmesg line of the run, across events. */
export const allDmesg = (r: Run): string[] => r.ev.flatMap((e) => e.dmesg);

/** Step functions of one event, in order. */
export const stepFns = (r: Run, event: number): string[] =>
  r.sim.rt.steps.filter((s) => s.event === event).map((s) => s.fn);

/** Invariants before the events and after every step (`ignore`: violations of another area, by prefix). */
export function invariantsHold(r: Run, ignore?: string): void {
  const check = () => checkInvariants(r.k).filter((v) => !(ignore && v.startsWith(ignore)));
  const end = r.k.j.length;
  r.k.j.seek(0);
  expect(check()).toEqual([]);
  for (const step of r.sim.rt.steps) {
    r.k.j.seek(step.journal[1]);
    expect(check(), step.id).toEqual([]);
  }
  r.k.j.seek(end);
}

/**
 * An array behind a proxy that counts its element reads: work-per-event tests compare counts, not times
 * (issue 11: a scan over every step once per event is a read count that grows with the events).
 */
export function countedReads<T>(items: T[]): { proxy: T[]; reads: { n: number } } {
  const reads = { n: 0 };
  const proxy = new Proxy(items, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop.charCodeAt(0) >= 48 && prop.charCodeAt(0) <= 57) reads.n++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { proxy, reads };
}
