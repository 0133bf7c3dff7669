/** Every term the views use, with its definition and where the kernel defines it. Loaded on demand. */
import { useEffect, useState } from 'react';
import { type GlossaryEntry, loadGlossary } from '../../glossary/glossary';

export default function GlossaryPanel({ onClose }: { onClose: () => void }) {
  const [entries, setEntries] = useState<GlossaryEntry[] | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    loadGlossary().then(setEntries, () => setEntries([]));
  }, []);
  const q = filter.trim().toLowerCase();
  const shown = (entries ?? []).filter(
    (e) => !q || `${e.term} ${e.aliases.join(' ')} ${e.title} ${e.definition}`.toLowerCase().includes(q),
  );
  return (
    <aside className="glossary" aria-labelledby="glossary-title">
      <header className="glossary__header">
        <h2 id="glossary-title">Glossary</h2>
        <input
          type="search"
          aria-label="Filter terms"
          placeholder="Filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {entries === null ? <p>Loading…</p> : null}
      <dl className="glossary__list">
        {shown.map((e) => (
          <div key={e.term} className="glossary__entry" id={`term-${e.term.replace(/[^A-Za-z0-9]+/g, '-')}`}>
            <dt>
              <strong>{e.term}</strong>
              {e.aliases.length ? <span className="glossary__aliases"> ({e.aliases.join(', ')})</span> : null} —{' '}
              {e.title}
            </dt>
            <dd>
              {e.definition} <span className="term__src">{e.source}</span>
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
