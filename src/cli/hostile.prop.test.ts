/**
 * Issue 10 §4: hostile and huge scenarios through the CLI's entry function, in process. Every case either
 * runs (exit 0) or is rejected (exit 2) with one line per issue naming the field; never exit 1 (a bug)
 * or a stack; a quoted value is cut to about 80 characters; no control character reaches the terminal.
 * The generator breaks a valid scenario 1–3 times: wrong types, huge and negative numbers, unknown
 * references, duplicated entries, control characters, 10 MB strings, prototype keys, extreme counts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isControl } from './escapeControls';
import { type Io, main } from './main';

// biome-ignore lint/suspicious/noExplicitAny: the generator pokes arbitrary (invalid) values anywhere
type Json = any;

/** A valid scenario using most of the format: XFS with reflink, a copy pattern, two processes, the event kinds. */
const base = (): Json => ({
  format: 1,
  id: 'hostile',
  namespaces: [
    { name: 'pmem0', mode: 'fsdax', size: '64MiB' },
    { name: 'dax1.0', mode: 'devdax', size: '64MiB', align: '2MiB' },
  ],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, agcount: 2 }],
  files: [
    { path: '/mnt/A', size: '1MiB' },
    { path: '/mnt/copy-{n}', reflink: '/mnt/A', count: 3 },
    { path: '/mnt/B', reflink: '/mnt/A' },
  ],
  processes: [
    { name: 'P', comm: 'app', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
    {
      name: 'Q',
      mceKill: 'early',
      mappings: [
        { name: 'b', file: '/mnt/copy-1' },
        { name: 'd', device: 'dax1.0', length: '2MiB' },
      ],
      touch: [
        { mapping: 'b', offset: '0x3000' },
        { mapping: 'd', offset: 0 },
      ],
    },
  ],
  events: [
    { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
    { kind: 'mce', process: 'Q', mapping: 'd', offset: 0 },
    // the run-time file operations (issue 10 §3); umount and mkfs meet P's and Q's mappings (-EBUSY)
    { kind: 'write', process: 'P', file: '/mnt/A', offset: '0x3000', length: '0x2000' },
    { kind: 'fallocate', path: '/mnt/B', offset: '1MiB', length: '64KiB', keepSize: true },
    { kind: 'fallocate', path: '/mnt/B', offset: 0, length: '8KiB', punchHole: true, keepSize: true },
    { kind: 'clone', src: '/mnt/A', dest: '/mnt/B' },
    { kind: 'umount', mount: '/mnt' },
    { kind: 'mkfs', device: 'pmem0' },
    { kind: 'mount', device: 'pmem0' },
  ],
});

/** A 10 MB string of one letter: whatever echoes it must cut it. */
const FILLER = 'Z';
const HUGE = FILLER.repeat(10 * 1024 * 1024);

const CONTROL = ['\u001b[2J\u001b[31m', '\u0007', '\r', '\u0000', '\u009b31m', '\u202e', '\u001b]0;title\u0007'];

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  // wrong types
  { arbitrary: fc.constantFrom(null, true, [], {}, [1, 2], { x: 1 }, '', 'x'), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 3 },
  // huge, negative and odd numbers, and sizes as strings
  {
    arbitrary: fc.constantFrom(
      -1,
      0,
      0.5,
      1e300,
      -1e300,
      2 ** 31,
      2 ** 53,
      2 ** 64,
      10_000_001,
      60_000,
      '8191TiB',
      '64TiB',
      '1EiB',
      '-4KiB',
      '0x',
      '0xffffffffffffffffff',
      '1e400',
      'NaN',
    ),
    weight: 4,
  },
  { arbitrary: fc.integer(), weight: 2 },
  // unknown references
  { arbitrary: fc.constantFrom('/mnt/nope', '/nowhere/x', 'nobody', 'pmem9', 'dax9.9', 'zz'), weight: 3 },
  // control characters, alone and in names
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...CONTROL), fc.constantFrom('', '/mnt/', 'P', 'app'))
      .map(([c, s]) => `${s}${c}x`),
    weight: 3,
  },
  // prototype keys as values
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), weight: 1 },
  // 10 MB strings (rare: each costs a 10 MB file)
  { arbitrary: fc.constantFrom('<10MB>', '</mnt/10MB>'), weight: 1 },
  { arbitrary: fc.constantFrom('Z'.repeat(81), 'Z'.repeat(4096), `/mnt/${'Z'.repeat(5000)}`), weight: 2 },
);

/** The places to break: every key of the base scenario, as paths. */
function pathsOf(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (at.length) out.push(at);
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pathsOf(v[i], [...at, i], out);
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) pathsOf(v[k], [...at, k], out);
  return out;
}
const PATHS = pathsOf(base());
const ARRAYS = PATHS.filter((p) => Array.isArray(p.reduce((o: Json, k) => o[k], base())));
const OBJECTS = [
  [] as (string | number)[],
  ...PATHS.filter((p) => {
    const v = p.reduce((o: Json, k) => o[k], base());
    return v && typeof v === 'object' && !Array.isArray(v);
  }),
];

type Mutation =
  | { kind: 'set'; path: (string | number)[]; value: Json }
  | { kind: 'delete'; path: (string | number)[] }
  | { kind: 'duplicate'; path: (string | number)[] }
  | { kind: 'key'; path: (string | number)[]; key: string; value: Json }
  | { kind: 'grow'; path: (string | number)[]; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: hostileValue }),
    weight: 8,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }), weight: 1 },
  // duplicates: an array's entry appended again (same name, same path)
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...ARRAYS) }), weight: 2 },
  // prototype and unknown keys on an object
  {
    arbitrary: fc.record({
      kind: fc.constant('key' as const),
      path: fc.constantFrom(...OBJECTS),
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField', 'Z'.repeat(200), '<10MB>'),
      value: fc.constantFrom({ polluted: true }, 1, 'x', null),
    }),
    weight: 2,
  },
  // extreme counts: an array's first entry repeated past the schema's limits
  {
    arbitrary: fc.record({
      kind: fc.constant('grow' as const),
      path: fc.constantFrom(...ARRAYS),
      count: fc.constantFrom(17, 65, 257, 10_001, 100_001),
    }),
    weight: 1,
  },
);

/** The 10 MB values stand in the generated cases as markers (a failure report prints the case). */
const expand = (v: Json): Json => (v === '<10MB>' ? HUGE : v === '</mnt/10MB>' ? `/mnt/${HUGE}` : v);

function apply(s: Json, m: Mutation): void {
  const parent = m.path.slice(0, -1).reduce((o: Json, k) => (o == null ? o : o[k]), s);
  const last = m.path[m.path.length - 1];
  const target = m.path.reduce((o: Json, k) => (o == null ? o : o[k]), s);
  if (m.kind === 'key') {
    if (target && typeof target === 'object')
      // an own property named __proto__, as JSON.parse makes it (assignment would set the prototype)
      Object.defineProperty(target, expand(m.key), {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return;
  }
  if (parent == null || typeof parent !== 'object') return;
  // an earlier mutation made the parent an array: its `length` is not a JSON field (a file cannot set it)
  if (Array.isArray(parent) && last === 'length') return;
  if (m.kind === 'set') parent[last] = expand(m.value);
  else if (m.kind === 'delete') delete parent[last];
  else if (Array.isArray(target) && target.length) {
    if (m.kind === 'duplicate') target.push(structuredClone(target[0]));
    else {
      // a 10 MB entry repeated 257 times would not fit in a JS string: stop just past the 32 MiB file limit
      const entry = (JSON.stringify(target[0]) ?? 'x').length;
      const count = Math.min(m.count, Math.ceil((33 * 1024 * 1024) / entry) + 1);
      for (let i = target.length; i < count; i++) target.push(target[0]);
    }
  }
}

/** 2,000 by default; HOSTILE_RUNS=n for a quicker or longer look */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 2000);
/** a fixed seed keeps the suite deterministic; HOSTILE_SEED=n explores other cases */
const SEED = Number(process.env.HOSTILE_SEED ?? 20261207);

const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
const FILE = join(dir, 'scenario.json');

function run(text: string): { code: number; out: string; err: string } {
  writeFileSync(FILE, text);
  let out = '';
  let err = '';
  const io: Io = {
    out: (l) => {
      out += `${l}\n`;
    },
    err: (l) => {
      err += `${l}\n`;
    },
  };
  return { code: main([FILE], io), out, err };
}

const hasControl = (s: string) => [...s].some((c) => isControl(c.charCodeAt(0)));
const ISSUE_LINE = /^ {2}(\(file\)|\(scenario\)|[A-Za-z_$][\w$]*(\[\d+\]|\.[\w$]+)*): \S/;

describe('hostile scenarios through main()', () => {
  it('2,000 broken scenarios: each runs or is rejected naming the field, never a bug or a stack', () => {
    const outcomes = { ran: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const s = base();
        // grows last, the deepest first: they repeat one entry (by reference), so it has its final size when
        // they are capped (an inner array grown after its outer one would be repeated by every outer copy)
        const grows = mutations.filter((m) => m.kind === 'grow').sort((a, b) => b.path.length - a.path.length);
        const ordered = [...mutations.filter((m) => m.kind !== 'grow'), ...grows];
        for (const m of ordered) apply(s, m);
        const r = run(JSON.stringify(s));
        expect([0, 2], r.err.slice(0, 500)).toContain(r.code);
        expect(r.err).not.toMatch(/^\s+at /m);
        expect(hasControl(r.out + r.err)).toBe(false);
        // a quoted value is cut: never more than ~80 characters of the 10 MB filler in a row
        expect(r.err).not.toContain(FILLER.repeat(100));
        expect(r.out).not.toContain(FILLER.repeat(100));
        if (r.code === 0) {
          outcomes.ran++;
          expect(r.out).toMatch(/^scenario \S+ on Linux /);
        } else {
          outcomes.rejected++;
          const [head, ...issues] = r.err.trimEnd().split('\n');
          // a file over 32 MiB is refused before it is read (duplicated 10 MB entries)
          if (head.startsWith(`simulate: cannot read ${FILE}: too large (`)) return;
          expect(head).toBe(`simulate: ${FILE} is not a valid scenario:`);
          expect(issues.length).toBeGreaterThan(0);
          for (const line of issues) {
            expect(line).toMatch(ISSUE_LINE);
            expect(line.length).toBeLessThan(600);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.info(`hostile scenarios through main(): ${outcomes.ran} ran, ${outcomes.rejected} rejected`);
    // both outcomes happen: the generator is neither all-broken nor all-harmless
    expect(outcomes.ran).toBeGreaterThan(RUNS / 100);
    expect(outcomes.rejected).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
