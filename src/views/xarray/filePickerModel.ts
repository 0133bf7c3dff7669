/** The file picker's options and its filter (pure). */

export interface PickerChoice {
  /** the mapping's id (ino:<dev>:<ino>) */
  id: string;
  /** what the option says: the file's path and its inode number */
  text: string;
  /** the current step works on this file */
  touched: boolean;
}

const inoOf = (mappingId: string) => mappingId.slice(mappingId.lastIndexOf(':') + 1);

/** One option per mapping the run has, in the run's order. */
export function pickerChoices(
  choices: readonly { id: string; label: string }[],
  touched: (id: string) => boolean,
): PickerChoice[] {
  return choices.map((c) => ({ id: c.id, text: `${c.label} · ino ${inoOf(c.id)}`, touched: touched(c.id) }));
}

/**
 * The options whose text holds every word of the query, case-insensitively, in their order; the
 * files the current step works on first. An empty query keeps them all.
 */
export function filterChoices(choices: readonly PickerChoice[], query: string): PickerChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hit = words.length
    ? choices.filter((c) => {
        const t = c.text.toLowerCase();
        return words.every((w) => t.includes(w));
      })
    : [...choices];
  return [...hit.filter((c) => c.touched), ...hit.filter((c) => !c.touched)];
}
