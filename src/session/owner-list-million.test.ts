/**
 * Issue 8: bench/rfc2020-owner-list-million.scenario.json, the 2020 review's "millions of open files
 * reflinked to this range of pmem" as a scenario file. The unit suite runs a scaled copy (5,000 open copies
 * instead of 1,000,000: the full file takes ~5 s of CPU per kernel; bench/rfc2020-owner-list.bench.ts runs
 * it whole) on rfc-2020-get-shared-files and 6.12, and checks that folding quiet rounds
 * (src/kernel/mm/quiet-rounds.ts) changes nothing but the number of steps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { KMALLOC_SLAB_SHARED_FILES, SIZEOF_SHARED_FILES } from '../kernel/designs/getSharedFiles';
import { checkInvariants } from '../kernel/invariants';
import type { EventReport } from '../pipeline/report';
import type { ScenarioInput } from '../scenario/schema';
import { scenarioSchema } from '../scenario/schema';
import { type Run, run } from './__fixtures__/helpers';

// the fold threshold, switchable per test: Infinity steps every round call by call
const fold = vi.hoisted(() => ({ min: 1024 }));
vi.mock('../kernel/mm/quiet-rounds', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../kernel/mm/quiet-rounds')>();
  return {
    ...orig,
    get QUIET_FOLD_MIN() {
      return fold.min;
    },
  };
});

const FILE = new URL('../../bench/rfc2020-owner-list-million.scenario.json', import.meta.url);
const GSF = 'rfc-2020-get-shared-files';
const SCALED = 5_000;

const million = JSON.parse(readFileSync(FILE, 'utf8')) as ScenarioInput;

/** The file with `copies` open copies instead of a million. */
function scaled(copies: number): ScenarioInput {
  const files = (million.files ?? []).map((f) => (f.count !== undefined ? { ...f, count: copies } : f));
  return { ...million, files };
}

/** What an event did, without the step numbers a fold changes. */
const outcome = ({ steps: _s, ...rest }: EventReport) => rest;

describe('the 1M-owner design review as a scenario file', () => {
  it('is a valid scenario: /mnt/A and 1,000,000 reflinked copies, every copy open, on the design', () => {
    const s = scenarioSchema.parse(million);
    expect(s.kernel).toBe(GSF);
    expect(s.files[1]).toMatchObject({ path: '/mnt/copy-{n}', reflink: '/mnt/A', count: 1_000_000, open: true });
  });

  const design = run(scaled(SCALED));
  const v612 = run(scaled(SCALED), '6.12');
  const owners = SCALED + 1;

  it('the design allocates one 40-byte entry per owner and leaks every reference; 6.12 neither', () => {
    expect(design.ev[0].allocations).toEqual({ bytes: owners * SIZEOF_SHARED_FILES, entries: owners });
    expect(design.ev[0].leakedInodeRefs).toBe(owners);
    expect(v612.ev[0].allocations).toEqual({ bytes: 0, entries: 0 });
    expect(v612.ev[0].leakedInodeRefs).toBe(0);
    // the full file's figure: 1,000,001 × 40 = 40,000,040 bytes requested, 64,000,064 from kmalloc-64
    expect(1_000_001 * SIZEOF_SHARED_FILES).toBe(40_000_040);
    expect(1_000_001 * KMALLOC_SLAB_SHARED_FILES).toBe(64_000_064);
  });

  it('the kills are the same on both: P alone is signalled (the copies are open, not mapped)', () => {
    expect(design.ev[0].signals).toEqual(v612.ev[0].signals);
    expect(v612.ev[0].signals.map((s) => s.code)).toEqual(['BUS_MCEERR_AR']);
  });

  it('the kernel invariants hold at the end of a folded run on both', () => {
    // 1,100 copies (still a folded run): the check matches every in-core inode's extents against all the
    // block's rmap records, quadratic in the copies
    for (const kernel of [GSF, '6.12']) {
      const r = run(scaled(1_100), kernel);
      expect(r.sim.rt.steps.some((s) => (s.group?.count ?? 0) >= 1_024 || /entries 2–1101 /.test(s.summary))).toBe(
        true,
      );
      expect(checkInvariants(r.k), kernel).toEqual([]);
    }
  }, 60_000);

  it("the copies' quiet rounds are one step on each side, covering every owner", () => {
    const quiet612 = v612.sim.rt.steps.filter((s) => s.state === 'xfs_dax_failure_fn' && s.group);
    expect(quiet612.map((s) => s.group?.count)).toEqual([SCALED]);
    const walk = design.sim.rt.steps.filter(
      (s) => s.fn === 'memory_failure_dev_pagemap' && /entries 2–/.test(s.summary),
    );
    expect(walk.length).toBe(1);
    expect(v612.sim.rt.steps.length).toBeLessThan(40);
  });

  it.each([GSF, '6.12'])(
    'on %s, stepping every round call by call ends in the same outcome',
    (kernel) => {
      const folded: Run = kernel === GSF ? design : v612;
      fold.min = Number.POSITIVE_INFINITY;
      try {
        const stepped = run(scaled(SCALED), kernel);
        expect(stepped.sim.rt.steps.length).toBeGreaterThan(SCALED * 4);
        expect(stepped.report.events.map(outcome)).toEqual(folded.report.events.map(outcome));
        expect(stepped.report.processes).toEqual(folded.report.processes);
      } finally {
        fold.min = 1024;
      }
    },
    60_000,
  );
});
