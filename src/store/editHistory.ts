/**
 * Undo and redo across edits (issue 10 §1): each edit (a form change, a pause in typing, a reset) is one
 * entry. Pure: the authoring store keeps one and applies what it returns.
 */
export interface EditHistory {
  past: string[];
  present: string;
  future: string[];
}

/** how many edits back Undo reaches */
export const HISTORY_LIMIT = 200;

export const startHistory = (present: string): EditHistory => ({ past: [], present, future: [] });

/** A new edit: the old text goes onto the undo stack and the redo stack is dropped. Same text: no entry. */
export function record(h: EditHistory, text: string): EditHistory {
  if (text === h.present) return h;
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: text, future: [] };
}

export function undo(h: EditHistory): EditHistory {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo(h: EditHistory): EditHistory {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}
