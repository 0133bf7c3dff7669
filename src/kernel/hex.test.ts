import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex, hexDigits, rawHex } from './units';

const plain = (n: number) => (n === 0 ? '0' : `0x${n.toString(16)}`);

describe('hex (printk %#lx)', () => {
  it('is n.toString(16) with 0x, at the 2^30 / 2^32 boundaries and for every safe integer', () => {
    for (const n of [1, 15, 16, 0x3fffffff, 0x40000000, 0xffff, 0x10000, 0xffffffff, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1])
      expect(hex(n), String(n)).toBe(plain(n));
    // user addresses, formatted from char codes: the edges of their four-digit upper half
    for (const n of [0xfffffffffff, 0x100000000000, 0x7f0000000000, 0x7f0012345678, 0x7fffffffffff, 0xffffffffffff])
      expect(hex(n), String(n)).toBe(plain(n));
    fc.assert(
      fc.property(fc.integer({ min: 0x100000000000, max: 0xffffffffffff }), (n) => hex(n) === plain(n)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => hex(n) === plain(n)),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 33 }), (n) => hex(n) === plain(n)),
      { numRuns: 20_000 },
    );
  });

  it('keeps toString(16) for negative and fractional values', () => {
    for (const n of [-1, -0x7f0000000000, 0.5, 2 ** 60]) expect(hex(n)).toBe(plain(n));
  });

  it('hexDigits (rawHex, the fault texts) is n.toString(16) for every number, zero included', () => {
    for (const n of [
      0,
      -0,
      1,
      0x3fffffff,
      0x40000000,
      0xffffffff,
      2 ** 32,
      0x7f0000000000,
      2 ** 53 - 1,
      -1,
      0.5,
      2 ** 60,
    ]) {
      expect(hexDigits(n), String(n)).toBe(n.toString(16));
      expect(rawHex(n), String(n)).toBe(n.toString(16));
    }
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => hexDigits(n) === n.toString(16)),
      { numRuns: 20_000 },
    );
  });
});
