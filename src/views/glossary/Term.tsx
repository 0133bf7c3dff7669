/**
 * A kernel term with its glossary definition on hover and on keyboard focus (a tooltip the term describes
 * itself by). The glossary is fetched the first time any term is pointed at.
 */
import { type ReactNode, useId, useState } from 'react';
import { findTerm, type GlossaryEntry, loadGlossary } from '../../glossary/glossary';

export function Term({ name, children }: { name: string; children?: ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  // a term in the right half of the window opens its tip leftwards, so it is never cut at the edge
  const [leftward, setLeftward] = useState(false);
  const [entry, setEntry] = useState<GlossaryEntry | null | undefined>(undefined);
  const show = (e?: { currentTarget: Element }) => {
    if (e) setLeftward(e.currentTarget.getBoundingClientRect().left > window.innerWidth / 2);
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
        <span role="tooltip" id={id} className={leftward ? 'term__tip term__tip--left' : 'term__tip'}>
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
