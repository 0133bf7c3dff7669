/**
 * What distinguishes Linux 4.19 (the original DAX memory-failure support, 6100e34b2526) from the
 * variants that came after it: each test fails if the feature it is about were given to 4.19.
 */
import { describe, expect, it } from 'vitest';
import { getVariant } from '../kernel/variants/variants';
import { resolvedMachine } from '../pipeline/machine';
import { builtinScenario } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { pidOf, run as runInput } from './__fixtures__/helpers';

const run = (id: string | ScenarioInput, kernel: string) =>
  runInput(typeof id === 'string' ? (builtinScenario(id) ?? id) : id, kernel);

describe('Linux 4.19', () => {
  it('has none of the later features, and its chart has no holder, notify_failure or mf_generic_kill_procs states', () => {
    // only v4.17's pinned-page series (page->mapping for DAX, dax_layout_busy_page()) and its own dev_pagemap
    // memory failure, which 4.16 lacks
    expect(getVariant('4.19').features).toEqual(['dax-page-mapping', 'dax-layout-busy-page', 'mf-dev-pagemap']);
    expect(getVariant('4.16').features).toEqual([]);
    const states = Object.keys(resolvedMachine('4.19').states);
    for (const gone of [
      'mf_generic_kill_procs',
      'pmem_pagemap_memory_failure',
      'dax_holder_notify_failure',
      'xfs_dax_notify_failure',
      'mf_dax_kill_procs',
      'kill_me_maybe',
    ])
      expect(states, gone).not.toContain(gone);
    expect(states).toContain('memory_failure_dev_pagemap/dax_lock_mapping_entry');
    expect(states).toContain('do_memory_failure');
  });

  it('ext4: every mapper is collected (pre-5.8 task_early_kill), "Killing" lines, unmap of start..2×start+size, no HardwareCorrupted', () => {
    const r = run('ext4-single-owner', '4.19');
    const [ev] = r.ev;
    const V = pidOf(r, 'V');
    const P = pidOf(r, 'P');
    // V has no early-kill choice: 6.12 leaves it alone, 4.19 sends it BUS_MCEERR_AO
    expect(ev.signals.map((s) => [s.pid, s.code])).toEqual([
      [V, 'BUS_MCEERR_AO'],
      [P, 'BUS_MCEERR_AR'],
    ]);
    expect(ev.dmesg.filter((l) => l.includes(': Killing ')).length).toBe(2);
    expect(ev.dmesg.some((l) => l.includes('Sending SIGBUS'))).toBe(false);
    expect(ev.hardwareCorruptedKb).toBe(0);
    expect(ev.result).toBe('Recovered');
    // index 3, size 4 KiB: unmap_mapping_range(mapping, 0x3000, 0x3000 + 0x1000) reaches four pages
    const step = r.sim.rt.steps.find((s) => s.fn === 'unmap_mapping_range');
    expect(step?.summary).toContain('0x3000 + 0x1000 = 0x4000');
    const on612 = run('ext4-single-owner', '6.12').ev[0];
    expect(on612.signals.map((s) => s.pid)).toEqual([P]);
    expect(on612.hardwareCorruptedKb).toBe(4);
  });

  it('a second poison SIGKILLs the mapper whose PTE the first one removed (addr_valid 0, before 3d7fed4ad8cc)', () => {
    const r = run('repeat-poison', '4.19');
    const V = pidOf(r, 'V');
    const second = r.ev[1];
    expect(second.dmesg).toContain(
      `Memory failure: Unable to find user space address ${second.pfn?.slice(2)} in pmtest`,
    );
    expect(second.signals.find((s) => s.pid === V)).toMatchObject({ signo: 'SIGKILL', code: 'SI_KERNEL' });
    expect(run('repeat-poison', '6.12').ev[1].signals.some((s) => s.signo === 'SIGKILL')).toBe(false);
  });

  it('XFS refuses dax with reflink at mount with its own message; the events on its files are not simulated', () => {
    const r = run('xfs-reflink-shared', '4.19');
    expect(r.report.dmesg).toEqual([
      'XFS (pmem0): DAX enabled. Warning: EXPERIMENTAL, use at your own risk',
      'XFS (pmem0): DAX and reflink cannot be used together!',
    ]);
    expect(r.k.filesystems.size).toBe(0);
    expect(r.ev[0].notRun).toMatch(/\/mnt\/A is not on pmem: the mount of pmem0 on \/mnt failed/);
    expect(r.ev[0].dmesg).toEqual([]);
    expect(r.sim.final).toBe('done');
    // on 6.0+ the same XFS mounts (35fcd75af3ed left only partitions refused)
    expect(run('xfs-reflink-shared', '6.0').report.dmesg.some((l) => l.includes('cannot be used together'))).toBe(
      false,
    );
  });

  it('an event on the namespace of a refused mount meets a page nobody owns: dax_lock_mapping_entry() fails, -EBUSY', () => {
    const r = run('xfs-metadata-hit', '4.19');
    expect(r.ev[0]).toMatchObject({ result: 'Failed', return: '-EBUSY', hardwareCorruptedKb: 0 });
    expect(r.sim.rt.steps.map((s) => s.fn)).toContain('dax_lock_mapping_entry');
  });

  it('a memmap pfn is not caught by pgmap_pfn_valid() (not there yet): it fails at the DAX lock with -EBUSY, not -ENXIO', () => {
    expect(run('altmap-memmap-space', '4.19').ev[0]).toMatchObject({ result: 'Failed', return: '-EBUSY' });
    expect(run('altmap-memmap-space', '6.12').ev[0]).toMatchObject({ result: 'Failed', return: '-ENXIO' });
  });

  it('device-dax without compound pages: the poisoned pfn itself carries mapping and index, every mapper is signalled', () => {
    const r = run('devdax-2m-compound', '4.19');
    const ns = r.k.namespaces[0];
    expect(ns.pgmap.vmemmap_shift).toBe(0);
    const pfn = Number(r.ev[0].pfn);
    expect(ns.pages.page(pfn).mapping).not.toBeNull();
    expect(r.ev[0].signals.length).toBe(4);
    expect(r.ev[0].signals.every((s) => s.lsb === 21)).toBe(true);
  });

  it('a machine check runs memory_failure() from the #MC handler (do_memory_failure), signalling current AR', () => {
    const s: ScenarioInput = {
      format: 1,
      id: 'mce-419',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '128MiB' }],
      filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
      files: [{ path: '/mnt/A', size: '64KiB' }],
      processes: [
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: 0 }] },
        { name: 'Q', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: 0 }] },
      ],
      events: [
        { kind: 'mce', process: 'P', mapping: 'a', offset: 0 },
        { kind: 'mce', process: 'Q', mapping: 'a', offset: 0, ripv: false },
      ],
    };
    const r = run(s, '4.19');
    const fns = r.sim.rt.steps.filter((x) => x.event === 0).map((x) => x.fn);
    expect(fns.slice(0, 3)).toEqual(['do_machine_check', 'do_memory_failure', 'memory_failure']);
    expect(fns).not.toContain('kill_me_maybe');
    expect(r.ev[0].signals.find((x) => x.pid === pidOf(r, 'P'))?.code).toBe('BUS_MCEERR_AR');
    // RIPV clear: kill_it, force_sig(SIGBUS) and no memory_failure()
    const second = r.sim.rt.steps.filter((x) => x.event === 1).map((x) => x.fn);
    expect(second).toEqual(['do_machine_check', 'force_sig', 'get_signal']);
    expect(r.ev[1].signals).toEqual([expect.objectContaining({ pid: pidOf(r, 'Q'), code: 'SI_KERNEL' })]);
  });
});
