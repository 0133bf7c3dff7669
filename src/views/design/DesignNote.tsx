/**
 * The one-page note of an unmerged patch design (docs/designs/<variant id>.md), shown where the design is
 * looked at: beside the pipeline in the explorer and in compare mode. The note and the markdown renderer are
 * loaded on first use, so no other page carries them. The notes are this repository's own files.
 */
import { useEffect, useState } from 'react';
import { findVariant } from '../../kernel/variants/variants';
import './designNote.css';

/** every note, as a loader of its text (Vite bundles each as its own chunk) */
const NOTES = import.meta.glob<string>('../../../docs/designs/*.md', { query: '?raw', import: 'default' });

const loaderOf = (notePath: string) => NOTES[`../../../${notePath}`];

/** The note's own headings start at h1; on a page they start at `level` (h2 under the compare page's h1). */
const shiftHeadings = (html: string, level: number) =>
  html.replace(
    /<(\/?)h([1-6])\b/g,
    (_m, close: string, n: string) => `<${close}h${Math.min(6, Number(n) + level - 1)}`,
  );

export function DesignNote({
  variantId,
  open = true,
  headingLevel,
}: {
  variantId: string;
  open?: boolean;
  /** the level of the note's title heading on this page */
  headingLevel: number;
}) {
  const variant = findVariant(variantId);
  const design = variant?.design;
  // a release kept to show what a later series fixed has a note too (historicalReview)
  const history = variant?.historicalReview;
  const notePath = design?.note ?? history?.note;
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    setHtml(null);
    setFailed(null);
    if (!notePath) return;
    const load = loaderOf(notePath);
    if (!load) {
      setFailed(`no note at ${notePath}`);
      return;
    }
    let live = true;
    Promise.all([load(), import('marked')]).then(
      ([text, { marked }]) => live && setHtml(shiftHeadings(marked.parse(text, { async: false }), headingLevel)),
      (e: Error) => live && setFailed(e.message),
    );
    return () => {
      live = false;
    };
  }, [notePath, headingLevel]);
  if (!notePath) return null;
  const review = design?.citations[0];
  return (
    <section className="design-note" aria-label={`Design review note: ${variantId}`} data-design-note={variantId}>
      <details open={open}>
        <summary>
          {design ? 'Design review' : 'Historical review'}: <strong>{variantId}</strong>{' '}
          {review ? (
            <span className="design-note__who">
              ({review.author}, {review.date})
            </span>
          ) : null}
        </summary>
        <p className="design-note__merged">
          {design ? <strong>Merged instead:</strong> : <strong>Fixed by:</strong>}{' '}
          {design?.mergedInstead ?? history?.fixedBy}
        </p>
        {failed ? <p role="alert">The note could not be loaded: {failed}</p> : null}
        {html === null && !failed ? <p className="design-note__loading">Loading the note…</p> : null}
        {html !== null ? (
          <div
            className="design-note__body"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the repository's own docs/designs/*.md, rendered by marked
            dangerouslySetInnerHTML={{ __html: html }}
          />
        ) : null}
        {design ? (
          <p className="design-note__replaces">
            Replaces in the 6.12 model: {design.replaces.map((f) => `${f}()`).join(', ')}; everything else is 6.12's.
          </p>
        ) : null}
      </details>
    </section>
  );
}
