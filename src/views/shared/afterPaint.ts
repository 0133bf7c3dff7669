/** Call `fn` in a task of its own after the next frame is painted; the returned function cancels it. */
function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}

const waiting: (() => void)[] = [];
let pumping = false;

function pump() {
  if (pumping || waiting.length === 0) return;
  pumping = true;
  afterPaint(() => {
    pumping = false;
    waiting.shift()?.();
    pump();
  });
}

/**
 * `afterPaint`, one caller per painted frame, in the order they asked: a large run's next view and the
 * deferred parts of the view before it each render, lay out and paint in their own task (called in the same
 * task, their renders were one: bench A's processes view and the pipeline's log, 51–85 ms of CPU).
 * The returned function takes `fn` out of the line.
 */
export function inTurnAfterPaint(fn: () => void): () => void {
  const entry = () => fn();
  waiting.push(entry);
  pump();
  return () => {
    const i = waiting.indexOf(entry);
    if (i >= 0) waiting.splice(i, 1);
  };
}
