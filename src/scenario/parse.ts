/**
 * The edge where scenario text comes in: JSON syntax, then the schema, then the builder's checks of
 * meaning. Nothing that a user wrote reaches the kernel model unchecked, and every rejection names the
 * field it is about.
 */
import { findVariant, variantIds } from '../kernel/variants/variants';
import { type BuiltScenario, buildScenario } from './build';
import { clampIssue, formatPath, type ParseResult, ScenarioError } from './issues';
import { plainProcesses } from './plainProcess';
import { MAX_PROCESSES, type Scenario, scenarioSchema } from './schema';

/**
 * `owned`: the input is the caller's to give away (a file's text just parsed), so the fast path may keep its
 * objects in the result instead of copying them; never for an object a caller still holds (a built-in).
 */
export function parseScenarioObject(input: unknown, owned = false): ParseResult<Scenario> {
  // perf: 10^5 plain process entries checked by hand, the rest by the schema; any doubt, all by the schema
  const fast = plainScenario(input, owned);
  if (fast) return fast;
  const r = scenarioSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => clampIssue({ path: formatPath(i.path), message: i.message })),
  };
}

/**
 * The scenario with its processes[] through the fast path (plainProcess.ts) and everything else through the
 * schema; null when the fast path is not sure of every process. Only a valid result is answered here, so
 * every message on bad input comes from the schema as before.
 */
function plainScenario(input: unknown, owned: boolean): ParseResult<Scenario> | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !Object.hasOwn(input, 'processes'))
    return null;
  const { processes, ...rest } = input as { processes: unknown };
  const plain = plainProcesses(processes, MAX_PROCESSES, owned);
  if (!plain) return null;
  const r = scenarioSchema.safeParse({ ...rest, processes: [] });
  if (!r.success) return null;
  return { ok: true, value: { ...r.data, processes: plain } };
}

export function parseScenarioText(text: string): ParseResult<Scenario> {
  let json: unknown;
  try {
    // editors on Windows save UTF-8 with a byte order mark; JSON.parse rejects it
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, issues: [{ path: '(file)', message: `not JSON: ${(e as Error).message}` }] };
  }
  // the parsed value is no one else's: the fast path keeps its objects
  return parseScenarioObject(json, true);
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
