/**
 * The scenario as JSON in CodeMirror 6, with completion, hover and inline errors from the format's JSON
 * Schema (codemirror-json-schema; the schema is generated from the zod one). Typing is handed on after a
 * pause, as one edit; a text set from outside (undo, a form, reset) replaces the document.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, foldGutter, indentOnInput } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter, lintKeymap } from '@codemirror/lint';
import { Annotation, EditorState, StateEffect } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { getJsonPointers, jsonSchema } from 'codemirror-json-schema';
import { useEffect, useRef } from 'react';
import type { ScenarioIssue } from '../../scenario/issues';
import { scenarioJsonSchema } from '../../scenario/jsonSchema';
import { issuePointer } from './schemaForm';

/** marks a change made from outside (undo, a form), which is not handed back as an edit */
const fromOutside = Annotation.define<boolean>();

/** the run's issues changed: lint again */
const issuesArrived = StateEffect.define<null>();

/** typing pauses this long before it is one edit (and a run) */
const SETTLE_MS = 450;

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '12.5px', background: 'var(--bg)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)' },
  '.cm-gutters': { background: 'var(--bg-panel)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { background: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-activeLineGutter': { background: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-tooltip': { background: 'var(--bg-raised)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': {
    background: 'color-mix(in srgb, var(--accent) 25%, transparent) !important',
  },
});

/**
 * The run's issues (references, sizes: what the JSON Schema cannot check) at their fields in the text: each
 * at the nearest enclosing field that exists, the whole text if none does.
 */
function runDiagnostics(view: EditorView, issues: ScenarioIssue[]): Diagnostic[] {
  if (!issues.length) return [];
  const pointers = getJsonPointers(view.state, 'json4');
  const out: Diagnostic[] = [];
  for (const i of issues) {
    let ptr = issuePointer(i.path);
    if (ptr === null) continue;
    while (ptr && !pointers.has(ptr)) ptr = ptr.slice(0, ptr.lastIndexOf('/'));
    const at = ptr ? pointers.get(ptr) : undefined;
    const from = at ? at.keyFrom : 0;
    const to = at ? ('valueTo' in at ? (at.valueTo as number) : at.keyTo) : Math.min(1, view.state.doc.length);
    out.push({ from, to, severity: 'error', source: 'run', message: `${i.path}: ${i.message}` });
  }
  return out;
}

export function JsonEditor({
  text,
  onEdit,
  issues,
}: {
  text: string;
  onEdit: (text: string) => void;
  /** the last run's issues (the edit refused), shown inline too */
  issues: ScenarioIssue[] | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onEditRef = useRef(onEdit);
  onEditRef.current = onEdit;
  // the issues of the text last run; a new edit clears them until its own run answers
  const issuesRef = useRef(issues ?? []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is made once; `text` arrives by the effect below
  useEffect(() => {
    if (!host.current) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = (v: EditorView) => {
      clearTimeout(timer);
      timer = undefined;
      onEditRef.current(v.state.doc.toString());
    };
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          foldGutter(),
          history(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          highlightActiveLine(),
          lintGutter(),
          keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
          jsonSchema(scenarioJsonSchema() as Parameters<typeof jsonSchema>[0]),
          linter((v) => runDiagnostics(v, issuesRef.current), {
            delay: 0,
            needsRefresh: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(issuesArrived))),
          }),
          theme,
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario JSON' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.every((t) => t.annotation(fromOutside))) return;
            issuesRef.current = [];
            clearTimeout(timer);
            timer = setTimeout(() => flush(u.view), SETTLE_MS);
          }),
          EditorView.domEventHandlers({
            // leaving the editor hands the text on at once
            blur: (_e, v) => {
              if (timer !== undefined) flush(v);
            },
          }),
        ],
      }),
    });
    view.current = v;
    return () => {
      if (timer !== undefined) flush(v);
      v.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === text) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, annotations: fromOutside.of(true) });
  }, [text]);

  useEffect(() => {
    issuesRef.current = issues ?? [];
    view.current?.dispatch({ effects: issuesArrived.of(null) });
  }, [issues]);

  return <div className="json-editor" ref={host} />;
}
