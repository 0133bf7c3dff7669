/**
 * The views' chunk (src/app/ScenarioViews.tsx), requested as soon as the page starts, in parallel with
 * the first simulation. A run is handed to the store only once this chunk is here (src/app/main.tsx), so a
 * scenario is never "ready" without its views on screen in the same render.
 */
type ViewsModule = typeof import('./ScenarioViews');

let loaded: ViewsModule | null = null;
export const viewsModule: Promise<ViewsModule> = import('./ScenarioViews').then((m) => {
  loaded = m;
  return m;
});

/** The views' module if it has arrived, else null. */
export const loadedViews = (): ViewsModule | null => loaded;
