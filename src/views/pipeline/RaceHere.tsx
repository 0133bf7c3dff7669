/**
 * "Race a change here": place a file change inside the failure being stepped, at the current step's
 * kernel function (`concurrentWith` + `at`, docs/scenario-format.md), and run the scenario again with it.
 * Only offered where the variant allows a race (src/kernel/variants/racePoints.ts) and during a failure.
 */
import { useId, useState } from 'react';
import { racePoints } from '../../kernel/variants/racePoints';
import { findVariant } from '../../kernel/variants/variants';
import type { ScenarioInput } from '../../scenario/schema';
import { FAILURES, type RaceChange, raceChanges } from '../../store/raceDrop';
import { useApp } from '../../store/react';
import type { ComboChoice } from '../shared/comboChoices';
import { FilterCombobox } from '../shared/FilterCombobox';

const NONE: RaceChange[] = [];
const NO_CHOICES: ComboChoice[] = [];
/**
 * The combobox's choices, once per list of changes: this panel mounts again at every race-able step (bench A:
 * every other step of the collect), and made 10,003 choice objects each time.
 */
const choicesByChanges = new WeakMap<RaceChange[], ComboChoice[]>();
export function choicesOf(changes: RaceChange[]): ComboChoice[] {
  let known = choicesByChanges.get(changes);
  if (!known) {
    known = changes.map((c, i) => ({ id: String(i), text: c.label, marked: false }));
    choicesByChanges.set(changes, known);
  }
  return known;
}
/**
 * Up to this many changes, a <select>; more (bench A: 10,003 munmaps), a filterable combobox that draws the
 * options in view only: the <select> made all its options each time a race-able step drew it (~10,000 elements
 * every other step of bench A's collect).
 */
const SELECT_MAX = 200;

export function RaceHere({ event, fn }: { event: number; fn: string }) {
  const load = useApp((s) => s.load);
  const loadInput = useApp((s) => s.loadInput);
  const [choice, setChoice] = useState(0);
  const id = useId();
  const scenario = load.status === 'ready' ? (load.built.scenario as ScenarioInput) : null;
  const changes = scenario ? raceChanges(scenario) : NONE;
  const long = changes.length > SELECT_MAX;
  const choices = long ? choicesOf(changes) : NO_CHOICES;
  if (!scenario || load.status !== 'ready') return null;
  const variant = findVariant(load.sim.report.kernel);
  const ev = scenario.events?.[event];
  if (!variant || !ev || !FAILURES.has(ev.kind)) return null;
  if (!racePoints(new Set(variant.features)).includes(fn)) return null;
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
  const label = `Race a change here, at ${fn}():`;
  return (
    <div className="pipeline__race">
      {long ? (
        <>
          <span aria-hidden="true">{label}</span>{' '}
          <FilterCombobox
            choices={choices}
            value={String(choice)}
            label={label}
            onPick={(i) => setChoice(Number(i))}
            filterHint="filter changes"
          />
        </>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>{' '}
          <select id={id} value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
            {changes.map((c, i) => (
              <option key={c.label} value={i}>
                {c.label}
              </option>
            ))}
          </select>
        </>
      )}{' '}
      <button type="button" onClick={race}>
        Race it here
      </button>
    </div>
  );
}
