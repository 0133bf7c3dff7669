/**
 * Outcome: what the machine shows after the current step. dmesg as printed (grouped per scenario event,
 * the current step's lines marked, each line a link to the step that printed it), the signals delivered,
 * /proc/meminfo's HardwareCorrupted, each event's result and return value, the filesystems, and the
 * namespaces with DAXDEV_ALIVE and their badblocks.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { badblocksLines, eventState, fsState, meminfoHardwareCorrupted } from '../../store/outcomeModel';
import { signalKind } from '../../store/processesModel';
import { useApp } from '../../store/react';
import { type OutcomeVM, selectCurrentStep, selectOutcome } from '../../store/selectors';
import { Term } from '../glossary/Term';
import { CopyHex } from '../shared/CopyHex';
import { Deferred } from '../shared/Deferred';
import { rowInView, useBoxVirtualizer } from '../shared/useBoxVirtualizer';
import { ViewPanel } from '../shared/ViewPanel';
import {
  type DmesgFlatRow,
  type DmesgGroup,
  dmesgText,
  flattenDmesg,
  gutterChars,
  layoutDmesg,
  sameDmesgLine,
} from './layout';
import { VerifiedBadge } from './VerifiedBadge';
import './outcome.css';

export function OutcomeView() {
  const vm = useApp(selectOutcome);
  if (!vm) return null;
  const lastResult = [...vm.events].reverse().find((e) => e.done);
  return (
    <ViewPanel
      id="outcome"
      title="Outcome"
      subtitle={`${vm.dmesg.length} dmesg line${vm.dmesg.length === 1 ? '' : 's'}, ${vm.signals.length} signal${vm.signals.length === 1 ? '' : 's'} delivered${lastResult?.result ? `, last result: ${lastResult.result}` : ''}`}
      actions={
        <>
          <VerifiedBadge />
          <CopyDmesg dmesg={vm.dmesg} />
        </>
      }
    >
      <div className="outcome">
        <div className="outcome__log">
          <Dmesg vm={vm} />
        </div>
        <div className="outcome__facts">
          <Events vm={vm} />
          <Deferred>
            <Signals vm={vm} />
          </Deferred>
          <Deferred>
            <Filesystems vm={vm} />
            <Namespaces vm={vm} />
          </Deferred>
        </div>
      </div>
    </ViewPanel>
  );
}

function CopyDmesg({ dmesg }: { dmesg: OutcomeVM['dmesg'] }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(dmesgText(dmesg));
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <>
      <button type="button" className="outcome-copy" onClick={copy} disabled={dmesg.length === 0}>
        Copy dmesg
      </button>
      <span className="outcome-copy__status" role="status">
        {state === 'copied' ? 'copied' : state === 'failed' ? 'copy failed' : ''}
      </span>
    </>
  );
}

/**
 * The log in its box, drawn as a virtual list (a run's dmesg can be thousands of lines): only the rows in the
 * box are in the DOM, still grouped per event (a list per event, each line with its place in it).
 */
function Dmesg({ vm }: { vm: OutcomeVM }) {
  const cursor = useApp((s) => s.cursor);
  const stepTo = useApp((s) => s.stepTo);
  const groups = useMemo(() => layoutDmesg(vm.dmesg, vm.events, cursor), [vm, cursor]);
  const rows = useMemo(() => flattenDmesg(vm.setupDmesg, groups), [vm.setupDmesg, groups]);
  const gutter = gutterChars(vm.dmesg);
  const boxRef = useRef<HTMLDivElement>(null);
  const v = useBoxVirtualizer(boxRef, rows.length, DMESG_ROW_PX, 12);
  const firstCurrent = rows.findIndex((r) => r.kind === 'line' && r.row?.current);
  // keep the current step's lines in view inside the log box (never scroll the page)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new cursor scrolls, nothing else
  useEffect(() => {
    if (cursor < 0 || firstCurrent < 0) return;
    const at = v.measurementsCache[firstCurrent];
    if (at && rowInView(boxRef.current, at.start, at.size)) return;
    v.scrollToIndex(firstCurrent, { align: 'center' });
  }, [cursor]);
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = Math.max(0, v.getTotalSize() - (items.at(-1)?.end ?? 0));
  // the drawn rows, cut where the group changes: each group's separator and its list
  const chunks: {
    key: string;
    sep: DmesgGroup | null;
    sepIndex: number;
    lines: { index: number; row: DmesgFlatRow }[];
  }[] = [];
  for (const it of items) {
    const r = rows[it.index];
    const key = r.kind === 'sep' ? r.group.key : (r.group?.key ?? 'setup');
    let c = chunks.at(-1);
    if (!c || c.key !== key) {
      c = { key, sep: null, sepIndex: -1, lines: [] };
      chunks.push(c);
    }
    if (r.kind === 'sep') {
      c.sep = r.group;
      c.sepIndex = it.index;
    } else c.lines.push({ index: it.index, row: r });
  }
  const labelOf = (key: string) => {
    const g = groups.find((x) => x.key === key);
    return g ? `dmesg of event ${g.event + 1}: ${g.label}` : 'dmesg of the setup';
  };
  return (
    <>
      <h3 className="outcome__h" id="outcome-dmesg-title">
        dmesg <span className="outcome__hint">left: the step that printed the line (click a line to go there)</span>
      </h3>
      <div className="outcome-dmesg" ref={boxRef}>
        {rows.length === 0 ? (
          <p className="outcome__empty">Nothing printed yet{cursor === 0 ? ': the kernel has not run a step' : ''}.</p>
        ) : (
          <>
            <div style={{ height: top }} />
            {chunks.map((c) => (
              <div key={c.key} className="outcome-dmesg__group">
                {c.sep ? (
                  <p className="outcome-dmesg__sep" data-index={c.sepIndex} ref={v.measureElement}>
                    <span>
                      {c.sep.event < 0 ? 'setup (before the first event)' : `event ${c.sep.event + 1}: ${c.sep.label}`}
                    </span>
                  </p>
                ) : null}
                {c.lines.length ? (
                  <ol className="outcome-dmesg__lines" aria-label={labelOf(c.key)}>
                    {c.lines.map(({ index, row }) =>
                      row.kind === 'line' ? (
                        <DmesgLine
                          key={row.key}
                          index={index}
                          line={row}
                          gutter={gutter}
                          stepTo={stepTo}
                          measure={v.measureElement}
                        />
                      ) : null,
                    )}
                  </ol>
                ) : null}
              </div>
            ))}
            <div style={{ height: bottom }} />
          </>
        )}
      </div>
    </>
  );
}

const DMESG_ROW_PX = 18;

/** a line of the log, drawn again only when its place, text or mark changes (a step marks a few) */
const DmesgLine = memo(
  DmesgLineDrawn,
  (a, b) =>
    a.index === b.index &&
    a.gutter === b.gutter &&
    a.stepTo === b.stepTo &&
    a.measure === b.measure &&
    sameDmesgLine(a.line, b.line),
);

function DmesgLineDrawn({
  index,
  line,
  gutter,
  stepTo,
  measure,
}: {
  index: number;
  line: Extract<DmesgFlatRow, { kind: 'line' }>;
  gutter: number;
  stepTo: (n: number) => void;
  measure: (el: Element | null) => void;
}) {
  const r = line.row;
  // a setup line: printed before the first step, nothing to go to
  if (!r)
    return (
      <li
        className="outcome-dmesg__row"
        data-index={index}
        ref={measure}
        aria-posinset={line.pos}
        aria-setsize={line.of}
      >
        <span className="outcome-dmesg__text">{line.text}</span>
      </li>
    );
  return (
    <li
      className={r.current ? 'outcome-dmesg__row outcome-dmesg__row--current' : 'outcome-dmesg__row'}
      data-index={index}
      ref={measure}
      aria-posinset={line.pos}
      aria-setsize={line.of}
    >
      <button
        type="button"
        className="outcome-dmesg__line"
        onClick={() => stepTo(r.cursor)}
        aria-current={r.current ? 'step' : undefined}
        title={`printed by step ${r.cursor}: go there`}
      >
        <span className="outcome-dmesg__gutter" aria-hidden="true">
          {r.current ? '▶' : ' '}
          {String(r.cursor).padStart(gutter, ' ')}
        </span>
        <span className="outcome-dmesg__text">{r.line}</span>
      </button>
    </li>
  );
}

function Events({ vm }: { vm: OutcomeVM }) {
  const step = useApp(selectCurrentStep);
  const current = step ? step.event : null;
  return (
    <div className="outcome__block">
      <h3 className="outcome__h">Result</h3>
      <ol className="outcome-events">
        {vm.events.map((e) => {
          const state = eventState(e, current);
          return (
            <li key={e.index} className="outcome-events__item" data-event={e.index}>
              <span className="outcome-events__label">
                {e.index + 1}. {e.label}
              </span>{' '}
              {e.notRun ? (
                <span className="outcome-events__not-run">not simulated: {e.notRun}</span>
              ) : state !== 'done' ? (
                <span className="outcome-result outcome-result--none">{state}</span>
              ) : (
                <>
                  <span className={`outcome-result outcome-result--${(e.result ?? 'none').toLowerCase()}`}>
                    {e.result ?? 'no action_result'}
                  </span>
                  {e.stop ? (
                    <span className="outcome-result outcome-result--failed" data-stop={e.stop}>
                      {' '}
                      {e.stop === 'oops'
                        ? 'kernel oops: the run ends here (UNVERIFIED)'
                        : `${e.stop}: the run ends here`}
                    </span>
                  ) : null}
                  {e.ret !== null ? (
                    <span className="outcome-events__ret">
                      {' '}
                      returned <code>{e.ret}</code>
                    </span>
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ol>
      <p className="outcome-meminfo">
        <span className="outcome-ns__path">/proc/meminfo</span>
        <Term name="HardwareCorrupted">
          <code className="outcome-meminfo__line">{meminfoHardwareCorrupted(vm.hardwareCorruptedKb)}</code>
        </Term>
      </p>
    </div>
  );
}

/**
 * The signals as a table in its own scroll box, drawn as a virtual list (bench A delivers hundreds): only the
 * rows in the box are in the DOM, spacer rows keep the scroll height, aria-rowcount/aria-rowindex the table's
 * size and each row's place. A task selected elsewhere brings its first signal into view.
 */
function Signals({ vm }: { vm: OutcomeVM }) {
  const select = useApp((s) => s.select);
  const selection = useApp((s) => s.selection);
  const multi = vm.events.length > 1;
  const boxRef = useRef<HTMLDivElement>(null);
  const v = useBoxVirtualizer(boxRef, vm.signals.length, SIGNAL_ROW_PX, 10);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new selection scrolls
  useEffect(() => {
    const i = selection === null ? -1 : vm.signals.findIndex((g) => `task:${g.pid}` === selection);
    if (i < 0) return;
    const at = v.measurementsCache[i];
    if (!at || !rowInView(boxRef.current, at.start, at.size)) v.scrollToIndex(i, { align: 'auto' });
  }, [selection]);
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = Math.max(0, v.getTotalSize() - (items.at(-1)?.end ?? 0));
  const cols = multi ? 8 : 7;
  return (
    <div className="outcome__block">
      <h3 className="outcome__h" id="outcome-signals-title">
        Signals delivered
      </h3>
      {vm.signals.length === 0 ? (
        <p className="outcome__empty">
          {vm.events.every((e) => e.done)
            ? 'No signal delivered.'
            : 'No signal delivered yet (queued ones show as pending under Processes and VMAs).'}
        </p>
      ) : (
        <div className="outcome-sigbox" ref={boxRef}>
          <table
            className="outcome-table"
            aria-labelledby="outcome-signals-title"
            aria-rowcount={vm.signals.length + 1}
          >
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col">pid</th>
                <th scope="col">comm</th>
                <th scope="col">name</th>
                <th scope="col">signo</th>
                <th scope="col">
                  <Term name="si_code">si_code</Term>
                </th>
                <th scope="col">si_addr</th>
                <th scope="col">
                  <Term name="si_addr_lsb" />
                </th>
                {multi ? <th scope="col">event</th> : null}
              </tr>
            </thead>
            <tbody>
              {top > 0 ? (
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds one empty cell and is never focused
                <tr aria-hidden="true" className="outcome-sig__spacer">
                  <td colSpan={cols} style={{ height: top }} />
                </tr>
              ) : null}
              {items.map(({ index: i }) => {
                const s = vm.signals[i];
                const kind = signalKind(s.code);
                const id = `task:${s.pid}`;
                return (
                  <tr
                    key={i}
                    className={`outcome-sig outcome-sig--${kind}`}
                    data-index={i}
                    ref={v.measureElement}
                    aria-rowindex={i + 2}
                  >
                    <td>
                      <button
                        type="button"
                        className="outcome-pid"
                        onClick={() => select(id)}
                        aria-pressed={selection === id}
                        title={`select ${id}`}
                      >
                        {s.pid}
                      </button>
                    </td>
                    <td>{s.comm}</td>
                    <td>{s.name}</td>
                    <td>{s.signo}</td>
                    <td
                      className="outcome-sig__code"
                      title={kind === 'AR' ? 'action required' : kind === 'AO' ? 'action optional' : undefined}
                    >
                      {s.code.startsWith('BUS_MCEERR') ? <Term name={s.code} /> : s.code}
                    </td>
                    <td>
                      <CopyHex value={s.addr} label={`si_addr of the signal to ${s.comm}:${s.pid}`} />
                    </td>
                    <td>{s.lsb}</td>
                    {multi ? <td>{s.event + 1}</td> : null}
                  </tr>
                );
              })}
              {bottom > 0 ? (
                // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds one empty cell and is never focused
                <tr aria-hidden="true" className="outcome-sig__spacer">
                  <td colSpan={cols} style={{ height: bottom }} />
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

const SIGNAL_ROW_PX = 21;

function Filesystems({ vm }: { vm: OutcomeVM }) {
  return (
    <div className="outcome__block">
      <h3 className="outcome__h" id="outcome-fs-title">
        Filesystems
      </h3>
      {vm.refusedMounts.map((m) => (
        <div key={m.mount} className="outcome-refused">
          <p>
            <code>{m.dev}</code> on <code>{m.mount}</code> ({m.type}): mount refused, -EINVAL
          </p>
          <ol className="outcome-refused__lines" aria-label={`dmesg of the refused mount of ${m.dev}`}>
            {m.dmesg.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ol>
        </div>
      ))}
      {vm.filesystems.length === 0 ? (
        <p className="outcome__empty">
          {vm.refusedMounts.length ? 'No filesystem mounted.' : 'No filesystem in this scenario (device-dax).'}
        </p>
      ) : (
        <table className="outcome-table" aria-labelledby="outcome-fs-title">
          <thead>
            <tr>
              <th scope="col">dev</th>
              <th scope="col">type</th>
              <th scope="col">mount</th>
              <th scope="col">state</th>
              <th scope="col">
                <Term name="holder">dax holder</Term>
              </th>
            </tr>
          </thead>
          <tbody>
            {vm.filesystems.map((f) => {
              const state = fsState(f);
              return (
                <tr key={f.dev}>
                  <td>{f.dev}</td>
                  <td>{f.type}</td>
                  <td>
                    <code>{f.mount}</code>
                  </td>
                  <td className={state === 'mounted' ? 'outcome-ok' : 'outcome-bad'}>
                    {state === 'mounted' ? state : `✕ ${state}`}
                  </td>
                  <td>{f.holder ? 'yes' : 'no'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Namespaces({ vm }: { vm: OutcomeVM }) {
  return (
    <div className="outcome__block">
      <h3 className="outcome__h" id="outcome-ns-title">
        Namespaces
      </h3>
      <table className="outcome-table" aria-labelledby="outcome-ns-title">
        <thead>
          <tr>
            <th scope="col">namespace</th>
            <th scope="col">mode</th>
            <th scope="col">DAXDEV_ALIVE</th>
            <th scope="col">badblocks (sector count)</th>
          </tr>
        </thead>
        <tbody>
          {vm.namespaces.map((n) => {
            const lines = badblocksLines(n.badblocks);
            return (
              <tr key={n.name}>
                <td>{n.name}</td>
                <td>{n.mode}</td>
                <td className={n.alive ? 'outcome-ok' : 'outcome-bad'}>{n.alive ? 'set (alive)' : '✕ clear (dead)'}</td>
                <td>
                  <span className="outcome-ns__path">
                    {n.mode === 'fsdax' ? `/sys/block/${n.name}/badblocks` : 'badblocks'}
                  </span>
                  {lines.length ? (
                    <pre className="outcome-badblocks">{lines.join('\n')}</pre>
                  ) : (
                    <span className="outcome__empty"> (empty)</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
