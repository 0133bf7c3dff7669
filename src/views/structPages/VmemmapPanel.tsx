/**
 * The vmemmap layer: where the selected struct page's 64 bytes live (virtual address, vmemmap page, physical
 * frame, how that page was populated), which other struct pages share the frame or the very bytes, the
 * compound page's vmemmap pages as boxes pointing at their frames, and the namespace's dedup arithmetic.
 */
import type { KeyboardEvent } from 'react';
import type { NamespaceVM } from '../../store/selectors';
import {
  type CompoundVM,
  explainOptimize,
  formatBytes,
  type StructPageFocusVM,
  savingsLine,
} from '../../store/structPagesModel';
import { Term } from '../glossary/Term';
import { ArrowMarker } from '../shared/ArrowMarker';
import { CopyHex } from '../shared/CopyHex';
import { COLS, DETAIL_K } from './layout';
import type { ZoomRequest } from './PageGrid';

const hex = (n: number) => `0x${n.toString(16)}`;

export const BACKING_WORDS: Record<string, string> = {
  'altmap-pmd': 'a 2 MiB block of the namespace’s own memmap space (altmap), vmemmap_populate_hugepages()',
  'ram-pmd': 'a 2 MiB order-9 block of RAM, vmemmap_populate_hugepages()',
  'ram-basepages': 'a 4 KiB RAM page, vmemmap_populate_basepages(): the chunk is smaller than a section',
  'compound-head': 'vmemmap page 0 of a compound page (head and tails 1–63): its own RAM frame',
  'compound-tail': 'vmemmap page 1 of a compound page (tails 64–127): its own RAM frame, which the later pages reuse',
  'compound-reuse': 'a later vmemmap page of a compound page: mapped to vmemmap page 1’s frame, no frame of its own',
};

type Request = Omit<ZoomRequest, 'nonce'>;

interface Props {
  ns: NamespaceVM;
  focus: StructPageFocusVM | null;
  /** the first data compound page, for the arithmetic when the selection is in none */
  firstCompound: CompoundVM | null;
  onSelect: (pfn: number) => void;
  onShow: (r: Request) => void;
}

export function VmemmapPanel({ ns, focus, firstCompound, onSelect, onShow }: Props) {
  const why = explainOptimize(ns);
  const d = focus?.inNamespace ? focus.detail : null;
  const compound = focus?.inNamespace ? focus.compound : null;
  const h = focus?.highlight;
  const firstTail = ns.compoundPages > 1 ? ns.dataPfn + Math.min(100, ns.compoundPages - 1) : null;
  return (
    <div className="structPages__card structPages__vmemmap" data-testid="vmemmap-panel">
      <h3 className="structPages__h3">
        <Term name="vmemmap" />
        {d ? <> of pfn {hex(d.pfn)}</> : null}
      </h3>
      {d ? (
        <>
          <table className="structPages__fields structPages__fields--wide">
            <tbody>
              <tr>
                <th scope="row">address</th>
                <td>
                  <CopyHex value={d.vmemmap.vaddr} label="vmemmap address" />{' '}
                  <span className="structPages__note">= vmemmap + pfn × 64</span>
                </td>
              </tr>
              <tr>
                <th scope="row">vmemmap page</th>
                <td>
                  <CopyHex value={hex(d.vmemmap.page)} label="vmemmap page number" />{' '}
                  <span className="structPages__note">({d.vmemmap.page})</span>
                </td>
              </tr>
              <tr>
                <th scope="row">byte offset</th>
                <td>
                  <CopyHex value={hex(d.vmemmap.offset)} label="byte offset in the vmemmap page" />{' '}
                  <span className="structPages__note">
                    ({d.vmemmap.offset} bytes: slot {Math.floor(d.vmemmap.offset / 64)} of {COLS})
                  </span>
                </td>
              </tr>
              <tr>
                <th scope="row">physical frame</th>
                <td>
                  <CopyHex value={d.vmemmap.frame} label="physical frame of the vmemmap page" />
                </td>
              </tr>
              <tr>
                <th scope="row">backing</th>
                <td>
                  <code className={`structPages__backing structPages__backing--${d.vmemmap.backing}`}>
                    {d.vmemmap.backing}
                  </code>{' '}
                  <span className="structPages__note">{BACKING_WORDS[d.vmemmap.backing] ?? ''}</span>
                </td>
              </tr>
              {d.vmemmap.aliasOf ? (
                <tr>
                  <th scope="row">alias of</th>
                  <td>
                    <span className="structPages__note">the same 64 bytes as pfn </span>
                    <CopyHex value={d.vmemmap.aliasOf} label="pfn whose vmemmap page owns these bytes" />{' '}
                    <button
                      type="button"
                      className="structPages__link"
                      onClick={() => onSelect(Number(d.vmemmap.aliasOf))}
                    >
                      select it
                    </button>
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {h?.aliased ? (
            <div className="structPages__sharing" data-testid="storage-sharers">
              <p>
                <span className="structPages__glyph structPages__glyph--frame" aria-hidden="true" /> Frame{' '}
                <code>{d.vmemmap.frame}</code> is mapped by <strong>{h.framePages}</strong> vmemmap pages: the{' '}
                <strong>{h.count}</strong> struct pages{' '}
                {h.sharers.map((r, i) => (
                  <span key={r.first}>
                    {i ? ', ' : ''}
                    <code>{hex(r.first)}</code>–<code>{hex(r.last)}</code>
                  </span>
                ))}{' '}
                live in it (lit up in the grid).{' '}
                <button
                  type="button"
                  className="structPages__link"
                  onClick={() =>
                    onShow({
                      first: Math.min(...h.sharers.map((r) => r.first), d.pfn),
                      end: Math.max(...h.sharers.map((r) => r.last)) + 1,
                      k: DETAIL_K,
                    })
                  }
                >
                  show them
                </button>
              </p>
              {h.slots ? (
                <p>
                  <span className="structPages__glyph structPages__glyph--slot" aria-hidden="true" /> The very same 64
                  bytes are the struct pages of <strong>{h.slots.count}</strong> pfns (stride {h.slots.stride}), so a
                  write to one is a write to all: <AliasList s={h.slots} self={d.pfn} onSelect={onSelect} />
                </p>
              ) : null}
            </div>
          ) : (
            <p className="structPages__muted">
              Frame <code>{d.vmemmap.frame}</code> is not shared: it holds the {COLS} struct pages of one vmemmap page (
              {hex(d.vmemmap.page * COLS)}–{hex(d.vmemmap.page * COLS + COLS - 1)}).
            </p>
          )}
          {compound ? <CompoundDiagram c={compound} onSelect={onSelect} /> : null}
        </>
      ) : focus && !focus.inNamespace ? (
        <p className="structPages__muted">
          The selected pfn {hex(focus.pfn)} is not in {ns.name}.
        </p>
      ) : (
        <p className="structPages__muted">
          Select a struct page to see where its 64 bytes live.{' '}
          {ns.optimized && firstTail !== null ? (
            <button type="button" className="structPages__link" onClick={() => onSelect(firstTail)}>
              select a tail page ({hex(firstTail)}, head +{firstTail - ns.dataPfn})
            </button>
          ) : null}
        </p>
      )}
      <div className="structPages__dedup">
        <p className="structPages__savings" data-testid="vmemmap-savings">
          {savingsLine(ns, compound ?? firstCompound)}
        </p>
        <p className={`structPages__why structPages__why--${why.on ? 'on' : 'off'}`}>
          <strong>vmemmap dedup {why.on ? 'on' : 'off'}</strong> — {why.summary.replace(/^(on|off): /, '')}
        </p>
        <details className="structPages__details">
          <summary>vmemmap_can_optimize() inputs and the population totals</summary>
          <ul className="structPages__checks">
            {why.checks.map((c) => (
              <li key={c.text}>
                <span aria-hidden="true" className={c.ok ? 'structPages__ok' : 'structPages__fail'}>
                  {c.ok ? '✓' : '✗'}
                </span>
                <span className="structPages__srOnly">{c.ok ? 'holds:' : 'fails:'}</span> {c.text}
              </li>
            ))}
          </ul>
          <dl className="structPages__stats">
            <dt>vmemmap pages (virtual)</dt>
            <dd>{ns.stats.vmemmapPagesVirtual}</dd>
            <dt>frames allocated</dt>
            <dd>
              {ns.stats.framesAllocated} (altmap {ns.stats.framesFromAltmap}, RAM {ns.stats.framesFromRam})
            </dd>
            <dt>vmemmap pages aliased</dt>
            <dd>{ns.stats.framesAliased}</dd>
            <dt>bytes saved</dt>
            <dd>
              {formatBytes(ns.stats.bytesSaved)} ({ns.stats.bytesSaved})
            </dd>
            <dt>compound pages</dt>
            <dd>{ns.stats.compoundPages}</dd>
            <dt>struct pages initialised</dt>
            <dd>
              {ns.stats.structPagesInitialised} of {ns.endPfn - ns.firstPfn}
            </dd>
            {ns.stats.altmapAlignPadding ? (
              <>
                <dt>altmap alignment padding</dt>
                <dd>{ns.stats.altmapAlignPadding} pfns</dd>
              </>
            ) : null}
          </dl>
        </details>
      </div>
    </div>
  );
}

function AliasList({
  s,
  self,
  onSelect,
}: {
  s: { first: number; last: number; stride: number; count: number };
  self: number;
  onSelect: (pfn: number) => void;
}) {
  return (
    <span className="structPages__aliases">
      {aliasList(s).map((p) =>
        p === null ? (
          <span key="gap">…</span>
        ) : (
          <button
            key={p}
            type="button"
            className={`structPages__link structPages__mono${p === self ? ' structPages__link--self' : ''}`}
            onClick={() => onSelect(p)}
            aria-current={p === self ? 'true' : undefined}
          >
            {hex(p)}
          </button>
        ),
      )}
    </span>
  );
}

/** At most 8 pfns of an alias progression; null marks an elision. */
function aliasList(s: { first: number; last: number; stride: number; count: number }): (number | null)[] {
  if (s.count <= 8) return Array.from({ length: s.count }, (_, i) => s.first + i * s.stride);
  return [s.first, s.first + s.stride, s.first + 2 * s.stride, null, s.last - s.stride, s.last];
}

const BOX_W = 58;
const BOX_H = 40;
const GAP = 8;
const FRAME_Y = 92;

/** The compound page's vmemmap pages (top) pointing at their physical frames (bottom). */
function CompoundDiagram({ c, onSelect }: { c: CompoundVM; onSelect: (pfn: number) => void }) {
  // column per box, with a narrow column for each elision
  const cols: ({ kind: 'box'; b: CompoundVM['boxes'][number] } | { kind: 'gap'; n: number })[] = [];
  c.boxes.forEach((b, i) => {
    const prev = c.boxes[i - 1];
    if (prev && b.index > prev.index + 1) cols.push({ kind: 'gap', n: b.index - prev.index - 1 });
    cols.push({ kind: 'box', b });
  });
  let x = 0;
  const placed: { b: CompoundVM['boxes'][number]; x: number }[] = [];
  const gaps: { x: number; n: number }[] = [];
  for (const col of cols) {
    if (col.kind === 'gap') {
      gaps.push({ x, n: col.n });
      x += 30;
    } else {
      placed.push({ b: col.b, x });
      x += BOX_W + GAP;
    }
  }
  const width = Math.max(x - GAP, 200);
  // a frame sits under the first box that maps it
  const frameX = new Map<string, number>();
  for (const p of placed) if (!frameX.has(p.b.frame)) frameX.set(p.b.frame, p.x);
  const frameUse = new Map(c.frames.map((f) => [f.frame, f.pages]));
  const key = (e: KeyboardEvent, pfn: number) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(pfn);
    }
  };
  const headTail = c.frames.length >= 2 ? c.frames[1] : null;
  return (
    <div className="structPages__compound" data-testid="compound-diagram">
      <p className="structPages__compoundTitle">
        Compound page at pfn <code>{hex(c.head)}</code> (order {c.order}, {c.pages} pages): {c.vmemmapPages} vmemmap
        pages, {c.unique} frame{c.unique === 1 ? '' : 's'}
        {headTail && headTail.pages > 1 ? (
          <>
            {' '}
            — pages 2–{c.vmemmapPages - 1} all map page 1’s frame <code>{headTail.frame}</code>
          </>
        ) : null}
        .
      </p>
      <svg
        className="structPages__compoundSvg"
        viewBox={`-2 -14 ${width + 4} ${FRAME_Y + BOX_H + 20}`}
        width="100%"
        style={{ maxWidth: width + 4 }}
        aria-label={`vmemmap pages of the compound page at ${hex(c.head)} and the frames behind them`}
      >
        <defs>
          <ArrowMarker id="structPages-arrow" className="structPages__arrowHead" />
        </defs>
        <text x={0} y={-4} className="structPages__svgCaption">
          vmemmap pages (virtual)
        </text>
        <text x={0} y={FRAME_Y - 6} className="structPages__svgCaption">
          physical frames
        </text>
        {placed.map(({ b, x: bx }) => {
          const fx = frameX.get(b.frame) ?? bx;
          return (
            <line
              key={`a${b.index}`}
              x1={bx + BOX_W / 2}
              y1={BOX_H}
              x2={fx + BOX_W / 2}
              y2={FRAME_Y}
              className={`structPages__arrow${b.backing === 'compound-reuse' ? ' structPages__arrow--reuse' : ''}${b.selected ? ' structPages__arrow--selected' : ''}`}
              markerEnd="url(#structPages-arrow)"
            />
          );
        })}
        {gaps.map((g) => (
          <text
            key={`g${g.x}`}
            x={g.x + 15 - GAP / 2}
            y={BOX_H / 2 + 4}
            textAnchor="middle"
            className="structPages__svgCaption"
          >
            …{g.n}
          </text>
        ))}
        {placed.map(({ b, x: bx }) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG box cannot be a <button>
          <g
            key={b.index}
            transform={`translate(${bx},0)`}
            className={`structPages__vbox structPages__vbox--${b.backing}${b.selected ? ' structPages__vbox--selected' : ''}`}
            role="button"
            tabIndex={0}
            aria-label={`vmemmap page +${b.index} at ${b.vaddr}, ${b.backing}, frame ${b.frame}${b.selected ? ', holds the selected struct page' : ''}: select pfn ${hex(b.pfn)}`}
            onClick={() => onSelect(b.pfn)}
            onKeyDown={(e) => key(e, b.pfn)}
            data-vmemmap-index={b.index}
            data-frame={b.frame}
          >
            <title>{`vmemmap page +${b.index} (${b.vaddr}) → frame ${b.frame} (${b.backing}); struct pages ${hex(b.firstPfn)}–${hex(b.firstPfn + COLS - 1)}. Click: select ${hex(b.pfn)}, the struct page in the same slot.`}</title>
            <rect width={BOX_W} height={BOX_H} rx={3} />
            <text x={BOX_W / 2} y={15} textAnchor="middle" className="structPages__vboxLabel">
              +{b.index}
              {b.selected ? ' ▼' : ''}
            </text>
            <text x={BOX_W / 2} y={30} textAnchor="middle" className="structPages__vboxSub">
              {hex(b.vpage)}
            </text>
          </g>
        ))}
        {[...frameX].map(([frame, fx]) => {
          const pages = frameUse.get(frame) ?? 1;
          return (
            <g
              key={frame}
              transform={`translate(${fx},${FRAME_Y})`}
              className={`structPages__fbox${pages > 1 ? ' structPages__fbox--shared' : ''}`}
            >
              <rect width={BOX_W} height={BOX_H} rx={3} />
              <text x={BOX_W / 2} y={16} textAnchor="middle" className="structPages__vboxLabel">
                {frame}
              </text>
              <text x={BOX_W / 2} y={31} textAnchor="middle" className="structPages__vboxSub">
                {pages > 1 ? `×${pages} shared` : 'own'}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
