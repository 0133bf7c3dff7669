import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type AppState, createExplorerStore } from '../store/appStore';
import { createAuthoringStore } from '../store/authoring';
import { decodeCompareLink, designReviewLink, encodeCompareLink, isCompareSearch } from '../store/compareLink';
import type { CompareState } from '../store/compareStore';
import { createMineStore, idbRepo, type MineState } from '../store/mine';
import { decodePermalink } from '../store/permalink';
import { StoreProvider } from '../store/react';
import { decodeScenarioFragment } from '../store/scenarioLink';
import { browserRunner, type Runner } from '../worker/runner';
import { App } from './App';
import { AuthoringProvider } from './authoringContext';
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
  // a link pasted into this tab's address bar changes only the fragment: open it as the page would
  // (the app's own updates use replaceState, which fires no hashchange)
  window.addEventListener('hashchange', () => {
    if (/(?:^#|&)(?:s|mine)=/.test(window.location.hash)) window.location.reload();
  });
  const mine = createMineStore(idbRepo());
  const refreshed = mine.getState().refresh();
  const opening = decodeScenarioFragment(window.location.hash);
  const savedKey = /(?:^#|&)mine=([^&]+)/.exec(window.location.hash)?.[1];
  // a link to a scenario too large for a URL names the copy saved in this browser: read it first
  if (opening.kind === 'none' && savedKey)
    void refreshed.then(() => {
      const key = decodeURIComponent(savedKey);
      const e = mine.getState().entries.find((x) => x.key === key);
      const step = /&step=([0-9]{1,9})(?:&|$)/.exec(window.location.hash)?.[1];
      start(
        e
          ? { input: { input: e.good ?? e.text, name: e.name, mineKey: e.key }, cursor: step ? Number(step) : 0 }
          : {
              refused: {
                name: 'the link',
                issues: [{ path: '#mine', message: 'could not find this saved scenario in this browser' }],
              },
            },
      );
    });
  else
    start(
      opening.kind === 'scenario'
        ? {
            input: { input: opening.link.scenario, name: 'the link' },
            cursor: opening.link.step ?? 0,
            selection: opening.link.selection,
            urlProblems: opening.problems,
          }
        : opening.kind === 'undecodable'
          ? // never a stand-in: a link that cannot be read loads nothing, and says so
            { refused: { name: 'the link', issues: [{ path: '#s', message: opening.problem }] } }
          : {},
    );

  function start(from: Partial<Parameters<typeof createExplorerStore>[0]>) {
    const store = createExplorerStore(
      {
        scenario: link.scenario ?? undefined,
        kernel: link.kernel ?? null,
        // a first visit (no step in the link) opens at step 0, where the story and its tour start
        cursor: link.step ?? 0,
        selection: link.selection,
        theme: loadTheme(),
        lock: embed?.lock ?? null,
        ...from,
        urlProblems: [...problems, ...(embed?.problems ?? []), ...(from.urlProblems ?? [])],
      },
      withViews(browserRunner()),
    );
    store.subscribe((s, prev) => {
      if (s.theme !== prev.theme) saveTheme(s.theme);
    });
    const authoring = createAuthoringStore(store, mine);
    const sync = startUrlSync(store, authoring.currentKey);
    // the saved copy's key arrives after the run (Mine is read, or the entry made): the link may name it
    mine.subscribe(() => sync.write());
    startKeyboard(store);
    startPlayback(store);

    window.__explorer = { state: () => store.getState() };
    window.__mine = { state: () => mine.getState() };

    createRoot(root).render(
      <StrictMode>
        <StoreProvider store={store}>
          <AuthoringProvider stores={{ authoring, mine }}>
            <App />
          </AuthoringProvider>
        </StoreProvider>
      </StrictMode>,
    );
  }
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
    /** read-only test hook: the user's saved scenarios */
    __mine?: { state: () => MineState };
  }
}
