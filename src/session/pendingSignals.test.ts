/** The guard before get_signal() agrees with the list get_signal() delivers from. */
import { describe, expect, it } from 'vitest';
import { deliverPending, hasPendingSignals, queueSignal, tasksWithPending } from '../kernel/signal';
import { builtinScenario } from '../scenario/builtins';
import { loadScenario } from '../scenario/parse';

function kernel() {
  const built = loadScenario(builtinScenario('xfs-reflink-shared'));
  if (!built.ok) throw new Error('the built-in does not load');
  return built.value.k;
}

describe('hasPendingSignals', () => {
  it('is true exactly when tasksWithPending() lists a task, through queueing, coalescing and delivery', () => {
    const k = kernel();
    const [a, b] = k.tasks;
    const bus = { signo: 'SIGBUS', code: 'BUS_MCEERR_AO', addr: 0x1000, lsb: 12 } as const;
    const agrees = () => expect(hasPendingSignals(k)).toBe(tasksWithPending(k).length > 0);
    expect(hasPendingSignals(k)).toBe(false);
    agrees();
    queueSignal(k, a, bus);
    expect(hasPendingSignals(k)).toBe(true);
    agrees();
    expect(queueSignal(k, a, bus)).toBe('coalesced');
    queueSignal(k, b, { ...bus, signo: 'SIGKILL', code: 'SI_KERNEL' });
    agrees();
    deliverPending(k);
    expect(hasPendingSignals(k)).toBe(false);
    agrees();
  });
});
