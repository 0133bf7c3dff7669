/**
 * A link that carries a whole scenario (issue 10 §2): `#s=<payload>&step=N&sel=ID` in the URL fragment, so
 * a scenario that is not a built-in can be shared with no server. The payload is lz-string's URI-safe
 * compression of `{"v":LINK_VERSION,"scenario":{…}}`; the link's version and the scenario's own `format`
 * travel with it, and older payloads are migrated before use. A fragment that cannot be decoded is
 * reported as such ("could not decode …") and nothing else is loaded in its place.
 *
 * The fragment is split by hand, not with URLSearchParams: lz-string's alphabet has "+", which
 * URLSearchParams would read as a space.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { isObjectId } from './permalink';

/** the version of the link payload's envelope; bump it (and add a migration) when the envelope changes */
export const LINK_VERSION = 1;
/** a URL should carry no more than this much scenario (compressed): beyond it, offer a file instead */
export const MAX_LINK_PAYLOAD = 8 * 1024;
/** a fragment longer than this is not even decompressed (a decompression bomb, a pasted file) */
const MAX_FRAGMENT = 2 * 1024 * 1024;

export interface ScenarioLink {
  /** the scenario as JSON (validated later, like any file: the link is untrusted input) */
  scenario: unknown;
  step: number | null;
  selection: string | null;
}

export type DecodedFragment =
  /** no `s=` in the fragment: not a scenario link */
  | { kind: 'none' }
  | { kind: 'scenario'; link: ScenarioLink; problems: string[] }
  | { kind: 'undecodable'; problem: string };

/**
 * Envelope migrations, keyed by the version they upgrade from. Version 1 is the first; a later envelope
 * adds `n: (old) => newer` here so links made before it keep working.
 */
const MIGRATIONS: Record<number, (payload: Record<string, unknown>) => Record<string, unknown>> = {};

function fields(fragment: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of fragment.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

/** Compress a scenario for a link: the payload alone (no `#s=`). */
export function encodeScenarioPayload(scenario: unknown): string {
  return compressToEncodedURIComponent(JSON.stringify({ v: LINK_VERSION, scenario }));
}

/** The fragment for a scenario link; `payload` from encodeScenarioPayload (cached by the caller). */
export function scenarioFragment(payload: string, step: number | null, selection: string | null): string {
  let f = `#s=${payload}`;
  if (step !== null) f += `&step=${step}`;
  if (selection) f += `&sel=${encodeURIComponent(selection)}`;
  return f;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function decodeScenarioFragment(fragment: string): DecodedFragment {
  if (fragment.length > MAX_FRAGMENT + 64)
    return {
      kind: 'undecodable',
      problem: `could not decode the scenario in the link: the fragment is ${fragment.length} characters, more than a link can carry (${MAX_FRAGMENT})`,
    };
  const f = fields(fragment);
  const payload = f.get('s');
  if (payload === undefined) return { kind: 'none' };
  const fail = (why: string): DecodedFragment => ({
    kind: 'undecodable',
    problem: `could not decode the scenario in the link (#s=${clip(payload, 24)}): ${why}`,
  });
  if (!/^[A-Za-z0-9+$-]+$/.test(payload)) return fail('it has characters a scenario link never has');
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(payload);
  } catch {
    json = null;
  }
  if (!json) return fail('it is not compressed scenario data (was the link cut short?)');
  let envelope: unknown;
  try {
    envelope = JSON.parse(json);
  } catch {
    return fail('the decompressed text is not JSON (was the link cut short or edited?)');
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || !('scenario' in envelope))
    return fail('it holds no scenario');
  let e = envelope as Record<string, unknown>;
  const v = e.v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail('it has no link version');
  if (v > LINK_VERSION)
    return fail(`it was made by a newer explorer (link version ${v}; this one reads up to ${LINK_VERSION})`);
  for (let from = v; from < LINK_VERSION; from++) {
    const up = MIGRATIONS[from];
    if (!up) return fail(`no migration from link version ${from}`);
    e = up(e);
  }
  const problems: string[] = [];
  let step: number | null = null;
  let selection: string | null = null;
  const rawStep = f.get('step');
  if (rawStep !== undefined) {
    if (/^[0-9]{1,9}$/.test(rawStep)) step = Number(rawStep);
    else problems.push(`step "${clip(rawStep, 20)}" is not a step number`);
  }
  const rawSel = f.get('sel');
  if (rawSel !== undefined) {
    let sel = '';
    try {
      sel = decodeURIComponent(rawSel);
    } catch {
      sel = rawSel;
    }
    if (isObjectId(sel)) selection = sel;
    else problems.push(`sel "${clip(sel, 40)}" is not an object id`);
  }
  return { kind: 'scenario', link: { scenario: e.scenario, step, selection }, problems };
}

/** Whether a payload is small enough for a link; if not, the reason to give instead of a link. */
export function linkTooLarge(payload: string): string | null {
  if (payload.length <= MAX_LINK_PAYLOAD) return null;
  return `this scenario is ${(payload.length / 1024).toFixed(1)} KiB compressed, more than a link should carry (${MAX_LINK_PAYLOAD / 1024} KiB): share the file instead`;
}
