/**
 * Presentation helpers for the Outcome view, derived only from selectOutcome's OutcomeVM: the text the
 * kernel would print in /proc/meminfo and /sys/block/<dev>/badblocks, event and filesystem states.
 */
import type { OutcomeVM } from './selectors';

/** /proc/meminfo's line: seq_printf(m, "HardwareCorrupted: %5lu kB\n", …) in fs/proc/meminfo.c. */
export function meminfoHardwareCorrupted(kb: number): string {
  return `HardwareCorrupted: ${String(kb).padStart(5, ' ')} kB`;
}

/**
 * badblocks_show() (block/badblocks.c) prints one "<first sector> <sector count>" line per range.
 * The namespace lists bad sectors one by one; consecutive sectors are one range.
 */
export function badblocksLines(sectors: readonly number[]): string[] {
  const sorted = [...new Set(sectors)].sort((a, b) => a - b);
  const out: string[] = [];
  let first = -1;
  let count = 0;
  for (const s of sorted) {
    if (count > 0 && s === first + count) {
      count++;
      continue;
    }
    if (count > 0) out.push(`${first} ${count}`);
    first = s;
    count = 1;
  }
  if (count > 0) out.push(`${first} ${count}`);
  return out;
}

export type EventState = 'done' | 'running' | 'not started';

/** Whether an event has finished, is the one the cursor is in, or is still ahead. */
export function eventState(e: OutcomeVM['events'][number], currentEvent: number | null): EventState {
  if (e.done) return 'done';
  if (currentEvent !== null && e.index <= currentEvent) return 'running';
  return 'not started';
}

/** "mounted", "shut down", "frozen", "shut down, frozen" */
export function fsState(fs: OutcomeVM['filesystems'][number]): string {
  const parts = [fs.shutdown && 'shut down', fs.frozen && 'frozen'].filter(Boolean);
  return parts.length ? parts.join(', ') : 'mounted';
}
