import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import { selectOutcome } from '../../store/selectors';
import { dmesgText, flattenDmesg, gutterChars, layoutDmesg, sameDmesgLine } from './layout';

const events = [
  { index: 0, label: 'first', done: true, result: 'Recovered', ret: '0' },
  { index: 1, label: 'second', done: false, result: null, ret: null },
];

describe('outcome layout', () => {
  it('groups lines per event, in print order, and marks the current step', () => {
    const dmesg = [
      { line: 'a', event: 0, step: 1 },
      { line: 'b', event: 0, step: 4 },
      { line: 'c', event: 1, step: 9 },
      { line: 'd', event: 1, step: 9 },
    ];
    const g = layoutDmesg(dmesg, events, 10);
    expect(g.map((x) => [x.label, x.rows.map((r) => r.line)])).toEqual([
      ['first', ['a', 'b']],
      ['second', ['c', 'd']],
    ]);
    expect(g[1].rows.every((r) => r.current)).toBe(true);
    expect(g[0].rows.some((r) => r.current)).toBe(false);
    expect(g[0].rows[1].cursor).toBe(5);
    expect(new Set(g.flatMap((x) => x.rows.map((r) => r.key))).size).toBe(4);
  });

  it('copies the raw lines and sizes the gutter', () => {
    const dmesg = [
      { line: 'x', event: 0, step: 0 },
      { line: 'y', event: 0, step: 6190 },
    ];
    expect(dmesgText(dmesg)).toBe('x\ny\n');
    expect(gutterChars(dmesg)).toBe(4);
    expect(gutterChars([])).toBe(2);
  });

  it('lays out xfs-reflink-shared: one event, the recovery line last', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    const vm = selectOutcome(store.getState());
    if (!vm) throw new Error('no outcome');
    const g = layoutDmesg(vm.dmesg, vm.events, store.getState().cursor);
    expect(g).toHaveLength(1);
    expect(g[0].rows.at(-1)?.line).toMatch(/recovery action for dax page: Recovered/);
  });
});

describe('flattenDmesg', () => {
  it('lists the setup lines, then each event as its separator and its lines, each line with its place in its group', () => {
    const dmesg = [
      { line: 'a', event: 0, step: 1 },
      { line: 'b', event: 0, step: 4 },
      { line: 'c', event: 1, step: 9 },
    ];
    const rows = flattenDmesg(['boot'], layoutDmesg(dmesg, events, 10));
    expect(rows.map((r) => (r.kind === 'sep' ? `--${r.group.event}` : `${r.text} ${r.pos}/${r.of}`))).toEqual([
      '---1',
      'boot 1/1',
      '--0',
      'a 1/2',
      'b 2/2',
      '--1',
      'c 1/1',
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(flattenDmesg([], [])).toEqual([]);
  });
});

describe('sameDmesgLine', () => {
  const line = (rows: ReturnType<typeof flattenDmesg>, key: string) => {
    const r = rows.find((x) => x.key === key);
    if (r?.kind !== 'line') throw new Error(`no line ${key}`);
    return r;
  };

  it('is true across cursors for a line whose mark stays, false for the lines the step marks or unmarks', () => {
    const dmesg = [
      { line: 'a', event: 0, step: 1 },
      { line: 'b', event: 0, step: 4 },
      { line: 'c', event: 1, step: 9 },
    ];
    const at = (cursor: number) => flattenDmesg(['boot'], layoutDmesg(dmesg, events, cursor));
    // cursor 5 shows step 4 (b current); cursor 10 shows step 9 (c current)
    const before = at(5);
    const after = at(10);
    expect(sameDmesgLine(line(before, 's0'), line(after, 's0'))).toBe(true);
    expect(sameDmesgLine(line(before, 'l0'), line(after, 'l0'))).toBe(true);
    expect(sameDmesgLine(line(before, 'l1'), line(after, 'l1'))).toBe(false);
    expect(sameDmesgLine(line(at(9), 'l2'), line(after, 'l2'))).toBe(false);
  });

  it('tells apart every field a line draws', () => {
    const base = line(flattenDmesg([], layoutDmesg([{ line: 'a', event: 0, step: 1 }], events, 2)), 'l0');
    const row = base.row;
    if (!row) throw new Error('no row');
    expect(sameDmesgLine(base, { ...base })).toBe(true);
    expect(sameDmesgLine(base, { ...base, row: { ...row } })).toBe(true);
    for (const other of [
      { ...base, text: 'b' },
      { ...base, pos: 2 },
      { ...base, of: 3 },
      { ...base, key: 'l9' },
      { ...base, row: null },
      { ...base, row: { ...row, line: 'b' } },
      { ...base, row: { ...row, cursor: 7 } },
      { ...base, row: { ...row, current: !row.current } },
    ])
      expect(sameDmesgLine(base, other)).toBe(false);
  });

  it('on a built-in, stepping forward changes only the lines of the steps marked before or after', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    const vm = selectOutcome(store.getState());
    if (!vm) throw new Error('no outcome');
    const n = store.getState().cursor;
    for (let c = 1; c < n; c++) {
      const a = flattenDmesg(vm.setupDmesg, layoutDmesg(vm.dmesg, vm.events, c));
      const b = flattenDmesg(vm.setupDmesg, layoutDmesg(vm.dmesg, vm.events, c + 1));
      for (const x of a) {
        const y = b.find((r) => r.key === x.key);
        if (x.kind !== 'line' || y?.kind !== 'line') continue;
        const marked = x.row?.current || y.row?.current;
        expect(sameDmesgLine(x, y)).toBe(!marked);
      }
    }
  });
});
