/**
 * Issue 8 §1: what the rfc-2020-get-shared-files design allocates for one poison on a block a million open
 * files share. /mnt/A and 1,000,000 reflinked copies, every copy opened (its inode in core, as in the review's
 * "millions of open files"), one process mapping /mnt/A takes the machine check at +0x0.
 *
 * The design's run is stepped until get_shared_files() has returned its list (the walk that kills per entry
 * is 6.12's and not the design's cost); the figures are the report's allocations and leakedInodeRefs:
 * sizeof(struct shared_files) = 40 bytes on x86-64 (16 list_head + 8 mapping + 8 index + 8 cookie), served
 * from kmalloc-64. 6.12 builds no list: its callback kills per owner inside the same query.
 */

import { bench, describe } from 'vitest';
import { createActor } from 'xstate';
import { KMALLOC_SLAB_SHARED_FILES, SIZEOF_SHARED_FILES } from '../src/kernel/designs/getSharedFiles';
import { createMemoryFailureMachine } from '../src/pipeline/machine';
import { createRuntime } from '../src/pipeline/runtime';
import type { BuiltScenario } from '../src/scenario/build';
import { loadScenario } from '../src/scenario/parse';
import type { ScenarioInput } from '../src/scenario/schema';

const OWNERS_COPIES = 1_000_000;
const DESIGN = 'rfc-2020-get-shared-files';

const input: ScenarioInput = {
  format: 1,
  id: 'rfc2020-owner-list-million',
  kernel: DESIGN,
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '16GiB', map: 'mem' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
  files: [
    { path: '/mnt/A', size: '4MiB' },
    { path: '/mnt/copy-{n}', reflink: '/mnt/A', count: OWNERS_COPIES },
  ],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x0' }] }],
  events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x0' }],
};

/** Load the scenario and open every copy (the open(2) that brings an inode into the cache). */
function build(): BuiltScenario {
  const r = loadScenario(input);
  if (!r.ok) throw new Error(`does not load: ${JSON.stringify(r.issues.slice(0, 3))}`);
  const fs = r.value.k.filesystems.get('pmem0');
  if (!fs) throw new Error('no XFS on pmem0');
  r.value.k.j.enabled = false;
  for (let n = 0; n < OWNERS_COPIES; n++) r.value.k.lookupPath(fs, `/mnt/copy-${n}`);
  r.value.k.j.enabled = true;
  return r.value;
}

/** Step the design until memory_failure starts walking the list; return the counters it left. */
function untilListBuilt(built: BuiltScenario): { steps: number; ms: number } {
  const rt = createRuntime(built.k, built.events);
  const actor = createActor(createMemoryFailureMachine(DESIGN), { input: { rt } });
  const t0 = performance.now();
  actor.start();
  while (!rt.steps.some((s) => s.state === 'memory_failure_dev_pagemap@xfs_fs_get_shared_files')) {
    if (actor.getSnapshot().status !== 'active') throw new Error('the run ended before the list was walked');
    actor.send({ type: 'step' });
  }
  const ms = performance.now() - t0;
  actor.stop();
  return { steps: rt.steps.length, ms };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB (${(bytes / 2 ** 20).toFixed(1)} MiB)`;

describe('rfc-2020-get-shared-files: the owner list for 1,000,001 open owners', () => {
  let printed = false;
  bench(
    'get_shared_files() list of 1,000,001 entries',
    () => {
      const built = build();
      const heap0 = process.memoryUsage().heapUsed;
      const { steps, ms } = untilListBuilt(built);
      if (printed) return;
      printed = true;
      const c = built.k.counters;
      const owners = OWNERS_COPIES + 1;
      if (c.owner_list_entries !== owners || c.owner_list_bytes !== owners * SIZEOF_SHARED_FILES)
        throw new Error(`expected ${owners} entries, got ${c.owner_list_entries} (${c.owner_list_bytes} bytes)`);
      console.log(
        [
          `owners (rmap records of the block, all in core): ${owners.toLocaleString('en')}`,
          `allocations: { entries: ${c.owner_list_entries}, bytes: ${c.owner_list_bytes} } = ${mb(c.owner_list_bytes)} requested, ${mb(owners * KMALLOC_SLAB_SHARED_FILES)} from kmalloc-64`,
          `leakedInodeRefs: ${c.leaked_inode_refs.toLocaleString('en')}`,
          `6.12: allocations { entries: 0, bytes: 0 }, leakedInodeRefs 0 (the callback kills per owner, xfs_irele() each)`,
          `simulator: ${steps} steps to the list, ${ms.toFixed(0)} ms, heap +${mb(process.memoryUsage().heapUsed - heap0)}`,
        ].join('\n'),
      );
    },
    { iterations: 1, warmupIterations: 0 },
  );
});
