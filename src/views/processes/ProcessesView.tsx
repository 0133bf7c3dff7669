/** Placeholder until the Processes and VMAs view lands. */
import { ViewPanel } from '../shared/ViewPanel';

export function ProcessesView() {
  return (
    <ViewPanel id="processes" title="Processes and VMAs">
      <p className="view__empty">Coming soon.</p>
    </ViewPanel>
  );
}
