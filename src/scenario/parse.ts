/**
 * The edge where scenario text comes in: JSON syntax, then the schema, then the builder's checks of
 * meaning. Nothing that a user wrote reaches the kernel model unchecked, and every rejection names the
 * field it is about.
 */
import { findVariant, variantIds } from '../kernel/variants/variants';
import { type BuiltScenario, buildScenario } from './build';
import { clampIssue, formatPath, type ParseResult, ScenarioError } from './issues';
import { type Scenario, scenarioSchema } from './schema';

export function parseScenarioObject(input: unknown): ParseResult<Scenario> {
  const r = scenarioSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => clampIssue({ path: formatPath(i.path), message: i.message })),
  };
}

export function parseScenarioText(text: string): ParseResult<Scenario> {
  let json: unknown;
  try {
    // editors on Windows save UTF-8 with a byte order mark; JSON.parse rejects it
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(file)', message: `not JSON: ${(e as Error).message}` }] };
  }
  return parseScenarioObject(json);
}

/** Validate and build in one go: the result either holds a machine ready to run or the issues. */
export interface LoadOptions {
  /** run on this kernel variant instead of the scenario's `kernel` (the CLI's --kernel) */
  kernel?: string;
}

export function loadScenario(input: unknown, opts: LoadOptions = {}): ParseResult<BuiltScenario> {
  const parsed = typeof input === 'string' ? parseScenarioText(input) : parseScenarioObject(input);
  if (!parsed.ok) return parsed;
  if (opts.kernel !== undefined && !findVariant(opts.kernel))
    return {
      ok: false,
      issues: [
        clampIssue({
          path: 'kernel',
          message: `unknown kernel variant "${opts.kernel}"; known: ${variantIds().join(', ')}`,
        }),
      ],
    };
  try {
    const scenario = opts.kernel === undefined ? parsed.value : { ...parsed.value, kernel: opts.kernel };
    return { ok: true, value: buildScenario(scenario) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, issues: e.issues.map(clampIssue) };
    throw e;
  }
}
