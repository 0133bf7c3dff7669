/**
 * The collect_procs_*() decision as a record (src/kernel/mm/collectDecision.ts): for each mapper, the thread
 * task_early_kill() picked and the branch that picked it (6.12.117 mm/memory-failure.c:564-578 and :592-604),
 * its "why" formatted from the record in the words collect() has always used.
 */
import { describe, expect, it } from 'vitest';
import { plainDecision } from '../kernel/decision';
import type { CollectDecision, CollectRecord } from '../kernel/mm/collectDecision';
import { collectWhy } from '../kernel/mm/collectDecision';
import { PF_MCE_EARLY, PF_MCE_PROCESS } from '../kernel/sched';
import type { ScenarioInput } from '../scenario/schema';
import { pidOf, type Run, run } from './__fixtures__/helpers';

type Policy = 'default' | 'early' | 'late';

/** W (threads as given) and P map one ext4 page; the event is P's madvise unless given. */
const scenario = (
  w: { mceKill?: Policy; threads?: { name: string; mceKill?: Policy; comm?: string }[] },
  opts: { sysctl?: 0 | 1; event?: ScenarioInput['events'] } = {},
): ScenarioInput => ({
  format: 1,
  id: 'collect-decision',
  sysctl: { memory_failure_early_kill: opts.sysctl ?? 0 },
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
  processes: [
    {
      name: 'W',
      comm: 'worker',
      ...(w.mceKill ? { mceKill: w.mceKill } : {}),
      mappings: [{ name: 'a', file: '/mnt/f' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      ...(w.threads ? { threads: w.threads } : {}),
    },
    { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
  ],
  events: opts.event ?? [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
});

/** The collect decision about process `name` in the run's first collect step. */
function decisionOf(r: Run, name: string): CollectDecision {
  const step = r.sim.rt.steps.find((s) => s.fn === 'collect_procs_file' || s.fn === 'collect_procs_fsdax');
  const pid = pidOf(r, name);
  const d = step?.decisions.find((x): x is CollectDecision => 'collect' in x && x.collect.pid === pid);
  if (!d) throw new Error(`no collect decision about ${name}`);
  return d;
}

describe('collect decision: which thread task_early_kill() picked, and by which branch', () => {
  it('default policy, sysctl 0: find_early_kill_thread() finds nobody, NULL', () => {
    const d = decisionOf(run(scenario({})), 'W');
    expect(d.result).toBe(false);
    expect(d.collect.pick).toMatchObject({ rule: 'none', tid: null, sysctl: 0 });
    expect(collectWhy(d.collect)).toBe('not collected: task_early_kill() is NULL (not current, no early-kill thread)');
  });

  it('default policy, sysctl 1: the leader, by the sysctl branch (no PF_MCE_PROCESS)', () => {
    const r = run(scenario({}, { sysctl: 1 }));
    const d = decisionOf(r, 'W');
    expect(d.collect.pick).toMatchObject({ rule: 'sysctl', tid: pidOf(r, 'W'), flags: 0, sysctl: 1, notLeader: false });
    expect(collectWhy(d.collect)).toMatch(/^collected: addr 0x[0-9a-f]+, size_shift 12 \(early kill\)$/);
  });

  it('early policy: the leader, by PF_MCE_PROCESS | PF_MCE_EARLY', () => {
    const r = run(scenario({ mceKill: 'early' }));
    const d = decisionOf(r, 'W');
    expect(d.collect.pick).toMatchObject({
      rule: 'prctl-early',
      tid: pidOf(r, 'W'),
      flags: PF_MCE_PROCESS | PF_MCE_EARLY,
    });
  });

  it('late policy with sysctl 1: PF_MCE_PROCESS without PF_MCE_EARLY is passed over, NULL', () => {
    const d = decisionOf(run(scenario({ mceKill: 'late' }, { sysctl: 1 })), 'W');
    expect(d.collect.pick).toMatchObject({ rule: 'none', tid: null, sysctl: 1 });
  });

  it('PF_MCE_EARLY on a non-leader thread: that thread, named in the why', () => {
    const r = run(
      scenario({
        threads: [
          { name: 'slow', mceKill: 'late' },
          { name: 'io', mceKill: 'early', comm: 'io-thread' },
        ],
      }),
    );
    const io = r.built.tids.get('W/io') as number;
    const d = decisionOf(r, 'W');
    expect(d.collect.pick).toMatchObject({ rule: 'prctl-early', tid: io, comm: 'io-thread', notLeader: true });
    expect(collectWhy(d.collect)).toMatch(new RegExp(`\\(early kill\\); signal to thread io-thread:${io}$`));
    const shown = plainDecision(d);
    expect(shown.predicate).toBe(`worker:${pidOf(r, 'W')}`);
    expect(shown.reads).toEqual([{ path: 'why', value: collectWhy(d.collect) }]);
  });

  it('the consuming thread is current: task_early_kill() returns current whatever its setting', () => {
    const r = run(
      scenario(
        { threads: [{ name: 'c', mceKill: 'late' }] },
        { event: [{ kind: 'mce', process: 'W', thread: 'c', mapping: 'a', offset: '0x3000' }] },
      ),
    );
    const d = decisionOf(r, 'W');
    expect(d.collect.pick).toMatchObject({ rule: 'current', tid: r.built.tids.get('W/c'), current: true });
    expect(collectWhy(d.collect)).toMatch(/\(current\); signal to thread worker:\d+$/);
  });

  it("4.19's rule: force_early returns tsk itself, every mapper, whatever its policy", () => {
    const r = run({ ...scenario({ mceKill: 'late' }), kernel: '4.19' });
    const d = decisionOf(r, 'W');
    expect(d.collect.pick).toMatchObject({ rule: 'force-early', tid: pidOf(r, 'W'), notLeader: false });
    expect(d.collect.v58).toBe(false);
    expect(collectWhy(d.collect)).toMatch(/\(force_early: every mapper, before v5\.8\)$/);
  });

  it('formats every outcome in the words collect() recorded', () => {
    const pick = { rule: 'sysctl', tid: 7, comm: 'x', flags: 0, sysctl: 1, current: false, notLeader: false } as const;
    const rec = (outcome: CollectRecord['outcome'], over: Partial<CollectRecord> = {}): CollectRecord => ({
      pid: 7,
      comm: 'x',
      pick,
      outcome,
      v58: true,
      ...over,
    });
    expect(collectWhy(rec({ kind: 'efault', vmaId: 'vma:7:0x1000' }))).toBe(
      'VMA vma:7:0x1000: page_address_in_vma() = -EFAULT, dropped',
    );
    expect(collectWhy(rec({ kind: 'unmapped', addr: 0x7f0000003000 }))).toBe(
      'nothing mapped at 0x7f0000003000: size_shift 0, dropped',
    );
    expect(collectWhy(rec({ kind: 'addr-invalid', addr: 0x3000 }))).toBe(
      'collected with addr_valid 0: nothing mapped at 0x3000 (size_shift 0)',
    );
    expect(collectWhy(rec({ kind: 'not-collected' }, { pick: { ...pick, rule: 'no-mm', tid: null } }))).toBe(
      'not collected: task_early_kill() is NULL (no mm)',
    );
    expect(
      collectWhy(rec({ kind: 'collected', addr: 0x3000, size_shift: 21 }, { pick: { ...pick, rule: 'pre-remove' } })),
    ).toBe('collected: addr 0x3000, size_shift 21 (pre-remove: every mapper)');
  });
});
