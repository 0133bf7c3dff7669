/** The glossary, a data file (glossary.json) fetched on first use, looked up by term or alias. */
export interface GlossaryEntry {
  term: string;
  aliases: string[];
  title: string;
  definition: string;
  source: string;
}

let loading: Promise<GlossaryEntry[]> | null = null;

export function loadGlossary(): Promise<GlossaryEntry[]> {
  loading ??= import('./glossary.json').then((m) => m.default.terms as GlossaryEntry[]);
  return loading;
}

export function findTerm(entries: GlossaryEntry[], name: string): GlossaryEntry | undefined {
  const key = name.toLowerCase();
  return entries.find((e) => e.term.toLowerCase() === key || e.aliases.some((a) => a.toLowerCase() === key));
}
