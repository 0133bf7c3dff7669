/**
 * Several signals to one process in one event: what the kernel coalesces and what it does not.
 * kill_procs() → kill_proc() prints "Sending SIGBUS" and sends one signal per collected (task, VMA) (6.12.117
 * mm/memory-failure.c kill_proc()); __send_signal_locked()'s legacy_queue() drops a standard signal already
 * pending in the same sigpending (kernel/signal.c), so a second SIGBUS to the same thread before it returns to
 * user space is lost, while signals to different threads (each its own t->pending: send_sig_mceerr() and
 * force_sig_mceerr() are thread-directed, PIDTYPE_PID) and to different processes each arrive with their own
 * si_addr and si_addr_lsb.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { addrIn, filePfn, msg, pidOf, run, sigbus } from './__fixtures__/helpers';

const fs = {
  format: 1 as const,
  namespaces: [{ name: 'pmem0', mode: 'fsdax' as const, size: '2GiB' }],
  filesystems: [{ type: 'ext4' as const, device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
};

describe('signals per event', () => {
  it('one process mapping the page through two VMAs: two "Sending SIGBUS" lines, one signal (the first VMA in i_mmap order)', () => {
    const s: ScenarioInput = {
      ...fs,
      id: 'two-vmas',
      processes: [
        {
          name: 'X',
          mceKill: 'early',
          mappings: [
            { name: 'a', file: '/mnt/f' },
            { name: 'b', file: '/mnt/f' },
          ],
          touch: [
            { mapping: 'a', offset: '0x3000' },
            { mapping: 'b', offset: '0x3000' },
          ],
        },
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
    };
    const r = run(s);
    const X = pidOf(r, 'X');
    const pfn = filePfn(r, 'pmem0', '/mnt/f', 0x3000);
    const [e] = r.ev;
    expect(e.dmesg.filter((l) => l === msg.sending(pfn, X))).toHaveLength(2);
    const xs = e.signals.filter((x) => x.pid === X);
    expect(xs).toHaveLength(1);
    expect([addrIn(r, 'X/a', 0x3000), addrIn(r, 'X/b', 0x3000)].map((a) => `0x${a.toString(16)}`)).toContain(
      xs[0].addr,
    );
    expect(r.sim.rt.steps.find((st) => st.fn === 'kill_procs')?.summary).toContain('already pending: not queued again');
  });

  it('a 2-page madvise: two memory_failure() runs, one AR to the caller (xfs/551 expects one "killed by signal 7")', () => {
    const r = run({
      ...fs,
      id: 'two-pages',
      processes: [
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000', length: '8KiB' }],
    });
    const P = pidOf(r, 'P');
    expect(r.ev[0].hwpoison).toHaveLength(2);
    expect(r.ev[0].signals).toEqual([sigbus(P, 'BUS_MCEERR_AR', addrIn(r, 'P/a', 0x3000), 12)]);
  });

  it('per thread: the early-kill thread gets the AO of one failure, the consuming thread the AR of the next, each with its own tid and comm', () => {
    // P's madvise sends AO to X's early thread e; in the next event X's thread c consumes the page: AR to c
    const r = run({
      ...fs,
      id: 'two-threads',
      processes: [
        {
          name: 'X',
          mappings: [{ name: 'a', file: '/mnt/f' }],
          touch: [
            { mapping: 'a', offset: '0x3000' },
            { mapping: 'a', offset: '0x4000' },
          ],
          threads: [
            { name: 'e', mceKill: 'early' },
            { name: 'c', comm: 'consumer' },
          ],
        },
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
      ],
      events: [
        { kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' },
        { kind: 'mce', process: 'X', thread: 'c', mapping: 'a', offset: '0x4000' },
      ],
    });
    const e = r.built.tids.get('X/e') as number;
    const c = r.built.tids.get('X/c') as number;
    expect(r.ev[0].signals.map((x) => [x.pid, x.code])).toEqual([
      [e, 'BUS_MCEERR_AO'],
      [pidOf(r, 'P'), 'BUS_MCEERR_AR'],
    ]);
    expect(r.ev[1].signals.map((x) => [x.pid, x.comm, x.code])).toEqual([[c, 'consumer', 'BUS_MCEERR_AR']]);
  });

  it('not coalesced: different processes in one event, each with its own si_addr', () => {
    const r = run({
      ...fs,
      id: 'two-procs',
      processes: [
        {
          name: 'A',
          mceKill: 'early',
          mappings: [{ name: 'a', file: '/mnt/f' }],
          touch: [{ mapping: 'a', offset: '0x3000' }],
        },
        {
          name: 'B',
          mceKill: 'early',
          mappings: [{ name: 'a', file: '/mnt/f' }],
          touch: [{ mapping: 'a', offset: '0x3000' }],
        },
      ],
      events: [{ kind: 'corrupt-pfn', target: { file: '/mnt/f', offset: '0x3000' } }],
    });
    expect(r.ev[0].signals).toEqual([
      sigbus(pidOf(r, 'A'), 'BUS_MCEERR_AO', addrIn(r, 'A/a', 0x3000), 12),
      sigbus(pidOf(r, 'B'), 'BUS_MCEERR_AO', addrIn(r, 'B/a', 0x3000), 12),
    ]);
  });
});
