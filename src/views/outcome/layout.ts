/**
 * Layout of the Outcome view's dmesg pane: lines in print order, cut into groups where the scenario event
 * changes, each line knowing whether the current step printed it and which cursor shows it. Pure.
 */
import type { OutcomeVM } from '../../store/selectors';

export interface DmesgRow {
  /** stable key: position in the log */
  key: string;
  line: string;
  /** index of the step that printed it */
  step: number;
  /** the cursor that shows the state right after that step (stepTo target) */
  cursor: number;
  current: boolean;
}

export interface DmesgGroup {
  key: string;
  event: number;
  label: string;
  rows: DmesgRow[];
}

/** `cursor` is the store's cursor: the current step is steps[cursor - 1]. */
export function layoutDmesg(dmesg: OutcomeVM['dmesg'], events: OutcomeVM['events'], cursor: number): DmesgGroup[] {
  const groups: DmesgGroup[] = [];
  dmesg.forEach((d, i) => {
    const row: DmesgRow = {
      key: `l${i}`,
      line: d.line,
      step: d.step,
      cursor: d.step + 1,
      current: d.step === cursor - 1,
    };
    const last = groups[groups.length - 1];
    if (last && last.event === d.event) last.rows.push(row);
    else groups.push({ key: `g${i}`, event: d.event, label: events[d.event]?.label ?? '', rows: [row] });
  });
  return groups;
}

/** The dmesg text to copy: the lines as the kernel printed them, newline-terminated. */
export function dmesgText(dmesg: OutcomeVM['dmesg']): string {
  return dmesg.map((d) => `${d.line}\n`).join('');
}

/** Characters needed for the widest step number, so the gutter lines up. */
export function gutterChars(dmesg: OutcomeVM['dmesg']): number {
  const max = dmesg.reduce((m, d) => Math.max(m, d.step + 1), 0);
  return Math.max(2, String(max).length);
}

/** One row of the drawn log: an event's separator, or a line (of the setup when `group` is null). */
export type DmesgFlatRow =
  | { kind: 'sep'; key: string; group: DmesgGroup }
  | {
      kind: 'line';
      key: string;
      group: DmesgGroup | null;
      row: DmesgRow | null;
      text: string;
      pos: number;
      of: number;
    };

/**
 * Whether a dmesg line draws the same: the rows are made again at each cursor (the current step's lines
 * change), but a step changes the mark of a few lines, and the others need not be rendered again.
 */
export function sameDmesgLine(
  a: Extract<DmesgFlatRow, { kind: 'line' }>,
  b: Extract<DmesgFlatRow, { kind: 'line' }>,
): boolean {
  if (a === b) return true;
  if (a.key !== b.key || a.text !== b.text || a.pos !== b.pos || a.of !== b.of) return false;
  const x = a.row;
  const y = b.row;
  return x === y || (x !== null && y !== null && x.line === y.line && x.cursor === y.cursor && x.current === y.current);
}

/**
 * The log as one list of rows for the virtual list (only the rows in the box are drawn): the setup's lines
 * (under their own separator), then each event's separator and lines. `pos`/`of`: a line's place in its
 * group, for aria-posinset/aria-setsize.
 */
export function flattenDmesg(setup: readonly string[], groups: DmesgGroup[]): DmesgFlatRow[] {
  const out: DmesgFlatRow[] = [];
  if (setup.length) {
    out.push({ kind: 'sep', key: 'setup', group: { key: 'setup', event: -1, label: '', rows: [] } });
    setup.forEach((text, i) => {
      out.push({ kind: 'line', key: `s${i}`, group: null, row: null, text, pos: i + 1, of: setup.length });
    });
  }
  for (const g of groups) {
    out.push({ kind: 'sep', key: g.key, group: g });
    g.rows.forEach((r, i) => {
      out.push({ kind: 'line', key: r.key, group: g, row: r, text: r.line, pos: i + 1, of: g.rows.length });
    });
  }
  return out;
}
