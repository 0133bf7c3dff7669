import { describe, expect, it } from 'vitest';
import { GatheredOutput } from './gatheredOutput';

describe('GatheredOutput', () => {
  it('writes nothing until the limit, then everything gathered in one piece', () => {
    const out: string[] = [];
    const g = new GatheredOutput((t) => out.push(t), 10);
    g.write('abc');
    g.write('def');
    expect(out).toEqual([]);
    g.write('ghij');
    expect(out).toEqual(['abcdefghij']);
  });

  it('writes a long text as it is, after what was gathered before it', () => {
    const out: string[] = [];
    const g = new GatheredOutput((t) => out.push(t), 10);
    g.write('ab');
    g.write('0123456789xyz');
    expect(out).toEqual(['ab', '0123456789xyz']);
  });

  it('flush writes the rest once, and nothing when empty', () => {
    const out: string[] = [];
    const g = new GatheredOutput((t) => out.push(t), 10);
    g.flush();
    g.write('a');
    g.write('b');
    g.flush();
    g.flush();
    expect(out).toEqual(['ab']);
  });

  it('keeps every character in order across many writes', () => {
    const out: string[] = [];
    const g = new GatheredOutput((t) => out.push(t), 7);
    const lines = Array.from({ length: 100 }, (_, i) => `${i}\n`);
    for (const l of lines) g.write(l);
    g.flush();
    expect(out.join('')).toBe(lines.join(''));
    expect(out.every((p) => p.length <= 7 + 3)).toBe(true);
  });
});
