/**
 * A scenario being simulated in the worker: its name, how far the run got, the time it has taken, and
 * Cancel (which stops the worker; what was on screen stays). Shown by the explorer and by compare mode.
 */
import { useEffect, useState } from 'react';
import type { PendingLoad } from '../../store/appStore';
import './loadProgress.css';

export function LoadProgress({
  pending,
  onCancel,
  keeps,
}: {
  pending: PendingLoad;
  onCancel: () => void;
  /** what stays on screen if cancelled, for the sentence under the progress (null: nothing yet) */
  keeps: string | null;
}) {
  const seconds = useElapsedSeconds();
  const what =
    pending.phase === 'building'
      ? `Building ${pending.name}…`
      : `Simulating ${pending.name}… ${pending.steps.toLocaleString('en-US')} steps`;
  return (
    <div className="load-progress" role="status" aria-live="polite" data-phase={pending.phase}>
      <span className="load-progress__spinner" aria-hidden="true" />
      <span className="load-progress__what">{what}</span>
      <span className="load-progress__time">{seconds} s</span>
      <button type="button" className="load-progress__cancel" onClick={onCancel}>
        Cancel
      </button>
      {keeps ? <span className="load-progress__keeps">{keeps} stays loaded until this one is ready.</span> : null}
    </div>
  );
}

/** Whole seconds since the component mounted (the callers key it by the load's name). */
function useElapsedSeconds(): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const t0 = performance.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((performance.now() - t0) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return seconds;
}
