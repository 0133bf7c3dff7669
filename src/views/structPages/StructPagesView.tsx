/**
 * Struct pages and vmemmap: the focused namespace's pfns as a zoomable grid of struct pages (regions, compound
 * pages, poison, owners, mappings, the current step, the selection and what shares its storage), the selected
 * struct page decoded, and the vmemmap behind it.
 */
import { useCallback, useState } from 'react';
import { useApp } from '../../store/react';
import { selectStructPages } from '../../store/selectors';
import {
  formatBytes,
  selectFirstCompound,
  selectFocusPfnNamespace,
  selectStructPageFocus,
} from '../../store/structPagesModel';
import { ViewPanel } from '../shared/ViewPanel';
import { Legend } from './Legend';
import { PageGrid, type ZoomRequest } from './PageGrid';
import { Ppc64Panel } from './Ppc64Panel';
import { StructPageDetail } from './StructPageDetail';
import { VmemmapPanel } from './VmemmapPanel';
import './structPages.css';

const hex = (n: number) => `0x${n.toString(16)}`;
const NO_HIGHLIGHT = { sharers: [], slots: null, count: 0, framePages: 1, aliased: false };

export function StructPagesView() {
  const vm = useApp(selectStructPages);
  const focus = useApp(selectStructPageFocus);
  const firstCompound = useApp(selectFirstCompound);
  const theme = useApp((s) => s.theme);
  const select = useApp((s) => s.select);
  const setFocus = useApp((s) => s.setFocus);
  const otherNs = useApp(selectFocusPfnNamespace);
  const ppc64 = useApp((s) => (s.load.status === 'ready' ? s.load.built.ppc64 : undefined));
  const [request, setRequest] = useState<ZoomRequest | null>(null);
  const show = useCallback(
    (r: Omit<ZoomRequest, 'nonce'>) => setRequest({ ...r, nonce: Date.now() + Math.random() }),
    [],
  );
  const selectPfn = useCallback((pfn: number) => select(`pfn:${hex(pfn)}`), [select]);

  if (ppc64?.length)
    return (
      <ViewPanel id="structPages" title="struct pages and vmemmap" subtitle={`${ppc64[0].arch}, 64 KiB pages`}>
        <Ppc64Panel probes={ppc64} />
      </ViewPanel>
    );
  if (!vm) {
    return (
      <ViewPanel id="structPages" title="struct pages and vmemmap">
        <p className="view__empty">
          No pmem namespace in this scenario: there are no ZONE_DEVICE struct pages to show.
        </p>
      </ViewPanel>
    );
  }
  const { ns } = vm;
  const highlight = focus?.inNamespace ? focus.highlight : NO_HIGHLIGHT;
  const subtitle = `${ns.name} · ${ns.mode}, map=${ns.map} · ${formatBytes((ns.endPfn - ns.firstPfn) * 4096)} at pfn ${hex(ns.firstPfn)} · ${ns.compoundPages > 1 ? `${formatBytes(ns.compoundPages * 4096)} compound pages` : 'order-0 pages'} · vmemmap dedup ${ns.optimized ? 'on' : 'off'}`;
  const actions =
    vm.choices.length > 1 ? (
      <label className="structPages__nsPick">
        <span>Namespace</span>
        <select value={ns.name} onChange={(e) => setFocus({ namespace: e.target.value })}>
          {vm.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
    ) : null;

  return (
    <ViewPanel id="structPages" title="struct pages and vmemmap" subtitle={subtitle} actions={actions}>
      <div className="structPages" data-namespace={ns.name} data-optimized={ns.optimized}>
        <div className="structPages__layout">
          <div className="structPages__main">
            <PageGrid
              ns={ns}
              marks={vm.marks}
              focusPfn={focus?.inNamespace ? focus.pfn : null}
              highlight={highlight}
              request={request}
              onRequest={setRequest}
              onSelect={selectPfn}
              onClear={() => select(null)}
              theme={theme}
            />
            <Legend ns={ns} />
          </div>
          <div className="structPages__panels">
            {focus && !focus.inNamespace && otherNs ? (
              <p className="structPages__muted">
                pfn {hex(focus.pfn)} is in namespace {otherNs}.{' '}
                <button type="button" className="structPages__link" onClick={() => setFocus({ namespace: otherNs })}>
                  show {otherNs}
                </button>
              </p>
            ) : null}
            {focus ? (
              <StructPageDetail focus={focus} onSelect={select} />
            ) : (
              <div className="structPages__card">
                <h3 className="structPages__h3">struct page</h3>
                <p className="structPages__muted">
                  Nothing selected. Click a cell (or select a page, a mapping or an rmap record in another view) to
                  decode its struct page.
                </p>
              </div>
            )}
            <VmemmapPanel ns={ns} focus={focus} firstCompound={firstCompound} onSelect={selectPfn} onShow={show} />
          </div>
        </div>
      </div>
    </ViewPanel>
  );
}
