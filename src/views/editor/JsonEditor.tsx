/**
 * The scenario as JSON in CodeMirror 6, with completion, hover and inline errors from the format's JSON
 * Schema (codemirror-json-schema; the schema is generated from the zod one). Typing is handed on after a
 * pause, as one edit; a text set from outside (undo, a form, reset) replaces the document.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, foldGutter, indentOnInput } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { Annotation, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { jsonSchema } from 'codemirror-json-schema';
import { useEffect, useRef } from 'react';
import { scenarioJsonSchema } from '../../scenario/jsonSchema';

/** marks a change made from outside (undo, a form), which is not handed back as an edit */
const fromOutside = Annotation.define<boolean>();

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

export function JsonEditor({ text, onEdit }: { text: string; onEdit: (text: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onEditRef = useRef(onEdit);
  onEditRef.current = onEdit;

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
          theme,
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario JSON' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.every((t) => t.annotation(fromOutside))) return;
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

  return <div className="json-editor" ref={host} />;
}
