import { describe, expect, it } from 'vitest';
import { FEATURES, type FeatureId } from '../kernel/variants/features';
import { featuresOf, getVariant, VARIANTS } from '../kernel/variants/variants';
import { resolvedMachine } from '../pipeline/machine';
import { builtinScenario } from '../scenario/builtins';
import { run as runInput } from './__fixtures__/helpers';

const run = (id: string, kernel: string) => runInput(builtinScenario(id) ?? id, kernel);

describe('kernel variants', () => {
  it('every feature says where it came from: a commit with its subject, or why it is UNVERIFIED', () => {
    for (const f of Object.values(FEATURES)) {
      if ('commit' in f.provenance) {
        expect(f.provenance.commit, f.id).toMatch(/^[0-9a-f]{12}$/);
        expect(f.provenance.subject.length, f.id).toBeGreaterThan(10);
      } else expect(f.provenance.unverified.length, f.id).toBeGreaterThan(20);
      expect(f.release, f.id).toMatch(/^v\d+\.\d+$/);
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
