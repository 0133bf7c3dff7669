/**
 * What the scenario forms need from the JSON Schema (src/scenario/jsonSchema.ts): which control a field
 * gets, what a new list item starts as, and how a typed value becomes JSON. Driven by the schema, so a
 * field or event kind added to src/scenario/schema.ts appears in the forms without code here.
 */
import type { JsonSchema } from '../../scenario/jsonSchema';

export type Control =
  | { kind: 'choice'; options: (string | number | boolean)[] }
  | { kind: 'text'; numeric: 'never' | 'always' | 'when-digits' }
  | { kind: 'object'; schema: JsonSchema }
  | { kind: 'list'; item: JsonSchema }
  /** one of several shapes told apart by a constant `kind` (the events) */
  | { kind: 'variants'; variants: JsonSchema[] }
  | { kind: 'other' };

const types = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** the constants a field may take (an enum, or a union of constants), or null */
function constants(s: JsonSchema): (string | number | boolean)[] | null {
  if (Array.isArray(s.enum)) return s.enum as (string | number | boolean)[];
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length && alts.every((a) => a.const !== undefined)) return alts.map((a) => a.const as string | number);
  return null;
}

export function controlFor(s: JsonSchema): Control {
  const c = constants(s);
  if (c) return { kind: 'choice', options: c };
  const alts = s.oneOf ?? s.anyOf;
  if (alts?.length && alts.every((a) => a.properties?.kind?.const !== undefined))
    return { kind: 'variants', variants: alts };
  const t = types(s);
  if (t.includes('boolean') && t.length === 1) return { kind: 'choice', options: [true, false] };
  if (t.includes('object') && s.properties) return { kind: 'object', schema: s };
  if (t.includes('array') && s.items) return { kind: 'list', item: s.items };
  if (t.includes('string') && t.includes('number')) return { kind: 'text', numeric: 'when-digits' };
  if (t.includes('number') || t.includes('integer')) return { kind: 'text', numeric: 'always' };
  if (t.includes('string')) return { kind: 'text', numeric: 'never' };
  return { kind: 'other' };
}

/** The variant of a `kind`-tagged union that an object is. */
export function variantOf(variants: JsonSchema[], value: unknown): JsonSchema | undefined {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return variants.find((v) => v.properties?.kind?.const === kind);
}

/** A new item for a list: its required fields with a first value (the user fills them in). */
export function newItem(s: JsonSchema): unknown {
  const c = controlFor(s);
  switch (c.kind) {
    case 'choice':
      return s.const ?? c.options[0];
    case 'variants':
      return newItem(c.variants[0]);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) {
        const p = s.properties?.[k];
        if (p) out[k] = p.const ?? newItem(p);
      }
      return out;
    }
    case 'list':
      return [];
    case 'text':
      return c.numeric === 'never' ? '' : 0;
    default:
      return null;
  }
}

/** A typed text as JSON: a number where the field takes one (and the text is one), else the text. */
export function fromText(text: string, numeric: 'never' | 'always' | 'when-digits'): string | number {
  const t = text.trim();
  if (numeric !== 'never' && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(t)) return Number(t);
  return numeric === 'always' && t !== '' && Number.isFinite(Number(t)) ? Number(t) : text;
}

/** `obj` with the value at `path` set (undefined: removed), copied along the path only. */
export function setIn(obj: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(obj)) {
    const copy = obj.slice();
    if (value === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = setIn(copy[head as number], rest, value);
    return copy;
  }
  const copy: Record<string, unknown> = { ...((obj as Record<string, unknown>) ?? {}) };
  if (value === undefined && rest.length === 0) delete copy[head as string];
  else copy[head as string] = setIn(copy[head as string], rest, value);
  return copy;
}

/** A list item's heading: its path, and its name where it has one (`processes[1] R`). */
export function itemLabel(key: string, i: number, value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  const name = v.name ?? v.path ?? v.kind ?? v.type;
  return typeof name === 'string' ? `${key}[${i}] ${name}` : `${key}[${i}]`;
}

/**
 * The JSON Pointer of an issue's field (`processes[1].mceKill` → `/processes/1/mceKill`), for placing the
 * run's messages in the JSON; null for issues about the text as a whole (`(json)`, `(file)`).
 */
export function issuePointer(path: string): string | null {
  if (path.startsWith('(') || path.startsWith('#')) return null;
  const parts = path.match(/[^.[\]]+/g) ?? [];
  return parts.length ? `/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '';
}
