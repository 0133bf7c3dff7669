/** Play: advance one step per 1/speed seconds until the end (the only timer, outside the core). */
import type { AppStore } from '../store/appStore';

export function startPlayback(store: AppStore): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    const s = store.getState();
    if (!s.playing) return;
    s.next();
    timer = setTimeout(tick, 1000 / store.getState().speed);
  };
  return store.subscribe(
    (s) => s.playing,
    (playing) => {
      if (timer) clearTimeout(timer);
      timer = playing ? setTimeout(tick, 1000 / store.getState().speed) : null;
    },
  );
}
