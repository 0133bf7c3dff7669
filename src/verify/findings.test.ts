/**
 * What verify's runs on Debian's kernels found, pinned as model tests with the source lines that decide them
 * (docs/verify.md "Findings"; 6.12.117 line numbers).
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { msg, run } from '../session/__fixtures__/helpers';
import { simulateBuiltin } from '../session/simulate';
import { buildReproducer } from './reproducer';

const ext4File = (touch: string[]): ScenarioInput => ({
  format: 1,
  id: 'never-faulted',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/A', size: '4MiB' }],
  processes: [
    {
      name: 'P',
      mceKill: 'early',
      mappings: [{ name: 'a', file: '/mnt/A' }],
      touch: touch.map((offset) => ({ mapping: 'a', offset })),
    },
  ],
  events: [{ kind: 'corrupt-pfn', target: { file: '/mnt/A', offset: '0x5000' } }],
});

describe('campaign findings on 6.12.117', () => {
  it('corrupt-pfn on a page nobody faulted: no page->mapping, dax_lock_folio() fails, -EBUSY, "Failed"', () => {
    // hwpoison_inject() → memory_failure(pfn, MF_SW_SIMULATED) (mm/hwpoison-inject.c:52) → no online page, a
    // pgmap: memory_failure_dev_pagemap() (mm/memory-failure.c:2282) → ext4 has no holder: mf_generic_kill_procs()
    // (:2208) → dax_lock_folio() finds folio->mapping NULL (fs/dax.c:431-435) → return -EBUSY (:1787-1789)
    // → action_result(pfn, MF_MSG_DAX, MF_FAILED) (:2213). The kernel agreed once the probe stopped faulting
    // the page in to find its pfn (dax_associate_entry() sets page->mapping, fs/dax.c:373).
    const r = run(ext4File([]));
    const [e] = r.ev;
    const pfn = Number(e.pfn);
    expect(e.dmesg).toEqual([msg.injectingAtPfn(pfn), msg.recovery(pfn, 'Failed')]);
    expect(e.return).toBe('-EBUSY');
    expect(e.signals).toEqual([]);
    expect(e.hardwareCorruptedKb).toBe(4);
  });

  it('the same page once faulted in: page->mapping is the file, the early mapper is signalled, "Recovered"', () => {
    const r = run(ext4File(['0x5000']));
    const [e] = r.ev;
    expect(e.result).toBe('Recovered');
    expect(e.signals.map((s) => s.code)).toEqual(['BUS_MCEERR_AO']);
  });

  it("the reproducer finds a file offset's pfn without faulting it (FIEMAP and the pfn device's data start)", () => {
    const plan = buildReproducer(run(ext4File([])).built, '');
    if (typeof plan === 'string') throw new Error(plan);
    const text = plan.files.find((f) => f.name === 'plan.txt')?.text ?? '';
    const script = plan.files.find((f) => f.name === 'run.sh')?.text ?? '';
    expect(text).toContain('event 0 pfn-file @DATARESOURCE@ /mnt/A 0x5000');
    expect(script).toContain('datares=/sys/block/pmem0/device/resource');
  });

  it('an aligned ext4 file is placed on an aligned extent, an aligned XFS file gets su and extsize', () => {
    const pmd = buildReproducer(simulateBuiltin('fsdax-pmd-mapping').built, '');
    if (typeof pmd === 'string') throw new Error(pmd);
    const script = pmd.files.find((f) => f.name === 'run.sh')?.text ?? '';
    expect(script).toContain("place_aligned '/mnt/A' 4194304 2097152");
    const xfs = simulateBuiltin('xfs-reflink-shared').built;
    const aligned = run({
      ...xfs.scenario,
      files: [{ path: '/mnt/A', size: '4MiB', align: '2MiB' }],
      processes: [],
      events: [],
    });
    const r = buildReproducer(aligned.built, '');
    if (typeof r === 'string') throw new Error(r);
    const text = r.files.find((f) => f.name === 'run.sh')?.text ?? '';
    expect(text).toContain('mkfs.xfs -q -f -m reflink=1,rmapbt=1 -d su=2097152,sw=1 /dev/pmem0');
    expect(text).toContain("-c 'extsize 2097152'");
  });
});
