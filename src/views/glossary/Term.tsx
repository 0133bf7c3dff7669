/**
 * A kernel term with its glossary definition on hover and on keyboard focus (a tooltip the term describes
 * itself by). The glossary is fetched the first time any term is pointed at.
 */
import { type CSSProperties, type ReactNode, useId, useState } from 'react';
import { findTerm, type GlossaryEntry, loadGlossary } from '../../glossary/glossary';

export function Term({ name, children }: { name: string; children?: ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<CSSProperties>({});
  const [entry, setEntry] = useState<GlossaryEntry | null | undefined>(undefined);
  const show = (e?: { currentTarget: Element }) => {
    if (e) setPlace(tipPlace(e.currentTarget.getBoundingClientRect()));
    setOpen(true);
    if (entry === undefined)
      loadGlossary().then(
        (all) => setEntry(findTerm(all, name) ?? null),
        () => setEntry(null),
      );
  };
  return (
    // a button: focusable and clickable (a tap shows the definition on touch screens too)
    <button
      type="button"
      className="term"
      onClick={(e) => (open ? setOpen(false) : show(e))}
      data-term={name}
      aria-describedby={open ? id : undefined}
      onMouseEnter={show}
      onMouseLeave={() => setOpen(false)}
      onFocus={show}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
    >
      {children ?? name}
      {open ? (
        <span role="tooltip" id={id} className="term__tip" style={place}>
          {entry === undefined ? (
            'Loading…'
          ) : entry === null ? (
            `${name}: not in the glossary`
          ) : (
            <>
              <strong>{entry.term}</strong> — {entry.title}. {entry.definition}
              <span className="term__src">{entry.source}</span>
            </>
          )}
        </span>
      ) : null}
    </button>
  );
}

/**
 * Where the tip goes, in window coordinates (position: fixed), so a term in a clipped header or a scrolled
 * pane still shows its whole tip: rightwards or leftwards of the term, below it or, near the bottom, above.
 */
function tipPlace(r: DOMRect): CSSProperties {
  const w = window.innerWidth;
  const h = window.innerHeight;
  const x: CSSProperties = r.left > w / 2 ? { right: Math.max(4, w - r.right) } : { left: Math.max(4, r.left) };
  const y: CSSProperties = r.bottom > h * 0.6 ? { bottom: h - r.top + 4 } : { top: r.bottom + 4 };
  return { ...x, ...y };
}
