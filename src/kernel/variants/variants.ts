/**
 * Kernel variants: a release (or a patch design) as a list of features. The pipeline machine and the
 * kernel functions are built from the features; nothing compares version strings.
 */
import { BUILD_6_1, BUILD_6_12, type BuildFacts } from './buildFacts';
import { FEATURES, type Feature, type FeatureId } from './features';

export interface KernelVariant {
  /** what a scenario's `kernel` and the CLI's `--kernel` name */
  id: string;
  title: string;
  /** the release this models, as its maintainers tag it */
  release: string;
  /** Elixir's tag for the exact source, when the source read is a tagged release */
  sourceTag: string | null;
  features: readonly FeatureId[];
  /** what its build prints that no feature decides (source lines, symbol offsets) */
  build: BuildFacts;
}

const ALL_6_12: FeatureId[] = [
  'early-kill-v5.8',
  'mf-holder-notify',
  'dax-page-share',
  'vmemmap-arch-optin',
  'xfs-range-fix',
  'dax-lock-folio',
  'mf-pre-remove',
  'kill-dax-notify',
  'xfs-dax-read-shared',
  'dax-fault-hwpoison',
  'mce-usable-address-kill',
  'madvise-action-required',
  'mount-msg-uuid',
  'xfs-dax-not-experimental',
];

/**
 * Debian 6.1.192: mainline 6.1 with the stable backports it carries (the inclusive XFS range end,
 * 6.1.112; the vmemmap arch opt-in, 6.1.184). What it lacks is everything 6.2+ below.
 */
const DEBIAN_6_1: FeatureId[] = [
  'early-kill-v5.8',
  'mf-holder-notify',
  'kill-dax-notify',
  'vmemmap-arch-optin',
  'xfs-range-fix',
];

export const VARIANTS: readonly KernelVariant[] = [
  {
    id: '6.12',
    title: 'Linux 6.12 (Debian 6.12.117)',
    release: 'v6.12.117',
    sourceTag: 'v6.12.117',
    features: ALL_6_12,
    build: BUILD_6_12,
  },
  {
    id: '6.1',
    title: 'Linux 6.1 (Debian 6.1.192)',
    release: 'v6.1.192',
    sourceTag: 'v6.1.192',
    features: DEBIAN_6_1,
    build: BUILD_6_1,
  },
];

export const DEFAULT_VARIANT = '6.12';

export const variantIds = (): string[] => VARIANTS.map((v) => v.id);

export function findVariant(id: string): KernelVariant | undefined {
  return VARIANTS.find((v) => v.id === id);
}

export function getVariant(id: string): KernelVariant {
  const v = findVariant(id);
  if (!v) throw new Error(`unknown kernel variant "${id}" (known: ${variantIds().join(', ')})`);
  return v;
}

export const featuresOf = (v: KernelVariant): Feature[] => v.features.map((id) => FEATURES[id]);
