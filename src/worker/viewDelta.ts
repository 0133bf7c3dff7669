/**
 * A step's views cross as a delta (issue 11, 6 §6): the worker sends only the view models whose digest
 * differs from those of a bundle the page already holds (`base`, a reply it received), and, of the process
 * lanes, only the lanes that changed. The page puts the rest back from its base: the same objects, so a view
 * whose data did not change is not drawn again. Pure: the worker keeps `digestsOf` what it sent, the page
 * keeps the bundles it received.
 */
import { SHARED_FIELDS, type SharedField, type StepViews } from '../store/stepViews';

/** What the worker remembers of a bundle it sent: its field digests, and its lanes' ids with their digests. */
export interface SentDigests {
  digests: StepViews['digests'];
  lanes: Map<string, string>;
}

type Lane = StepViews['lanes']['shown'][number];

/** A step's views as sent: fields equal to the base's left out (null), and each unchanged lane by its id. */
export interface ViewsDelta {
  /** the reply id of the bundle this is a delta of (null: whole) */
  base: number | null;
  /** the fields left out: the page takes them from the base */
  same: SharedField[];
  /** `views.lanes.shown` in order: a lane, or the id of a lane the base has the same */
  lanes: (Lane | string)[];
  /** the views, with the fields in `same` null and `lanes.shown` empty */
  views: StepViews;
}

export function digestsOf(v: StepViews): SentDigests {
  return { digests: v.digests, lanes: new Map(v.lanes.shown.map((l, i) => [l.id, v.laneDigests[i]])) };
}

/** The delta of `next` against the bundle sent as `baseId` (its digests `base`; null: send it whole). */
export function diffViews(baseId: number | null, base: SentDigests | null, next: StepViews): ViewsDelta {
  const whole = baseId === null || !base;
  const same: SharedField[] = [];
  const views = { ...next } as unknown as Record<string, unknown>;
  if (!whole)
    for (const f of SHARED_FIELDS) {
      const d = next.digests[f];
      if (d === undefined || d !== base.digests[f]) continue;
      same.push(f);
      views[f] = null;
    }
  const lanes = next.lanes.shown.map((l, i) => (!whole && base.lanes.get(l.id) === next.laneDigests[i] ? l.id : l));
  views.lanes = { ...next.lanes, shown: [] };
  return { base: whole ? null : baseId, same, lanes, views: views as unknown as StepViews };
}

/**
 * The page's side: the whole views of `d`, every field and lane left out taken from `base` (the bundle `d` is a
 * delta of, as the page holds it). Throws when `d` needs a base and none is given (a bug, not an input).
 */
export function applyDelta(base: StepViews | null, d: ViewsDelta): StepViews {
  if (d.base !== null && !base)
    throw new Error(`a step's views came as a delta of reply ${d.base}, which the page does not hold`);
  const out = { ...d.views } as unknown as Record<string, unknown>;
  for (const f of d.same) out[f] = (base as StepViews)[f];
  const byId = new Map(base?.lanes.shown.map((l) => [l.id, l]));
  const shown = d.lanes.map((l) => {
    if (typeof l !== 'string') return l;
    const kept = byId.get(l);
    if (!kept) throw new Error(`lane ${l} of a step's views came as unchanged, but the base has no such lane`);
    return kept;
  });
  out.lanes = { ...d.views.lanes, shown };
  return out as unknown as StepViews;
}
