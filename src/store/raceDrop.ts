/**
 * Racing a change inside a failure's handling (issue 8 §3): the changes a scenario can race (truncate, punch
 * a hole in or remap a file of an XFS mount, munmap a mapping), and the scenario with one of them placed at a step's kernel
 * function (`concurrentWith` + `at`, docs/scenario-format.md) — or why it cannot be placed there. Shared by
 * the pipeline's "Race a change here" and the timeline's drop target. Where a variant can race is
 * src/kernel/variants/racePoints.ts; the scenario's validation checks the same points again.
 */
import { racePoints } from '../kernel/variants/racePoints';
import { findVariant } from '../kernel/variants/variants';
import type { ScenarioInput } from '../scenario/schema';

/** The scenario events a change can race: the failures. */
export const FAILURES = new Set(['madvise', 'mce', 'async', 'corrupt-pfn']);

export type RaceChange = { label: string; event: Record<string, unknown> };

/**
 * The changes the scenario can race, per file of an XFS mount: truncate it to 0, punch a hole in its first
 * page, remap its first page onto another file's of the same mount (the block moves to another owner);
 * and munmap a named mapping.
 */
export function raceChanges(s: ScenarioInput): RaceChange[] {
  // once per scenario object: the pipeline asks again at every step (bench A: 10,003 changes, ~3 ms)
  const known = changesOf.get(s);
  if (known) return known;
  const out = listRaceChanges(s);
  changesOf.set(s, out);
  return out;
}

const changesOf = new WeakMap<ScenarioInput, RaceChange[]>();

function listRaceChanges(s: ScenarioInput): RaceChange[] {
  const xfsMounts = (s.filesystems ?? []).filter((f) => f.type === 'xfs').map((f) => `${f.mount ?? '/mnt'}/`);
  const mountOf = (path: string) => xfsMounts.find((m) => path.startsWith(m));
  const files = (s.files ?? []).filter((f) => !f.path.includes('{n}') && mountOf(f.path));
  const out: RaceChange[] = [];
  for (const f of files) {
    out.push({ label: `truncate ${f.path} to 0`, event: { kind: 'truncate', path: f.path, size: 0 } });
    out.push({
      label: `punch a hole in ${f.path} [0, 4 KiB)`,
      event: { kind: 'punch-hole', path: f.path, offset: 0, length: 4096 },
    });
    const other = files.find((g) => g !== f && mountOf(g.path) === mountOf(f.path));
    if (other)
      out.push({
        label: `remap ${other.path}'s first page onto ${f.path}'s`,
        event: { kind: 'reflink-remap', src: other.path, dest: f.path, length: 4096 },
      });
  }
  for (const p of s.processes ?? [])
    for (const m of p.mappings ?? [])
      if (m.name)
        out.push({ label: `munmap ${p.name}/${m.name}`, event: { kind: 'munmap', process: p.name, mapping: m.name } });
  return out;
}

export type RacePlacement = { ok: true; scenario: ScenarioInput; label: string } | { ok: false; message: string };

/**
 * `scenario` with `change` racing the failure that step `step` (event index and kernel function) belongs
 * to, at that function, on kernel `kernel`; or a message saying why not (the step is not in a failure, or
 * the kernel has no race point at its function).
 */
export function placeRace(
  scenario: ScenarioInput,
  kernel: string,
  step: { index: number; event: number; fn: string },
  change: RaceChange,
): RacePlacement {
  const where = `step ${step.index + 1}, ${step.fn}()`;
  const ev = scenario.events?.[step.event];
  if (!ev || !FAILURES.has(ev.kind))
    return {
      ok: false,
      message: `Not raced: ${where} is not inside a failure's handling (event ${step.event + 1} is ${ev ? `a ${ev.kind}` : 'the setup'}); a change races a madvise, mce, async or corrupt-pfn event`,
    };
  const variant = findVariant(kernel);
  if (!variant) return { ok: false, message: `Not raced: unknown kernel ${kernel}` };
  const points = racePoints(new Set(variant.features));
  if (!points.includes(step.fn))
    return {
      ok: false,
      message: `Not raced: kernel ${variant.id} has no race point at ${step.fn}() (step ${step.index + 1}); it races at ${points.map((p) => `${p}()`).join(', ')}`,
    };
  const events = [...(scenario.events ?? []), { ...change.event, concurrentWith: step.event, at: step.fn }];
  return {
    ok: true,
    scenario: { ...scenario, events: events as ScenarioInput['events'] },
    label: `${change.label} at ${step.fn}()`,
  };
}
