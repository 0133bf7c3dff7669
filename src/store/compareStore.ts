/**
 * Compare mode's store: one scenario run twice (kernel A vs kernel B, or the real run vs a what-if) and
 * the alignment column both sides are at. The comparison itself is made by src/compare (core), in the
 * simulation worker in the browser (src/worker); this only holds it and moves the cursor. A link that
 * names something unknown loads nothing in its place. While a comparison runs, the previous one stays.
 */
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import { branchesAt, type Comparison } from '../compare/compare';
import { DEFAULT_VARIANT } from '../kernel/variants/variants';
import type { Loaded, Runner } from '../worker/runner';
import type { PendingLoad } from './appStore';
import type { CompareLink } from './compareLink';

export interface CompareState {
  link: CompareLink;
  cmp: Comparison | null;
  /** why nothing (or not everything) was loaded: bad link values, refused scenario, unapplied flips */
  problems: string[];
  /** a comparison being computed (the worker's progress); the one shown stays until it is done */
  pending: PendingLoad | null;
  /** the alignment column shown */
  column: number;
  setKernels(kernel: string, vs: string): void;
  /** what if: force the step's decision the other way in side b (the real run stays in a) */
  flip(stepId: string): void;
  clearFlips(): void;
  /** the real run's step can be flipped: it has another branch and is not flipped yet */
  canFlip(stepIndex: number): boolean;
  stepTo(column: number): void;
  /** the object shown on both sides (a `pfn:` id: its struct page and xarray entries); null: the event's pfn */
  select(id: string | null): void;
  next(): void;
  prev(): void;
  cancelLoad(): void;
}

export type CompareStore = ReturnType<typeof createCompareStore>;

/** The first alignment column where either side's step carries a design's flaw, or -1. */
export function firstFlawColumn(cmp: Comparison | null): number {
  if (!cmp) return -1;
  return cmp.columns.findIndex(
    (c) => (c.a !== null && !!cmp.a.rt.steps[c.a].flaw) || (c.b !== null && !!cmp.b.rt.steps[c.b].flaw),
  );
}

/** `column` asked for when the link names none: a design review opens at the step where its flaw bites */
const AT_FLAW = -1;

export function createCompareStore(link: CompareLink, linkProblems: string[], runner: Runner) {
  const clamp = (cmp: Comparison | null, c: number) => Math.max(0, Math.min(c, (cmp?.columns.length ?? 1) - 1));
  return createStore<CompareState>()(
    subscribeWithSelector((set, get) => {
      let cancel: (() => void) | null = null;
      const results = (r: Loaded) => (r.kind === 'compare' ? r : { cmp: null, problems: [] });
      /** Compare `next`; on success it becomes the link shown (`column` is kept where it can be). */
      const reload = (next: CompareLink, column: number, problems: string[] = []) => {
        cancel?.();
        cancel = null;
        if (problems.length) return set({ link: next, cmp: null, problems, pending: null });
        const name = next.scenario ?? '';
        const finish = (r: Loaded) => {
          const got = results(r);
          const at = column === AT_FLAW ? Math.max(0, firstFlawColumn(got.cmp)) : column;
          set({ link: next, ...got, column: clamp(got.cmp, at), pending: null });
        };
        const started = runner({ kind: 'compare', link: next }, (p) => {
          if (get().pending) set({ pending: { name, ...p } });
        });
        if ('done' in started) return finish(started.done);
        set({ pending: { name, phase: 'building', steps: 0 } });
        cancel = started.cancel;
        const mine = started.cancel;
        started.result.then(
          (r) => {
            if (cancel !== mine) return;
            cancel = null;
            finish(r);
          },
          (e: Error) => {
            if (cancel !== mine) return;
            cancel = null;
            set({ pending: null, problems: [e.message] });
          },
        );
      };
      queueMicrotask(() => reload(link, link.step ?? AT_FLAW, linkProblems));
      return {
        link,
        cmp: null,
        problems: [],
        pending: linkProblems.length ? null : { name: link.scenario ?? '', phase: 'building', steps: 0 },
        // the link's column until the comparison arrives and it can be clamped
        column: link.step ?? 0,
        setKernels: (kernel, vs) => reload({ ...get().link, kernel, vs }, get().column),
        flip: (stepId) => {
          const l = get().link;
          if (l.flips.includes(stepId)) return;
          // a what-if is compared with the real run on the same kernel
          const kernel = l.kernel ?? DEFAULT_VARIANT;
          reload({ ...l, kernel, vs: kernel, flips: [...l.flips, stepId] }, get().column);
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
        clearFlips: () => reload({ ...get().link, flips: [] }, get().column),
        stepTo: (c) => set({ column: clamp(get().cmp, c) }),
        select: (id) => set({ link: { ...get().link, selection: id } }),
        next: () => set({ column: clamp(get().cmp, get().column + 1) }),
        prev: () => set({ column: clamp(get().cmp, get().column - 1) }),
        cancelLoad() {
          cancel?.();
          cancel = null;
          set({ pending: null });
        },
      };
    }),
  );
}
