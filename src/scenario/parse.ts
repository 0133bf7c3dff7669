/**
 * The edge where scenario text comes in: JSON syntax, then the schema, then the builder's checks of
 * meaning. Nothing that a user wrote reaches the kernel model unchecked, and every rejection names the
 * field it is about.
 */
import { type BuiltScenario, buildScenario } from './build';
import { formatPath, type ParseResult, ScenarioError } from './issues';
import { type Scenario, scenarioSchema } from './schema';

export function parseScenarioObject(input: unknown): ParseResult<Scenario> {
  const r = scenarioSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  };
}

export function parseScenarioText(text: string): ParseResult<Scenario> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(file)', message: `not JSON: ${(e as Error).message}` }] };
  }
  return parseScenarioObject(json);
}

/** Validate and build in one go: the result either holds a machine ready to run or the issues. */
export function loadScenario(input: unknown): ParseResult<BuiltScenario> {
  const parsed = typeof input === 'string' ? parseScenarioText(input) : parseScenarioObject(input);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, value: buildScenario(parsed.value) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, issues: e.issues };
    throw e;
  }
}
