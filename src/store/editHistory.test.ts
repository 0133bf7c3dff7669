import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, record, redo, startHistory, undo } from './editHistory';

describe('edit history', () => {
  it('undoes and redoes in order; a new edit drops the redo stack', () => {
    let h = startHistory('a');
    h = record(record(h, 'b'), 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    h = record(h, 'x');
    expect(h).toEqual({ past: ['a', 'b'], present: 'x', future: [] });
    expect(redo(h)).toBe(h);
  });

  it('records nothing for the same text and keeps at most HISTORY_LIMIT steps back', () => {
    const h = startHistory('a');
    expect(record(h, 'a')).toBe(h);
    let g = h;
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) g = record(g, String(i));
    expect(g.past.length).toBe(HISTORY_LIMIT);
  });
});
