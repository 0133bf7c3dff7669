/**
 * The views' chunk (src/app/ScenarioViews.tsx), requested right after the shell's first frame (so its
 * evaluation does not delay that paint), in parallel with the first simulation. A run is handed to the store only once this chunk is here (src/app/main.tsx), so a
 * scenario is never "ready" without its views on screen in the same render.
 */
type ViewsModule = typeof import('./ScenarioViews');

let loaded: ViewsModule | null = null;
const afterFirstFrame = new Promise<void>((resolve) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : resolve(),
);
export const viewsModule: Promise<ViewsModule> = afterFirstFrame
  .then(() => import('./ScenarioViews'))
  .then((m) => {
    loaded = m;
    return m;
  });

/** The views' module if it has arrived, else null. */
export const loadedViews = (): ViewsModule | null => loaded;
