import { compressToEncodedURIComponent } from 'lz-string';
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { loadScenario } from '../scenario/parse';
import {
  decodeScenarioFragment,
  encodeScenarioPayload,
  LINK_VERSION,
  linkTooLarge,
  MAX_LINK_PAYLOAD,
  scenarioFragment,
} from './scenarioLink';

const edited = () => {
  const s = structuredClone(builtinScenario('xfs-reflink-shared'));
  if (!s) throw new Error('no built-in');
  s.id = 'r-late';
  const r = s.processes?.[1];
  if (r) r.mceKill = 'late';
  return s;
};

describe('#s= scenario links', () => {
  it('round-trips the whole scenario with its step and selection', () => {
    const s = edited();
    const f = scenarioFragment(encodeScenarioPayload(s), 7, 'task:1002');
    expect(f.startsWith('#s=')).toBe(true);
    const d = decodeScenarioFragment(f);
    expect(d).toEqual({ kind: 'scenario', link: { scenario: s, step: 7, selection: 'task:1002' }, problems: [] });
    // and what comes back still builds (a link is validated like a file, later)
    expect(loadScenario(d.kind === 'scenario' ? d.link.scenario : null).ok).toBe(true);
  });

  it('keeps "+" of the compressed alphabet (URLSearchParams would read a space)', () => {
    let s = edited();
    // find a scenario whose payload has a "+": descriptions of varying length shift the bits
    for (let i = 0; !encodeScenarioPayload(s).includes('+'); i++) s = { ...s, description: 'x'.repeat(i) };
    const d = decodeScenarioFragment(scenarioFragment(encodeScenarioPayload(s), null, null));
    expect(d.kind === 'scenario' && d.link.scenario).toEqual(s);
  });

  it('is not a scenario link without s=', () => {
    expect(decodeScenarioFragment('')).toEqual({ kind: 'none' });
    expect(decodeScenarioFragment('#step=3')).toEqual({ kind: 'none' });
  });

  it('says "could not decode" for a corrupted or cut link, and gives nothing else', () => {
    const payload = encodeScenarioPayload(edited());
    const cases = [
      `#s=${payload.slice(0, payload.length / 2)}`,
      `#s=${payload.slice(0, 10)}XYZ${payload.slice(13)}`,
      '#s=not%20lz',
      '#s=',
      `#s=${compressToEncodedURIComponent('{"no":"scenario"}')}`,
      `#s=${compressToEncodedURIComponent('[1,2')}`,
    ];
    for (const c of cases) {
      const d = decodeScenarioFragment(c);
      expect(d.kind, c).toBe('undecodable');
      expect(d.kind === 'undecodable' && d.problem, c).toMatch(/^could not decode the scenario in the link/);
    }
  });

  it('carries its version: a newer one is refused by name, a missing one too', () => {
    const newer = compressToEncodedURIComponent(JSON.stringify({ v: LINK_VERSION + 1, scenario: {} }));
    const d = decodeScenarioFragment(`#s=${newer}`);
    expect(d.kind === 'undecodable' && d.problem).toContain(`link version ${LINK_VERSION + 1}`);
    const none = compressToEncodedURIComponent(JSON.stringify({ scenario: {} }));
    expect(decodeScenarioFragment(`#s=${none}`).kind).toBe('undecodable');
  });

  it('drops a malformed step or selection with a note, keeping the scenario', () => {
    const d = decodeScenarioFragment(
      `${scenarioFragment(encodeScenarioPayload(edited()), null, null)}&step=-1&sel=%3Cb%3E`,
    );
    expect(d.kind).toBe('scenario');
    if (d.kind !== 'scenario') return;
    expect(d.link.step).toBeNull();
    expect(d.link.selection).toBeNull();
    expect(d.problems).toEqual(['step "-1" is not a step number', 'sel "<b>" is not an object id']);
  });

  it('says why a very large scenario gets a file instead of a link', () => {
    expect(linkTooLarge(encodeScenarioPayload(edited()))).toBeNull();
    const big = {
      ...edited(),
      files: Array.from({ length: 3000 }, (_, i) => ({ path: `/mnt/f${i * 7919}`, size: i })),
    };
    const why = linkTooLarge(encodeScenarioPayload(big));
    expect(why).toMatch(/KiB compressed, more than a link should carry \(8 KiB\): share the file instead$/);
    expect(encodeScenarioPayload(big).length).toBeGreaterThan(MAX_LINK_PAYLOAD);
  });
});
