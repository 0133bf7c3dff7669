/**
 * The scenario editor beside the views (issue 10 §1): forms and the JSON, undo/redo, reset to the
 * built-in, and the Mine entry's name, duplicate, delete and export. Every valid edit runs at once and the
 * views follow; a refused one lists its messages here and the last good run stays on screen. Loaded on
 * demand: CodeMirror and the schema are not in the page's entry chunk.
 */
import { useState } from 'react';
import { useAuthoring, useAuthoringStores, useMine } from '../../app/authoringContext';
import { parseJson } from '../../store/authoring';
import { useApp } from '../../store/react';
import { downloadText, fileNameFor } from './download';
import { JsonEditor } from './JsonEditor';
import { SchemaForm } from './SchemaForm';
import './editor.css';

export default function EditorPanel() {
  const { authoring, mine } = useAuthoringStores();
  const text = useAuthoring((s) => s.history.present);
  const canUndo = useAuthoring((s) => s.history.past.length > 0);
  const canRedo = useAuthoring((s) => s.history.future.length > 0);
  const origin = useAuthoring((s) => s.origin);
  const key = useAuthoring((s) => s.key);
  const entry = useMine((s) => s.entries.find((e) => e.key === key) ?? null);
  const issues = useApp((s) => s.editIssues);
  const loadId = useApp((s) => s.load.id);
  const builtin = useApp((s) => s.load.status === 'ready' && s.load.source === 'builtin');
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const a = authoring.getState();
  const parsed = parseJson(text);
  const value = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : null;

  return (
    <aside className="editor" aria-label="Scenario editor" data-keys="own">
      <div className="editor__head">
        <h2>Edit scenario</h2>
        <button type="button" onClick={a.close} aria-label="Close the editor">
          Close
        </button>
      </div>
      <div className="editor__name">
        {entry ? (
          <label>
            <span>Saved as</span>
            <input
              key={entry.name}
              defaultValue={entry.name}
              onBlur={(e) => void mine.getState().rename(entry.key, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void mine.getState().rename(entry.key, e.currentTarget.value);
              }}
            />
          </label>
        ) : builtin ? (
          <p className="editor__hint">
            Built-in <code>{loadId}</code>: your first edit is saved under “Mine”.
          </p>
        ) : (
          <p className="editor__hint">Not in “Mine” (deleted): your next edit saves it again.</p>
        )}
      </div>
      <div className="editor__tools">
        <button type="button" onClick={a.undo} disabled={!canUndo}>
          Undo
        </button>
        <button type="button" onClick={a.redo} disabled={!canRedo}>
          Redo
        </button>
        {origin ? (
          <button type="button" onClick={a.resetToBuiltin} title={`Replace the text with the built-in ${origin}`}>
            Reset to built-in
          </button>
        ) : null}
        <button type="button" onClick={() => downloadText(fileNameFor(entry?.name ?? loadId), text)}>
          Export
        </button>
        {entry ? (
          <>
            <button
              type="button"
              onClick={async () => {
                const copy = await mine.getState().duplicate(entry.key);
                if (copy) authoring.getState().openMine(copy.key);
              }}
            >
              Duplicate
            </button>
            <button type="button" onClick={() => void mine.getState().remove(entry.key)}>
              Delete
            </button>
          </>
        ) : null}
      </div>
      {issues?.length ? (
        <div className="editor__issues" role="alert">
          <strong>Not run: {issues.length === 1 ? 'one problem' : `${issues.length} problems`}.</strong> The last good
          run stays on screen.
          <ul>
            {issues.slice(0, 50).map((i) => (
              <li key={`${i.path}:${i.message}`}>
                <code>{i.path}</code>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="editor__tabs" role="tablist" aria-label="Edit as">
        {(['form', 'json'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`editor-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`editor-panel-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'form' ? 'Form' : 'JSON'}
          </button>
        ))}
      </div>
      <div className="editor__body" role="tabpanel" id={`editor-panel-${tab}`} aria-labelledby={`editor-tab-${tab}`}>
        {tab === 'json' ? (
          <JsonEditor text={text} onEdit={a.edit} issues={issues} />
        ) : value ? (
          <SchemaForm value={value as Record<string, unknown>} onChange={(v) => a.edit(JSON.stringify(v, null, 2))} />
        ) : (
          <p className="editor__hint">The text is not JSON yet: fix it in the JSON tab to use the forms.</p>
        )}
      </div>
    </aside>
  );
}
