/**
 * A multi-threaded process's threads, inside its lane: tid, comm, PR_MCE_KILL policy and the PF_MCE_* flags
 * of each, the signals each got, and which thread the kernel picked for the current event's signal and why
 * (task_early_kill() / find_early_kill_thread()). Each tid selects the thread (task:<tid>), as a lane's
 * title selects the process.
 */
import type { ThreadsVM, ThreadVM } from '../../store/threadsModel';
import { GlossText } from '../glossary/GlossText';
import { CopyHex } from '../shared/CopyHex';

export function ThreadList({
  vm,
  processName,
  currentEvent,
  marks,
  stepLink,
}: {
  vm: ThreadsVM;
  processName: string;
  currentEvent: number | null;
  marks: { linked: Set<string>; touched: Set<string>; selection: string | null; select: (id: string | null) => void };
  stepLink: (step: { index: number; id: string }) => React.ReactNode;
}) {
  const pick = vm.pick;
  const picked = pick?.tid != null ? vm.threads.find((t) => t.tid === pick.tid) : undefined;
  return (
    <div className="processes-threads" data-testid="threads">
      <table className="processes-threads__table">
        <caption>
          Threads of {processName} ({vm.threads.length}, in <code>for_each_thread()</code> order, as{' '}
          <GlossText text="find_early_kill_thread walks them" />)
        </caption>
        <thead>
          <tr>
            <th scope="col">tid</th>
            <th scope="col">comm</th>
            <th scope="col">
              <GlossText text="PR_MCE_KILL" />
            </th>
            <th scope="col">
              <GlossText text="PF_MCE_PROCESS" /> / <GlossText text="PF_MCE_EARLY" />
            </th>
            <th scope="col">signal</th>
          </tr>
        </thead>
        <tbody>
          {vm.threads.map((t) => (
            <ThreadRow
              key={t.id}
              t={t}
              picked={pick !== null && pick.tid === t.tid}
              currentEvent={currentEvent}
              marks={marks}
            />
          ))}
        </tbody>
      </table>
      {pick ? (
        <p className="processes-threads__pick" data-testid="thread-pick">
          <strong>{picked ? `Signal to ${picked.comm}:${picked.tid}` : 'No thread picked'}</strong>
          {picked && !picked.leader ? ` (${picked.name})` : ''}: <GlossText text={pick.why} />
          {stepLink(pick.step)}
        </p>
      ) : null}
    </div>
  );
}

function ThreadRow({
  t,
  picked,
  currentEvent,
  marks,
}: {
  t: ThreadVM;
  picked: boolean;
  currentEvent: number | null;
  marks: { linked: Set<string>; touched: Set<string>; selection: string | null; select: (id: string | null) => void };
}) {
  const selected = marks.selection === t.id;
  const linked = !selected && marks.linked.has(t.id);
  const current = marks.touched.has(t.id);
  const cls = [
    'processes-task',
    linked && 'processes-task--linked',
    current && 'processes-task--current',
    selected && 'processes-task--selected',
  ]
    .filter(Boolean)
    .join(' ');
  const now = t.signals.filter((s) => currentEvent === null || s.event === currentEvent);
  return (
    <tr
      className={`processes-thread${picked ? ' processes-thread--picked' : ''}${t.exited ? ' processes-thread--exited' : ''}`}
      data-tid={t.tid}
      data-picked={picked || undefined}
    >
      <td>
        <button
          type="button"
          className={cls}
          onClick={() => marks.select(t.id)}
          aria-pressed={selected}
          aria-current={current ? 'step' : undefined}
          title={`select ${t.id}`}
        >
          {current ? <span className="processes-mark processes-mark--current">▶ </span> : null}
          {picked ? <span className="processes-thread__picked">➜ </span> : null}
          {t.tid}
          {linked ? <span className="processes-mark processes-mark--linked"> ◆</span> : null}
        </button>
      </td>
      <td>
        <code>{t.comm}</code> <span className="processes-thread__name">({t.leader ? 'main' : t.name})</span>
      </td>
      <td>{t.policy}</td>
      <td>
        {t.flags.length ? (
          t.flags.map((f) => (
            <code key={f} className="processes-thread__flag">
              {f}
            </code>
          ))
        ) : (
          <span className="processes-setup">none</span>
        )}
      </td>
      <td>
        {t.exited ? <span className="processes-exited">exited</span> : null}
        {now.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: delivery order is the identity
          <span key={`d${i}`} className="processes-thread__sig" data-code={s.code}>
            <code>
              {s.signo} {s.code}
            </code>{' '}
            si_addr <CopyHex value={s.addr} label={`si_addr of the ${s.code} sent to thread ${t.tid}`} />
          </span>
        ))}
        {t.pending.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: queue order is the identity
          <span key={`p${i}`} className="processes-thread__sig processes-thread__sig--pending" data-code={s.code}>
            <code>
              {s.signo} {s.code}
            </code>{' '}
            pending
          </span>
        ))}
        {!t.exited && now.length === 0 && t.pending.length === 0 ? <span className="processes-setup">—</span> : null}
      </td>
    </tr>
  );
}
