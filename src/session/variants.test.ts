import { describe, expect, it } from 'vitest';
import { FEATURES, type FeatureId } from '../kernel/variants/features';
import { featuresOf, getVariant, VARIANTS } from '../kernel/variants/variants';
import { resolvedMachine } from '../pipeline/machine';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { run as runInput } from './__fixtures__/helpers';

const run = (id: string, kernel: string) => runInput(builtinScenario(id) ?? id, kernel);

describe('kernel variants', () => {
  it('every feature says where it came from: a commit with its subject, or why it is UNVERIFIED', () => {
    for (const f of Object.values(FEATURES)) {
      if ('commit' in f.provenance) {
        expect(f.provenance.commit, f.id).toMatch(/^[0-9a-f]{12}$/);
        expect(f.provenance.subject.length, f.id).toBeGreaterThan(10);
      } else expect(f.provenance.unverified.length, f.id).toBeGreaterThan(20);
      // an unmerged patch design's features have no release
      expect(f.release, f.id).toMatch(/^(v\d+\.\d+|unmerged)$/);
      expect(f.functions.length, f.id).toBeGreaterThan(0);
    }
  });

  it('6.1 is 6.12 without what came after 6.1 (backports included)', () => {
    const has = (v: string, f: FeatureId) => getVariant(v).features.includes(f);
    for (const f of ['mf-holder-notify', 'kill-dax-notify', 'xfs-range-fix', 'vmemmap-arch-optin'] as const)
      expect(has('6.1', f), f).toBe(true);
    for (const f of [
      'mf-pre-remove',
      'dax-lock-folio',
      'dax-page-share',
      'xfs-dax-read-shared',
      'dax-fault-hwpoison',
      'mce-usable-address-kill',
      'madvise-action-required',
      'mount-msg-uuid',
    ] as const)
      expect(has('6.1', f), f).toBe(false);
    expect(featuresOf(getVariant('6.12')).map((f) => f.id)).toEqual(
      expect.arrayContaining([...getVariant('6.1').features]),
    );
  });

  it('a branch with alternatives resolves per variant: the generic path locks a folio on 6.12, a page on 6.1', () => {
    expect(resolvedMachine('6.12').states.mf_generic_kill_procs.next.next).toEqual(
      expect.objectContaining({ goto: 'dax_lock_folio' }),
    );
    expect(resolvedMachine('6.1').states.mf_generic_kill_procs.next.next).toEqual(
      expect.objectContaining({ goto: 'dax_lock_page' }),
    );
    expect(resolvedMachine('6.1').states.dax_lock_folio).toBeUndefined();
    expect(resolvedMachine('6.12').states.dax_lock_page).toBeUndefined();
    // a state the variant lacks is not drawn: no MF_MEM_PRE_REMOVE revoke edge on 6.1
    expect(resolvedMachine('6.1').states.dax_lock_mapping_entry.next.revoke).toBeUndefined();
  });

  it('every variant runs every step on a state its machine has', () => {
    for (const v of VARIANTS) {
      const r = run('ext4-single-owner', v.id);
      const states = resolvedMachine(v.id).states;
      for (const s of r.sim.rt.steps) expect(states[s.state], `${v.id} ${s.state}`).toBeDefined();
    }
  });
});

describe('6.1: unbind under a mounted XFS (kill_dax() notifies with flags 0, not MF_MEM_PRE_REMOVE)', () => {
  // read in 6.1.192 drivers/dax/super.c:333, fs/xfs/xfs_notify_failure.c:80-169, mm/memory-failure.c
  it('XFS takes it for a failure of every block: metadata → shutdown CORRUPT_ONDISK at :169, mapped pages PG_hwpoison', () => {
    const r = run('unbind-pre-remove', '6.1');
    const [e] = r.ev;
    expect(e.dmesg.some((l) => l.includes('Device is about to be removed'))).toBe(false);
    expect(e.dmesg.filter((l) => l.includes('detected at'))).toEqual([
      expect.stringMatching(
        /Corruption of on-disk metadata \(0x10\) detected at .*\(fs\/xfs\/xfs_notify_failure\.c:169\)/,
      ),
    ]);
    expect(e.shutdown).toBe(true);
    // mf_dax_kill_procs() without pre_remove: SetPageHWPoison() on healthy pages that have an entry
    expect(e.hwpoison.length).toBeGreaterThan(0);
    // no action_result: memory_failure() never ran
    expect(e.trace).toEqual([]);
    const six12 = run('unbind-pre-remove', '6.12').ev[0];
    expect(six12.hwpoison).toEqual([]);
    expect(six12.dmesg.some((l) => l.includes('Device is about to be removed'))).toBe(true);
  });

  it('only current or early-kill tasks are collected (task_early_kill(tsk, true)); 6.12 collects every mapper', () => {
    const r61 = run('unbind-pre-remove', '6.1').ev[0];
    const r612 = run('unbind-pre-remove', '6.12').ev[0];
    expect(r61.signals.length).toBeLessThan(r612.signals.length);
    for (const s of r61.signals) expect(s.code).toBe('BUS_MCEERR_AO');
  });
});

describe('6.0: the first holder design (mainline v6.0)', () => {
  const has = (v: string, f: FeatureId) => getVariant(v).features.includes(f);
  /** xfs-metadata-hit with its report moved to data-device offset `offset` (the inode chunks start at 0x2210000) */
  const asyncAt = (offset: string, extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
    ...(builtinScenario('xfs-metadata-hit') as ScenarioInput),
    id: `async-at-${offset}`,
    events: [{ kind: 'async', target: { namespace: 'pmem0', offset } }],
    ...extra,
  });
  const steps = (r: ReturnType<typeof runInput>, fn: string) => r.sim.rt.steps.filter((s) => s.state === fn);

  it('has the holder chain and none of the XFS fixes after it: 6.1.192 is 6.0 plus fixes and backports', () => {
    for (const f of ['mf-holder-notify', 'kill-dax-notify', 'early-kill-v5.8'] as const)
      expect(has('6.0', f), f).toBe(true);
    for (const f of ['xfs-range-fix', 'xfs-notify-scan-all', 'vmemmap-arch-optin', 'mf-pre-remove'] as const)
      expect(has('6.0', f), f).toBe(false);
    expect(getVariant('6.1').features).toEqual(expect.arrayContaining([...getVariant('6.0').features]));
    expect(has('6.1', 'xfs-notify-scan-all')).toBe(true);
  });

  it('the query reaches one block past the failure: poison on the free block before the inode chunks shuts XFS down', () => {
    // block 15 is free, block 16 starts the inode chunks (XFS_RMAP_OWN_INODES)
    const r60 = runInput(asyncAt('0x220f000'), '6.0');
    const [query] = steps(r60, 'xfs_rmap_query_range');
    expect(query.summary).toMatch(/^AG 0: \[15, 16\] → 1 record/);
    expect(steps(r60, 'xfs_dax_notify_ddev_failure')[0].summary).toMatch(/fsbno 15 \(AG 0\) … end_fsbno 16 \(AG 0\)/);
    const e60 = r60.ev[0];
    expect(e60.shutdown).toBe(true);
    expect(e60.result).toBe('Failed');
    expect(e60.dmesg.find((l) => l.includes('Corruption'))).toMatch(
      /Corruption of on-disk metadata \(0x10\) detected at xfs_dax_failure_fn/,
    );
    for (const kernel of ['6.1', '6.12']) {
      const r = runInput(asyncAt('0x220f000'), kernel);
      expect(steps(r, 'xfs_rmap_query_range')[0].summary, kernel).toMatch(/^AG 0: \[15, 15\] → 0 record/);
      expect(r.ev[0].shutdown, kernel).toBe(false);
      expect(r.ev[0].result, kernel).toBe('Recovered');
    }
  });

  it("on an AG's last block the range runs into the next AG: AG 1's headers shut XFS down", () => {
    const probe = runInput(asyncAt('0x220f000'), '6.0');
    const g = probe.k.filesystems.get('pmem0')?.xfs?.geometry;
    if (!g) throw new Error('no XFS geometry');
    const lastOfAg0 = `0x${((0x2200 + (g.agblocks - 1)) * 0x1000).toString(16)}`;
    const r60 = runInput(asyncAt(lastOfAg0), '6.0');
    const queries = steps(r60, 'xfs_rmap_query_range').map((s) => s.summary);
    expect(queries).toEqual([
      expect.stringMatching(new RegExp(`^AG 0: \\[${g.agblocks - 1}, ${g.agblocks - 1}\\] → 0 record`)),
      expect.stringMatching(/^AG 1: \[0, 0\] → 1 record/),
    ]);
    expect(r60.ev[0].shutdown).toBe(true);
    expect(r60.ev[0].result).toBe('Failed');
    const r612 = runInput(asyncAt(lastOfAg0), '6.12');
    expect(steps(r612, 'xfs_rmap_query_range')).toHaveLength(1);
    expect(r612.ev[0].result).toBe('Recovered');
  });

  it('a file record one block past the failure is visited with pgcnt 0, and nobody is killed for it', () => {
    // A then B, back to back from block 31; poison A's last page: B's first block is the one past it
    const input = asyncAt('0x2600000', {
      files: [
        { path: '/mnt/A', size: '4MiB' },
        { path: '/mnt/B', size: '4MiB' },
      ],
      processes: [
        {
          name: 'EA',
          mceKill: 'early',
          mappings: [{ name: 'a', file: '/mnt/A' }],
          touch: [{ mapping: 'a', offset: '0x3ff000' }],
        },
        {
          name: 'EB',
          mceKill: 'early',
          mappings: [{ name: 'b', file: '/mnt/B' }],
          touch: [{ mapping: 'b', offset: '0x0' }],
        },
      ],
      events: [{ kind: 'async', target: { file: '/mnt/A', offset: '0x3ff000' } }],
    });
    const r60 = runInput(input, '6.0');
    const rounds = steps(r60, 'xfs_dax_failure_fn').map((s) => s.summary);
    expect(rounds).toEqual([expect.stringMatching(/pgcnt 1 /), expect.stringMatching(/pgcnt 0 /)]);
    const r612 = runInput(input, '6.12');
    expect(steps(r612, 'xfs_dax_failure_fn')).toHaveLength(1);
    // the same signal on both: EA (early) gets AO for A, EB nothing
    expect(r60.ev[0].signals).toEqual(r612.ev[0].signals);
    expect(r60.ev[0].signals.map((s) => s.code)).toEqual(['BUS_MCEERR_AO']);
  });

  it("a metadata record shuts down from xfs_dax_failure_fn at once: the unbind walk ends at AG 0's headers", () => {
    const meta = run('xfs-metadata-hit', '6.0').ev[0];
    expect(meta.dmesg.find((l) => l.includes('Corruption'))).toMatch(
      /Corruption of on-disk metadata \(0x10\) detected at xfs_dax_failure_fn.* \(fs\/xfs\/xfs_notify_failure\.c:79\)/,
    );
    expect(meta.result).toBe('Failed');
    const unbind60 = run('unbind-pre-remove', '6.0');
    const failureFn = steps(unbind60, 'xfs_dax_failure_fn');
    expect(failureFn).toHaveLength(1);
    expect(failureFn[0].summary).toMatch(/owner XFS_RMAP_OWN_FS.*returns -EFSCORRUPTED/);
    const e60 = unbind60.ev[0];
    expect(e60.shutdown).toBe(true);
    expect(e60.signals).toEqual([]);
    expect(e60.hwpoison).toEqual([]);
    // 6.1 notes want_shutdown and walks on: it signals and marks pages the 6.0 walk never reaches
    const e61 = run('unbind-pre-remove', '6.1').ev[0];
    expect(e61.signals.length).toBeGreaterThan(0);
    expect(e61.hwpoison.length).toBeGreaterThan(0);
  });

  it('says what it could not confirm: its build facts are UNVERIFIED', () => {
    const b = getVariant('6.0').build;
    expect(b.xfsShutdownCaller.corruptOndisk.verified).toBe(false);
    expect(b.xfsShutdownLine.corruptOndisk.verified).toBe(false);
    expect(b.daxAssociateWarn?.verified).toBe(false);
  });
});
