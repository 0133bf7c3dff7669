/** A problem with a scenario, named by the path of the field it is in ("processes[1].mappings[0].file"). */
export interface ScenarioIssue {
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ScenarioIssue[] };

/** Thrown by the builder; caught at the edge and turned into a ParseResult. */
export class ScenarioError extends Error {
  readonly issues: ScenarioIssue[];
  constructor(issues: ScenarioIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    this.issues = issues;
  }
}

export function fail(path: string, message: string): never {
  throw new ScenarioError([{ path, message }]);
}

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out || '(scenario)';
}

/** The most characters of a user's value a message quotes: a 10 MB string is cut, not echoed. */
export const QUOTE_MAX = 80;

/** `s` cut to QUOTE_MAX characters, with how long it was. */
export function clip(s: string, max = QUOTE_MAX): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} characters)`;
}

/** A string value quoted for a message, cut to QUOTE_MAX characters. */
export function quote(s: string, max = QUOTE_MAX): string {
  return s.length <= max ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, max))}… (${s.length} characters)`;
}

// a message is a sentence or two; anything longer carries an unquoted value
const MESSAGE_MAX = 600;

/** Every "…"-quoted run in `message` cut to QUOTE_MAX characters (a scan: a regex would recurse on 10 MB). */
function clipQuoted(message: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('"', i);
    if (open < 0) break;
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === '\\' ? 2 : 1;
    const inner = message.slice(open + 1, Math.min(close, message.length));
    out += message.slice(i, open + 1);
    out += inner.length <= QUOTE_MAX ? inner : `${inner.slice(0, QUOTE_MAX)}…(${inner.length} characters)`;
    if (close < message.length) out += '"';
    i = close + 1;
  }
  return out + message.slice(i);
}

/**
 * The last guard at the edge: every quoted value in an issue cut to QUOTE_MAX characters, the path too,
 * and the whole message bounded, whichever check wrote it (ours or zod's).
 */
export function clampIssue(issue: ScenarioIssue): ScenarioIssue {
  let message = clipQuoted(issue.message);
  if (message.length > MESSAGE_MAX) message = clip(message, MESSAGE_MAX);
  return { path: clip(issue.path, MESSAGE_MAX), message };
}
