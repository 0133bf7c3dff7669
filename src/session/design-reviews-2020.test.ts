/**
 * The 2020 patch designs against 6.12, on their design-review built-ins: each flaw the review named shows
 * on the design, and 6.12 handles the same scenario correctly (docs/designs/rfc-2020-*.md).
 */
import { describe, expect, it } from 'vitest';
import { diffReports } from '../compare/diff';
import { SIZEOF_SHARED_FILES } from '../kernel/designs/getSharedFiles';
import { getVariant } from '../kernel/variants/variants';
import { builtinScenario, isDesignReview } from '../scenario/builtins';
import type { ScenarioInput } from '../scenario/schema';
import { pidOf, type Run, run } from './__fixtures__/helpers';

const GSF = 'rfc-2020-get-shared-files';
const CR = 'rfc-2020-corrupted-range';

function review(id: string): ScenarioInput {
  const s = builtinScenario(id);
  if (!s) throw new Error(`no built-in ${id}`);
  return s;
}

const flawSteps = (r: Run) => r.sim.rt.steps.filter((s) => s.flaw);

describe('design reviews: the 2020 designs as variants', () => {
  it('each design variant is 6.12 plus its own feature, with a note, citations and what merged instead', () => {
    const base = getVariant('6.12').features;
    for (const [id, feature] of [
      [GSF, 'rfc-2020-get-shared-files'],
      [CR, 'rfc-2020-corrupted-range'],
    ] as const) {
      const v = getVariant(id);
      expect(v.features).toEqual([...base, feature]);
      expect(v.design?.note).toBe(`docs/designs/${id}.md`);
      expect(v.design?.citations.length).toBeGreaterThan(0);
      expect(v.design?.replaces.length).toBeGreaterThan(0);
      expect(v.release).toBe('unmerged');
    }
  });

  it('the design-review built-ins name a design variant; the nine others do not', () => {
    for (const id of ['rfc2020-owner-list', 'rfc2020-metadata-owner', 'rfc2020-ext4-unhandled'])
      expect(isDesignReview(review(id)), id).toBe(true);
    expect(isDesignReview(review('xfs-reflink-shared'))).toBe(false);
  });
});

describe('rfc2020-owner-list: one 40-byte entry and one leaked inode reference per owner', () => {
  const design = run(review('rfc2020-owner-list'));
  const v612 = run(review('rfc2020-owner-list'), '6.12');
  const owners = 101;

  it('the design allocates the list and leaks every reference; 6.12 allocates no list and leaks none', () => {
    expect(design.ev[0].allocations).toEqual({ bytes: owners * SIZEOF_SHARED_FILES, entries: owners });
    expect(design.ev[0].leakedInodeRefs).toBe(owners);
    expect(v612.ev[0].allocations).toEqual({ bytes: 0, entries: 0 });
    expect(v612.ev[0].leakedInodeRefs).toBe(0);
  });

  it('the kills are the same: only the list differs, so the compare diff is exactly allocations and leaks', () => {
    expect(design.ev[0].signals).toEqual(v612.ev[0].signals);
    expect(design.ev[0].unmapped).toEqual(v612.ev[0].unmapped);
    expect(diffReports(design.report, v612.report).map((d) => d.observable)).toEqual([
      'events[0].allocations',
      'events[0].leakedInodeRefs',
    ]);
  });

  it('marks the flaw at _get_shared_files_fn, and no step of 6.12', () => {
    expect(flawSteps(design).map((s) => s.fn)).toEqual(['_get_shared_files_fn']);
    expect(flawSteps(design)[0].flaw).toMatch(/millions of open files/);
    expect(flawSteps(v612)).toEqual([]);
  });
});

describe('rfc2020-metadata-owner: xfs_iget() on XFS_RMAP_OWN_INODES, error unchecked', () => {
  const design = run(review('rfc2020-metadata-owner'));
  const v612 = run(review('rfc2020-metadata-owner'), '6.12');

  it('the design oopses (UNVERIFIED) at the uninitialised pointer; nothing is shut down or reported', () => {
    expect(design.sim.final).toBe('oops');
    const step = flawSteps(design)[0];
    expect(step.fn).toBe('_get_shared_files_fn');
    expect(step.summary).toMatch(/XFS_RMAP_OWN_INODES.*-EINVAL, not checked/);
    expect(step.summary).toMatch(/UNVERIFIED/);
    expect(design.ev[0].dmesg).toContain('Oops: 0000 [#1] PREEMPT SMP NOPTI');
    expect(design.ev[0].result).toBeNull();
    expect(design.ev[0].shutdown).toBe(false);
  });

  it('6.12 notes the metadata owner, shuts XFS down and reports Failed', () => {
    expect(v612.sim.final).toBe('done');
    expect(v612.ev[0].shutdown).toBe(true);
    expect(v612.ev[0].result).toBe('Failed');
    expect(v612.ev[0].dmesg.some((l) => l.startsWith('Oops'))).toBe(false);
  });
});

describe('rfc2020-ext4-unhandled: ext4 has no ->corrupted_range and the fallback is gone', () => {
  const design = run(review('rfc2020-ext4-unhandled'));
  const v612 = run(review('rfc2020-ext4-unhandled'), '6.12');

  it('on the design nobody is signalled, nothing is unmapped or marked, and V still maps the poisoned page', () => {
    for (const e of design.ev) {
      expect(e.signals).toEqual([]);
      expect(e.unmapped).toEqual([]);
      expect(e.hwpoison).toEqual([]);
      expect(e.return).toBe('-EOPNOTSUPP');
      expect(e.result).toBeNull();
    }
    // V's next load goes through its PTE into the poison again: a second machine check, handled the same way
    expect(design.sim.rt.steps.filter((s) => s.event === 1).map((s) => s.fn)).toContain('do_machine_check');
    expect(flawSteps(design).map((s) => s.fn)).toEqual(['memory_failure_dev_pagemap', 'memory_failure_dev_pagemap']);
  });

  it('6.12 falls back to page->mapping: P gets BUS_MCEERR_AR, V loses its PTE and its next access faults to SIGBUS', () => {
    const p = pidOf(v612, 'P');
    const v = pidOf(v612, 'V');
    expect(v612.ev[0].signals.map((s) => [s.pid, s.code])).toEqual([[p, 'BUS_MCEERR_AR']]);
    expect(v612.ev[0].unmapped.map((u) => u.pid).sort()).toEqual([v, p].sort());
    expect(v612.ev[1].signals.map((s) => [s.pid, s.code])).toEqual([[v, 'BUS_MCEERR_AR']]);
  });

  it('the compare diff names the signals that only 6.12 sends', () => {
    const diff = diffReports(design.report, v612.report).map((d) => d.observable);
    expect(diff).toContain(`events[0].signals[pid ${pidOf(v612, 'P')} pmtest]`);
    expect(diff).toContain('events[0].hwpoison');
  });
});

describe('rfc-2020-get-shared-files on xfs-reflink-shared: index = rm_offset, the extent start', () => {
  it("the list entry names the extent's first page, not the failed one, so nobody mapping +0x3000 is killed", () => {
    const s = review('xfs-reflink-shared');
    const design = run(s, GSF);
    const v612 = run(s, '6.12');
    expect(design.ev[0].allocations.entries).toBe(2);
    expect(design.ev[0].signals).toEqual([]);
    expect(v612.ev[0].signals.length).toBeGreaterThan(0);
    const fn = design.sim.rt.steps.find((st) => st.fn === '_get_shared_files_fn');
    expect(fn?.summary).toMatch(/index = rm_offset is the extent's first page, 3 before the failed one/);
  });
});

describe('rfc-2020-get-shared-files past AG 0: XFS_B_TO_FSB gives a linear block, used as an AG block', () => {
  const input: ScenarioInput = {
    format: 1,
    id: 'gsf-second-ag',
    namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '8GiB', map: 'mem' }],
    filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true, agcount: 4 }],
    // 5 GiB into the data area: AG 2 of four 2 GiB AGs
    files: [{ path: '/mnt/A', extents: [{ offset: '0', length: '1MiB', device: '0x140000000' }] }],
    processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x0' }] }],
    events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x0' }],
  };

  it('queries the wrong block on the design (nobody found, nobody signalled); 6.12 signals P', () => {
    const design = run(input, GSF);
    const v612 = run(input, '6.12');
    const step = design.sim.rt.steps.find((s) => s.fn === 'xfs_fs_get_shared_files');
    expect(step?.flaw).toMatch(/linear block number/);
    expect(design.ev[0].allocations.entries).toBe(0);
    expect(design.ev[0].signals).toEqual([]);
    expect(v612.ev[0].signals.map((s) => s.code)).toEqual(['BUS_MCEERR_AR']);
  });
});

describe('source links on a design variant', () => {
  it("the design's own functions link to its posting; the rest links into 6.12's source", async () => {
    const { designAwareLink } = await import('../store/selectors');
    const own = designAwareLink(GSF, '_get_shared_files_fn');
    expect(own.version).toBe('unmerged');
    expect(own.url).toBe('http://mail.spinics.net/lists/linux-xfs/msg43596.html');
    const kept = designAwareLink(GSF, 'mf_dax_kill_procs');
    expect(kept.exact).toBe(true);
    expect(kept.url).toMatch(/v6\.12\.117\/source\/mm\/memory-failure\.c#L\d+$/);
    expect(designAwareLink(CR, 'pmem_pgmap_memory_failure').url).toBe('https://lkml.org/lkml/2020/9/15/354');
  });
});
