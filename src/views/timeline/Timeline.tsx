/** Step controls: first/back/play/next/last, speed, a scrubber with event boundaries, the position. */
import { steps } from '../../store/appStore';
import { useApp } from '../../store/react';
import { selectLoops, selectTimeline } from '../../store/selectors';
import { RaceDrop } from './RaceDrop';
import './timelineNav.css';

function Icon({ d }: { d: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={d} fill="currentColor" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

export function Timeline() {
  const tl = useApp(selectTimeline);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const total = useApp((s) => steps(s).length);
  const { first, prev, next, last, togglePlay, stepTo, setSpeed, stepOver, nextDecision, nextEvent } = useApp((s) => s);
  const loops = useApp(selectLoops);
  if (!tl) return null;
  return (
    <nav className="timeline" id="timeline" tabIndex={-1} aria-label="Step through the kernel">
      <div className="timeline__buttons">
        <button type="button" onClick={first} aria-label="First step" title="First (Home)" disabled={tl.cursor === 0}>
          <Icon d="M3 2v12M13 2 5 8l8 6z" />
        </button>
        <button type="button" onClick={prev} aria-label="Previous step" title="Back (←)" disabled={tl.cursor === 0}>
          <Icon d="M12 2 4 8l8 6z" />
        </button>
        <button
          type="button"
          onClick={togglePlay}
          aria-label={playing ? 'Pause' : 'Play'}
          title="Play/pause (Space)"
          aria-pressed={playing}
        >
          {playing ? <Icon d="M4 2h3v12H4zM9 2h3v12H9z" /> : <Icon d="M4 2l9 6-9 6z" />}
        </button>
        <button type="button" onClick={next} aria-label="Next step" title="Forward (→)" disabled={tl.cursor >= total}>
          <Icon d="M4 2l8 6-8 6z" />
        </button>
        <button type="button" onClick={last} aria-label="Last step" title="Last (End)" disabled={tl.cursor >= total}>
          <Icon d="M13 2v12M3 2l8 6-8 6z" />
        </button>
        <span className="timeline__jumps">
          <button
            type="button"
            onClick={stepOver}
            title="Step over (O): to the return of the current function, past its loops"
            disabled={tl.cursor >= total}
          >
            Step over
          </button>
          <button
            type="button"
            onClick={nextDecision}
            title="Next decision (D): the next step that branches differently from its function's last run"
            disabled={tl.cursor >= total}
          >
            Next decision
          </button>
          <button
            type="button"
            onClick={nextEvent}
            title="Next event (N): the first step of the next scenario event"
            disabled={tl.cursor >= total}
          >
            Next event
          </button>
        </span>
        <label className="timeline__speed">
          <span>Speed</span>
          <select
            value={speed}
            onChange={(e) => setSpeed(Number(e.target.value))}
            aria-label="Playback speed (steps per second)"
          >
            {[1, 2, 4, 8, 16, 32].map((n) => (
              <option key={n} value={n}>
                {n}/s
              </option>
            ))}
          </select>
        </label>
      </div>
      <RaceDrop>
        <div className="timeline__track">
          <input
            type="range"
            min={0}
            max={tl.total}
            value={tl.cursor}
            onChange={(e) => stepTo(Number(e.target.value))}
            aria-label="Step"
            aria-valuetext={tl.position}
          />
          <ol className="timeline__events" aria-label="Scenario events">
            {tl.events.map((ev) => (
              <li
                key={ev.index}
                style={{
                  left: `${(ev.first / Math.max(1, tl.total)) * 100}%`,
                  width: `${((ev.end - ev.first) / Math.max(1, tl.total)) * 100}%`,
                }}
              >
                <button type="button" className="timeline__event" onClick={() => stepTo(ev.first + 1)} title={ev.label}>
                  {ev.index + 1}. {ev.label}
                </button>
              </li>
            ))}
          </ol>
          {tl.flaws.length ? (
            <ol className="timeline__flaws" aria-label="Where the reviewed flaw bites">
              {tl.flaws.map((f) => (
                <li key={f.id} style={{ left: `${(f.step / Math.max(1, tl.total)) * 100}%` }}>
                  <button
                    type="button"
                    className="timeline__flaw"
                    data-flaw-step={f.id}
                    onClick={() => stepTo(f.step + 1)}
                    title={`${f.id}: ${f.text}`}
                  >
                    ⚠ {f.fn}
                  </button>
                </li>
              ))}
            </ol>
          ) : null}
          {loops?.length ? (
            <ol className="timeline__loops" aria-label="Loops of repeated calls">
              {loops
                .filter((l) => (l.end - l.first) / Math.max(1, tl.total) >= 0.01)
                .map((l) => (
                  <li
                    key={l.first}
                    style={{
                      left: `${(l.first / Math.max(1, tl.total)) * 100}%`,
                      width: `${((l.end - l.first) / Math.max(1, tl.total)) * 100}%`,
                    }}
                  >
                    <button
                      type="button"
                      className="timeline__loop"
                      onClick={() => stepTo(tl.cursor > l.first && tl.cursor < l.end ? l.end : l.first + 1)}
                      title={`loop: ${l.iterations}× ${l.pattern.join(' → ')} (steps ${l.first + 1}–${l.end}); click to jump in or past it`}
                    >
                      ×{l.iterations}
                    </button>
                  </li>
                ))}
            </ol>
          ) : null}
        </div>
      </RaceDrop>
      <output className="timeline__position" aria-live="polite">
        {tl.position}
      </output>
    </nav>
  );
}
