/**
 * Embed mode for slides and blog posts: ?embed=1&from=A&to=B (cursor positions, both inclusive; step= is kept
 * and moves within them). A bad range is reported, not guessed at: the page then opens unlocked.
 */
export interface Embed {
  lock: { from: number; to: number } | null;
  problems: string[];
}

export function parseEmbed(search: string): Embed | null {
  const q = new URLSearchParams(search);
  if (q.get('embed') !== '1') return null;
  const from = q.get('from');
  const to = q.get('to');
  if (from === null && to === null) return { lock: null, problems: [] };
  const a = Number(from ?? 0);
  const b = Number(to ?? Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < a)
    return {
      lock: null,
      problems: [`from=${from ?? ''}&to=${to ?? ''}: expected whole step numbers with 0 ≤ from ≤ to; not locked`],
    };
  return { lock: { from: a, to: b }, problems: [] };
}
