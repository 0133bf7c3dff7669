/**
 * The processes[] fast path answers only what the schema would: for any entry, either null or exactly the
 * schema's output (values, defaults, key order); and a scenario parses to the same value and the same
 * messages with it as through the schema alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedPageScenario } from '../../bench/huge-scenarios';
import { formatPath } from './issues';
import { parseScenarioObject, parseScenarioText } from './parse';
import { plainProcess } from './plainProcess';
import { scenarioSchema } from './schema';

const base = { format: 1, id: 'fast', namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '1GiB' }] };

/** The schema's own answer for one process entry. */
function bySchema(entry: unknown): unknown {
  const r = scenarioSchema.safeParse({ ...base, processes: [entry] });
  return r.success ? r.data.processes[0] : null;
}

// values near and across each field's limits, of the right and the wrong types
const anyValue = fc.oneof(
  fc.constantFrom('a', 'p0', 'x'.repeat(32), 'x'.repeat(33), '', 'a b', '/mnt/A', '/', 'mnt', '/a\0b'),
  fc.constantFrom('pmtest', 'x'.repeat(15), 'x'.repeat(16), 'early', 'late', 'default', 'EARLY'),
  fc.constantFrom(
    0,
    1,
    2,
    4096,
    4194304,
    4194305,
    -1,
    1.5,
    Number.NaN,
    2 ** 53,
    '0x3000',
    '4KiB',
    ' 12 ',
    '4 GiB',
    'zz',
  ),
  fc.constantFrom(true, false, null, [], {}),
);
const entryOf = (keys: readonly string[]) =>
  fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: keys.length });
const mapping = entryOf(['name', 'file', 'device', 'offset', 'length', 'addr', 'bogus']);
const touch = entryOf(['mapping', 'offset', 'write', 'bogus']);
const processEntry = fc.record(
  {
    name: anyValue,
    comm: anyValue,
    pid: anyValue,
    mceKill: anyValue,
    mappings: fc.oneof(fc.array(mapping, { maxLength: 3 }), anyValue),
    touch: fc.oneof(fc.array(touch, { maxLength: 3 }), anyValue),
    threads: fc.constant([{ name: 't' }]),
    bogus: anyValue,
  },
  { requiredKeys: [] },
);
// plain entries, so the property also sees the fast path answer
const plainEntry = fc.record(
  {
    name: fc.constantFrom('p0', 'W', 'a.b-c_d'),
    comm: fc.constantFrom('pmtest', 'worker'),
    pid: fc.integer({ min: 2, max: 4194304 }),
    mceKill: fc.constantFrom('default', 'early', 'late'),
    mappings: fc.array(
      fc.record(
        {
          name: fc.constantFrom('a', 'b'),
          file: fc.constantFrom('/mnt/A', '/mnt/B'),
          device: fc.constant('dax0.0'),
          offset: fc.constantFrom(0, '0x3000', '2MiB'),
          length: fc.constantFrom(4096, '4KiB'),
          addr: fc.constantFrom('0x7f0000000000', 4096),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    touch: fc.array(
      fc.record(
        { mapping: fc.constantFrom('a', 'b'), offset: fc.constantFrom(0, '0x3000'), write: fc.boolean() },
        { requiredKeys: ['offset'] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['name'] },
);

describe('plainProcess(): the schema answer or none', () => {
  it('for any entry: null, or the schema output with the same keys in the same order', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.oneof(processEntry, plainEntry), (entry) => {
        const fast = plainProcess(entry);
        // a parsed file's own objects (owned): kept where already in the schema's form, the same answer
        // (each on a copy of its own: a clone has the ordinary prototype where the entry may have none)
        const owned = plainProcess(structuredClone(entry), true);
        expect(JSON.stringify(owned)).toBe(JSON.stringify(plainProcess(structuredClone(entry))));
        if (fast === null) return;
        answered++;
        expect(JSON.stringify(fast)).toBe(JSON.stringify(bySchema(entry)));
      }),
      { numRuns: 3000, seed: 17 },
    );
    expect(answered).toBeGreaterThan(150);
  });

  it('leaves to the schema what it must decide: threads, unknown keys, explicit undefined, bad values', () => {
    const ok = { name: 'p', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ offset: 0 }] };
    expect(plainProcess(ok)).toEqual({
      name: 'p',
      comm: 'pmtest',
      mceKill: 'default',
      mappings: [{ name: 'a', file: '/mnt/A', offset: 0 }],
      touch: [{ offset: 0 }],
    });
    expect(plainProcess({ ...ok, threads: [] })).toBeNull();
    expect(plainProcess({ ...ok, extra: 1 })).toBeNull();
    expect(plainProcess({ ...ok, comm: undefined })).toBeNull();
    expect(plainProcess({ ...ok, touch: [{}] })).toBeNull();
    expect(plainProcess({ ...ok, name: 'a b' })).toBeNull();
    expect(plainProcess(JSON.parse('{"name":"p","__proto__":{"x":1}}'))).toBeNull();
  });

  it('a whole scenario: the same value with the fast path, the same messages without it', () => {
    const input = sharedPageScenario(50);
    const parsed = parseScenarioObject(input);
    const schema = scenarioSchema.safeParse(input);
    expect(parsed.ok && schema.success).toBe(true);
    if (parsed.ok && schema.success) expect(JSON.stringify(parsed.value)).toBe(JSON.stringify(schema.data));
    // a bad process among plain ones, and a bad field beside plain processes: the schema's messages
    const badProcess = { ...input, processes: [...(input.processes ?? []), { name: 'x y' }] };
    const badRest = { ...input, id: 7 };
    // a bad process after plain ones whose parsed objects the fast path already kept (and completed)
    const late = { ...input, processes: [...(input.processes ?? []), { name: 'p', touch: [{ offset: '4x' }] }] };
    for (const bad of [badProcess, badRest, late]) {
      const s = scenarioSchema.safeParse(bad);
      expect(s.success).toBe(false);
      for (const r of [parseScenarioObject(bad), parseScenarioText(JSON.stringify(bad))]) {
        expect(r.ok).toBe(false);
        if (!r.ok && !s.success)
          expect(r.issues).toEqual(s.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
      }
    }
    // and a file's text: the same value as the schema's, keys in the same order
    const text = parseScenarioText(JSON.stringify(input));
    if (text.ok && schema.success) expect(JSON.stringify(text.value)).toBe(JSON.stringify(schema.data));
  });
});
