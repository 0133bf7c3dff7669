/**
 * "Race a change here": place a file change inside the failure being stepped, at the current step's
 * kernel function (`concurrentWith` + `at`, docs/scenario-format.md), and run the scenario again with it.
 * Only offered where the variant allows a race (src/kernel/variants/racePoints.ts) and during a failure.
 */
import { useId, useState } from 'react';
import { racePoints } from '../../kernel/variants/racePoints';
import { findVariant } from '../../kernel/variants/variants';
import type { ScenarioInput } from '../../scenario/schema';
import { useApp } from '../../store/react';

const FAILURES = new Set(['madvise', 'mce', 'async', 'corrupt-pfn']);

type Change = { label: string; event: Record<string, unknown> };

/** The changes the loaded scenario can race: truncate or punch a page of an XFS file, munmap a mapping. */
function changesOf(s: ScenarioInput): Change[] {
  const xfsMounts = (s.filesystems ?? []).filter((f) => f.type === 'xfs').map((f) => `${f.mount ?? '/mnt'}/`);
  const files = (s.files ?? []).filter((f) => !f.path.includes('{n}') && xfsMounts.some((m) => f.path.startsWith(m)));
  const out: Change[] = [];
  for (const f of files)
    out.push({ label: `truncate ${f.path} to 0`, event: { kind: 'truncate', path: f.path, size: 0 } });
  for (const p of s.processes ?? [])
    for (const [i, m] of (p.mappings ?? []).entries()) {
      const name = m.name ?? `m${i}`;
      if (m.name)
        out.push({ label: `munmap ${p.name}/${name}`, event: { kind: 'munmap', process: p.name, mapping: name } });
    }
  return out;
}

export function RaceHere({ event, fn }: { event: number; fn: string }) {
  const load = useApp((s) => s.load);
  const loadInput = useApp((s) => s.loadInput);
  const [choice, setChoice] = useState(0);
  const id = useId();
  if (load.status !== 'ready') return null;
  const scenario = load.built.scenario as ScenarioInput;
  const variant = findVariant(load.sim.report.kernel);
  const ev = scenario.events?.[event];
  if (!variant || !ev || !FAILURES.has(ev.kind)) return null;
  if (!racePoints(new Set(variant.features)).includes(fn)) return null;
  const changes = changesOf(scenario);
  if (!changes.length) return null;
  const race = () => {
    const change = changes[Math.min(choice, changes.length - 1)];
    const input = {
      ...scenario,
      kernel: variant.id,
      events: [...(scenario.events ?? []), { ...change.event, concurrentWith: event, at: fn }],
    };
    loadInput(input, `${scenario.id} with ${change.label} at ${fn}()`);
  };
  return (
    <div className="pipeline__race">
      <label htmlFor={id}>Race a change here, at {fn}():</label>{' '}
      <select id={id} value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
        {changes.map((c, i) => (
          <option key={c.label} value={i}>
            {c.label}
          </option>
        ))}
      </select>{' '}
      <button type="button" onClick={race}>
        Race it here
      </button>
    </div>
  );
}
