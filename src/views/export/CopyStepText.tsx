/** "Copy step as text": the current step in plain text for a mailing-list reply (src/store/stepText.ts). */
import { useState } from 'react';
import { steps } from '../../store/appStore';
import { safeViewModel, useAppStore } from '../../store/react';
import { selectCurrentStep, selectOutcome } from '../../store/selectors';
import { stepAsText } from '../../store/stepText';

export function CopyStepText() {
  const store = useAppStore();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    const s = store.getState();
    // escaped as the views show them: a hostile comm's ESC must not reach a mail or a terminal either
    const step = safeViewModel(selectCurrentStep, s);
    const outcome = safeViewModel(selectOutcome, s);
    if (!step || !outcome) return;
    try {
      await navigator.clipboard.writeText(stepAsText(step, outcome, steps(s).length));
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="copy-step" onClick={copy} title="Copy this step as plain text">
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : 'Copy step as text'}
    </button>
  );
}
