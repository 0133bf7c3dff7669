/**
 * Compare mode's store: one scenario run twice (kernel A vs kernel B, or the real run vs a what-if) and
 * the alignment column both sides are at. The comparison itself is made by src/compare (core); this
 * only holds it and moves the cursor. A link that names something unknown loads nothing in its place.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { branchesAt, type Comparison, compareScenario, unappliedFlips } from '../compare/compare';
import { DEFAULT_VARIANT } from '../kernel/variants/variants';
import { builtinScenario } from '../scenario/builtins';
import type { CompareLink } from './compareLink';

export interface CompareState {
  link: CompareLink;
  cmp: Comparison | null;
  /** why nothing (or not everything) was loaded: bad link values, refused scenario, unapplied flips */
  problems: string[];
  /** the alignment column shown */
  column: number;
  setKernels(kernel: string, vs: string): void;
  /** what if: force the step's decision the other way in side b (the real run stays in a) */
  flip(stepId: string): void;
  clearFlips(): void;
  /** the real run's step can be flipped: it has another branch and is not flipped yet */
  canFlip(stepIndex: number): boolean;
  stepTo(column: number): void;
  next(): void;
  prev(): void;
}

export type CompareStore = ReturnType<typeof createCompareStore>;

function run(link: CompareLink, linkProblems: string[]): Pick<CompareState, 'cmp' | 'problems'> {
  const problems = [...linkProblems];
  if (linkProblems.length) return { cmp: null, problems };
  const input = builtinScenario(link.scenario ?? '');
  if (!input) return { cmp: null, problems: [...problems, `no built-in scenario "${link.scenario ?? ''}"`] };
  const kernel = link.kernel ?? DEFAULT_VARIANT;
  const r = compareScenario(input, { kernel }, { kernel: link.vs ?? kernel, flips: link.flips });
  if (!r.ok) return { cmp: null, problems: r.issues.map((i) => `side ${r.side}: ${i.path}: ${i.message}`) };
  const missed = unappliedFlips(r.cmp.b, link.flips);
  if (missed.length) problems.push(`flip ${missed.join(', ')}: no such step with another branch in this run`);
  return { cmp: r.cmp, problems };
}

export function createCompareStore(link: CompareLink, linkProblems: string[]) {
  const clamp = (cmp: Comparison | null, c: number) => Math.max(0, Math.min(c, (cmp?.columns.length ?? 1) - 1));
  const first = run(link, linkProblems);
  return createStore<CompareState>()(
    subscribeWithSelector((set, get) => {
      const reload = (next: CompareLink) => {
        const r = run(next, []);
        set({ link: next, ...r, column: clamp(r.cmp, get().column) });
      };
      return {
        link,
        ...first,
        column: clamp(first.cmp, link.step ?? 0),
        setKernels: (kernel, vs) => reload({ ...get().link, kernel, vs }),
        flip: (stepId) => {
          const l = get().link;
          if (l.flips.includes(stepId)) return;
          // a what-if is compared with the real run on the same kernel
          const kernel = l.kernel ?? DEFAULT_VARIANT;
          reload({ ...l, kernel, vs: kernel, flips: [...l.flips, stepId] });
        },
        canFlip: (i) => {
          const { cmp, link: l } = get();
          const step = cmp?.a.rt.steps[i];
          return (
            !!cmp &&
            !!step &&
            !l.flips.some((f) => f === step.id || f.startsWith(`${step.id}:`)) &&
            branchesAt(cmp.a, i).length > 1
          );
        },
        clearFlips: () => reload({ ...get().link, flips: [] }),
        stepTo: (c) => set({ column: clamp(get().cmp, c) }),
        next: () => set({ column: clamp(get().cmp, get().column + 1) }),
        prev: () => set({ column: clamp(get().cmp, get().column - 1) }),
      };
    }),
  );
}
