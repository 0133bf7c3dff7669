import { describe, expect, it } from 'vitest';
import { keepInMiddle } from './useBoxVirtualizer';

// a box 200 px high scrolled to 1,000 of a 10,000 px list: its middle half is [1,050, 1,150]
const row = (start: number, size = 20) => ({ start, end: start + size });
const T = 10_000;

describe('keepInMiddle', () => {
  it('scrolls nothing while the row is in the middle half', () => {
    expect(keepInMiddle(row(1050), 1000, 200, T)).toBeNull();
    expect(keepInMiddle(row(1130), 1000, 200, T)).toBeNull();
  });
  it('a row stepped past the band goes to its far side: the next steps that way scroll nothing', () => {
    const down = keepInMiddle(row(1140), 1000, 200, T);
    expect(down).toBe(1090);
    expect(keepInMiddle(row(1160), down as number, 200, T)).toBeNull();
    const up = keepInMiddle(row(1040), 1000, 200, T);
    expect(up).toBe(1060 - 150);
    expect(keepInMiddle(row(1020), up as number, 200, T)).toBeNull();
  });
  it('the first and last rows, which cannot reach the band, scroll the list to its end once', () => {
    expect(keepInMiddle(row(10), 0, 200, T)).toBeNull();
    expect(keepInMiddle(row(30), 20, 200, T)).toBe(0);
    expect(keepInMiddle(row(9880), 9700, 200, T)).toBe(9800);
    expect(keepInMiddle(row(9980), 9800, 200, T)).toBeNull();
  });
  it('a jump, a row taller than the band, or a box not measured yet: centred', () => {
    expect(keepInMiddle(row(5000), 1000, 200, T)).toBe('center');
    expect(keepInMiddle(row(1100, 150), 1000, 200, T)).toBe('center');
    expect(keepInMiddle(row(1020, 150), 1000, 200, T)).toBeNull();
    expect(keepInMiddle(undefined, 1000, 200, T)).toBe('center');
    expect(keepInMiddle(row(1100), null, 200, T)).toBe('center');
  });
});
