/** Why a scenario (file, URL) was rejected: every issue with the path of its field. */
import { useApp } from '../store/react';
import { escapeControlsInline } from '../text/escapeControls';

export function LoadErrors() {
  const load = useApp((s) => s.load);
  const loadError = useApp((s) => s.loadError);
  const dismiss = useApp((s) => s.dismissLoadError);
  const urlProblems = useApp((s) => s.urlProblems);
  const failure = loadError ?? (load.status === 'error' ? { name: load.id, issues: load.issues } : null);
  if (!failure && urlProblems.length === 0) return null;
  return (
    <div className="load-errors" role="alert">
      {failure ? (
        <>
          <strong>{escapeControlsInline(failure.name)} was not loaded:</strong>
          <ul>
            {failure.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <code>{escapeControlsInline(i.path)}</code>: {escapeControlsInline(i.message)}
              </li>
            ))}
          </ul>
          {load.status === 'ready' && loadError ? <p>The scenario you had open is still loaded.</p> : null}
        </>
      ) : null}
      {urlProblems.length ? <p>Ignored from the link: {urlProblems.join('; ')}.</p> : null}
      {loadError ? (
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
