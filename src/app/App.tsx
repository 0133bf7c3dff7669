/**
 * The explorer's layout: header (scenario, file, theme), the step timeline, the pipeline on the left,
 * the structures in the middle and right, the outcome at the bottom.
 */
import { useEffect, useLayoutEffect, useReducer } from 'react';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { useApp } from '../store/react';
import { escapeControlsInline } from '../text/escapeControls';
import { GlossaryButton } from '../views/glossary/GlossaryButton';
import { LoadProgress } from '../views/shared/LoadProgress';
import { useWorkspaceUi } from '../views/shared/workspaceUi';
import { AuthoringButtons, MineNotices, useFileDrop } from './AuthoringButtons';
import { LoadErrors } from './LoadErrors';
import { ScenarioPicker } from './ScenarioPicker';
import { loadedViews, viewsModule } from './views';
import { KeyMap, SkipLinks, WorkspaceButtons } from './WorkspaceChrome';

export function App() {
  const load = useApp((s) => s.load);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const presenting = useWorkspaceUi((s) => s.presenting);
  // whether a load is under way, not its progress: the progress re-renders the banner only
  const loadingName = useApp((s) => s.pending?.name ?? null);
  // the views' chunk: usually here before the first run is (src/app/views.ts); re-render when it comes
  const [, arrived] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!loadedViews()) void viewsModule.then(arrived);
  }, []);
  const ScenarioViews = loadedViews()?.default;
  const dropping = useFileDrop();

  // one place decides light or dark: the choice, or for "System" the OS preference (and its changes);
  // a layout effect, so the tokens have changed before the views' effects repaint their canvases
  useLayoutEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      const dark = theme === 'dark' || (theme === 'system' && query.matches);
      document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
    };
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);

  // presentation's root font size, on <html> itself: a rule `html:has(.app[data-present])` made every DOM
  // change in the page check <html> again (a style recalc of the root per step, 1-7 ms on bench A)
  useLayoutEffect(() => {
    if (!presenting) return;
    document.documentElement.setAttribute('data-present', 'true');
    return () => document.documentElement.removeAttribute('data-present');
  }, [presenting]);

  return (
    <div className="app" data-present={presenting ? 'true' : undefined} data-dropping={dropping ? 'true' : undefined}>
      {/* skip links lead to the views: none while nothing is loaded (a refused link) */}
      {load.status === 'ready' ? <SkipLinks /> : null}
      <KeyMap />
      <header className="app-header">
        <div className="app-header__title">
          <h1>DAX Memory-Failure Explorer</h1>
          <span className="app-header__kernel">
            {load.status === 'ready' ? `Linux ${load.sim.report.kernel}` : 'Linux'}
          </span>
        </div>
        <ScenarioPicker />
        <AuthoringButtons />
        <WorkspaceButtons />
        <GlossaryButton />
        <label className="app-header__theme">
          <span>Theme</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as typeof theme)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
      </header>
      <LoadErrors />
      <MineNotices />
      {loadingName !== null ? <PendingLoad key={loadingName} /> : null}
      {load.status === 'ready' ? (
        ScenarioViews ? (
          <ScenarioViews />
        ) : (
          <main className="app-empty" aria-busy="true" />
        )
      ) : loadingName !== null && load.status === 'empty' ? (
        <main className="app-empty" aria-busy="true">
          <h2>Loading {loadingName}</h2>
        </main>
      ) : (
        <main className="app-empty">
          <h2>No scenario loaded</h2>
          <p>
            Pick one of the built-in scenarios above ({BUILTIN_SCENARIOS.length} available) or open a scenario file.
          </p>
        </main>
      )}
    </div>
  );
}

/** The load under way, with its progress and Cancel; re-rendered by each progress report, nothing else is. */
function PendingLoad() {
  const pending = useApp((s) => s.pending);
  const cancelLoad = useApp((s) => s.cancelLoad);
  const keeps = useApp((s) => (s.load.status === 'ready' ? escapeControlsInline(s.load.title) : null));
  return pending ? <LoadProgress pending={pending} onCancel={cancelLoad} keeps={keeps} /> : null;
}
