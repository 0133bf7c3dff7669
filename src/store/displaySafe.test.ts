import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { escapeControls, escapeControlsInline, isControlInline } from '../text/escapeControls';
import { steps } from './appStore';
import { displaySafe } from './displaySafe';
import { createAppStore } from './inlineStore';
import {
  selectCurrentStep,
  selectOutcome,
  selectProcesses,
  selectRmap,
  selectSteps,
  selectTimeline,
  selectXarray,
} from './selectors';
import { stepAsText } from './stepText';
import { selectThreads } from './threadsModel';

/** Every control character a string of `value` holds (the browser's rule: newline and tab too). */
function controlsIn(value: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(value, (_k, v) => {
    if (typeof v === 'string')
      for (const ch of v) if (isControlInline(ch.charCodeAt(0))) found.push(ch.charCodeAt(0).toString(16));
    return v;
  });
  return found;
}

const ESC_COMM = '\u001b[2J\u001b]0;x\u0007';
const BIDI_PATH = '/mnt/\u202etxt.exe';
const NL_COMM = 'a\nb\tc\u0085';

/** A comm with ESC sequences and BEL, a thread comm with a newline, tab and NEL, a path with U+202E. */
const hostile: ScenarioInput = {
  format: 1,
  id: 'hostile-text',
  title: 'Hostile \u001b[31mtitle\u202e',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64MiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, agcount: 2 }],
  files: [{ path: BIDI_PATH, size: '1MiB' }],
  processes: [
    {
      name: 'P',
      comm: ESC_COMM,
      mceKill: 'early',
      mappings: [{ name: 'a', file: BIDI_PATH }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads: [{ name: 't', comm: NL_COMM, mceKill: 'early' }],
    },
  ],
  events: [{ kind: 'mce', process: 'P', thread: 't', mapping: 'a', offset: '0x3000' }],
};

describe('escapeControlsInline', () => {
  it('writes C0, C1, DEL, newline, tab and the bidi controls as \\uXXXX; plain text is the same string', () => {
    expect(escapeControlsInline('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(escapeControlsInline('x\ny\tz\u0000\u007f\u009b\u202e\u2066\u200f')).toBe(
      'x\\u000ay\\u0009z\\u0000\\u007f\\u009b\\u202e\\u2066\\u200f',
    );
    const plain = '/mnt/A — pmtest:202 ✕';
    expect(escapeControlsInline(plain)).toBe(plain);
    // the CLI's rule keeps newline and tab (prose, terminal lines)
    expect(escapeControls('a\nb\tc\u001b')).toBe('a\nb\tc\\u001b');
  });
});

describe('displaySafe', () => {
  it('copies only the branches whose strings change, and returns the same result for the same object', () => {
    const clean = { a: [1, 'x'], b: { c: 'y' } };
    const model = { clean, dirty: { comm: 'p\u001bq', n: 3 }, list: ['ok', 'bad\u202e'], m: new Map([[1, 'z\n']]) };
    const safe = displaySafe(model);
    expect(safe).not.toBe(model);
    expect(safe.clean).toBe(clean);
    expect(safe.dirty).toEqual({ comm: 'p\\u001bq', n: 3 });
    expect(safe.list).toEqual(['ok', 'bad\\u202e']);
    expect(safe.m.get(1)).toBe('z\\u000a');
    expect(displaySafe(model)).toBe(safe);
    expect(displaySafe(clean)).toBe(clean);
    // the input is not touched
    expect(model.dirty.comm).toBe('p\u001bq');
  });

  it('a Set is copied only when an item changes, in its order', () => {
    const clean = new Set(['a', 'b']);
    expect(displaySafe(clean)).toBe(clean);
    expect([...displaySafe(new Set(['a', 'b\u001b', 'c']))]).toEqual(['a', 'b\\u001b', 'c']);
  });

  it('a built-in scenario has no control characters: its view models come back as the same objects', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    store.getState().stepTo(steps(store.getState()).length);
    const s = store.getState();
    for (const sel of [selectSteps, selectOutcome, selectProcesses, selectTimeline, selectXarray, selectRmap]) {
      const vm = sel(s);
      expect(displaySafe(vm)).toBe(vm);
    }
  });

  it('a hostile scenario: every view model and the step text hold no control character, and show them escaped', () => {
    const store = createAppStore({});
    store.getState().loadInput(JSON.stringify(hostile), 'hostile.json');
    const s0 = store.getState();
    if (s0.load.status !== 'ready') throw new Error(`not ready: ${JSON.stringify(s0.load)}`);
    const total = steps(s0).length;
    // the raw models do carry them (the kernel keeps the bytes: dmesg prints the comm as it is)
    store.getState().stepTo(total);
    const s = store.getState();
    const raw = [
      selectSteps,
      selectOutcome,
      selectProcesses,
      selectTimeline,
      selectXarray,
      selectRmap,
      selectThreads,
    ].map((sel) => sel(s));
    expect(controlsIn(raw).length).toBeGreaterThan(0);
    const safe = raw.map(displaySafe);
    expect(controlsIn(safe)).toEqual([]);
    const text = JSON.stringify(safe);
    expect(text).toContain('\\\\u001b[2J');
    expect(text).toContain('/mnt/\\\\u202etxt.exe');
    expect(text).toContain('a\\\\u000ab\\\\u0009c\\\\u0085');
    // the step copied as text for a mail: the same escapes
    let withComm = '';
    for (let i = 1; i <= total && !withComm; i++) {
      store.getState().stepTo(i);
      const st = store.getState();
      const step = displaySafe(selectCurrentStep(st));
      const out = displaySafe(selectOutcome(st));
      if (!step || !out) continue;
      const t = stepAsText(step, out, total);
      expect(controlsIn(t.split('\n'))).toEqual([]);
      if (t.includes('\\u001b')) withComm = t;
    }
    expect(withComm).not.toBe('');
  });
});
