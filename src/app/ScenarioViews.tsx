/**
 * Everything that shows a loaded scenario: its title, the timeline, the presentation caption and the
 * workspace of views. Loaded on demand (src/app/App.tsx): the page's entry chunk paints the shell (header,
 * picker, progress) while this chunk and the simulation worker load in parallel.
 */
import { lazy, memo, Suspense } from 'react';
import { useApp } from '../store/react';
import { selectCurrentStep } from '../store/selectors';
import { escapeControls, escapeControlsInline } from '../text/escapeControls';
import { DownloadReproducer } from '../views/export/DownloadReproducer';
import { GlossText } from '../views/glossary/GlossText';
import { useWorkspaceUi } from '../views/shared/workspaceUi';
import { Timeline } from '../views/timeline/Timeline';
import { useAuthoring } from './authoringContext';
import { Workspace } from './Workspace';

/** the editor (CodeMirror, the JSON Schema, the forms): a chunk of its own, loaded on the first Edit */
const EditorPanel = lazy(() => import('../views/editor/EditorPanel'));

/** memo: the views read the store themselves; App's own re-renders (a load starting) need not reach them */
export default memo(function ScenarioViews() {
  const load = useApp((s) => s.load);
  const presenting = useWorkspaceUi((s) => s.presenting);
  const editing = useAuthoring((s) => s.open);
  if (load.status !== 'ready') return null;
  return (
    <>
      <section className="app-scenario" aria-label="Scenario">
        <h2 className="app-scenario__title">{escapeControlsInline(load.title)}</h2>
        <p className="app-scenario__desc">{escapeControls(load.description)}</p>
        <DownloadReproducer />
      </section>
      <Timeline />
      {presenting ? <StepCaption /> : null}
      {editing && !presenting ? (
        <div className="authoring-row">
          <Suspense fallback={<aside className="editor" aria-busy="true" aria-label="Scenario editor" />}>
            <EditorPanel />
          </Suspense>
          <Workspace />
        </div>
      ) : (
        <Workspace />
      )}
    </>
  );
});

/** presentation mode's caption: the current step in words, the function and the event it belongs to */
export function StepCaption() {
  const step = useApp(selectCurrentStep);
  return (
    <div className="step-caption" aria-live="polite">
      {step ? (
        <>
          <strong className="step-caption__fn">{step.fn}</strong>{' '}
          <span>
            <GlossText text={step.summary} />
          </span>
          {step.eventLabel ? <span className="step-caption__event"> — {step.eventLabel}</span> : null}
        </>
      ) : (
        <span>Before the first step: press Space to play or → to step.</span>
      )}
    </div>
  );
}
