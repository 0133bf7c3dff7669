/** The options of a filterable combobox (FilterCombobox.tsx) and its filter (pure). */

export interface ComboChoice {
  /** what picking the option hands back */
  id: string;
  /** what the option says, and what the filter matches */
  text: string;
  /** listed first and marked (the xarray picker: the current step works on this file) */
  marked: boolean;
}

/**
 * The options whose text holds every word of the query, case-insensitively, in their order; the
 * marked ones first. An empty query keeps them all.
 */
export function filterChoices(choices: readonly ComboChoice[], query: string): ComboChoice[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hit = words.length
    ? choices.filter((c) => {
        const t = c.text.toLowerCase();
        return words.every((w) => t.includes(w));
      })
    : [...choices];
  return [...hit.filter((c) => c.marked), ...hit.filter((c) => !c.marked)];
}
