import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../scenario/jsonSchema';
import { controlFor, fromText, issuePointer, itemLabel, newItem, setIn, variantOf } from './schemaForm';

const js = scenarioJsonSchema();
const prop = (k: string) => js.properties?.[k] ?? {};

describe('forms driven by the generated JSON Schema', () => {
  it('gives each field of the format its control', () => {
    const proc = prop('processes').items ?? {};
    expect(controlFor(proc.properties?.mceKill ?? {})).toEqual({
      kind: 'choice',
      options: ['default', 'early', 'late'],
    });
    expect(controlFor(proc.properties?.mappings ?? {}).kind).toBe('list');
    expect(controlFor(prop('namespaces').items?.properties?.size ?? {})).toEqual({
      kind: 'text',
      numeric: 'when-digits',
    });
    expect(controlFor(prop('filesystems').items?.properties?.reflink ?? {}).kind).toBe('choice');
    expect(controlFor(prop('sysctl')).kind).toBe('object');
    expect(controlFor(prop('sysctl').properties?.memory_failure_early_kill ?? {})).toEqual({
      kind: 'choice',
      options: [0, 1],
    });
    const events = controlFor(prop('events').items ?? {});
    expect(events.kind).toBe('variants');
  });

  it('makes new items with their required fields, and finds an event kind', () => {
    expect(newItem(prop('processes').items ?? {})).toEqual({ name: '' });
    expect(newItem(prop('namespaces').items ?? {})).toEqual({ name: '', mode: 'fsdax', size: 0 });
    const events = controlFor(prop('events').items ?? {});
    if (events.kind !== 'variants') throw new Error('events');
    expect(variantOf(events.variants, { kind: 'mce' })?.properties?.ripv).toBeDefined();
  });

  it('turns typed text into JSON the way the field reads it', () => {
    expect(fromText('4096', 'when-digits')).toBe(4096);
    expect(fromText('2MiB', 'when-digits')).toBe('2MiB');
    expect(fromText('0x3000', 'when-digits')).toBe('0x3000');
    expect(fromText('12', 'always')).toBe(12);
    expect(fromText('12', 'never')).toBe('12');
  });

  it('sets and removes along a path without touching the rest', () => {
    const s = { processes: [{ name: 'Q' }, { name: 'R', mceKill: 'early' }] };
    const t = setIn(s, ['processes', 1, 'mceKill'], 'late') as typeof s;
    expect(t.processes[1]).toEqual({ name: 'R', mceKill: 'late' });
    expect(t.processes[0]).toBe(s.processes[0]);
    expect(s.processes[1].mceKill).toBe('early');
    expect(setIn(s, ['processes', 0], undefined)).toEqual({ processes: [{ name: 'R', mceKill: 'early' }] });
    expect(itemLabel('processes', 1, s.processes[1])).toBe('processes[1] R');
  });

  it("places a run's issue at its field in the JSON", () => {
    expect(issuePointer('processes[1].mceKill')).toBe('/processes/1/mceKill');
    expect(issuePointer('files[0].path')).toBe('/files/0/path');
    expect(issuePointer('namespaces')).toBe('/namespaces');
    expect(issuePointer('(json)')).toBeNull();
  });
});
