/**
 * Issue 8 §1: what the rfc-2020-get-shared-files design allocates for one poison on a block a million open
 * files share: bench/rfc2020-owner-list-million.scenario.json (/mnt/A and 1,000,000 reflinked copies, every
 * copy `open`, so its inode is in core as in the review's "millions of open files"; one process mapping /mnt/A
 * takes the machine check at +0x0), loaded from the file and run whole on the design and on 6.12.
 *
 * The figures are the report's allocations and leakedInodeRefs: sizeof(struct shared_files) = 40 bytes on
 * x86-64 (16 list_head + 8 mapping + 8 index + 8 cookie), served from kmalloc-64. 6.12 builds no list: its
 * callback kills per owner inside the same query and xfs_irele()s each inode. The million copies' rounds
 * change nothing (nobody maps them): they are folded into one step per side (src/kernel/mm/quiet-rounds.ts).
 */

import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { KMALLOC_SLAB_SHARED_FILES, SIZEOF_SHARED_FILES } from '../src/kernel/designs/getSharedFiles';
import { simulateScenario } from '../src/session/simulate';

const GSF = 'rfc-2020-get-shared-files';
const OWNERS = 1_000_001;
const text = readFileSync(new URL('./rfc2020-owner-list-million.scenario.json', import.meta.url), 'utf8');

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB (${(bytes / 2 ** 20).toFixed(1)} MiB)`;

/** Load and run the file on `kernel`; its first event's counters, steps and times. */
function runOn(kernel: string) {
  const t0 = performance.now();
  const r = simulateScenario(text, { kernel });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`does not load: ${JSON.stringify(r.issues.slice(0, 3))}`);
  const ev = r.sim.report.events[0];
  return { ev, steps: r.sim.rt.steps.length, ms };
}

describe('rfc-2020-get-shared-files: the owner list for 1,000,001 open owners (scenario file)', () => {
  let printed = false;
  bench(
    'load + run on the design and on 6.12',
    () => {
      const design = runOn(GSF);
      const v612 = runOn('6.12');
      if (printed) return;
      printed = true;
      const a = design.ev.allocations;
      if (a.entries !== OWNERS || a.bytes !== OWNERS * SIZEOF_SHARED_FILES)
        throw new Error(`expected ${OWNERS} entries, got ${a.entries} (${a.bytes} bytes)`);
      if (design.ev.leakedInodeRefs !== OWNERS || v612.ev.leakedInodeRefs !== 0 || v612.ev.allocations.bytes !== 0)
        throw new Error('leaked references: expected 1,000,001 on the design and 0 on 6.12');
      console.log(
        [
          `owners (rmap records of the block, all in core): ${OWNERS.toLocaleString('en')}`,
          `${GSF}: allocations { entries: ${a.entries}, bytes: ${a.bytes} } = ${mb(a.bytes)} requested, ${mb(OWNERS * KMALLOC_SLAB_SHARED_FILES)} from kmalloc-64; leakedInodeRefs ${design.ev.leakedInodeRefs.toLocaleString('en')}; ${design.steps} steps, ${design.ms.toFixed(0)} ms load + run`,
          `6.12: allocations { entries: ${v612.ev.allocations.entries}, bytes: ${v612.ev.allocations.bytes} }, leakedInodeRefs ${v612.ev.leakedInodeRefs}; ${v612.steps} steps, ${v612.ms.toFixed(0)} ms load + run`,
        ].join('\n'),
      );
    },
    { iterations: 1, warmupIterations: 0 },
  );
});
