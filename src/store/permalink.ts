/**
 * The URL holds the view: scenario, kernel, step and selection (`?scenario=…&kernel=…&step=…&sel=…`), so a copied link
 * reproduces what the sender saw. Everything read from a URL is untrusted: unknown or malformed values
 * are dropped with a note, never applied.
 */
import { variantIds } from '../kernel/variants/variants';

export interface Permalink {
  scenario: string | null;
  /** the kernel variant the scenario runs on, when not its own */
  kernel?: string | null;
  step: number | null;
  selection: string | null;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

// Object ids as src/kernel/ids.ts makes them, one grammar per kind, so a view never receives an id whose
// numbers are fractions, negative, out of range or missing (`pfn:zzz`, `rmap:pmem0`, `ino:pmem0:131:-1`).
const NAME = '[A-Za-z0-9._-]{1,40}';
/** a decimal count below 2^53 (inode numbers, page indexes, pids) */
const DEC = '(?:0|[1-9][0-9]{0,14})';
/** a pfn or user address as hex() writes it: "0" or at most 13 hex digits (below 2^52) */
const HEX = '(?:0|0x[0-9a-f]{1,13})';
const OBJECT_KINDS: Record<string, RegExp> = {
  pfn: new RegExp(`^pfn:${HEX}$`),
  task: new RegExp(`^task:${DEC}$`),
  vma: new RegExp(`^vma:${DEC}:${HEX}$`),
  pt: new RegExp(`^pt:${DEC}:${HEX}$`),
  ino: new RegExp(`^ino:${NAME}:${DEC}(?::${DEC})?$`),
  cdev: new RegExp(`^cdev:${NAME}(?::${DEC})?$`),
  rmap: new RegExp(`^rmap:${NAME}:ag${DEC}:r${DEC}$`),
  ns: new RegExp(`^ns:${NAME}$`),
  fs: new RegExp(`^fs:${NAME}$`),
};

/** True when `id` is a well-formed object id of a known kind (it may still name nothing in the scenario). */
export function isObjectId(id: string): boolean {
  const kind = id.slice(0, id.indexOf(':'));
  return Object.hasOwn(OBJECT_KINDS, kind) && OBJECT_KINDS[kind].test(id);
}

export function decodePermalink(search: string): { link: Permalink; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const scenario = params.get('scenario');
  const step = params.get('step');
  const sel = params.get('sel');
  const kernel = params.get('kernel');
  const link: Permalink = { scenario: null, kernel: null, step: null, selection: null };
  if (kernel !== null) {
    if (variantIds().includes(kernel)) link.kernel = kernel;
    else problems.push(`kernel "${kernel.slice(0, 40)}" is not a kernel variant (known: ${variantIds().join(', ')})`);
  }
  if (scenario !== null) {
    if (ID.test(scenario)) link.scenario = scenario;
    else problems.push(`scenario "${scenario.slice(0, 40)}" is not a scenario id`);
  }
  if (step !== null) {
    if (/^[0-9]{1,9}$/.test(step)) link.step = Number(step);
    else problems.push(`step "${step.slice(0, 20)}" is not a step number`);
  }
  if (sel !== null) {
    if (isObjectId(sel)) link.selection = sel;
    else problems.push(`sel "${sel.slice(0, 40)}" is not an object id`);
  }
  return { link, problems };
}

export function encodePermalink(link: Permalink): string {
  const params = new URLSearchParams();
  if (link.scenario) params.set('scenario', link.scenario);
  if (link.kernel) params.set('kernel', link.kernel);
  if (link.step !== null) params.set('step', String(link.step));
  if (link.selection) params.set('sel', link.selection);
  const s = params.toString();
  return s ? `?${s}` : '';
}
