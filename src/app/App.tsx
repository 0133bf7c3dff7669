/**
 * The explorer's layout: header (scenario, file, theme), the step timeline, the pipeline on the left,
 * the structures in the middle and right, the outcome at the bottom.
 */
import { useLayoutEffect } from 'react';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { useApp } from '../store/react';
import { GlossaryButton } from '../views/glossary/GlossaryButton';
import { useWorkspaceUi } from '../views/shared/workspaceUi';
import { Timeline } from '../views/timeline/Timeline';
import { LoadErrors } from './LoadErrors';
import { ScenarioPicker } from './ScenarioPicker';
import { Workspace } from './Workspace';
import { KeyMap, SkipLinks, StepCaption, WorkspaceButtons } from './WorkspaceChrome';

export function App() {
  const load = useApp((s) => s.load);
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const presenting = useWorkspaceUi((s) => s.presenting);

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

  return (
    <div className="app" data-present={presenting ? 'true' : undefined}>
      <SkipLinks />
      <KeyMap />
      <header className="app-header">
        <div className="app-header__title">
          <h1>DAX Memory-Failure Explorer</h1>
          <span className="app-header__kernel">
            {load.status === 'ready' ? `Linux ${load.sim.report.kernel}` : 'Linux'}
          </span>
        </div>
        <ScenarioPicker />
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
      {load.status === 'ready' ? (
        <>
          <section className="app-scenario" aria-label="Scenario">
            <h2 className="app-scenario__title">{load.title}</h2>
            <p className="app-scenario__desc">{load.description}</p>
          </section>
          <Timeline />
          {presenting ? <StepCaption /> : null}
          <Workspace />
        </>
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
