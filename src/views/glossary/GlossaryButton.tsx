/** The header's "Glossary" toggle; the panel (and the glossary data) load when first opened. */
import { lazy, Suspense, useState } from 'react';

const GlossaryPanel = lazy(() => import('./GlossaryPanel'));

export function GlossaryButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Glossary
      </button>
      {open ? (
        <Suspense fallback={null}>
          <GlossaryPanel onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
