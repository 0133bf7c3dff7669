/**
 * Kernel variants: a release (or a patch design) as a list of features. The pipeline machine and the
 * kernel functions are built from the features; nothing compares version strings.
 */
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
}

const ALL_6_12: FeatureId[] = [
  'early-kill-v5.8',
  'mf-holder-notify',
  'dax-page-share',
  'vmemmap-arch-optin',
  'xfs-range-fix',
  'dax-lock-folio',
  'mf-pre-remove',
];

export const VARIANTS: readonly KernelVariant[] = [
  {
    id: '6.12',
    title: 'Linux 6.12 (Debian 6.12.117)',
    release: 'v6.12.117',
    sourceTag: 'v6.12.117',
    features: ALL_6_12,
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
