/**
 * Drop a race on the timeline (issue 8 §3): the changes the scenario can race (the pipeline's "Race a change
 * here" choices) as chips; drag one onto the scrubber and it races the failure at the kernel function of
 * the step under the pointer (`concurrentWith` + `at`). Keyboard (drag-and-drop is not the only way): step
 * to the step with the scrubber, then press the chip — it races at the current step. The change is an edit
 * through the authoring store, so it is undoable in the editor and saved under Mine like any edit; where
 * the step is not in a failure or the kernel has no race point at its function, nothing changes and the
 * message says why.
 */
import { type DragEvent, type ReactNode, useCallback, useId, useMemo, useRef, useState } from 'react';
import { useAuthoringStores } from '../../app/authoringContext';
import type { ScenarioInput } from '../../scenario/schema';
import { parseJson, scenarioText } from '../../store/authoring';
import { displaySafe } from '../../store/displaySafe';
import { placeRace, type RaceChange, raceChanges } from '../../store/raceDrop';
import { useApp } from '../../store/react';
import { RaceChipList } from './RaceChipList';

/** the drag's payload type: only a race chip's drag is taken by the track (a dropped file is not) */
const MIME = 'application/x-dax-race-change';

export function RaceDrop({ children }: { children: ReactNode }) {
  const load = useApp((s) => s.load);
  const cursor = useApp((s) => s.cursor);
  const stepTo = useApp((s) => s.stepTo);
  const { authoring } = useAuthoringStores();
  const zone = useRef<HTMLDivElement>(null);
  const [over, setOver] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [open, setOpen] = useState(false);
  const labelId = useId();
  const scenario = load.status === 'ready' ? load.built.scenario : null;
  // computed once per scenario, not on every step (bench A: 10,001 changes)
  const changes = useMemo(() => (scenario ? raceChanges(scenario as ScenarioInput) : []), [scenario]);
  // the chip list's callbacks stay the same across steps, so the (memoised) list is not drawn again;
  // a press reads the step and race() of the latest render through this ref
  const latest = useRef<(i: number) => void>(() => {});
  const onPick = useCallback((i: number) => latest.current(i), []);
  const onDragStart = useCallback((e: DragEvent, i: number) => {
    e.dataTransfer.setData(MIME, String(i));
    e.dataTransfer.effectAllowed = 'copy';
    setMessage(null);
  }, []);
  const onDragEnd = useCallback(() => setOver(null), []);
  if (load.status !== 'ready') return <>{children}</>;
  const steps = load.sim.rt.steps;
  const kernel = load.sim.report.kernel;

  /** the step under the pointer: the scrubber's position there, as the step it shows */
  const stepAt = (e: DragEvent): number | null => {
    const range = zone.current?.querySelector('input[type="range"]');
    if (!range || steps.length === 0) return null;
    const r = range.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (e.clientX - r.left) / Math.max(1, r.width)));
    return Math.min(steps.length - 1, Math.max(0, Math.round(frac * steps.length) - 1));
  };

  const race = (change: RaceChange, index: number) => {
    const st = steps[index];
    if (!st) return;
    const at = { index: st.index, event: st.event, fn: st.fn };
    // checked on the run on screen first: a refused drop does not open the editor
    const check = placeRace(load.built.scenario as ScenarioInput, kernel, at, change);
    if (!check.ok) return setMessage({ ok: false, text: check.message });
    const a = authoring.getState();
    if (!a.open) a.openEditor();
    const parsed = parseJson(authoring.getState().history.present);
    if (!parsed.ok)
      return setMessage({ ok: false, text: `Not raced: the editor's text is not JSON yet (${parsed.issue.message})` });
    const placed = placeRace(parsed.value as ScenarioInput, kernel, at, change);
    if (!placed.ok) return setMessage({ ok: false, text: placed.message });
    // to the step raced at: the new run keeps the cursor on the same step id
    stepTo(st.index + 1);
    authoring.getState().edit(scenarioText(placed.scenario));
    setMessage({ ok: true, text: `Raced ${placed.label} (step ${st.index + 1}); Undo in the editor takes it back.` });
  };

  const ours = (e: DragEvent) => e.dataTransfer.types.includes(MIME);
  const target = {
    onDragOver: (e: DragEvent) => {
      if (!ours(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setOver(stepAt(e));
    },
    onDragLeave: () => setOver(null),
    onDrop: (e: DragEvent) => {
      if (!ours(e)) return;
      e.preventDefault();
      const i = Number(e.dataTransfer.getData(MIME));
      const at = stepAt(e);
      setOver(null);
      if (changes[i] && at !== null) race(changes[i], at);
    },
  };
  const hover = over !== null ? displaySafe(steps[over]) : null;
  const current = cursor > 0 ? steps[cursor - 1] : null;
  latest.current = (i: number) => {
    const c = changes[i];
    if (!c) return;
    if (current) race(c, current.index);
    else setMessage({ ok: false, text: 'Not raced: step into the failure first' });
  };
  return (
    <div className="timeline__race-zone" ref={zone} {...target} data-drop-over={over ?? undefined}>
      {children}
      {hover ? (
        <div className="timeline__race-hover" aria-hidden="true">
          race at step {hover.index + 1}: {hover.fn}()
        </div>
      ) : null}
      {changes.length ? (
        // a disclosure, its panel over the views: the timeline keeps its height (the layout does not move)
        <details className="timeline__race" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary>
            Race a change…
            {message ? (
              <span className={`timeline__race-last${message.ok ? '' : ' timeline__race-last--refused'}`}>
                {' '}
                {message.ok ? 'raced' : 'not raced'}
              </span>
            ) : null}
          </summary>
          <div className="timeline__race-panel">
            <p className="timeline__race-label" id={`${labelId}-label`}>
              Drag a change onto the timeline to race it at that step's kernel function, or press it to race it at the
              current step{current ? ` (${current.fn}())` : ''}:
            </p>
            {open ? (
              <RaceChipList
                changes={changes}
                labelledBy={`${labelId}-label`}
                onPick={onPick}
                onDragStart={onDragStart}
                onDragEnd={onDragEnd}
              />
            ) : null}
            <output
              className={`timeline__race-msg${message && !message.ok ? ' timeline__race-msg--refused' : ''}`}
              aria-live="polite"
            >
              {message ? displaySafe(message.text) : ''}
            </output>
          </div>
        </details>
      ) : null}
    </div>
  );
}
