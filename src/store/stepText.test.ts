import { describe, expect, it } from 'vitest';
import { createAppStore } from './inlineStore';
import { selectCurrentStep, selectOutcome, selectSteps } from './selectors';
import { stepAsText } from './stepText';

describe('stepAsText', () => {
  it('has the function, file, decisions with values, signals table and dmesg of the step', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared', cursor: 0 });
    const s = store.getState();
    const all = selectSteps(s) ?? [];
    // the step that printed the first "Sending SIGBUS" line
    store.getState().last();
    const outcomeAtEnd = selectOutcome(store.getState());
    const sending = outcomeAtEnd?.dmesg.find((l) => l.line.includes('Sending SIGBUS'));
    expect(sending).toBeDefined();
    store.getState().stepTo((sending?.step ?? 0) + 1);
    const st = store.getState();
    const step = selectCurrentStep(st);
    const outcome = selectOutcome(st);
    if (!step || !outcome) throw new Error('no step');
    const text = stepAsText(step, outcome, all.length);
    expect(text).toContain(`${step.fn}()  ${step.file}`);
    expect(text).toContain(sending?.line);
    // signals are delivered (get_signal) after they are sent: the last step has the table
    store.getState().last();
    const end = store.getState();
    const lastText = stepAsText(selectCurrentStep(end) as never, selectOutcome(end) as never, all.length);
    expect(lastText).toMatch(/pid\s+comm\s+signo\s+si_code\s+si_addr\s+si_addr_lsb/);
    expect(lastText).toContain('BUS_MCEERR_AR');
    const decided = all.find((x) => x.decisions.length);
    if (decided) {
      store.getState().stepTo(decided.index + 1);
      const shown = selectCurrentStep(store.getState());
      if (!shown) throw new Error('no step');
      const t2 = stepAsText(shown, selectOutcome(store.getState()) as never, all.length);
      const d = shown.decisions[0];
      expect(t2).toContain(d.predicate);
      expect(t2).toContain(`${d.reads[0]?.path} = ${d.reads[0]?.value}`);
    }
  });
});
