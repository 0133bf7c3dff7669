/** Placeholder until the struct pages and vmemmap view lands. */
import { ViewPanel } from '../shared/ViewPanel';

export function StructPagesView() {
  return (
    <ViewPanel id="structPages" title="struct pages and vmemmap">
      <p className="view__empty">Coming soon.</p>
    </ViewPanel>
  );
}
