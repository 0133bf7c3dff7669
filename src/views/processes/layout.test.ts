import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import { type ProcessVM, selectProcesses } from '../../store/selectors';
import {
  estimateLaneHeight,
  focusOf,
  formatSize,
  HEIGHT_BAR_ONLY,
  HEIGHT_WITH_STRIP,
  layoutLane,
  levelLabel,
  MIN_MARK,
  PAD,
  WINDOW_PAGES,
} from './layout';

const MiB = 1024 * 1024;
const base = 0x7f0000000000;

function proc(over: Partial<ProcessVM> = {}): ProcessVM {
  return {
    id: 'task:1',
    pid: 1,
    comm: 'pmtest',
    name: 'P',
    policy: 'default',
    exited: false,
    vmas: [
      {
        id: `vma:1:0x${base.toString(16)}`,
        name: 'a',
        start: base,
        end: base + 4 * MiB,
        pgoff: 0,
        target: '/mnt/A',
        mappingId: 'ino:pmem0:131',
        entries: [],
      },
    ],
    poisonAddrs: [],
    signals: [],
    pending: [],
    note: null,
    reasons: [],
    unmapped: [],
    ...over,
  };
}

describe('processes layout', () => {
  it('names levels and sizes', () => {
    expect(levelLabel('pte')).toBe('PTE 4K');
    expect(levelLabel('pmd')).toBe('PMD 2M');
    expect(levelLabel('pud')).toBe('PUD 1G');
    expect(formatSize(4096)).toBe('4 KiB');
    expect(formatSize(4 * MiB)).toBe('4 MiB');
    expect(formatSize(1024 * MiB)).toBe('1 GiB');
    expect(formatSize(12288)).toBe('12 KiB');
  });

  it('spans one VMA across the width, scales leaves linearly and widens tiny ones', () => {
    const p = proc();
    p.vmas[0].entries = [
      { id: 'pt:1:pmd', addr: base, size: 2 * MiB, level: 'pmd', pfn: 0x102800 },
      { id: 'pt:1:pte', addr: base + 3 * MiB + 0x3000, size: 4096, level: 'pte', pfn: 0x102222 },
    ];
    const L = layoutLane(p, 408);
    expect(L.segments).toHaveLength(1);
    expect(L.segments[0].x0).toBe(PAD);
    expect(L.segments[0].x1).toBe(408 - PAD);
    const [pmd, pte] = L.leaves;
    expect(pmd.x).toBeCloseTo(PAD);
    expect(pmd.w).toBeCloseTo(200); // half of 400 px
    expect(pmd.labelInside).toBe(true);
    expect(pte.w).toBe(MIN_MARK);
    expect(pte.x).toBeCloseTo(PAD + 300 + (0x3000 / (4 * MiB)) * 400, 0);
    expect(pte.labelInside).toBe(false);
  });

  it('puts several VMAs on a broken axis, each at least a minimum width, in order', () => {
    const p = proc();
    p.vmas.push({ ...p.vmas[0], id: 'vma:1:b', name: 'b', start: base + 1024 * MiB, end: base + 1024 * MiB + 4096 });
    const L = layoutLane(p, 500);
    expect(L.segments).toHaveLength(2);
    const [a, b] = L.segments;
    expect(a.x1).toBeLessThan(b.x0);
    expect(b.x1 - b.x0).toBeGreaterThanOrEqual(64);
    expect(b.x1).toBeCloseTo(500 - PAD);
  });

  it('focuses the magnifier on the poisoned address and marks its cell', () => {
    const p = proc({
      poisonAddrs: [{ vmaId: `vma:1:0x${base.toString(16)}`, addr: base + 0x3000, mapped: false }],
      unmapped: [{ start: base + 0x3000, end: base + 0x4000, cause: 'unmap_and_kill() for pfn 0x102222', step: null }],
    });
    expect(focusOf(p)?.addr).toBe(base + 0x3000);
    const L = layoutLane(p, 420);
    const W = L.window;
    expect(W).not.toBeNull();
    if (!W) return;
    expect(W.start).toBe(base);
    expect(W.cells).toHaveLength(WINDOW_PAGES);
    expect(W.cells.map((c) => c.index)).toEqual([...Array(WINDOW_PAGES).keys()]);
    expect(W.cells[3].poison).toBe('unmapped');
    expect(W.cells.filter((c) => c.poison)).toHaveLength(1);
    expect(W.unmapped).toHaveLength(1);
    expect(W.unmapped[0].x).toBeCloseTo(W.cells[3].x);
    expect(W.unmapped[0].w).toBeCloseTo(W.cells[3].w);
    expect(L.poison[0].mapped).toBe(false);
    expect(L.height).toBeGreaterThan(100);
  });

  it('clips a PMD leaf to the window and says it continues', () => {
    const p = proc();
    p.vmas[0].entries = [{ id: 'pt:1:pmd', addr: base, size: 2 * MiB, level: 'pmd', pfn: 0x102800 }];
    const W = layoutLane(p, 420).window;
    expect(W?.leaves[0]).toMatchObject({ clipLeft: false, clipRight: true, label: 'PMD 2M' });
    expect(W?.leaves[0].w).toBeCloseTo(420 - 2 * PAD);
  });

  it('uses vm_pgoff for the page index and keeps the window inside the VMA', () => {
    const p = proc();
    p.vmas[0] = { ...p.vmas[0], start: base, end: base + 8 * 4096, pgoff: 100 };
    p.poisonAddrs = [{ vmaId: p.vmas[0].id, addr: base + 7 * 4096, mapped: true }];
    const W = layoutLane(p, 420).window;
    expect(W?.cells).toHaveLength(8);
    expect(W?.firstIndex).toBe(100);
    expect(W?.lastIndex).toBe(107);
    expect(W?.cells[7].poison).toBe('mapped');
  });

  it('has no magnifier when nothing is at page scale', () => {
    const L = layoutLane(proc(), 420);
    expect(L.window).toBeNull();
    expect(L.height).toBeLessThan(60);
  });

  it('lays out every process of xfs-reflink-shared inside the width', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared', cursor: 0 });
    store.getState().setAllLanes(true);
    const procs = selectProcesses(store.getState()) ?? [];
    expect(procs.map((p) => p.name)).toEqual(['Q', 'R', 'P']);
    for (const p of procs) {
      const L = layoutLane(p, 420);
      for (const m of [...L.leaves, ...L.unmapped]) {
        expect(m.x).toBeGreaterThanOrEqual(PAD - 0.001);
        expect(m.x + m.w).toBeLessThanOrEqual(420 - PAD + 0.001);
      }
      expect(L.window).not.toBeNull();
    }
  });
});

describe('estimateLaneHeight', () => {
  it('grows with what the lane lists, and with the magnifier when there is something at page scale', () => {
    const bare = estimateLaneHeight(proc());
    const v = proc().vmas[0];
    const leaf = { id: 'pt:1:0x7f0000000000', addr: base, size: 4096, level: 'pte', pfn: 0x100000 };
    const mapped = estimateLaneHeight(proc({ vmas: [{ ...v, entries: [leaf] }] }));
    // one more facts line, and the magnifier instead of the bar only
    expect(mapped - bare).toBeGreaterThanOrEqual(HEIGHT_WITH_STRIP - HEIGHT_BAR_ONLY);
    const signalled = estimateLaneHeight(
      proc({
        signals: [
          { pid: 1, name: 'P', signo: 'SIGBUS', code: 'BUS_MCEERR_AR', addr: '0x7f0000000000', lsb: 12 },
        ] as ProcessVM['signals'],
      }),
    );
    expect(signalled).toBeGreaterThan(bare);
    expect(estimateLaneHeight(proc(), 4)).toBeGreaterThan(bare);
    expect(estimateLaneHeight(proc({ vmas: [] }))).toBeLessThan(bare);
  });
});
