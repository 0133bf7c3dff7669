/**
 * The link of what is on screen (issue 10 §2): a built-in by its id in the query (`?scenario=…&step=…`);
 * any other scenario whole in the fragment (`#s=…&step=…&sel=…`), so the link reproduces it with no server.
 * One too large for a URL names the saved copy in this browser instead (`#mine=<key>`), and the Copy link
 * button offers the file, saying why.
 */
import type { AppState, LoadState } from './appStore';
import { parseJson } from './authoring';
import { encodePermalink } from './permalink';
import { encodeScenarioPayload, linkTooLarge, MAX_LINK_PAYLOAD, scenarioFragment } from './scenarioLink';

type Ready = Extract<LoadState, { status: 'ready' }>;

/** the scenario as JSON (not its file's text), as a link and an export carry it */
export function scenarioJson(load: Ready): unknown {
  if (typeof load.input === 'string') {
    const p = parseJson(load.input);
    if (p.ok) return p.value;
  }
  return load.input ?? load.built.scenario;
}

/**
 * JSON longer than this is not compressed to see whether it fits a link: it would not (8 KiB compressed is
 * far less), and lz-string on megabytes would hold the page's thread for seconds.
 */
export const MAX_LINK_SOURCE = 256 * 1024;

// compressing is the costly part; a run's payload is the same at every step
const payloads = new WeakMap<Ready, { payload: string } | { tooLarge: string }>();
function payloadOf(load: Ready): { payload: string } | { tooLarge: string } {
  let p = payloads.get(load);
  if (p === undefined) {
    // a file's text is measured, not parsed (bench A's 1.3 MB took 40 ms of the load to parse for nothing)
    const length = typeof load.input === 'string' ? load.input.length : JSON.stringify(scenarioJson(load)).length;
    p =
      length > MAX_LINK_SOURCE
        ? {
            tooLarge: `this scenario is ${(length / 1024).toFixed(0)} KiB of JSON, far more than a link should carry (${MAX_LINK_PAYLOAD / 1024} KiB compressed): share the file instead`,
          }
        : { payload: encodeScenarioPayload(scenarioJson(load)) };
    payloads.set(load, p);
  }
  return p;
}

export interface LinkParts {
  search: string;
  hash: string;
  /** the scenario is too large for a link: why (the hash then names the saved copy, which works here only) */
  tooLarge: string | null;
}

export function linkParts(
  s: Pick<AppState, 'load' | 'cursor' | 'selection' | 'kernel'>,
  mineKey: string | null,
): LinkParts | null {
  const load = s.load;
  if (load.status !== 'ready') return null;
  if (load.source === 'builtin')
    return {
      search: encodePermalink({ scenario: load.id, kernel: s.kernel, step: s.cursor, selection: s.selection }),
      hash: '',
      tooLarge: null,
    };
  const search = encodePermalink({ scenario: null, kernel: s.kernel, step: null, selection: null });
  const p = payloadOf(load);
  const tooLarge = 'tooLarge' in p ? p.tooLarge : linkTooLarge(p.payload);
  if ('payload' in p && !tooLarge)
    return { search, hash: scenarioFragment(p.payload, s.cursor, s.selection), tooLarge };
  const sel = s.selection ? `&sel=${encodeURIComponent(s.selection)}` : '';
  return { search, hash: mineKey ? `#mine=${encodeURIComponent(mineKey)}&step=${s.cursor}${sel}` : '', tooLarge };
}
