/**
 * Units and address arithmetic of x86-64 with 4 KiB base pages.
 * Models: include/linux/pfn.h (PFN_PHYS, PHYS_PFN), arch/x86/include/asm/page_types.h (PAGE_SHIFT),
 *         include/linux/pgtable.h (PMD_SHIFT, PUD_SHIFT).
 * Addresses and pfns stay plain numbers (exact up to 2^53, enough for 1 TiB namespaces and 47-bit user
 * addresses); the names say which unit a value is in.
 */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PMD_SHIFT = 21;
export const PUD_SHIFT = 30;
export const PMD_SIZE = 2 ** PMD_SHIFT;
export const PUD_SIZE = 2 ** PUD_SHIFT;
/** PMD_ORDER: base pages per PMD = 1 << PMD_ORDER. */
export const PMD_ORDER = PMD_SHIFT - PAGE_SHIFT;
export const PG_PMD_NR = 1 << PMD_ORDER;
export const SECTOR_SHIFT = 9;
/** sizeof(struct page) on x86-64 */
export const STRUCT_PAGE_SIZE = 64;
/** struct pages held by one vmemmap page: PAGE_SIZE / sizeof(struct page) */
export const STRUCT_PAGES_PER_VMEMMAP_PAGE = PAGE_SIZE / STRUCT_PAGE_SIZE;
/** 128 MiB sparsemem section, 2 MiB subsection */
export const SECTION_SIZE_BITS = 27;
export const PAGES_PER_SECTION = 2 ** (SECTION_SIZE_BITS - PAGE_SHIFT);
export const PAGES_PER_SUBSECTION = 2 ** (21 - PAGE_SHIFT);

export const PFN_PHYS = (pfn: number): number => pfn * PAGE_SIZE;
export const PHYS_PFN = (phys: number): number => Math.floor(phys / PAGE_SIZE);

/** ALIGN_DOWN(x, a) for a power-of-two a, exact beyond 2^32. */
export const ALIGN_DOWN = (x: number, a: number): number => x - (x % a);
export const ALIGN = (x: number, a: number): number => ALIGN_DOWN(x + a - 1, a);
export const IS_ALIGNED = (x: number, a: number): boolean => x % a === 0;

/** printk's %#lx: lowercase hex with 0x, "0" for zero (glibc/kernel print 0 without prefix). */
export const hex = (n: number): string => (n === 0 ? '0' : prefixedHex('0x', n));

const TWO_32 = 2 ** 32;
/** "00" … "ff" */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => (i | 0x100).toString(16).slice(1));
/** the char code of each hex digit */
const HEX_CODE = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * n.toString(16), faster for user addresses and physical addresses above 2^30. Perf: V8 formats a number
 * outside the small-integer range through its slow double-to-radix path; a report of 10^5 processes formats
 * some 10^6 such addresses. Split into two 32-bit halves, the low one formatted byte by byte, it is 3-4x faster.
 */
export function hexDigits(n: number): string {
  return prefixedHex('', n);
}

/**
 * `prefix` then n's hex digits. Perf: the digits of a number above 2^32 are joined into one flat string: `+`
 * makes a text of 13 characters or more a rope of its pieces (a user address "0x7f…" kept ~100 bytes in V8,
 * now ~24; the report of 10^5 processes keeps 4·10^5 of them), and the join is faster too.
 */
function prefixedHex(prefix: string, n: number): string {
  if (n > 0 && n < 0x40000000) return prefix + n.toString(16);
  if (n === 0) return `${prefix}0`;
  if (!Number.isSafeInteger(n) || n < 0) return prefix + n.toString(16);
  const hi = Math.floor(n / TWO_32);
  const lo = n - hi * TWO_32;
  // a user address (hi of four digits: 0x1000_0000_0000 to 0xffff_ffff_ffff) in one call, from char codes
  if (hi >= 0x1000 && hi <= 0xffff && prefix === '0x')
    return String.fromCharCode(
      48,
      120,
      HEX_CODE[hi >>> 12],
      HEX_CODE[(hi >>> 8) & 15],
      HEX_CODE[(hi >>> 4) & 15],
      HEX_CODE[hi & 15],
      HEX_CODE[lo >>> 28],
      HEX_CODE[(lo >>> 24) & 15],
      HEX_CODE[(lo >>> 20) & 15],
      HEX_CODE[(lo >>> 16) & 15],
      HEX_CODE[(lo >>> 12) & 15],
      HEX_CODE[(lo >>> 8) & 15],
      HEX_CODE[(lo >>> 4) & 15],
      HEX_CODE[lo & 15],
    );
  // each byte from a table, with its leading zero (no toString and slice per piece: ~40 % faster)
  if (hi > 0)
    return [
      prefix,
      hi.toString(16),
      BYTE_HEX[lo >>> 24],
      BYTE_HEX[(lo >>> 16) & 255],
      BYTE_HEX[(lo >>> 8) & 255],
      BYTE_HEX[lo & 255],
    ].join('');
  const low8 = BYTE_HEX[lo >>> 24] + BYTE_HEX[(lo >>> 16) & 255] + BYTE_HEX[(lo >>> 8) & 255] + BYTE_HEX[lo & 255];
  let i = 0;
  while (low8.charCodeAt(i) === 48) i++;
  return prefix + low8.slice(i);
}
/** printk's %lx / %llx: lowercase hex without prefix. */
export const rawHex = (n: number): string => hexDigits(n);
