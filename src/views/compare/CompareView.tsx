/**
 * Compare mode: one scenario on two kernels (or the real run and a what-if), the steps of both aligned
 * by kernel function — a call only one side makes faces a gap — and the semantic diff of the outcomes.
 * Stepping moves both sides: the cursor is a column of the alignment. Reads the comparison; computes
 * no kernel semantics.
 */
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { eventPfnAt, type SideBySide, structAtColumn } from '../../compare/structAt';
import type { KernelEvent } from '../../kernel/frame';
import { pfnId } from '../../kernel/ids';
import { hex } from '../../kernel/units';
import { findVariant, VARIANTS } from '../../kernel/variants/variants';
import { isRacing, type StepRecord } from '../../pipeline/runtime';
import { type CompareState, type CompareStore, firstFlawColumn } from '../../store/compareStore';
import { displaySafe } from '../../store/displaySafe';
import { parsePfnId, parsePfnInput } from '../../store/structPagesModel';
import { DesignNote } from '../design/DesignNote';
import { LoadProgress } from '../shared/LoadProgress';
import './compare.css';

/** rows drawn around the cursor: long runs (13k columns) stay cheap to render */
const WINDOW = 30;

export function CompareView({ store }: { store: CompareStore }) {
  const s = useStore(store);
  const { cmp, link, problems } = s;
  const kernel = link.kernel ?? '6.12';
  const vs = link.vs ?? kernel;
  const whatIf = link.flips.length > 0;
  const labels = [kernel, whatIf ? `${vs} (what if)` : vs];
  // a design side shows its review's note, and its flaw step is marked in the table
  const design = [kernel, vs].find((id) => findVariant(id)?.design || findVariant(id)?.historicalReview);
  return (
    <div className="compare">
      <header className="compare__head">
        <h1>Compare: {link.scenario ?? 'no scenario'}</h1>
        <KernelPick label="Kernel A" value={kernel} onChange={(k) => s.setKernels(k, vs)} />
        <KernelPick label="vs B" value={vs} onChange={(k) => s.setKernels(kernel, k)} />
        {whatIf ? (
          <span className="compare__flips">
            what if: {link.flips.join(', ')}{' '}
            <button type="button" onClick={s.clearFlips}>
              Clear flips
            </button>
          </span>
        ) : null}
        <a href={`?scenario=${encodeURIComponent(link.scenario ?? '')}&kernel=${encodeURIComponent(design ?? kernel)}`}>
          Leave compare mode
        </a>
      </header>
      {design ? <DesignNote variantId={design} headingLevel={2} /> : null}
      {s.pending ? (
        <LoadProgress
          key={s.pending.name}
          pending={s.pending}
          onCancel={s.cancelLoad}
          keeps={cmp ? 'The comparison shown' : null}
        />
      ) : null}
      {problems.length ? (
        <div className="load-errors" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {cmp ? (
        <main className="compare__grid">
          <Steps state={s} labels={labels} />
          <div className="compare__side-panels">
            <StructPanel state={s} labels={labels} />
            <DiffPanel state={s} labels={labels} />
          </div>
        </main>
      ) : (
        <p className="compare__empty">{s.pending ? 'Comparing…' : 'Nothing loaded.'}</p>
      )}
    </div>
  );
}

function KernelPick({ label, value, onChange }: { label: string; value: string; onChange: (id: string) => void }) {
  return (
    <label className="compare__pick">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {VARIANTS.map((v) => (
          <option key={v.id} value={v.id}>
            {v.id} — {v.title}
          </option>
        ))}
      </select>
    </label>
  );
}

function Steps({ state, labels }: { state: CompareState; labels: string[] }) {
  const cmp = state.cmp;
  if (!cmp) return null;
  const { columns } = cmp;
  const from = Math.max(0, state.column - WINDOW);
  const to = Math.min(columns.length, state.column + WINDOW + 1);
  const cur = columns[state.column];
  const curA = cur?.a === null || cur === undefined ? null : cmp.a.rt.steps[cur.a];
  return (
    <section className="compare__steps" aria-label="Aligned steps">
      <div className="compare__nav">
        <button type="button" onClick={state.prev} disabled={state.column === 0}>
          ◀ Prev
        </button>
        <span data-testid="compare-column">
          column {state.column + 1} of {columns.length}
        </span>
        <button type="button" onClick={state.next} disabled={state.column >= columns.length - 1}>
          Next ▶
        </button>
        {firstFlawColumn(cmp) >= 0 ? (
          <button type="button" className="compare__to-flaw" onClick={() => state.stepTo(firstFlawColumn(cmp))}>
            ⚠ Go to the flaw
          </button>
        ) : null}
        {curA && state.canFlip(curA.index) ? (
          <button type="button" onClick={() => state.flip(curA.id)} title="force this decision the other way">
            What if {curA.fn}() had decided otherwise?
          </button>
        ) : null}
      </div>
      <table className="compare__table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{labels[0]}</th>
            <th scope="col">{labels[1]}</th>
          </tr>
        </thead>
        <tbody>
          {columns.slice(from, to).map((c, i) => {
            const n = from + i;
            const gap = c.a === null || c.b === null;
            const flaw = (c.a !== null && !!cmp.a.rt.steps[c.a].flaw) || (c.b !== null && !!cmp.b.rt.steps[c.b].flaw);
            return (
              <tr
                key={n}
                className={`${n === state.column ? 'is-current' : ''} ${gap ? 'is-gap' : ''} ${flaw ? 'is-flaw' : ''}`}
                data-flaw={flaw || undefined}
                aria-current={n === state.column ? 'step' : undefined}
                onClick={() => state.stepTo(n)}
              >
                <td>{n + 1}</td>
                <Cell step={c.a === null ? null : cmp.a.rt.steps[c.a]} events={cmp.a.rt.events} />
                <Cell
                  step={c.b === null ? null : cmp.b.rt.steps[c.b]}
                  events={cmp.b.rt.events}
                  flipped={cmp.b.rt.flipped}
                />
              </tr>
            );
          })}
        </tbody>
      </table>
      <FlawAt state={state} />
    </section>
  );
}

/** The flaw text of the current column's step, on the side that has one. */
function FlawAt({ state }: { state: CompareState }) {
  const cmp = state.cmp;
  const c = cmp?.columns[state.column];
  if (!cmp || !c) return null;
  const step = displaySafe(
    (c.a !== null && cmp.a.rt.steps[c.a].flaw ? cmp.a.rt.steps[c.a] : null) ??
      (c.b !== null && cmp.b.rt.steps[c.b].flaw ? cmp.b.rt.steps[c.b] : null),
  );
  if (!step) return null;
  return (
    <p className="compare__flaw-text" role="note">
      <strong>⚠ The reviewed flaw bites here</strong> (<code>{step.id}</code>): {step.flaw}
      <br />
      <span className="compare__muted">{step.summary}</span>
    </p>
  );
}

function Cell({
  step: raw,
  events,
  flipped = [],
}: {
  step: StepRecord | null;
  events: readonly KernelEvent[];
  flipped?: { step: string; to: string }[];
}) {
  if (!raw) return <td className="compare__gap">— no such call —</td>;
  // a step's summary names a comm or a path: escaped as in the explorer's views
  const step = displaySafe(raw);
  const flip = flipped.find((f) => f.step === step.id);
  // a racing change's step, run inside the failure it races: say whose step it is
  const ev = events[step.event];
  const racing = ev && isRacing(ev) ? `${ev.kind} (event ${step.event})` : null;
  return (
    <td style={{ paddingLeft: `${0.4 + step.depth * 0.6}rem` }} title={step.summary}>
      {racing ? <span className="compare__race">∥ {racing} </span> : null}
      <code>{step.fn}()</code> <span className="compare__branch">{step.branch}</span>
      {flip ? <strong className="compare__flipped"> flipped → {flip.to}</strong> : null}
      {step.flaw ? (
        <strong className="compare__flaw" title={step.flaw}>
          {' '}
          ⚠ flaw
        </strong>
      ) : null}
    </td>
  );
}

/**
 * The struct page and the DAX xarray entries of the selected pfn (or of the pfn the column's event handed to
 * memory_failure()) on both sides, each at the step the column stands for; what differs is marked.
 */
function StructPanel({ state, labels }: { state: CompareState; labels: string[] }) {
  const { cmp, column, link } = state;
  const pfn = parsePfnId(link.selection) ?? (cmp ? eventPfnAt(cmp, column) : null);
  const at = useMemo(
    () => (cmp && pfn !== null ? displaySafe(structAtColumn(cmp, column, pfn)) : null),
    [cmp, column, pfn],
  );
  const [text, setText] = useState('');
  const [bad, setBad] = useState(false);
  const go = () => {
    const p = parsePfnInput(text);
    setBad(p === null);
    if (p !== null) state.select(pfnId(p));
  };
  return (
    <section className="compare__struct" aria-label="Struct page at this step">
      <h2>
        struct page{pfn !== null ? <> of pfn {hex(pfn)}</> : null}
        {link.selection ? null : <span className="compare__muted"> (the event's pfn)</span>}
      </h2>
      <form
        className="compare__pfn"
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <label>
          <span>pfn</span>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={pfn !== null ? hex(pfn) : '0x…'}
            aria-invalid={bad}
            aria-describedby={bad ? 'compare-pfn-error' : undefined}
            size={12}
          />
        </label>
        <button type="submit">Show</button>
        {link.selection ? (
          <button type="button" onClick={() => state.select(null)}>
            The event's pfn
          </button>
        ) : null}
        {bad ? (
          <span id="compare-pfn-error" className="compare__error">
            pfn: "{text.slice(0, 24)}" is not a pfn (0x…, hex digits, or #decimal)
          </span>
        ) : null}
      </form>
      {at ? (
        <>
          <p className="compare__muted" data-testid="compare-struct-steps">
            {labels[0]} after <code>{at.stepA ?? 'no step yet'}</code>, {labels[1]} after{' '}
            <code>{at.stepB ?? 'no step yet'}</code>
          </p>
          <FieldTable caption="struct page" rows={at.page} labels={labels} prefix="." />
          <h3>DAX xarray entries of this pfn</h3>
          {at.xarray.length ? (
            <FieldTable caption="xarray entries (file, mapping:index)" rows={at.xarray} labels={labels} prefix="" />
          ) : (
            <p className="compare__muted">No file's i_pages holds an entry for this pfn on either side.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

function FieldTable({
  caption,
  rows,
  labels,
  prefix,
}: {
  caption: string;
  rows: SideBySide[];
  labels: string[];
  prefix: string;
}) {
  return (
    <table className="compare__fields">
      <caption className="compare__sr">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">field</th>
          <th scope="col">{labels[0]}</th>
          <th scope="col">{labels[1]}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.field} className={r.differs ? 'is-different' : undefined} data-field={r.field}>
            <th scope="row">
              <code>
                {prefix}
                {r.field}
              </code>
              {r.differs ? <span className="compare__differs"> differs</span> : null}
            </th>
            <td>
              <code>{r.a}</code>
            </td>
            <td>
              <code>{r.b}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffPanel({ state, labels }: { state: CompareState; labels: string[] }) {
  const diff = displaySafe(state.cmp?.diff ?? []);
  return (
    <section className="compare__diff" aria-label="Differences">
      <h2>What differs</h2>
      {diff.length === 0 ? <p>The observables are the same on both sides.</p> : null}
      <dl>
        {diff.map((d) => (
          <div key={d.observable} className="compare__entry">
            <dt>
              <code>{d.observable}</code>
            </dt>
            <dd>
              <span className="compare__side">{labels[0]}:</span> {show(d.a)}
            </dd>
            <dd>
              <span className="compare__side">{labels[1]}:</span> {show(d.b)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const show = (v: unknown): string =>
  Array.isArray(v)
    ? v.length
      ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' · ')
      : '(none)'
    : typeof v === 'string'
      ? v
      : JSON.stringify(v);
