import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/appStore';
import { decodePermalink } from '../store/permalink';
import { StoreProvider } from '../store/react';
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

declare global {
  interface Window {
    /** read-only test hook (canvas views are asserted through state) */
    __explorer?: { state: () => ReturnType<typeof store.getState> };
  }
}
window.__explorer = { state: () => store.getState() };

createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
