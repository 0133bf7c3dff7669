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
