/**
 * The DAX xarray view: the selected file's `mapping->i_pages` as the real tree of 64-slot xa_nodes down
 * to the DAX value entries, each entry decoded (pfn, PTE/PMD, DAX_* flags, raw value, indices covered).
 * The walk the current step does (dax_lock_mapping_entry, dax_lock_folio, …) is drawn from xa_head to
 * the entry in the current-step style; the entries linked to the selection are outlined and tagged.
 */
import { useId, useMemo, useState } from 'react';
import { useApp } from '../../store/react';
import { selectLinked, selectTouched, selectXarray, type XarrayVM } from '../../store/selectors';
import {
  coversAny,
  daxEntryFacts,
  indicesOf,
  pagesByMapping,
  selectXarrayAbsence,
  touchedElsewhere,
  xaMarkNames,
} from '../../store/xarrayModel';
import { CopyHex } from '../shared/CopyHex';
import { FilterCombobox } from '../shared/FilterCombobox';
import { ViewPanel } from '../shared/ViewPanel';
import { pickerChoices } from './filePickerModel';
import { layoutXarray, lookupMarks, type XaCellLayout, type XaEntryLayout, type XaNodeLayout } from './layout';
import './xarray.css';
import { Term } from '../glossary/Term';
import { ArrowMarker } from '../shared/ArrowMarker';

const EMPTY_SET: ReadonlySet<string> = new Set();

export function XarrayView() {
  const vm = useApp(selectXarray);
  const setFocus = useApp((s) => s.setFocus);
  const [full, setFull] = useState(false);
  const xarrayAbsence = useApp(selectXarrayAbsence);
  const absence = vm ? null : xarrayAbsence;
  const touched = useApp(selectTouched) ?? EMPTY_SET;
  const touchedPages = useMemo(() => pagesByMapping(touched), [touched]);
  const elsewhere = vm ? touchedElsewhere(touchedPages, vm.choices, vm.mappingId) : null;
  const vmChoices = vm?.choices;
  const choices = useMemo(
    () => (vmChoices ? pickerChoices(vmChoices, (id) => touchedPages.has(id)) : []),
    [vmChoices, touchedPages],
  );

  const actions = vm ? (
    <>
      <span className="xarray__picker">
        <span aria-hidden="true">File</span>
        <FilterCombobox
          choices={choices}
          value={vm.mappingId}
          label="File whose page cache is shown"
          onPick={(id) => setFocus({ mapping: id })}
          filterHint="filter files"
          markTitle="the current step works on this file"
        />
      </span>
      <button
        type="button"
        className="xarray__toggle"
        aria-pressed={full}
        onClick={() => setFull((f) => !f)}
        title="Draw every node with all 64 slots"
      >
        64 slots
      </button>
    </>
  ) : null;

  return (
    <ViewPanel
      id="xarray"
      title="DAX xarray"
      subtitle={vm ? `${vm.label} · mapping->i_pages` : undefined}
      actions={actions}
    >
      {vm ? (
        <>
          {elsewhere ? (
            <p className="xarray__elsewhere">
              <span aria-hidden="true">▶ </span>
              This step works on {elsewhere.label} index {elsewhere.index}.{' '}
              <button type="button" onClick={() => setFocus({ mapping: elsewhere.id })}>
                Show {elsewhere.label}
              </button>
            </p>
          ) : null}
          <XarrayBody vm={vm} touched={touched} full={full} />
        </>
      ) : (
        <p className="view__empty xarray__empty" data-empty={absence?.kind ?? 'none'}>
          {absence?.message ?? 'no xarray to show'}
        </p>
      )}
    </ViewPanel>
  );
}

function XarrayBody({ vm, touched, full }: { vm: XarrayVM; touched: ReadonlySet<string>; full: boolean }) {
  const linked = useApp(selectLinked) ?? EMPTY_SET;
  const selection = useApp((s) => s.selection);
  const select = useApp((s) => s.select);
  const uid = useId().replace(/:/g, '');
  const layout = useMemo(
    () => layoutXarray(vm.dump, vm.entries, vm.mappingId, { full, lookup: vm.lookup }),
    [vm.dump, vm.entries, vm.mappingId, full, vm.lookup],
  );
  const walk = useMemo(() => lookupMarks(layout, vm.lookup, vm.entries), [layout, vm.lookup, vm.entries]);
  const linkedIdx = useMemo(() => indicesOf(linked, vm.mappingId), [linked, vm.mappingId]);
  const touchedIdx = useMemo(() => indicesOf(touched, vm.mappingId), [touched, vm.mappingId]);
  const facts = useMemo(() => new Map(vm.entries.map((e) => [e.id, daxEntryFacts(e)])), [vm.entries]);

  const entryState = (id: string) => {
    const f = facts.get(id);
    const isCurrent = !!f && (walk.entryId === id || touched.has(id) || coversAny(f.first, f.last, touchedIdx));
    const isLinked = !!f && (linked.has(id) || coversAny(f.first, f.last, linkedIdx));
    return { current: isCurrent, linked: isLinked, selected: selection === id };
  };

  const d = vm.dump;
  const nodesText = `${d.nodeCount} node${d.nodeCount === 1 ? '' : 's'}`;
  const entriesText = `${vm.entries.length} entr${vm.entries.length === 1 ? 'y' : 'ies'}`;
  const headText =
    d.head.kind === 'empty'
      ? 'xa_head = NULL'
      : d.head.kind === 'node'
        ? `xa_head → node#${d.head.nodeId}`
        : 'xa_head = value entry';

  return (
    <div className="xarray">
      <p className="xarray__summary">
        <code>{headText}</code> · height {d.height} · {nodesText} · <Term name="DAX entry">{entriesText}</Term>
        {d.nodeCount ? ` · max index ${d.maxIndex}` : ''}
        {d.marks.length ? ` · xa_flags marks ${xaMarkNames(d.marks).join(', ')}` : ''}
      </p>
      {vm.lookup ? (
        <p className="xarray__walk" data-testid="xarray-walk">
          <span className="xarray__badge xarray__badge--current">▶ current step</span> looks up index {vm.lookup.index}:{' '}
          <code>{walk.text}</code>
        </p>
      ) : null}
      {vm.entries.length === 0 ? (
        <p className="view__empty xarray__empty" data-empty="no-entries">
          no DAX entries: nothing faulted in
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a drawn tree, not a form group */}
      <div
        className="xarray__canvas"
        style={{ width: layout.width, height: layout.height }}
        role="group"
        aria-label={`XArray of ${vm.label}: ${headText}, ${nodesText}, ${entriesText}`}
      >
        <svg className="xarray__wires" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
          <defs>
            <ArrowMarker id={`${uid}-arrow`} className="xarray__arrowhead" size={7} orient="auto" />
            <ArrowMarker
              id={`${uid}-arrow-cur`}
              className="xarray__arrowhead xarray__arrowhead--current"
              size={7}
              orient="auto"
            />
          </defs>
          {layout.links.map((l) => {
            const cur = walk.links.has(l.key);
            return (
              <path
                key={l.key}
                d={l.d}
                className={`xarray__link${cur ? ' xarray__link--current' : ''}`}
                markerEnd={`url(#${uid}-arrow${cur ? '-cur' : ''})`}
              />
            );
          })}
        </svg>
        <div className="xarray__head" style={box(layout.head)}>
          <span className="xarray__head-label">mapping-&gt;i_pages</span>
          <code>{headText}</code>
        </div>
        {layout.nodes.map((n) => (
          <NodeBox
            key={n.key}
            n={n}
            full={full}
            walk={walk.cells}
            onWalk={walk.nodes.has(n.node.id)}
            select={select}
            entryState={entryState}
          />
        ))}
        {layout.entries.map((e) => (
          <EntryCard key={e.key} e={e} facts={facts} state={entryState(e.entry.id)} select={select} label={vm.label} />
        ))}
        {/* sibling rails sit on the node boxes, so they get their own layer above them */}
        <svg className="xarray__wires" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
          {layout.nodes.flatMap((n) =>
            n.rails.map((r) => (
              <g key={`${n.key}-rail-${r.canonical}-${r.cellTop}`} className="xarray__rail">
                <path d={`M${r.x2},${r.y} H${r.x1}`} />
                {r.ticks.map((t) => (
                  <path key={t} d={`M${t},${r.y - 6} V${r.y}`} />
                ))}
                {r.arrow ? <path d={`M${r.x1},${r.y} V${r.y - 5}`} markerEnd={`url(#${uid}-arrow-rail)`} /> : null}
              </g>
            )),
          )}
        </svg>
      </div>
    </div>
  );
}

const box = (b: { x: number; y: number; w: number; h: number }) => ({ left: b.x, top: b.y, width: b.w, height: b.h });

type EntryState = { current: boolean; linked: boolean; selected: boolean };

function NodeBox({
  n,
  full,
  walk,
  onWalk,
  select,
  entryState,
}: {
  n: XaNodeLayout;
  full: boolean;
  walk: ReadonlySet<string>;
  onWalk: boolean;
  select: (id: string | null) => void;
  entryState: (id: string) => EntryState;
}) {
  const node = n.node;
  const label = `${node.name}: shift ${node.shift}, offset ${node.offset}, count ${node.count}, nr_values ${node.nr_values}, indices ${node.first}–${node.last}, ${n.empty} empty slots${onWalk ? ', on the current step’s walk' : ''}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: one xa_node of a drawn tree
    <div
      className={`xarray__node${onWalk ? ' xarray__node--walk' : ''}${full ? ' xarray__node--full' : ''}`}
      style={box(n)}
      role="group"
      aria-label={label}
      data-node={node.name}
    >
      <div className="xarray__node-head">
        <strong>{node.name}</strong> shift {node.shift} · offset {node.offset} · [{node.first}–{node.last}]
        <br />
        count {node.count} · nr_values {node.nr_values}
        {full ? ` · ${n.empty} empty` : ''}
      </div>
      {n.cells.map((c) => (
        <Cell key={c.key} c={c} n={n} full={full} onWalk={walk.has(c.key)} select={select} entryState={entryState} />
      ))}
      {n.emptyAt ? (
        <span className="xarray__empty-count" style={{ left: n.emptyAt.x - n.x, top: n.emptyAt.y - n.y }}>
          +{n.empty} empty
        </span>
      ) : null}
    </div>
  );
}

function Cell({
  c,
  n,
  full,
  onWalk,
  select,
  entryState,
}: {
  c: XaCellLayout;
  n: XaNodeLayout;
  full: boolean;
  onWalk: boolean;
  select: (id: string | null) => void;
  entryState: (id: string) => EntryState;
}) {
  const s = c.slot;
  const offsets = c.first === c.last ? `${c.first}` : `${c.first}–${c.last}`;
  const st = c.entryId ? entryState(c.entryId) : null;
  const cls = [
    'xarray__cell',
    `xarray__cell--${c.kind}`,
    onWalk ? 'xarray__cell--walk' : '',
    st?.linked ? 'xarray__cell--linked' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const style = { left: c.x - n.x, top: c.y - n.y, width: c.w, height: c.h };
  const what =
    c.kind === 'empty'
      ? 'NULL'
      : c.kind === 'node'
        ? `node#${s?.nodeId} (indices ${s?.first}–${s?.last})`
        : c.kind === 'sibling'
          ? `sibling → slot ${s?.sibling} (${s?.raw})`
          : `value entry ${s?.raw}, order ${s?.order}`;
  const title = `slot ${offsets}: ${what}${s?.marks.length ? ` · ${xaMarkNames(s.marks).join(', ')}` : ''}${onWalk ? ' · current step' : ''}`;
  const glyph = c.kind === 'node' ? '▼' : c.kind === 'sibling' ? `↩${s?.sibling}` : c.kind === 'value' ? 'val' : 'NULL';
  const body = full ? null : (
    <>
      <span className="xarray__cell-off">{offsets}</span>
      <span className="xarray__cell-kind">{glyph}</span>
    </>
  );
  if (c.entryId) {
    const id = c.entryId;
    return (
      <button
        type="button"
        tabIndex={-1}
        className={cls}
        style={style}
        title={title}
        aria-label={title}
        onClick={() => select(id)}
        data-slot={c.first}
      >
        {body}
      </button>
    );
  }
  return (
    <span className={cls} style={style} title={title} data-slot={c.first}>
      {body}
      <span className="xarray__sr">{title}</span>
    </span>
  );
}

function EntryCard({
  e,
  facts,
  state,
  select,
  label,
}: {
  e: XaEntryLayout;
  facts: Map<string, ReturnType<typeof daxEntryFacts>>;
  state: EntryState;
  select: (id: string | null) => void;
  label: string;
}) {
  const f = facts.get(e.entry.id);
  if (!f) return null;
  const id = e.entry.id;
  const range = f.first === f.last ? `${f.first}` : `${f.first}–${f.last}`;
  const cls = [
    'xarray__entry',
    state.current ? 'xarray__entry--current' : '',
    state.linked ? 'xarray__entry--linked' : '',
    state.selected ? 'xarray__entry--selected' : '',
    f.locked ? 'xarray__entry--locked' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the index button inside selects from the keyboard
    // biome-ignore lint/a11y/noStaticElementInteractions: clicking anywhere on the card is a shortcut for its button
    <div
      className={cls}
      style={box(e)}
      data-entry-id={id}
      data-current={state.current || undefined}
      data-linked={state.linked || undefined}
      data-locked={f.locked || undefined}
      aria-current={state.current ? 'step' : undefined}
      onClick={(ev) => {
        if ((ev.target as HTMLElement).closest('button')) return;
        select(id);
      }}
    >
      <div className="xarray__tabs">
        {state.current ? <span className="xarray__badge xarray__badge--current">▶ current step</span> : null}
        {state.linked ? <span className="xarray__badge xarray__badge--linked">⇄ linked</span> : null}
      </div>
      <div className="xarray__entry-head">
        <button
          type="button"
          className="xarray__entry-select"
          aria-pressed={state.selected}
          aria-label={`Select the DAX entry of ${label} index ${range}${state.current ? ' (current step)' : ''}${state.linked ? ' (linked)' : ''}`}
          onClick={() => select(id)}
        >
          index {range}
        </button>
        <span className={`xarray__size xarray__size--${f.size.toLowerCase()}`}>
          {f.size} · order {f.order}
        </span>
      </div>
      <dl className="xarray__fields">
        <dt>pfn</dt>
        <dd>
          <CopyHex value={f.pfnHex} label={`pfn of index ${range}`} />
        </dd>
        <dt>flags</dt>
        <dd className="xarray__flags">
          {f.flagNames.length ? (
            f.flagNames.map((name) => (
              <span key={name} className={`xarray__flag xarray__flag--${name.toLowerCase()}`}>
                {name}
              </span>
            ))
          ) : (
            <span className="xarray__muted">none</span>
          )}
        </dd>
        <dt title="xa_to_value(entry) = pfn << DAX_SHIFT | flags">value</dt>
        <dd className="xarray__muted">0x{f.value.toString(16)}</dd>
        <dt title="the slot holds xa_mk_value(value) = (value << 1) | 1">raw</dt>
        <dd>
          <CopyHex value={e.entry.raw} label={`raw entry of index ${range}`} />
        </dd>
        <dt>{f.pages === 1 ? 'index' : 'indices'}</dt>
        <dd>
          {range} ({f.pages} page{f.pages === 1 ? '' : 's'})
        </dd>
      </dl>
    </div>
  );
}
