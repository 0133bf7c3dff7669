/**
 * The header's Edit and Copy link buttons (issue 10 §1, §2), the notices of Mine (storage trouble, a delete
 * to undo), and dropping a scenario file on the page.
 */
import { useEffect, useState } from 'react';
import { useApp, useAppStore } from '../store/react';
import { linkParts, scenarioJson } from '../store/shareLink';
import { useAuthoring, useAuthoringStores, useMine } from './authoringContext';
import { openScenarioFile } from './openFile';

export function AuthoringButtons() {
  const { authoring } = useAuthoringStores();
  const app = useAppStore();
  const open = useAuthoring((s) => s.open);
  const ready = useApp((s) => s.load.status === 'ready');
  const [said, setSaid] = useState<{ text: string; url?: string } | null>(null);

  const copyLink = async () => {
    const parts = linkParts(app.getState(), authoring.currentKey());
    if (!parts) return;
    if (parts.tooLarge) return setSaid({ text: `No link: ${parts.tooLarge}.` });
    const url = `${window.location.origin}${window.location.pathname}${parts.search}${parts.hash}`;
    try {
      await navigator.clipboard.writeText(url);
      setSaid({ text: 'Link copied.', url });
    } catch {
      // no clipboard (permission, http): the link to copy by hand
      setSaid({ text: 'Copy this link:', url });
    }
  };

  return (
    <div className="authoring-buttons">
      <button
        type="button"
        aria-pressed={open}
        disabled={!ready}
        onClick={() => (open ? authoring.getState().close() : authoring.getState().openEditor())}
        title="Edit this scenario beside the views (forms and JSON)"
      >
        Edit
      </button>
      <button type="button" disabled={!ready} onClick={() => void copyLink()} title="A link that reproduces this view">
        Copy link
      </button>
      {said ? (
        <span className="authoring-buttons__said" role="status">
          {said.text}{' '}
          {said.url && said.text !== 'Link copied.' ? (
            <input readOnly aria-label="Link" value={said.url} onFocus={(e) => e.target.select()} />
          ) : null}
          {said.text.startsWith('No link') ? <ExportNow /> : null}
          <button type="button" onClick={() => setSaid(null)} aria-label="Dismiss">
            ×
          </button>
        </span>
      ) : null}
    </div>
  );
}

/** a scenario too large for a link: its file instead */
function ExportNow() {
  const app = useAppStore();
  return (
    <button
      type="button"
      onClick={async () => {
        const s = app.getState();
        if (s.load.status !== 'ready') return;
        const { downloadText, fileNameFor } = await import('../views/editor/download');
        downloadText(fileNameFor(s.load.id), JSON.stringify(scenarioJson(s.load), null, 2));
      }}
    >
      Download the file
    </button>
  );
}

/** Storage that failed, and a deleted scenario with its Undo. */
export function MineNotices() {
  const { mine, authoring } = useAuthoringStores();
  const problem = useMine((s) => s.problem);
  const deleted = useMine((s) => s.deleted);
  return (
    <>
      {problem ? (
        <div className="load-errors" role="alert">
          <strong>Your scenarios are not being saved:</strong> {problem}.{' '}
          <button type="button" onClick={() => mine.getState().dismissProblem()}>
            Dismiss
          </button>
        </div>
      ) : null}
      {deleted ? (
        <div className="mine-deleted" role="status">
          Deleted “{deleted.name}”.{' '}
          <button
            type="button"
            onClick={async () => {
              const e = await mine.getState().undoRemove();
              if (e) authoring.setState({ key: e.key });
            }}
          >
            Undo
          </button>{' '}
          <button type="button" aria-label="Dismiss" onClick={() => mine.setState({ deleted: null })}>
            ×
          </button>
        </div>
      ) : null}
    </>
  );
}

/** A scenario file dropped anywhere on the page opens like one picked with "Open scenario file…". */
export function useFileDrop(): boolean {
  const { authoring } = useAuthoringStores();
  const refuseInput = useApp((s) => s.refuseInput);
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const f = e.dataTransfer?.files[0];
      if (f) void openScenarioFile(f, authoring, refuseInput);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [authoring, refuseInput]);
  return over;
}
