/**
 * The views as panes of a resizable layout (react-resizable-panels) that fills the window below the
 * timeline: the pipeline on the left, processes and struct pages in the middle, the outcome, xarray and rmap
 * on the right. One view can be focused (maximised); views with nothing to show for the scenario shrink to
 * their header and the reason. Presentation mode shows only what a demo needs.
 */
import type { ReactNode } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { useApp } from '../store/react';
import { selectRmap, selectXarray } from '../store/selectors';
import { OutcomeView } from '../views/outcome/OutcomeView';
import { PipelineView } from '../views/pipeline/PipelineView';
import { ProcessesView } from '../views/processes/ProcessesView';
import { RmapView } from '../views/rmap/RmapView';
import { DeferParts } from '../views/shared/Deferred';
import { useWorkspaceUi, type ViewId } from '../views/shared/workspaceUi';
import { StructPagesView } from '../views/structPages/StructPagesView';
import { XarrayView } from '../views/xarray/XarrayView';
import '../views/shared/changed.css';
import './workspace.css';
import { STAGGER_STEPS, useStaggeredMount } from './staggeredMount';

const VIEWS: Record<ViewId, () => ReactNode> = {
  pipeline: () => <PipelineView />,
  processes: () => <ProcessesView />,
  structPages: () => <StructPagesView />,
  xarray: () => <XarrayView />,
  rmap: () => <RmapView />,
  outcome: () => <OutcomeView />,
};

/** the order a large run's views are mounted in, one per task (src/app/staggeredMount.ts): the pipeline first */
const MOUNT_ORDER: ViewId[] = ['pipeline', 'processes', 'outcome', 'structPages', 'xarray', 'rmap'];

/** a view not drawn yet (a large run's views come one per task): its place, busy */
function PendingView({ view }: { view: ViewId }) {
  return (
    <section
      className="view view--pending"
      data-view-pending={view}
      aria-busy="true"
      aria-label={`Drawing the ${view} view`}
    />
  );
}

/** a collapsed pane: the view's header and its one-line reason */
const COLLAPSED_PX = 92;

function Pane({
  id,
  view,
  size,
  min,
  empty,
  drawn = true,
}: {
  id: string;
  view: ViewId;
  size: string;
  min?: string;
  empty?: boolean;
  /** false: not mounted yet (a large run's views mount one per task) */
  drawn?: boolean;
}) {
  return (
    <Panel
      id={id}
      defaultSize={empty ? COLLAPSED_PX : size}
      minSize={empty ? COLLAPSED_PX : (min ?? '10')}
      maxSize={empty ? COLLAPSED_PX : undefined}
    >
      <div className="pane" data-empty={empty ? 'true' : undefined}>
        {drawn ? VIEWS[view]() : <PendingView view={view} />}
      </div>
    </Panel>
  );
}

function Handle({ label }: { label: string }) {
  return <Separator className="pane-handle" aria-label={label} />;
}

export function Workspace() {
  const focused = useWorkspaceUi((s) => s.focused);
  const presenting = useWorkspaceUi((s) => s.presenting);
  const noXarray = useApp((s) => selectXarray(s) === null);
  const noRmap = useApp((s) => selectRmap(s) === null);
  const load = useApp((s) => s.load);
  const large = load.status === 'ready' && load.sim.rt.steps.length > STAGGER_STEPS;
  const stagger = large && !focused && !presenting;
  const mounted = useStaggeredMount(MOUNT_ORDER.length, load, stagger);
  const drawn = (v: ViewId) => MOUNT_ORDER.indexOf(v) < mounted;
  const all = mounted >= MOUNT_ORDER.length;

  if (focused)
    return (
      <main className="workspace workspace--focused" aria-label="Views" data-drawn="true">
        {VIEWS[focused]()}
      </main>
    );

  if (presenting)
    return (
      <main className="workspace" aria-label="Views" data-drawn="true">
        <Group id="present" orientation="horizontal" className="workspace__group">
          <Pane id="present-pipeline" view="pipeline" size="50" />
          <Handle label="Resize pipeline and processes" />
          <Panel id="present-right" minSize="20">
            <Group id="present-right-col" orientation="vertical">
              <Pane id="present-processes" view="processes" size="50" />
              <Handle label="Resize processes and outcome" />
              <Pane id="present-outcome" view="outcome" size="50" />
            </Group>
          </Panel>
        </Group>
      </main>
    );

  // keyed by what collapses, so the library lays the groups out afresh when a pane's constraints change
  const key = `${noXarray}-${noRmap}`;
  return (
    <main className="workspace" aria-label="Views" aria-busy={!all} data-drawn={all ? 'true' : undefined}>
      {/* while the views mount one per task, their heavy parts come a frame later (Deferred) */}
      <DeferParts.Provider value={stagger}>
        <Group key={key} id="ws" orientation="horizontal" className="workspace__group">
          <Pane id="ws-pipeline" view="pipeline" size="33" min="18" drawn={drawn('pipeline')} />
          <Handle label="Resize pipeline" />
          <Panel id="ws-middle" defaultSize="37" minSize="18">
            <Group id="ws-middle-col" orientation="vertical">
              <Pane id="ws-processes" view="processes" size="58" drawn={drawn('processes')} />
              <Handle label="Resize processes and struct pages" />
              <Pane id="ws-pages" view="structPages" size="42" drawn={drawn('structPages')} />
            </Group>
          </Panel>
          <Handle label="Resize right column" />
          <Panel id="ws-right" defaultSize="30" minSize="18">
            <Group id="ws-right-col" orientation="vertical">
              <Pane id="ws-outcome" view="outcome" size="58" drawn={drawn('outcome')} />
              <Handle label="Resize outcome and xarray" />
              <Pane id="ws-xarray" view="xarray" size="21" empty={noXarray} drawn={drawn('xarray')} />
              <Handle label="Resize xarray and rmap" />
              <Pane id="ws-rmap" view="rmap" size="21" empty={noRmap} drawn={drawn('rmap')} />
            </Group>
          </Panel>
        </Group>
      </DeferParts.Provider>
    </main>
  );
}
