/** Placeholder until the Outcome view lands. */
import { ViewPanel } from '../shared/ViewPanel';

export function OutcomeView() {
  return (
    <ViewPanel id="outcome" title="Outcome">
      <p className="view__empty">Coming soon.</p>
    </ViewPanel>
  );
}
