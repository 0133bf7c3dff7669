import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatRecord, parseLine, parseRecord, signalsOf } from './record';

const FIXTURE = readFileSync(new URL('./__fixtures__/ext4-single-owner.record.txt', import.meta.url), 'utf8');

describe('probe record', () => {
  it('parses every line of a recorded run and writes it back unchanged', () => {
    const rec = parseRecord(FIXTURE);
    expect(rec.unknown).toEqual([]);
    expect(formatRecord(rec)).toBe(FIXTURE);
    expect(parseRecord(formatRecord(rec))).toEqual(rec);
  });

  it('round-trips a recorded machine-check run (6.1.192, SRAR without RIPV), notes and all', () => {
    const text = readFileSync(new URL('./__fixtures__/srar-no-ripv-6.1.record.txt', import.meta.url), 'utf8');
    const rec = parseRecord(text);
    expect(rec.unknown).toEqual([]);
    expect(formatRecord(rec)).toBe(text);
    expect(rec.lines).toContainEqual({ kind: 'note', index: 0, text: 'the consumer took a SIGBUS in its loop' });
  });

  it('reads the SIGBUS fields as numbers and hex addresses', () => {
    expect(signalsOf(parseRecord(FIXTURE))).toEqual([
      {
        kind: 'sigbus',
        proc: 'P',
        event: 0,
        signo: 7,
        code: 4,
        addr: '0x7fb815e03000',
        lsb: 12,
        map: 'a',
        offset: '0x3000',
      },
    ]);
  });

  it('keeps lines it does not understand instead of dropping them', () => {
    const rec = parseRecord('daxprobe 1\nsigbus P event x\nwhat is this\n');
    expect(rec.lines).toEqual([{ kind: 'header', version: 1 }]);
    expect(rec.unknown).toEqual(['sigbus P event x', 'what is this']);
  });

  it('rejects malformed numbers and addresses', () => {
    expect(parseLine('map P a addr 7f00 length 0x1000')).toBeNull();
    expect(parseLine('result 0 errno five')).toBeNull();
    expect(parseLine('meminfo end HardwareCorrupted 8')).toEqual({ kind: 'meminfo', at: 'end', kb: 8 });
    expect(parseLine('exit P event 0 signal 9')).toEqual({
      kind: 'exit',
      proc: 'P',
      event: 0,
      how: 'signal',
      value: 9,
    });
  });
});
