/**
 * PageArray / VmemmapLayout cost for a 1 TiB device-dax namespace (2^28 pfns): construction with 2 MiB and
 * 1 GiB alignment, and random struct page reads. Also prints the heap a 1 TiB construction keeps
 * (heapUsed + arrayBuffers, after a GC when node runs with --expose-gc).
 */
import { bench, describe } from 'vitest';
import { devdaxPagemap } from '../src/kernel/drivers/nvdimm-pfn';
import { PageArray } from '../src/kernel/mm/page';
import { VmemmapLayout } from '../src/kernel/mm/sparse-vmemmap';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const TiB = 2 ** 40;

function build(align: number, map: 'mem' | 'dev' = 'mem'): PageArray {
  const { pgmap } = devdaxPagemap({ name: 'dax9.0', start: 1 * TiB, size: 1 * TiB, align, map });
  return new PageArray(pgmap, new VmemmapLayout(pgmap, { ramBasePfn: 0x100000 }), 'dax9.0');
}

const gc = (globalThis as { gc?: () => void }).gc;
const used = () => {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

for (const [label, align, map] of [
  ['2 MiB, -M mem', 2 * MiB, 'mem'],
  ['1 GiB, -M mem', 1 * GiB, 'mem'],
  ['2 MiB, -M dev', 2 * MiB, 'dev'],
] as const) {
  const h0 = used();
  const t0 = performance.now();
  const kept = build(align, map);
  const ms = performance.now() - t0;
  const delta = used() - h0;
  console.log(
    `1 TiB devdax ${label}: constructed in ${ms.toFixed(2)} ms, heap delta ${(delta / 1024).toFixed(0)} KiB` +
      `${gc ? '' : ' (no --expose-gc: includes garbage)'}, ${kept.layout.nrChunks} populate chunks`,
  );
}

describe('construct a 1 TiB devdax namespace', () => {
  bench('2 MiB alignment, memmap in RAM (deduplicated)', () => {
    build(2 * MiB);
  });
  bench('1 GiB alignment, memmap in RAM (deduplicated)', () => {
    build(1 * GiB);
  });
  bench('2 MiB alignment, memmap on the device (altmap)', () => {
    build(2 * MiB, 'dev');
  });
});

describe('1M random page() reads on a 1 TiB devdax namespace', () => {
  for (const [label, align] of [
    ['2 MiB alignment', 2 * MiB],
    ['1 GiB alignment', 1 * GiB],
  ] as const) {
    const pages = build(align);
    const span = pages.endPfn - pages.startPfn;
    bench(
      label,
      () => {
        let x = 0x9e3779b9;
        let acc = 0;
        for (let i = 0; i < 1_000_000; i++) {
          x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
          acc += pages.page(pages.startPfn + (x % span))._refcount;
        }
        if (acc < 0) throw new Error('unreachable');
      },
      { iterations: 5, time: 0 },
    );
  }
});
