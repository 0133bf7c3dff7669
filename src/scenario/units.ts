/**
 * Numbers as people write them in scenarios: sizes ("4MiB", "2M", "4096", "0x3000") and addresses
 * ("0x7f0000003000"). Returns null for anything else, so the schema can say what was wrong.
 */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  kb: 2 ** 10,
  kib: 2 ** 10,
  m: 2 ** 20,
  mb: 2 ** 20,
  mib: 2 ** 20,
  g: 2 ** 30,
  gb: 2 ** 30,
  gib: 2 ** 30,
  t: 2 ** 40,
  tb: 2 ** 40,
  tib: 2 ** 40,
};

/** "4MiB" → 4194304; "0x3000" → 12288; 4096 → 4096. Sizes in a scenario are binary (KiB = 1024). */
export function parseSize(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return toSafe(Number.parseInt(s.slice(2), 16));
  const m = /^([0-9]+)\s*([a-z]*)$/i.exec(s);
  if (!m) return null;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return null;
  return toSafe(Number(m[1]) * unit);
}

/** An address or pfn: "0x…" hex or a plain decimal. */
export function parseAddress(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^0x[0-9a-f]+$/i.test(s)) return toSafe(Number.parseInt(s.slice(2), 16));
  if (/^[0-9]+$/.test(s)) return toSafe(Number(s));
  return null;
}

const toSafe = (n: number): number | null => (Number.isSafeInteger(n) ? n : null);

/** 4194304 → "4MiB", for messages */
export function formatSize(n: number): string {
  for (const [unit, size] of [
    ['TiB', 2 ** 40],
    ['GiB', 2 ** 30],
    ['MiB', 2 ** 20],
    ['KiB', 2 ** 10],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return `${n}`;
}
