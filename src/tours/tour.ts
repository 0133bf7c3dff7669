/**
 * Guided tours: one JSON file per built-in scenario in this folder (src/tours/<scenario id>.json), so
 * writing a tour needs no code. Each stop names a step by its stable id (`collect_procs_fsdax#2`, or null
 * for "before the first step"), an object to select (or null) and a short text. Loaded on demand.
 */
import { z } from 'zod';

export const TourSchema = z.object({
  scenario: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1).max(120),
  stops: z
    .array(
      z.object({
        step: z
          .string()
          .regex(/^[A-Za-z_]\w*(?:[/@][A-Za-z_]\w*)?#[1-9][0-9]*$/)
          .nullable(),
        select: z.string().min(1).max(160).nullable(),
        text: z.string().min(1).max(900),
      }),
    )
    .min(1),
});

export type Tour = z.infer<typeof TourSchema>;

const files = import.meta.glob<{ default: unknown }>('./*.json');

export { TOUR_IDS } from './ids';

export async function loadTour(id: string): Promise<Tour | null> {
  const load = files[`./${id}.json`];
  if (!load) return null;
  return TourSchema.parse((await load()).default);
}

/** A tour's stops as cursors (steps applied) and selections, or the first stop that does not exist in the run. */
export function resolveStops(
  tour: Tour,
  steps: readonly { id: string }[],
): { ok: true; stops: { cursor: number; selection: string | null }[] } | { ok: false; problem: string } {
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const stops: { cursor: number; selection: string | null }[] = [];
  for (const [n, s] of tour.stops.entries()) {
    if (s.step === null) {
      stops.push({ cursor: 0, selection: s.select });
      continue;
    }
    const i = index.get(s.step);
    if (i === undefined) return { ok: false, problem: `stop ${n + 1}: no step ${s.step} in the run` };
    stops.push({ cursor: i + 1, selection: s.select });
  }
  return { ok: true, stops };
}
