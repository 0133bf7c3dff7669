import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type AppState, createExplorerStore } from '../store/appStore';
import { decodeCompareLink, designReviewLink, encodeCompareLink, isCompareSearch } from '../store/compareLink';
import type { CompareState } from '../store/compareStore';
import { decodePermalink } from '../store/permalink';
import { StoreProvider } from '../store/react';
import { browserRunner, type Runner } from '../worker/runner';
import { App } from './App';
import { parseEmbed } from './embed';
import { startKeyboard } from './keyboard';
import { startPlayback } from './playback';
import { loadTheme, saveTheme } from './themeStorage';
import { startUrlSync } from './urlSync';
import { viewsModule } from './views';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// a design review named without a kernel (a picked built-in, a shared `?scenario=` link) opens in compare mode
const review = reviewWithoutKernel(window.location.search);
if (review) window.history.replaceState(null, '', `${window.location.pathname}${review}`);
if (isCompareSearch(window.location.search)) void startCompare(root);
else startExplorer(root);

function reviewWithoutKernel(search: string): string | null {
  const p = new URLSearchParams(search);
  const id = p.get('scenario');
  if (!id || p.has('kernel') || isCompareSearch(search)) return null;
  return designReviewLink(id);
}

/**
 * Compare mode (`vs` or `flip` in the URL): its own store and view (src/views/compare), loaded on demand
 * so the explorer's entry chunk does not carry them.
 */
async function startCompare(root: HTMLElement): Promise<void> {
  const [{ createCompareStore }, { CompareView }] = await Promise.all([
    import('../store/compareStore'),
    import('../views/compare/CompareView'),
  ]);
  const { link, problems } = decodeCompareLink(window.location.search);
  const store = createCompareStore(link, problems, browserRunner());
  store.subscribe((s) => {
    // while a comparison is computed the link still describes the one shown (or the one asked for)
    if (s.pending) return;
    const search = encodeCompareLink({ ...s.link, step: s.column });
    if (search !== window.location.search)
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  });
  window.__compare = { state: () => store.getState() };
  // the arrow keys step both sides (outside form fields)
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') store.getState().next();
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') store.getState().prev();
    else return;
    e.preventDefault();
  });
  createRoot(root).render(
    <StrictMode>
      <CompareView store={store} />
    </StrictMode>,
  );
}

function startExplorer(root: HTMLElement): void {
  const { link, problems } = decodePermalink(window.location.search);
  const embed = parseEmbed(window.location.search);
  if (embed) document.documentElement.classList.add('embed');
  const store = createExplorerStore(
    {
      scenario: link.scenario ?? undefined,
      kernel: link.kernel ?? null,
      // a first visit (no step in the link) opens at step 0, where the story and its tour start
      cursor: link.step ?? 0,
      selection: link.selection,
      urlProblems: [...problems, ...(embed?.problems ?? [])],
      theme: loadTheme(),
      lock: embed?.lock ?? null,
    },
    withViews(browserRunner()),
  );
  store.subscribe((s, prev) => {
    if (s.theme !== prev.theme) saveTheme(s.theme);
  });
  startUrlSync(store);
  startKeyboard(store);
  startPlayback(store);

  window.__explorer = { state: () => store.getState() };

  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}

/** A run is delivered once the views' chunk is here too, so ready means drawn (src/app/views.ts). */
function withViews(runner: Runner): Runner {
  return (job, onProgress) => {
    const started = runner(job, onProgress);
    if ('done' in started) return started;
    return { ...started, result: Promise.all([started.result, viewsModule]).then(([r]) => r) };
  };
}

declare global {
  interface Window {
    /** read-only test hook (canvas views are asserted through state) */
    __explorer?: { state: () => AppState };
    __compare?: { state: () => CompareState };
  }
}
