import { describe, expect, it } from 'vitest';
import { createAppStore } from './inlineStore';
import { selectStructPages } from './selectors';
import {
  explainOptimize,
  focusPfnOf,
  formatBytes,
  highlightKind,
  parsePfnId,
  parsePfnInput,
  savingsLine,
  selectFocusPfnNamespace,
  selectStructPageFocus,
  storageHighlight,
} from './structPagesModel';

// devdax-2m-compound: dax0.0, 2 GiB at pfn 0x100000, data (and the first data compound page) at 0x100200
const HEAD = 0x100200;

function devdax(selection: string | null) {
  const store = createAppStore({ scenario: 'devdax-2m-compound' });
  store.getState().select(selection);
  return store;
}

describe('parsing', () => {
  it('reads pfn ids', () => {
    expect(parsePfnId('pfn:0x100264')).toBe(0x100264);
    expect(parsePfnId('ino:pmem0:131:3')).toBeNull();
    expect(parsePfnId(null)).toBeNull();
    expect(parsePfnId('pfn:zz')).toBeNull();
  });
  it('reads typed pfns in hex, or decimal after #', () => {
    expect(parsePfnInput('0x100264')).toBe(0x100264);
    expect(parsePfnInput(' 100264 ')).toBe(0x100264);
    expect(parsePfnInput('pfn:0x10')).toBe(16);
    expect(parsePfnInput('#1049188')).toBe(1049188);
    expect(parsePfnInput('0xg')).toBeNull();
    expect(parsePfnInput('')).toBeNull();
  });
  it('formats byte counts in binary units', () => {
    expect(formatBytes(24576)).toBe('24 KiB');
    expect(formatBytes(25165824)).toBe('24 MiB');
    expect(formatBytes(2 ** 21)).toBe('2 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(0)).toBe('0 bytes');
  });
});

describe('focusPfnOf', () => {
  it('takes the selection when it is a pfn', () => {
    expect(focusPfnOf('pfn:0x5', ['pfn:0x9'])).toBe(5);
  });
  it('else the first linked pfn, preferring the focused namespace', () => {
    expect(focusPfnOf('task:202', ['task:202', 'pfn:0x9', 'pfn:0x100001'], { first: 0x100000, end: 0x180000 })).toBe(
      0x100001,
    );
    expect(focusPfnOf('task:202', ['task:202', 'pfn:0x9'], { first: 0x100000, end: 0x180000 })).toBe(9);
    expect(focusPfnOf(null, [])).toBeNull();
  });
});

describe('storage sharing of a deduplicated compound page (devdax-2m-compound)', () => {
  it('a tail in vmemmap page 1 shares its frame with the 448 struct pages of pages 1–7, and its bytes with 7', () => {
    const s = devdax(`pfn:0x${(HEAD + 100).toString(16)}`).getState();
    const f = selectStructPageFocus(s);
    expect(f?.pfn).toBe(HEAD + 100);
    expect(f?.direct).toBe(true);
    expect(f?.inNamespace).toBe(true);
    const h = f?.highlight;
    expect(h?.aliased).toBe(true);
    expect(h?.sharers).toEqual([{ first: HEAD + 64, last: HEAD + 511 }]);
    expect(h?.count).toBe(448);
    expect(h?.framePages).toBe(7);
    expect(h?.slots).toEqual({ first: HEAD + 100, last: HEAD + 100 + 6 * 64, stride: 64, count: 7 });
    // lights up: the same compound page's struct pages in vmemmap pages 1..7, not page 0, not the next compound page
    expect(h && highlightKind(h, HEAD + 36)).toBeNull();
    expect(h && highlightKind(h, HEAD + 64)).toBe('frame');
    expect(h && highlightKind(h, HEAD + 164)).toBe('slot');
    expect(h && highlightKind(h, HEAD + 165)).toBe('frame');
    expect(h && highlightKind(h, HEAD + 512 + 100)).toBeNull();
  });

  it('a tail in vmemmap page 0 and the head share nothing', () => {
    for (const pfn of [HEAD, HEAD + 5]) {
      const h = selectStructPageFocus(devdax(`pfn:0x${pfn.toString(16)}`).getState())?.highlight;
      expect(h?.aliased).toBe(false);
      expect(h?.count).toBe(0);
      expect(h?.slots).toBeNull();
    }
  });

  it('draws the compound page: 8 vmemmap pages, pages 2..7 on page 1’s frame', () => {
    const c = selectStructPageFocus(devdax(`pfn:0x${(HEAD + 100).toString(16)}`).getState())?.compound;
    expect(c).toBeTruthy();
    if (!c) return;
    expect(c.head).toBe(HEAD);
    expect(c.order).toBe(9);
    expect(c.vmemmapPages).toBe(8);
    expect(c.boxes.map((b) => b.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(c.boxes.map((b) => b.backing)).toEqual([
      'compound-head',
      'compound-tail',
      ...Array(6).fill('compound-reuse'),
    ]);
    expect(new Set(c.boxes.slice(1).map((b) => b.frame)).size).toBe(1);
    expect(c.boxes[0].frame).not.toBe(c.boxes[1].frame);
    expect(c.boxes.find((b) => b.selected)?.index).toBe(1);
    // each box names the struct page in the selected one's slot
    expect(c.boxes.map((b) => b.pfn)).toEqual(Array.from({ length: 8 }, (_, i) => HEAD + 36 + 64 * i));
    expect(c.boxes[2].vaddr).toBe('0xffffea000400a000');
    expect(c.frames).toEqual([
      { frame: c.boxes[0].frame, pages: 1, backing: 'compound-head' },
      { frame: c.boxes[1].frame, pages: 7, backing: 'compound-tail' },
    ]);
    expect([c.unique, c.aliased, c.bytesSaved]).toEqual([2, 6, 24576]);
  });

  it('does the arithmetic and says why dedup is on', () => {
    const s = devdax(`pfn:0x${(HEAD + 100).toString(16)}`).getState();
    const ns = selectStructPages(s)?.ns;
    const c = selectStructPageFocus(s)?.compound ?? null;
    expect(ns).toBeTruthy();
    if (!ns) return;
    expect(savingsLine(ns, c)).toBe(
      'unique vmemmap pages: 2 of 8 per compound page, aliased 6, bytes saved 24 KiB per 2 MiB, 24 MiB total (6144 aliased vmemmap pages)',
    );
    const why = explainOptimize(ns);
    expect(why.on).toBe(true);
    expect(why.checks.every((x) => x.ok)).toBe(true);
    expect(why.checks.map((x) => x.text)).toContain(
      'nr_vmemmap_pages 8 > VMEMMAP_RESERVE_NR 2 (vmemmap_shift 9: 512 pfns per compound page)',
    );
  });

  it('is memoised: the same state gives the same object', () => {
    const s = devdax('pfn:0x100264').getState();
    expect(selectStructPageFocus(s)).toBe(selectStructPageFocus(s));
  });
});

describe('order-0 namespace with the memmap on the device (xfs-reflink-shared)', () => {
  it('says dedup is off because of the altmap', () => {
    const s = createAppStore({ scenario: 'xfs-reflink-shared' }).getState();
    const ns = selectStructPages(s)?.ns;
    if (!ns) throw new Error('no namespace');
    const why = explainOptimize(ns);
    expect(why.on).toBe(false);
    expect(why.summary).toMatch(/^off: altmap set/);
    expect(savingsLine(ns, null)).toBe(
      'order-0 pages: one vmemmap page holds 64 struct pages; bytes saved 0 bytes total (0 aliased vmemmap pages)',
    );
  });

  it('shows the first linked pfn of a file page selection, with no sharers and no compound page', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    store.getState().select('ino:pmem0:131:3');
    const f = selectStructPageFocus(store.getState());
    expect(f?.direct).toBe(false);
    expect(f?.pfn).toBe(0x102222);
    expect(f?.detail?.vmemmap.backing).toBe('altmap-pmd');
    expect(f?.highlight.aliased).toBe(false);
    expect(f?.compound).toBeNull();
    // inside the focused namespace: no other namespace to offer
    expect(selectFocusPfnNamespace(store.getState())).toBeNull();
  });

  it('gives no focus without a selection, and no detail for a pfn outside every namespace', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    expect(selectStructPageFocus(store.getState())).toBeNull();
    store.getState().select('pfn:0x10');
    const f = selectStructPageFocus(store.getState());
    expect(f?.inNamespace).toBe(false);
    expect(f?.detail).toBeNull();
    // outside every namespace: none to offer either
    expect(selectFocusPfnNamespace(store.getState())).toBeNull();
    expect(storageHighlight(null).count).toBe(0);
  });
});
