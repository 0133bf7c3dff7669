/**
 * The editor's JSON Schema is generated from the zod schema; this keeps the two in agreement on shape:
 * every built-in passes both, and each kind of shape mistake is refused by both.
 */
import { Draft07 } from 'json-schema-library';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../../scenario/builtins';
import { scenarioJsonSchema } from '../../scenario/jsonSchema';
import { scenarioSchema } from '../../scenario/schema';

const draft = new Draft07(scenarioJsonSchema());
const jsonOk = (v: unknown) => draft.validate(v).length === 0;
const zodOk = (v: unknown) => scenarioSchema.safeParse(v).success;

type Mutable = Record<string, unknown> & { processes: Record<string, unknown>[]; events: Record<string, unknown>[] };
const base = () => structuredClone(BUILTIN_SCENARIOS[0]) as unknown as Mutable;

describe('the JSON Schema generated from the zod schema', () => {
  it('accepts every built-in, as zod does', () => {
    for (const s of BUILTIN_SCENARIOS) {
      expect(zodOk(s), s.id).toBe(true);
      expect(draft.validate(s), s.id).toEqual([]);
    }
  });

  it('has every top-level field of the zod schema, and the event kinds', () => {
    const js = scenarioJsonSchema();
    expect(Object.keys(js.properties ?? {}).sort()).toEqual(Object.keys(scenarioSchema.shape).sort());
    const kinds = (js.properties?.events.items?.oneOf ?? []).map((o) => o.properties?.kind.const);
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds).toContain('mce');
  });

  const mistakes: [string, (s: Mutable) => void][] = [
    ['a policy that does not exist', (s) => (s.processes[1].mceKill = 'sometimes')],
    ['an unknown field', (s) => (s.processes[0].colour = 'red')],
    ['a missing namespace list', (s) => delete s.namespaces],
    ['an unknown event kind', (s) => (s.events[0].kind = 'explode')],
    ['a boolean for a size', (s) => ((s.files as Record<string, unknown>[])[0].size = true)],
    ['a kernel variant that does not exist', (s) => (s.kernel = '2.6.32')],
    ['a wrong format', (s) => (s.format = 2)],
    ['an id with capitals', (s) => (s.id = 'Not-An-Id')],
    ['a comm too long', (s) => (s.processes[0].comm = 'x'.repeat(16))],
  ];
  for (const [what, mutate] of mistakes)
    it(`refuses ${what}, as zod does`, () => {
      const s = base();
      mutate(s);
      expect(zodOk(s)).toBe(false);
      expect(jsonOk(s)).toBe(false);
    });
});
