/**
 * Races made schedulable (issue 8 §3): a file change placed inside a failure's handling, on the unmerged
 * designs and on 6.12. Each design's distinguishing outcome is asserted next to 6.12's on the same input.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, pidOf, ptOf, type Run, run } from './__fixtures__/helpers';
import { simulateScenario } from './simulate';

const builtin = (id: string): ScenarioInput => {
  const s = builtinScenario(id);
  if (!s) throw new Error(id);
  return s;
};
const fns = (r: Run, event: number) =>
  r.sim.rt.steps.filter((s) => s.event === event).map((s) => `${s.fn}:${s.branch}`);

describe('rfc-2021-v4: a truncate at the owner lookup', () => {
  it('v4 reads the removed entry as pfn 0 and SIGKILLs the mappers; the flaw is marked at dax_load_pfn()', () => {
    const r = run(builtin('v4-race-truncate'), 'rfc-2021-v4');
    const load = r.sim.rt.steps.find((s) => s.fn === 'dax_load_pfn');
    expect(load?.summary).toContain('= NULL → pfn 0');
    expect(load?.flaw).toMatch(/^there is no entry at index 3 .* v4 goes on with pfn 0, not the failed 0x/);
    expect(r.ev[0].dmesg).toContain(
      'Memory failure: 0: forcibly killing pmtest:200 because of failure to unmap corrupted page',
    );
    expect(r.ev[0].signals.map((s) => [s.pid, s.signo])).toEqual([
      [pidOf(r, 'P'), 'SIGKILL'],
      [pidOf(r, 'R'), 'SIGKILL'],
    ]);
  });

  it('6.12 finds no entry at dax_lock_mapping_entry() and signals nobody: nobody maps the page any more', () => {
    const r = run(builtin('v4-race-truncate'), '6.12');
    const lock = r.sim.rt.steps.find((s) => s.fn === 'dax_lock_mapping_entry');
    expect(lock?.branch).toBe('none');
    expect(r.ev[0].signals).toEqual([]);
    expect(r.sim.rt.steps.some((s) => s.flaw)).toBe(false);
    // the truncate ran first: its steps come before the lookup, recorded under its own event
    const truncateFirst = r.sim.rt.steps.findIndex((s) => s.event === 1);
    expect(truncateFirst).toBeLessThan(r.sim.rt.steps.indexOf(lock as (typeof r.sim.rt.steps)[number]));
  });

  it('on both, the truncate frees its blocks only after the rmap query lets go of the AGF', () => {
    for (const kernel of ['rfc-2021-v4', '6.12']) {
      const r = run(builtin('v4-race-truncate'), kernel);
      expect(fns(r, 1).slice(-2), kernel).toEqual(['__xfs_free_extent:wait', '__xfs_free_extent:return']);
      const steps = r.sim.rt.steps;
      const woke = steps.findIndex((s) => s.event === 1 && s.fn === '__xfs_free_extent' && s.branch === 'return');
      const queryDone = steps.findIndex((s) => s.state === 'xfs_dax_notify_ddev_failure@xfs_rmap_query_range');
      expect(woke, kernel).toBeGreaterThan(queryDone);
    }
  });

  it('--compare rfc-2021-v4,6.12 --json: the diff names the kill that differs', () => {
    const out: string[] = [];
    const code = main(['--builtin', 'v4-race-truncate', '--compare', 'rfc-2021-v4,6.12', '--json'], {
      out: (l: string) => out.push(l),
      err: () => {},
    } as never);
    expect(code).toBe(0);
    const doc = JSON.parse(out.join('\n'));
    const kills = doc.diff.filter((d: { observable: string }) => d.observable.startsWith('events[0].signals'));
    expect(kills.length).toBe(2);
    expect(kills[0].a).toEqual(['SIGKILL SI_KERNEL si_addr 0 lsb 0']);
    expect(kills[0].b).toBe('no signal');
  });
});

describe('6.12: a truncate that arrives while the entry is locked waits for it', () => {
  it('the truncating task sleeps in get_unlocked_entry() until dax_unlock_mapping_entry(), and the kill is right', () => {
    const r = run(builtin('v4-race-truncate-locked'), '6.12');
    const steps = r.sim.rt.steps;
    const at = (pred: (s: (typeof steps)[number]) => boolean) => steps.findIndex(pred);
    const lock = at((s) => s.fn === 'dax_lock_mapping_entry');
    const sleeps = at((s) => s.event === 1 && s.fn === 'dax_layout_busy_page_range' && s.branch === 'wait');
    const unlock = at((s) => s.fn === 'dax_unlock_mapping_entry');
    const woken = at((s) => s.event === 1 && s.fn === 'dax_layout_busy_page_range' && s.branch === 'next');
    const deleted = at((s) => s.event === 1 && s.fn === 'dax_delete_mapping_entry');
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(lock < sleeps && sleeps < unlock && unlock < woken && woken < deleted).toBe(true);
    expect(steps[sleeps].summary).toContain('get_unlocked_entry() sleeps');
    expect(steps[woken].summary).toMatch(/^woken: the entry is unlocked/);
    expect(r.ev[0].signals.map((s) => [s.pid, s.code, s.addr])).toEqual([
      [pidOf(r, 'P'), 'BUS_MCEERR_AR', `0x${(addrIn(r, 'P/a') + 0x3000).toString(16)}`],
      [pidOf(r, 'R'), 'BUS_MCEERR_AO', `0x${(addrIn(r, 'R/a') + 0x3000).toString(16)}`],
    ]);
  });

  it('v4 holds no entry lock: the same truncate never waits for one', () => {
    const r = run(builtin('v4-race-truncate-locked'), 'rfc-2021-v4');
    expect(fns(r, 1)).not.toContain('dax_layout_busy_page_range:wait');
  });
});

describe('proposal-2021-short-circuit', () => {
  it('signals as 6.12 does but unmaps nothing: the mappers keep their PTEs to the poisoned page', () => {
    const p = run(builtin('short-circuit-single-owner'), 'proposal-2021-short-circuit');
    const six = run(builtin('short-circuit-single-owner'), '6.12');
    expect(p.ev[0].signals).toEqual(six.ev[0].signals);
    expect(six.ev[0].unmapped.length).toBe(2);
    expect(p.ev[0].unmapped).toEqual([]);
    expect(ptOf(p, 'P', addrIn(p, 'P/a') + 0x3000)).not.toBeNull();
    expect(ptOf(six, 'P', addrIn(six, 'P/a') + 0x3000)).toBeNull();
    expect(p.sim.rt.steps.find((s) => s.fn === 'collect_procs')?.flaw).toMatch(/nothing unmaps index 3/);
    expect(p.sim.rt.steps.some((s) => s.fn === 'dax_lock_mapping_entry')).toBe(false);
  });
});

describe('validation of concurrentWith and at', () => {
  const base = (ev: Record<string, unknown>, kernel = '6.12') => ({
    ...builtin('v4-race-truncate'),
    kernel,
    events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }, ev],
  });
  const issues = (input: unknown) => {
    const r = simulateScenario(input);
    if (r.ok) throw new Error('accepted');
    return r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('rejects an `at` the variant lacks, naming the field', () => {
    const ev = { kind: 'truncate', path: '/mnt/A', size: 0, concurrentWith: 0, at: 'dax_load_pfn' };
    expect(issues(base(ev))[0]).toMatch(/^events\[1\]\.at: kernel 6\.12 has no "dax_load_pfn"/);
    expect(simulateScenario(base(ev, 'rfc-2021-v4')).ok).toBe(true);
    expect(issues(base({ ...ev, at: 'dax_lock_mapping_entry' }, 'rfc-2021-v4'))[0]).toMatch(/^events\[1\]\.at: /);
  });

  it('rejects concurrentWith that names itself, a later event or a non-failure, and `at` alone', () => {
    const ev = { kind: 'truncate', path: '/mnt/A', size: 0 };
    expect(issues(base({ ...ev, concurrentWith: 1 }))[0]).toMatch(
      /^events\[1\]\.concurrentWith: 1: name an earlier event/,
    );
    expect(issues(base({ ...ev, at: 'owner-lookup' }))[0]).toMatch(/^events\[1\]\.at: give concurrentWith too/);
    const s = base({ kind: 'munmap', process: 'P', mapping: 'a', concurrentWith: 0 });
    s.events[0] = { kind: 'unbind', namespace: 'pmem0' } as never;
    expect(issues(s)[0]).toMatch(/^events\[1\]\.concurrentWith: events\[0\] is a unbind/);
  });

  it('rejects file changes off XFS and unaligned ranges', () => {
    const ext4 = {
      ...base({ kind: 'truncate', path: '/mnt/A', size: 0 }),
      filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
    };
    expect(issues(ext4)[0]).toMatch(/^events\[1\]\.path: .*modelled on XFS only/);
    expect(issues(base({ kind: 'punch-hole', path: '/mnt/A', offset: 100, length: 4096 }))[0]).toMatch(
      /^events\[1\]\.offset: /,
    );
  });
});

describe('every race kind at the owner lookup, v4 against 6.12', () => {
  const withFiles = (ev: Record<string, unknown>): ScenarioInput => {
    const s = builtin('v4-race-truncate');
    return {
      ...s,
      files: [
        { path: '/mnt/A', size: '4MiB' },
        { path: '/mnt/B', size: '4MiB' },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }, ev as never],
    };
  };
  const kills = (r: Run) => r.ev[0].signals.map((s) => `${s.pid} ${s.signo}`);

  for (const ev of [
    { kind: 'punch-hole', path: '/mnt/A', offset: '0x3000', length: '0x1000', concurrentWith: 0 },
    { kind: 'reflink-remap', src: '/mnt/B', dest: '/mnt/A', destOffset: '0x3000', length: '0x1000', concurrentWith: 0 },
  ])
    it(`${ev.kind}: the entry at the failed index is gone; v4 kills through pfn 0, 6.12 skips the index`, () => {
      const v4 = run(withFiles(ev), 'rfc-2021-v4');
      const six = run(withFiles(ev), '6.12');
      expect(kills(v4)).toEqual([`${pidOf(v4, 'P')} SIGKILL`, `${pidOf(v4, 'R')} SIGKILL`]);
      expect(kills(six)).toEqual([]);
      expect(six.sim.rt.steps.find((s) => s.fn === 'dax_lock_mapping_entry')?.branch).toBe('none');
    });

  it("munmap: the entry stays, so both read the right page; R's mapping is gone and only P is signalled", () => {
    const ev = { kind: 'munmap', process: 'R', mapping: 'a', concurrentWith: 0 };
    for (const kernel of ['rfc-2021-v4', '6.12']) {
      const r = run(withFiles(ev), kernel);
      expect(kills(r), kernel).toEqual([`${pidOf(r, 'P')} SIGBUS`]);
    }
  });
});
