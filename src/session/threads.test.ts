/**
 * Multi-threaded processes: threads with their own prctl(PR_MCE_KILL), and the thread that
 * find_early_kill_thread() picks (6.12.117 mm/memory-failure.c:564-578, the same in 6.1.192 :466-480):
 * for_each_thread() from the leader, the first PF_MCE_PROCESS|PF_MCE_EARLY thread, or the first thread
 * without a prctl of its own when vm.memory_failure_early_kill is 1; task_early_kill() returns current
 * when current shares the process's mm (:588-597).
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, msg, pidOf, run, sigbus } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const base = (
  threads: { name: string; mceKill?: 'default' | 'early' | 'late'; comm?: string; tid?: number }[],
  mceKill: 'default' | 'early' | 'late' = 'default',
  sysctl = 0 as 0 | 1,
): ScenarioInput => ({
  format: 1,
  id: 'threads',
  sysctl: { memory_failure_early_kill: sysctl },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
  processes: [
    {
      name: 'W',
      comm: 'worker',
      mceKill,
      mappings: [{ name: 'a', file: '/mnt/f' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads,
    },
    { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
  ],
  events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
});

describe('find_early_kill_thread(): which thread of a mapper gets the AO signal', () => {
  it('the early-kill thread, not the main thread: its tid and comm in the signal and in "Sending SIGBUS"', () => {
    const r = run(
      base([
        { name: 'late', mceKill: 'late' },
        { name: 'io', mceKill: 'early', comm: 'io-thread' },
      ]),
    );
    const io = r.built.tids.get('W/io') as number;
    expect(io).not.toBe(pidOf(r, 'W'));
    const pfn = Number(r.ev[0].pfn);
    expect(r.ev[0].signals).toContainEqual(sigbus(io, 'BUS_MCEERR_AO', addrIn(r, 'W/a', 0x3000), 12, 'io-thread'));
    expect(r.ev[0].dmesg).toContain(msg.sending(pfn, io, 'io-thread'));
    expect(r.ev[0].signals.map((s) => s.pid)).not.toContain(pidOf(r, 'W'));
  });

  it('a late main thread is passed over, not a stop; the leader wins when it is early itself', () => {
    const passed = run(base([{ name: 'e', mceKill: 'early' }], 'late'));
    expect(passed.ev[0].signals.map((s) => s.pid)).toContain(passed.built.tids.get('W/e'));
    const leader = run(base([{ name: 'e', mceKill: 'early' }], 'early'));
    expect(leader.ev[0].signals.map((s) => s.pid)).toContain(pidOf(leader, 'W'));
    expect(leader.ev[0].signals.map((s) => s.pid)).not.toContain(leader.built.tids.get('W/e'));
  });

  it('with vm.memory_failure_early_kill = 1, the first thread without a prctl of its own (here the second)', () => {
    const r = run(base([{ name: 'late', mceKill: 'late' }, { name: 'plain' }], 'late', 1));
    expect(r.ev[0].signals.map((s) => s.pid)).toContain(r.built.tids.get('W/plain'));
  });

  it('no thread asked for early kill: nobody in W is signalled', () => {
    const r = run(base([{ name: 'late', mceKill: 'late' }, { name: 'plain' }]));
    expect(r.ev[0].signals.map((s) => s.pid)).toEqual([pidOf(r, 'P')]);
  });

  it('task_early_kill(): the consuming thread is current, so it gets BUS_MCEERR_AR (force_early), whatever its setting', () => {
    const s = base([
      { name: 'e', mceKill: 'early' },
      { name: 'c', mceKill: 'late' },
    ]);
    s.events = [{ kind: 'mce', process: 'W', thread: 'c', mapping: 'a', offset: '0x3000' }];
    const r = run(s);
    const c = r.built.tids.get('W/c') as number;
    expect(r.ev[0].signals).toEqual([sigbus(c, 'BUS_MCEERR_AR', addrIn(r, 'W/a', 0x3000), 12, 'worker')]);
  });

  it('the report lists the threads; a thread name must exist and be unique; tids do not collide', () => {
    const r = run(base([{ name: 'io', tid: 900 }]));
    expect(r.report.processes[0].threads).toEqual([{ name: 'io', tid: 900, comm: 'worker' }]);
    const bad = (input: ScenarioInput) => {
      const out = simulateScenario(input);
      return out.ok ? [] : out.issues.map((i) => `${i.path}: ${i.message}`);
    };
    const s = base([{ name: 'io' }]);
    s.events = [{ kind: 'madvise', process: 'W', thread: 'nope', mapping: 'a', offset: '0x3000' }];
    expect(bad(s)[0]).toMatch(/^events\[0\]\.thread: W has no thread "nope"/);
    expect(bad(base([{ name: 'io' }, { name: 'io' }]))[0]).toMatch(/^processes\[0\]\.threads\[1\]\.name: duplicate/);
    expect(
      bad(
        base([
          { name: 'a', tid: 900 },
          { name: 'b', tid: 900 },
        ]),
      )[0],
    ).toMatch(/^processes\[0\]\.threads\[1\]\.tid: pid 900 is used twice/);
    // a pinned tid is skipped by the automatic numbering of later processes
    const pinned = run(base([{ name: 'io', tid: 201 }]));
    expect(pidOf(pinned, 'P')).toBe(202);
  });

  it('SIGKILL or exit ends every thread: the shared mm goes once', () => {
    const s = base([{ name: 'e', mceKill: 'early' }]);
    s.events = [{ kind: 'exit', process: 'W' }, ...(s.events ?? [])];
    const r = run(s);
    const t = r.k.task(r.built.tids.get('W/e') as number);
    expect([t.exited, t.mm]).toEqual([true, null]);
    expect(r.ev[1].signals.map((x) => x.pid)).toEqual([pidOf(r, 'P')]);
  });
});
