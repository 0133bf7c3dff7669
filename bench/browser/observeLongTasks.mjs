/**
 * An init script (`context.addInitScript(observeLongTasks)`): from the page's start, each long task's start and
 * duration in `window.__longtasks`, as a PerformanceObserver gives them.
 */
export function observeLongTasks() {
  window.__longtasks = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__longtasks.push({ start: e.startTime, dur: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}
