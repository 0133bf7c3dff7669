import { describe, expect, it } from 'vitest';
import { escapeControls, isControl } from './escapeControls';

describe('escapeControls', () => {
  it('escapes exactly the UTF-16 code units isControl() names, alone and inside text (the fast path agrees)', () => {
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const expected = isControl(c) ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
      if (escapeControls(ch) !== expected || escapeControls(`a${ch}b`) !== `a${expected}b`) disagree.push(c);
    }
    expect(disagree).toEqual([]);
  });
});
