/**
 * Where each kernel function of the statechart sits: three columns that read like the call graph
 * (entry points and memory_failure(); the driver, its holder and XFS; the generic path and the kill
 * steps shared by both), and the edges between them.
 */
import type { PipelineVM } from '../../store/selectors';

export const BOX_W = 212;
export const BOX_H = 24;
const GAP_X = 28;
const GAP_Y = 8;
const GROUP_GAP = 22;

/** column, then order within the column: the order the kernel calls them */
const COLUMNS: string[][] = [
  [
    'madvise_inject_error',
    'do_machine_check',
    'kill_me_maybe',
    'uc_decode_notifier',
    'memory_failure_work_func',
    'hwpoison_inject',
    'kill_dax',
    'handle_mm_fault',
    'do_sigbus',
    'dax_iomap_rw',
    'get_signal',
    '|',
    'memory_failure',
    'memory_failure_dev_pagemap',
    'action_result',
  ],
  [
    'pmem_pagemap_memory_failure',
    'dax_holder_notify_failure',
    '|',
    'xfs_dax_notify_failure',
    'xfs_dax_notify_ddev_failure',
    'xfs_rmap_query_range',
    'xfs_dax_failure_fn',
    '|',
    'mf_dax_kill_procs',
    'dax_lock_mapping_entry',
    'collect_procs_fsdax',
    'dax_unlock_mapping_entry',
  ],
  [
    'mf_generic_kill_procs',
    'dax_lock_folio',
    'hwpoison_filter',
    'collect_procs_file',
    'dax_unlock_folio',
    '|',
    'SetPageHWPoison',
    'unmap_and_kill',
    'kill_procs',
  ],
];

export const GROUP_TITLES: Record<string, string> = {
  entry: 'entry points',
  memory_failure: 'memory_failure()',
  holder: 'driver → holder; per-index kill',
  xfs: 'XFS rmap walk',
  generic: 'generic path',
  kill: 'mark, unmap, signal',
};

export interface BoxLayout {
  fn: string;
  x: number;
  y: number;
}

export interface EdgeLayout {
  key: string;
  from: string;
  to: string;
  branch: string;
  taken: number;
  path: string;
}

export interface PipelineLayout {
  boxes: Map<string, BoxLayout>;
  edges: EdgeLayout[];
  width: number;
  height: number;
}

export function layoutPipeline(vm: PipelineVM): PipelineLayout {
  const boxes = new Map<string, BoxLayout>();
  let height = 0;
  COLUMNS.forEach((col, c) => {
    let y = 0;
    for (const fn of col) {
      if (fn === '|') {
        y += GROUP_GAP;
        continue;
      }
      boxes.set(fn, { fn, x: c * (BOX_W + GAP_X), y });
      y += BOX_H + GAP_Y;
    }
    height = Math.max(height, y);
  });
  // any state not placed above goes to the bottom of the last column (keeps the view honest)
  for (const s of vm.states) {
    if (boxes.has(s.fn)) continue;
    boxes.set(s.fn, { fn: s.fn, x: 2 * (BOX_W + GAP_X), y: height });
    height += BOX_H + GAP_Y;
  }
  const edges: EdgeLayout[] = [];
  for (const e of vm.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    edges.push({
      key: `${e.from}→${e.to}:${e.branch}`,
      from: e.from,
      to: e.to,
      branch: e.branch,
      taken: e.taken,
      path: edgePath(a, b),
    });
  }
  return { boxes, edges, width: COLUMNS.length * (BOX_W + GAP_X) - GAP_X, height };
}

/** A curve from box a to box b: sideways between columns, a loop on the right for a self-call. */
export function edgePath(a: BoxLayout, b: BoxLayout): string {
  if (a.fn === b.fn) {
    const x = a.x + BOX_W;
    const y = a.y + BOX_H / 2;
    return `M${x},${y - 6} C${x + 22},${y - 14} ${x + 22},${y + 14} ${x},${y + 6}`;
  }
  if (a.x === b.x) {
    // same column: leave and enter on the right side, bowing out
    const x = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const y2 = b.y + BOX_H / 2;
    const bow = Math.min(26, 8 + Math.abs(y2 - y1) / 10);
    return `M${x},${y1} C${x + bow},${y1} ${x + bow},${y2} ${x},${y2}`;
  }
  const right = b.x > a.x;
  const x1 = right ? a.x + BOX_W : a.x;
  const x2 = right ? b.x : b.x + BOX_W;
  const y1 = a.y + BOX_H / 2;
  const y2 = b.y + BOX_H / 2;
  const mx = (x1 + x2) / 2;
  return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
}
