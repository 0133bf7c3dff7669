/**
 * The guided tour: a non-modal bar offering the tour of the loaded built-in, then its narration, stop by
 * stop, with Back/Next (PgUp/PgDn). Each stop moves the cursor and the selection (store.tourGo), so the text
 * and the views stay in step. Tours are data (src/tours/*.json), loaded when asked for.
 */
import { useState } from 'react';
import { DEFAULT_VARIANT } from '../../kernel/variants/variants';
import { builtinScenario } from '../../scenario/builtins';
import { useApp, useAppStore } from '../../store/react';
import { TOUR_IDS } from '../../tours/ids';
import type { Tour } from '../../tours/tour';
import './tour.css';
import { GlossText } from '../glossary/GlossText';

export function TourBar() {
  const store = useAppStore();
  const load = useApp((s) => s.load);
  const tour = useApp((s) => s.tour);
  const cursor = useApp((s) => s.cursor);
  const [data, setData] = useState<Tour | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = load.status === 'ready' && load.source === 'builtin' ? load.id : null;

  if (!id || !TOUR_IDS.includes(id)) return null;
  // a tour narrates the steps of the scenario's own kernel; on another one its stops may not exist
  const own = builtinScenario(id)?.kernel ?? DEFAULT_VARIANT;
  const running = load.status === 'ready' ? load.sim.report.kernel : own;
  if (running !== own)
    return (
      <div className="tour tour--offer">
        <button type="button" className="tour__start" onClick={() => store.getState().setKernel(own)}>
          Switch to {own} for the tour
        </button>
        <span className="tour__hint">
          the tour follows this scenario on {own}; the views show {running}
        </span>
      </div>
    );

  const start = async () => {
    try {
      // the tours and their schema (zod) load on demand, out of the page's entry chunk
      const { loadTour, resolveStops } = await import('../../tours/tour');
      const t = await loadTour(id);
      const s = store.getState();
      if (!t || s.load.status !== 'ready') return;
      const r = resolveStops(t, s.load.sim.rt.steps);
      if (!r.ok) return setProblem(r.problem);
      setData(t);
      s.startTour(id, r.stops);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  // a different scenario ends the tour of the last one (the store drops it on load)
  if (!tour || tour.id !== id || !data || data.scenario !== id)
    return (
      <div className="tour tour--offer">
        <button type="button" className="tour__start" onClick={start}>
          Take the tour
        </button>
        <span className="tour__hint">a narrated walk through this scenario; PgDn/PgUp move through it</span>
        {problem ? <span role="alert">The tour could not start: {problem}</span> : null}
      </div>
    );

  const stop = data.stops[tour.stop];
  const here = tour.stops[tour.stop].cursor === cursor;
  const { tourGo, endTour } = store.getState();
  return (
    <div className="tour" data-tour-stop={tour.stop}>
      <div className="tour__head">
        <strong className="tour__title">Tour: {data.title}</strong>
        <span className="tour__count">
          stop {tour.stop + 1} of {data.stops.length}
        </span>
        <span className="tour__buttons">
          <button type="button" onClick={() => tourGo(tour.stop - 1)} disabled={tour.stop === 0} title="Back (PgUp)">
            Back
          </button>
          <button
            type="button"
            onClick={() => tourGo(tour.stop + 1)}
            disabled={tour.stop >= data.stops.length - 1}
            title="Next (PgDn)"
          >
            Next
          </button>
          <button type="button" onClick={endTour}>
            End tour
          </button>
        </span>
      </div>
      <p className="tour__text" aria-live="polite">
        <GlossText text={stop.text} />
      </p>
      {here ? null : <p className="tour__away">You moved away from this stop; Back or Next return to the tour.</p>}
    </div>
  );
}
