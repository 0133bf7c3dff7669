/** Placeholder until the XFS rmap records view lands. */
import { ViewPanel } from '../shared/ViewPanel';

export function RmapView() {
  return (
    <ViewPanel id="rmap" title="XFS rmap records">
      <p className="view__empty">Coming soon.</p>
    </ViewPanel>
  );
}
