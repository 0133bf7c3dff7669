/**
 * The compare view's URL: `?scenario=…&kernel=A&vs=B&step=COLUMN&sel=…&flip=STEP…` (flip repeatable).
 * `step` is the alignment column, not either side's step. Everything read from a URL is untrusted: a
 * malformed or unknown value is reported, never replaced by something else.
 */
import { DEFAULT_VARIANT, findVariant, variantIds } from '../kernel/variants/variants';
import { builtinScenario, isDesignReview } from '../scenario/builtins';

export interface CompareLink {
  scenario: string | null;
  kernel: string | null;
  vs: string | null;
  step: number | null;
  selection: string | null;
  flips: string[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const OBJECT = /^(pfn|ino|cdev|rmap|vma|pt|task|ns|fs):[A-Za-z0-9:._-]{1,120}$/;
/** a step id ("state#n", states may hold "/" and "@") with an optional ":branch" */
const FLIP = /^[A-Za-z0-9_/@]{1,120}#[0-9]{1,9}(:[A-Za-z0-9_-]{1,40})?$/;

/** True when the URL asks for compare mode (a second kernel or a what-if). */
export const isCompareSearch = (search: string): boolean => {
  const p = new URLSearchParams(search);
  return p.has('vs') || p.has('flip');
};

export function decodeCompareLink(search: string): { link: CompareLink; problems: string[] } {
  const p = new URLSearchParams(search);
  const problems: string[] = [];
  const link: CompareLink = { scenario: null, kernel: null, vs: null, step: null, selection: null, flips: [] };
  const scenario = p.get('scenario');
  if (scenario !== null) {
    if (ID.test(scenario)) link.scenario = scenario;
    else problems.push(`scenario "${scenario.slice(0, 40)}" is not a scenario id`);
  }
  for (const key of ['kernel', 'vs'] as const) {
    const v = p.get(key);
    if (v === null) continue;
    if (findVariant(v)) link[key] = v;
    else problems.push(`${key} "${v.slice(0, 20)}" is not a known kernel (known: ${variantIds().join(', ')})`);
  }
  const step = p.get('step');
  if (step !== null) {
    if (/^[0-9]{1,9}$/.test(step)) link.step = Number(step);
    else problems.push(`step "${step.slice(0, 20)}" is not a column number`);
  }
  const sel = p.get('sel');
  if (sel !== null) {
    if (OBJECT.test(sel)) link.selection = sel;
    else problems.push(`sel "${sel.slice(0, 40)}" is not an object id`);
  }
  for (const f of p.getAll('flip')) {
    if (FLIP.test(f)) link.flips.push(f);
    else problems.push(`flip "${f.slice(0, 40)}" is not a step id`);
  }
  return { link, problems };
}

export function encodeCompareLink(link: CompareLink): string {
  const p = new URLSearchParams();
  if (link.scenario) p.set('scenario', link.scenario);
  if (link.kernel) p.set('kernel', link.kernel);
  if (link.vs) p.set('vs', link.vs);
  if (link.step !== null) p.set('step', String(link.step));
  if (link.selection) p.set('sel', link.selection);
  for (const f of link.flips) p.append('flip', f);
  return `?${p.toString()}`;
}

/**
 * A design review (a built-in whose `kernel` is an unmerged design) opens in compare mode: the design
 * against 6.12. The compare link for built-in `id`, or null when it is not a design review.
 */
export function designReviewLink(id: string): string | null {
  const s = builtinScenario(id);
  if (!s?.kernel || !isDesignReview(s)) return null;
  return encodeCompareLink({
    scenario: id,
    kernel: s.kernel,
    vs: DEFAULT_VARIANT,
    step: null,
    selection: null,
    flips: [],
  });
}
