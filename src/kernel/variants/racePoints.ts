/**
 * Where a racing file change can be placed in a failure's handling: "owner-lookup" (the moment a variant
 * reads the owner of the failed index, named the same on every variant so compare mode races both at the
 * same moment) or a kernel function of the failure path the variant has. Kept here, by features, because
 * scenarios are validated before any pipeline machine is built; race-points.test.ts checks every name
 * against each variant's machine.
 */
import type { FeatureId } from './features';

interface Point {
  fn: string;
  requires?: FeatureId;
  unless?: FeatureId;
}

const HOLDER: FeatureId = 'mf-holder-notify';
const V4: FeatureId = 'rfc-2021-v4-unlocked-load';
const SHORT: FeatureId = 'proposal-2021-fs-kill';
const FOLIO: FeatureId = 'dax-lock-folio';

const POINTS: Point[] = [
  { fn: 'memory_failure' },
  { fn: 'memory_failure_dev_pagemap' },
  { fn: 'pmem_pagemap_memory_failure', requires: HOLDER },
  { fn: 'dax_holder_notify_failure', requires: HOLDER },
  { fn: 'xfs_dax_notify_failure', requires: HOLDER },
  { fn: 'xfs_dax_notify_ddev_failure', requires: HOLDER },
  { fn: 'xfs_rmap_query_range', requires: HOLDER },
  { fn: 'xfs_dax_failure_fn', requires: HOLDER },
  { fn: 'mf_dax_kill_procs', requires: HOLDER, unless: SHORT },
  // 6.12: the entry is locked for the collect, unmap and kill
  { fn: 'dax_lock_mapping_entry', requires: HOLDER, unless: V4 },
  { fn: 'collect_procs_fsdax', requires: HOLDER, unless: V4 },
  { fn: 'dax_unlock_mapping_entry', requires: HOLDER, unless: V4 },
  // v4: one unlocked read of the entry
  { fn: 'dax_load_pfn', requires: V4 },
  // the short-circuit proposal: the filesystem's own collect by (mapping, index)
  { fn: 'collect_procs', requires: SHORT },
  { fn: 'unmap_and_kill' },
  { fn: 'kill_procs' },
  { fn: 'mf_generic_kill_procs' },
  { fn: 'dax_lock_folio', requires: FOLIO },
  { fn: 'dax_lock_page', unless: FOLIO },
  { fn: 'collect_procs_file' },
  { fn: 'action_result' },
];

export const OWNER_LOOKUP = 'owner-lookup';

const has = (features: ReadonlySet<FeatureId>, p: Point) =>
  (!p.requires || features.has(p.requires)) && (!p.unless || !features.has(p.unless));

/** The kernel functions a racing event can be placed at on a variant with these features. */
export const racePoints = (features: ReadonlySet<FeatureId>): string[] =>
  POINTS.filter((p) => has(features, p)).map((p) => p.fn);

/**
 * The function where the variant reads the owner of the failed index: 6.12 locks the entry
 * (dax_lock_mapping_entry), v4 loads it unlocked (dax_load_pfn), the short-circuit proposal leaves the
 * lookup to the filesystem's collect by (mapping, index) (collect_procs).
 */
export function ownerLookupFn(features: ReadonlySet<FeatureId>): string {
  if (features.has(V4)) return 'dax_load_pfn';
  if (features.has(SHORT)) return 'collect_procs';
  if (features.has(HOLDER)) return 'dax_lock_mapping_entry';
  return features.has(FOLIO) ? 'dax_lock_folio' : 'dax_lock_page';
}

/** `at` as written in a scenario, resolved to a kernel function of the variant, or null when it has none. */
export function resolveRacePoint(at: string, features: ReadonlySet<FeatureId>): string | null {
  if (at === OWNER_LOOKUP) return ownerLookupFn(features);
  return racePoints(features).includes(at) ? at : null;
}
