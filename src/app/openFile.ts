/** Open a scenario file (the picker's button, a file dropped on the page): too large is refused, kept otherwise. */
import type { AppState } from '../store/appStore';
import type { AuthoringStore } from '../store/authoring';

/**
 * The largest scenario file the app reads (docs/scenario-format.md, "Limits"): 32 MiB, as the CLI, room for
 * 100,000 processes (about 10 MB of JSON); parsing and the run happen in the simulation worker.
 */
export const MAX_FILE = 32 * 1024 * 1024;

export async function openScenarioFile(
  file: File,
  authoring: AuthoringStore,
  refuseInput: AppState['refuseInput'],
): Promise<void> {
  if (file.size > MAX_FILE)
    return refuseInput(file.name, '(file)', `too large: ${file.size} bytes; the limit is 32 MiB (${MAX_FILE} bytes)`);
  authoring.getState().openFile(await file.text(), file.name);
}
