/**
 * Text with its glossary terms marked: the first occurrence of each term becomes a <Term> (definition on
 * hover and focus). Finding the terms needs only their names; the definitions load when one is pointed at.
 */
import { Fragment, type ReactNode } from 'react';
import { findTerms } from '../../glossary/termIndex';
import { Term } from './Term';

export function GlossText({ text, seen }: { text: string; seen?: Set<string> }): ReactNode {
  const matches = findTerms(text, seen);
  if (!matches.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const m of matches) {
    if (m.start > at) parts.push(text.slice(at, m.start));
    parts.push(
      <Term key={m.start} name={m.name}>
        {text.slice(m.start, m.end)}
      </Term>,
    );
    at = m.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <Fragment>{parts}</Fragment>;
}
