import { type ReactNode, useId } from 'react';
import type { EventReport, MfResultName, SimulationReport } from '../pipeline/report';

/** Pairs each item with a stable React key. Log lines may repeat, so the position is part of the key. */
function keyed<T>(items: readonly T[], name: (item: T) => string): { key: string; item: T }[] {
  return items.map((item, i) => ({ key: `${i}:${name(item)}`, item }));
}

const RESULT_CLASS: Record<MfResultName, string> = {
  Recovered: 'result result-recovered',
  Delayed: 'result result-delayed',
  Failed: 'result result-failed',
  Ignored: 'result result-ignored',
};

function Result({ result }: { result: MfResultName | null }) {
  if (result === null) return <span className="muted">not called</span>;
  return <span className={RESULT_CLASS[result]}>{result}</span>;
}

function Kb({ kb }: { kb: number }) {
  return <span className="num">{kb.toLocaleString('en-US')} kB</span>;
}

/** Lets a wide table scroll sideways on narrow screens; focusable so keyboard users can scroll it too. */
function ScrollX({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="scroll-x" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

function Empty({ children }: { children: string }) {
  return <p className="empty">{children}</p>;
}

function EventCard({ event, index }: { event: EventReport; index: number }) {
  const id = useId();
  const heading = (part: string) => `${id}-${part}`;
  return (
    <article className="event" aria-labelledby={heading('title')}>
      <h3 id={heading('title')}>
        <span className="event-index">Event {index + 1}</span> <span className="event-label">{event.label}</span>
      </h3>

      <dl className="facts">
        <div>
          <dt>Kind</dt>
          <dd>
            <code>{event.kind}</code>
          </dd>
        </div>
        <div>
          <dt>pfn</dt>
          <dd>{event.pfn === null ? <span className="muted">none</span> : <code>{event.pfn}</code>}</dd>
        </div>
        <div>
          <dt>Result</dt>
          <dd>
            <Result result={event.result} />
          </dd>
        </div>
        <div>
          <dt>Return value</dt>
          <dd>{event.return === null ? <span className="muted">none</span> : <code>{event.return}</code>}</dd>
        </div>
        <div>
          <dt>HardwareCorrupted</dt>
          <dd>
            <Kb kb={event.hardwareCorruptedKb} />
          </dd>
        </div>
        {event.shutdown && (
          <div>
            <dt>Filesystem</dt>
            <dd>
              <span className="result result-failed">shut down</span>
            </dd>
          </div>
        )}
      </dl>

      <div className="block">
        <h4 id={heading('dmesg')}>dmesg</h4>
        {event.dmesg.length > 0 ? (
          <ol className="log" aria-labelledby={heading('dmesg')}>
            {keyed(event.dmesg, (l) => l).map(({ key, item }) => (
              <li key={key}>{item}</li>
            ))}
          </ol>
        ) : (
          <Empty>No kernel messages.</Empty>
        )}
        {event.trace.length > 0 && (
          <details className="trace">
            <summary>ras:memory_failure_event ({event.trace.length})</summary>
            <ol className="log">
              {keyed(event.trace, (l) => l).map(({ key, item }) => (
                <li key={key}>{item}</li>
              ))}
            </ol>
          </details>
        )}
      </div>

      <div className="block">
        <h4 id={heading('signals')}>Signals</h4>
        {event.signals.length > 0 ? (
          <ScrollX label={`Signals of event ${index + 1}`}>
            <table className="data" aria-labelledby={heading('signals')}>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    pid
                  </th>
                  <th scope="col">comm</th>
                  <th scope="col">signo</th>
                  <th scope="col">code</th>
                  <th scope="col">addr</th>
                  <th scope="col" className="num">
                    lsb
                  </th>
                </tr>
              </thead>
              <tbody>
                {keyed(event.signals, (s) => `${s.pid}:${s.signo}:${s.addr}`).map(({ key, item: s }) => (
                  <tr key={key}>
                    <td className="num">{s.pid}</td>
                    <td>
                      <code>{s.comm}</code>
                    </td>
                    <td>{s.signo}</td>
                    <td>
                      <code>{s.code}</code>
                    </td>
                    <td>
                      <code>{s.addr}</code>
                    </td>
                    <td className="num">{s.lsb}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        ) : (
          <Empty>No signals delivered.</Empty>
        )}
      </div>

      <div className="pair">
        <div className="block">
          <h4 id={heading('hwpoison')}>Hardware-poisoned pfns</h4>
          {event.hwpoison.length > 0 ? (
            <ul className="chips" aria-labelledby={heading('hwpoison')}>
              {keyed(event.hwpoison, (p) => p).map(({ key, item }) => (
                <li key={key}>
                  <code>{item}</code>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No page newly poisoned.</Empty>
          )}
        </div>

        <div className="block">
          <h4 id={heading('unmapped')}>Unmapped ranges</h4>
          {event.unmapped.length > 0 ? (
            <ScrollX label={`Unmapped ranges of event ${index + 1}`}>
              <table className="data" aria-labelledby={heading('unmapped')}>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      pid
                    </th>
                    <th scope="col">start</th>
                    <th scope="col">end (exclusive)</th>
                  </tr>
                </thead>
                <tbody>
                  {keyed(event.unmapped, (u) => `${u.pid}:${u.start}`).map(({ key, item: u }) => (
                    <tr key={key}>
                      <td className="num">{u.pid}</td>
                      <td>
                        <code>{u.start}</code>
                      </td>
                      <td>
                        <code>{u.end}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollX>
          ) : (
            <Empty>No mapping removed.</Empty>
          )}
        </div>
      </div>
    </article>
  );
}

/** The outcome of one simulated scenario: a summary, then one card per event. */
export function OutcomePanel({ report }: { report: SimulationReport }) {
  const id = useId();
  return (
    <section className="outcome" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        Outcome of <code>{report.scenario}</code>
      </h2>
      <dl className="facts summary">
        <div>
          <dt>Scenario</dt>
          <dd>
            <code>{report.scenario}</code>
          </dd>
        </div>
        <div>
          <dt>Kernel</dt>
          <dd>{report.kernel}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd className="num">{report.events.length}</dd>
        </div>
        <div>
          <dt>HardwareCorrupted (final)</dt>
          <dd>
            <Kb kb={report.hardwareCorruptedKb} />
          </dd>
        </div>
      </dl>
      {report.events.length > 0 ? (
        <ol className="events">
          {keyed(report.events, (e) => e.label).map(({ key, item }, i) => (
            <li key={key}>
              <EventCard event={item} index={i} />
            </li>
          ))}
        </ol>
      ) : (
        <Empty>The scenario has no events.</Empty>
      )}
    </section>
  );
}
