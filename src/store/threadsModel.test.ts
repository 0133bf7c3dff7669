import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { createAppStore } from './inlineStore';
import { flagNames, selectThreads } from './threadsModel';

/** W has a late thread and an early one; P madvises the page both map (the threads.test.ts scenario). */
const scenario = (events: ScenarioInput['events'], sysctl: 0 | 1 = 0): ScenarioInput => ({
  format: 1,
  id: 'threads-view',
  sysctl: { memory_failure_early_kill: sysctl },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
  processes: [
    {
      name: 'W',
      comm: 'worker',
      mappings: [{ name: 'a', file: '/mnt/f' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads: [
        { name: 'slow', mceKill: 'late' },
        { name: 'io', mceKill: 'early', comm: 'io-thread' },
      ],
    },
    { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
  ],
  events,
});

function loaded(input: ScenarioInput) {
  const store = createAppStore({});
  store.getState().loadInput(JSON.stringify(input), 'threads.json');
  const s = store.getState();
  if (s.load.status !== 'ready') throw new Error(`not ready: ${s.load.status}`);
  const steps = s.load.sim.rt.steps;
  return { store, steps };
}

describe('threadsModel', () => {
  it('names the PF_MCE_* flags', () => {
    expect(flagNames(0)).toEqual([]);
    expect(flagNames(0x80)).toEqual(['PF_MCE_PROCESS']);
    expect(flagNames(0x80 | 0x08000000)).toEqual(['PF_MCE_PROCESS', 'PF_MCE_EARLY']);
  });

  it('lists the leader then its threads, and shows which thread find_early_kill_thread() picked and its signal', () => {
    const { store, steps } = loaded(scenario([{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }]));
    const collect = steps.findIndex((st) => st.fn === 'collect_procs_file' || st.fn === 'collect_procs_fsdax');
    expect(collect).toBeGreaterThan(0);
    // before the collect step: no pick yet
    store.getState().stepTo(collect);
    let vm = [...selectThreads(store.getState()).values()][0];
    expect(vm.threads.map((t) => [t.name, t.policy, t.flags.join('|')])).toEqual([
      ['main thread', 'default', ''],
      ['slow', 'late', 'PF_MCE_PROCESS'],
      ['io', 'early', 'PF_MCE_PROCESS|PF_MCE_EARLY'],
    ]);
    expect(vm.pick).toBeNull();
    store.getState().stepTo(steps.length);
    vm = [...selectThreads(store.getState()).values()][0];
    const io = vm.threads[2];
    expect(io.comm).toBe('io-thread');
    expect(vm.pick?.tid).toBe(io.tid);
    expect(vm.pick?.why).toMatch(/find_early_kill_thread\(\): the first thread .* PF_MCE_EARLY/);
    expect(vm.pick?.rule).toBe('prctl-early');
    expect(vm.pick?.predicate).toBe(
      'find_early_kill_thread(): t->flags & PF_MCE_PROCESS && t->flags & PF_MCE_EARLY (t->flags 0x8000080)',
    );
    expect(vm.pick?.step.id).toMatch(/^collect_procs_(file|fsdax)#/);
    expect(io.signals.map((x) => x.code)).toEqual(['BUS_MCEERR_AO']);
    expect(vm.threads[0].signals).toEqual([]);
    expect(vm.threads[1].signals).toEqual([]);
  });

  it('the consuming thread is current: task_early_kill() picks it whatever its setting', () => {
    const { store, steps } = loaded(
      scenario([{ kind: 'mce', process: 'W', thread: 'slow', mapping: 'a', offset: '0x3000' }]),
    );
    store.getState().stepTo(steps.length);
    const vm = [...selectThreads(store.getState()).values()][0];
    const slow = vm.threads[1];
    expect(vm.pick?.tid).toBe(slow.tid);
    expect(vm.pick?.why).toMatch(/current shares the mm/);
    expect(vm.pick?.rule).toBe('current');
    expect(slow.signals.map((x) => x.code)).toEqual(['BUS_MCEERR_AR']);
  });

  it('no early thread and the sysctl 0: no thread picked, and why', () => {
    const input = scenario([{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }]);
    const threads = input.processes?.[0].threads;
    if (threads) threads[1].mceKill = 'late';
    const { store, steps } = loaded(input);
    store.getState().stepTo(steps.length);
    const vm = [...selectThreads(store.getState()).values()][0];
    expect(vm.pick?.tid).toBeNull();
    expect(vm.pick?.why).toMatch(/returned NULL/);
    expect(vm.pick?.rule).toBe('none');
    expect(vm.threads.every((t) => t.signals.length === 0)).toBe(true);
  });

  it('a single-threaded scenario has no thread lists', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    expect(selectThreads(store.getState()).size).toBe(0);
  });
});
