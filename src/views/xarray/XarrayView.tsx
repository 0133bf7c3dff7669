/** Placeholder until the DAX xarray view lands. */
import { ViewPanel } from '../shared/ViewPanel';

export function XarrayView() {
  return (
    <ViewPanel id="xarray" title="DAX xarray">
      <p className="view__empty">Coming soon.</p>
    </ViewPanel>
  );
}
