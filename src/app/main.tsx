import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/appStore';
import { decodeCompareLink, encodeCompareLink, isCompareSearch } from '../store/compareLink';
import { type CompareStore, createCompareStore } from '../store/compareStore';
import { decodePermalink } from '../store/permalink';
import { StoreProvider } from '../store/react';
import { CompareView } from '../views/compare/CompareView';
import { App } from './App';
import { parseEmbed } from './embed';
import { startKeyboard } from './keyboard';
import { startPlayback } from './playback';
import { loadTheme, saveTheme } from './themeStorage';
import { startUrlSync } from './urlSync';
import '../views/shared/tokens.css';
import './app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

if (isCompareSearch(window.location.search)) startCompare(root);
else startExplorer(root);

/** Compare mode (`vs` or `flip` in the URL): its own store and view (src/views/compare). */
function startCompare(root: HTMLElement): void {
  const { link, problems } = decodeCompareLink(window.location.search);
  const store = createCompareStore(link, problems);
  store.subscribe((s) => {
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
  const store = createAppStore({
    scenario: link.scenario ?? undefined,
    // a first visit (no step in the link) opens at step 0, where the story and its tour start
    cursor: link.step ?? 0,
    selection: link.selection,
    urlProblems: [...problems, ...(embed?.problems ?? [])],
    theme: loadTheme(),
    lock: embed?.lock ?? null,
  });
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

declare global {
  interface Window {
    /** read-only test hook (canvas views are asserted through state) */
    __explorer?: { state: () => ReturnType<ReturnType<typeof createAppStore>['getState']> };
    __compare?: { state: () => ReturnType<CompareStore['getState']> };
  }
}
