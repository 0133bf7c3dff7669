/** The xarray view's file picker options (pure). */
import type { ComboChoice } from '../shared/comboChoices';

const inoOf = (mappingId: string) => mappingId.slice(mappingId.lastIndexOf(':') + 1);

/** One option per mapping the run has, in the run's order; marked: the current step works on the file. */
export function pickerChoices(
  choices: readonly { id: string; label: string }[],
  touched: (id: string) => boolean,
): ComboChoice[] {
  return choices.map((c) => ({ id: c.id, text: `${c.label} · ino ${inoOf(c.id)}`, marked: touched(c.id) }));
}
