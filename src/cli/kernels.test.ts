/** The CLI's kernel options, in process (kernels.ts returns what simulate.ts prints and its exit code). */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { listKernels, parseComparePair, runCompare, unknownKernel } from './kernels';

describe('--list-kernels', () => {
  it('--json: an array of { id, title, release, features: [{ id, release, provenance }] }', () => {
    const out = listKernels(true);
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    const v612 = doc.find((v: { id: string }) => v.id === '6.12');
    expect(v612).toMatchObject({ id: '6.12', release: 'v6.12.117' });
    expect(v612.features.find((f: { id: string }) => f.id === 'mf-pre-remove')).toEqual({
      id: 'mf-pre-remove',
      release: 'v6.8',
      provenance: expect.objectContaining({ commit: 'fa422b353d21' }),
    });
  });

  it('text: one line per variant and per feature, UNVERIFIED where the provenance is', () => {
    const out = listKernels(false).stdout;
    expect(out).toMatch(/^6\.12 /m);
    expect(out).toMatch(/early-kill-v5\.8 .*UNVERIFIED/);
  });
});

describe('kernel ids', () => {
  it('an unknown id names the option and lists the known ids', () => {
    expect(unknownKernel('--kernel', '4.2')).toMatch(/^--kernel: unknown kernel "4\.2"; known kernels: .*\b6\.1\b.*/);
    expect(unknownKernel('--kernel', '4.2')).toContain('6.12');
    expect(unknownKernel('--kernel', '6.12')).toBeNull();
  });

  it('--compare needs two known ids', () => {
    expect(parseComparePair('6.12,6.12')).toEqual(['6.12', '6.12']);
    expect(parseComparePair('6.12')).toMatch(/two kernel ids/);
    expect(parseComparePair('6.12,9')).toMatch(/^--compare: unknown kernel "9"; known kernels: /);
  });
});

describe('--compare', () => {
  const input = builtinScenario('xfs-reflink-shared');

  it('--json: { scenario, a, b, diff } with an empty diff when the outcomes are equal', () => {
    const out = runCompare(input, 'x', ['6.12', '6.12'], [], true);
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout);
    expect(Object.keys(doc)).toEqual(['scenario', 'a', 'b', 'diff']);
    expect(doc.scenario).toBe('xfs-reflink-shared');
    expect(doc.a.kernel).toBe('6.12');
    expect(doc.diff).toEqual([]);
  });

  it('a what-if against the real run: readable diff, and the flip in b', () => {
    const text = runCompare(input, 'x', {}, ['dax_lock_mapping_entry#1:busy'], false);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('real vs what if');
    expect(text.stdout).toMatch(
      /events\[0\]\.signals\[pid 202 pmtest\]:\n {2}real: .*BUS_MCEERR_AR.*\n {2}what if: no signal/,
    );
    const json = JSON.parse(runCompare(input, 'x', {}, ['dax_lock_mapping_entry#1:busy'], true).stdout);
    expect(json.b.flips).toHaveLength(1);
    expect(json.diff.length).toBeGreaterThan(0);
  });

  it('--at STEP: the struct page and xarray entries of the event pfn on both sides at that column', () => {
    const doc = JSON.parse(runCompare(input, 'x', ['6.1', '6.12'], [], true, { step: 'collect_procs_fsdax#1' }).stdout);
    expect(doc.struct).toMatchObject({ pfn: 0x102222, stepA: 'collect_procs_fsdax#1', stepB: 'collect_procs_fsdax#1' });
    expect(doc.struct.page.find((r: { field: string }) => r.field === 'mapping')).toEqual({
      field: 'mapping',
      a: 'ino:pmem0:131',
      b: 'PAGE_MAPPING_DAX_SHARED',
      differs: true,
    });
    const text = runCompare(input, 'x', {}, ['dax_lock_mapping_entry#1:busy'], false, {
      step: 'mf_dax_kill_procs/SetPageHWPoison#1',
      pfn: '0x102222',
    }).stdout;
    expect(text).toContain(
      'struct page of pfn 0x102222 at column 13: real after mf_dax_kill_procs/SetPageHWPoison#1, what if after dax_lock_mapping_entry#1',
    );
    expect(text).toContain('≠ flags: real 0x102000 (reserved|hwpoison) | what if 0x2000 (reserved)');
    // without --at or --pfn the document is as before
    expect(Object.keys(JSON.parse(runCompare(input, 'x', ['6.1', '6.12'], [], true).stdout))).not.toContain('struct');
  });

  it('--at and --pfn refuse what they cannot use, naming the option', () => {
    const step = runCompare(input, 'x', ['6.1', '6.12'], [], false, { step: 'nope#1' });
    expect(step.code).toBe(2);
    expect(step.stderr).toContain('--at: no step "nope#1" in the first run');
    const pfn = runCompare(input, 'x', ['6.1', '6.12'], [], false, { pfn: '12zz' });
    expect(pfn.code).toBe(2);
    expect(pfn.stderr).toContain('--pfn: "12zz" is not a pfn');
  });

  it('a flip that matches no step exits 2 and says so', () => {
    const out = runCompare(input, 'x', {}, ['nope#1'], false);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--flip: no step with a decision to flip: nope#1');
  });
});

describe('6.0 in the CLI', () => {
  it('--list-kernels names 6.0 with its features, and UNVERIFIED where the provenance is', () => {
    const doc = JSON.parse(listKernels(true).stdout);
    const v60 = doc.find((v: { id: string }) => v.id === '6.0');
    expect(v60).toMatchObject({ id: '6.0', release: 'v6.0' });
    const ids = v60.features.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['early-kill-v5.8', 'mf-holder-notify', 'kill-dax-notify']));
    // of the 6.x behaviour changes, 6.0 has only the holder ones; what came since 4.19 it has all of
    for (const f of ['xfs-range-fix', 'xfs-notify-scan-all', 'mf-pre-remove', 'dax-page-share'])
      expect(ids, f).not.toContain(f);
    expect(ids).toContain('mf-generic-helper');
    expect(listKernels(false).stdout).toMatch(/^6\.0 {2,}Linux 6\.0/m);
  });

  it('--compare 6.0,6.12 on unbind-pre-remove: 6.0 shuts XFS down at the AG headers and signals nobody', () => {
    const input = builtinScenario('unbind-pre-remove');
    const doc = JSON.parse(runCompare(input, 'x', ['6.0', '6.12'], [], true).stdout);
    expect(doc.a.kernel).toBe('6.0');
    expect(doc.diff.length).toBeGreaterThan(0);
    expect(doc.a.events[0].signals).toEqual([]);
    expect(doc.b.events[0].signals.length).toBeGreaterThan(0);
    const text = runCompare(input, 'x', ['6.0', '6.12'], [], false).stdout;
    expect(text).toMatch(/detected at xfs_dax_failure_fn.*\[only 6\.0\]/);
    expect(text).toMatch(/Device is about to be removed!.*\[only 6\.12\]/);
  });
});

describe('--list-kernels: the 2020 designs', () => {
  it('lists each design with its design feature, its provenance, and its review', () => {
    const doc = JSON.parse(listKernels(true).stdout) as {
      id: string;
      features: { id: string; provenance: { unverified?: string } }[];
      design?: { note: string; citations: { author: string }[]; mergedInstead: string };
    }[];
    for (const [id, author] of [
      ['rfc-2020-get-shared-files', 'Darrick J. Wong'],
      ['rfc-2020-corrupted-range', 'Jan Kara'],
    ]) {
      const k = doc.find((d) => d.id === id);
      expect(k, id).toBeDefined();
      expect(k?.features.find((f) => f.id === id)?.provenance.unverified).toMatch(/Shiyang Ruan/);
      expect(k?.design?.note).toBe(`docs/designs/${id}.md`);
      expect(k?.design?.citations[0].author).toBe(author);
    }
    expect(doc.find((d) => d.id === '6.12')).not.toHaveProperty('design');
  });
});

describe('--compare D,6.12 --json on each 2020 design review', () => {
  it('gives a non-empty diff naming what only the design does', () => {
    const cases: [string, string, string][] = [
      ['rfc2020-owner-list', 'rfc-2020-get-shared-files', 'events[0].allocations'],
      ['rfc2020-metadata-owner', 'rfc-2020-get-shared-files', 'events[0].shutdown'],
      ['rfc2020-ext4-unhandled', 'rfc-2020-corrupted-range', 'events[0].hwpoison'],
    ];
    for (const [id, design, observable] of cases) {
      const out = runCompare(builtinScenario(id), id, [design, '6.12'], [], true);
      expect(out.code, id).toBe(0);
      const doc = JSON.parse(out.stdout) as { diff: { observable: string }[] };
      expect(
        doc.diff.map((d) => d.observable),
        id,
      ).toContain(observable);
    }
  }, 30_000);
});
