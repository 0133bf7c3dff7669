/**
 * The workspace's chrome: skip links to each view, the Present / Full screen / Keys buttons, the key map
 * dialog, and the step caption of presentation mode.
 */
import { useEffect, useRef } from 'react';
import { toggleFullscreen, useWorkspaceUi } from '../views/shared/workspaceUi';

const SKIPS: [string, string][] = [
  ['timeline', 'Timeline'],
  ['view-pipeline', 'Pipeline'],
  ['view-processes', 'Processes'],
  ['view-structPages', 'struct pages'],
  ['view-xarray', 'xarray'],
  ['view-rmap', 'rmap'],
  ['view-outcome', 'Outcome'],
];

const PRESENTED = new Set(['timeline', 'view-pipeline', 'view-processes', 'view-outcome']);

export function SkipLinks() {
  const focused = useWorkspaceUi((s) => s.focused);
  const presenting = useWorkspaceUi((s) => s.presenting);
  // only links whose view is on screen
  const shown = SKIPS.filter(([id]) =>
    focused ? id === 'timeline' || id === `view-${focused}` : !presenting || PRESENTED.has(id),
  );
  return (
    <nav className="skip-links" aria-label="Skip to a view">
      {shown.map(([id, label]) => (
        <a
          key={id}
          href={`#${id}`}
          onClick={(e) => {
            const el = document.getElementById(id);
            if (!el) return;
            e.preventDefault();
            el.focus();
            el.scrollIntoView({ block: 'nearest' });
          }}
        >
          Skip to {label}
        </a>
      ))}
    </nav>
  );
}

export function WorkspaceButtons() {
  const presenting = useWorkspaceUi((s) => s.presenting);
  const setPresenting = useWorkspaceUi((s) => s.setPresenting);
  const setKeysOpen = useWorkspaceUi((s) => s.setKeysOpen);
  return (
    <div className="ws-buttons">
      <button
        type="button"
        aria-pressed={presenting}
        onClick={() => setPresenting(!presenting)}
        title="Presentation mode: large type, the views a demo needs (P)"
      >
        Present
      </button>
      <button type="button" onClick={toggleFullscreen} title="Full screen (Shift+F)">
        Full screen
      </button>
      <button type="button" onClick={() => setKeysOpen(true)} title="Keyboard shortcuts (?)">
        Keys
      </button>
    </div>
  );
}

export const KEYS: [string, string][] = [
  ['Space', 'play / pause (also on the scrubber)'],
  ['← →', 'previous / next step'],
  ['Home End', 'first / last step'],
  ['O', 'step over: to the return of the current function'],
  ['D', 'next decision'],
  ['N', 'next event'],
  ['PgDn PgUp', "the tour's next / previous stop (without a tour: next / previous event)"],
  ['F', 'focus (maximise) the view holding the focus; again to restore'],
  ['Shift+F', 'full screen'],
  ['P', 'presentation mode'],
  ['?', 'this key map'],
  ['Esc', 'restore the layout, then clear the selection'],
];

export function KeyMap() {
  const open = useWorkspaceUi((s) => s.keysOpen);
  const setKeysOpen = useWorkspaceUi((s) => s.setKeysOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="keymap" aria-labelledby="keymap-title" onClose={() => setKeysOpen(false)}>
      <h2 id="keymap-title">Keys</h2>
      <p>They work wherever the focus is, except while typing in a field.</p>
      <dl>
        {KEYS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
