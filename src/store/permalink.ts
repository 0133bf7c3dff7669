/**
 * The URL holds the view: scenario, step and selection (`?scenario=…&step=…&sel=…`), so a copied link
 * reproduces what the sender saw. Everything read from a URL is untrusted: unknown or malformed values
 * are dropped with a note, never applied.
 */
export interface Permalink {
  scenario: string | null;
  step: number | null;
  selection: string | null;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** object ids as src/kernel/ids.ts makes them */
const OBJECT = /^(pfn|ino|cdev|rmap|vma|pt|task|ns|fs):[A-Za-z0-9:._-]{1,120}$/;

export function decodePermalink(search: string): { link: Permalink; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const scenario = params.get('scenario');
  const step = params.get('step');
  const sel = params.get('sel');
  const link: Permalink = { scenario: null, step: null, selection: null };
  if (scenario !== null) {
    if (ID.test(scenario)) link.scenario = scenario;
    else problems.push(`scenario "${scenario.slice(0, 40)}" is not a scenario id`);
  }
  if (step !== null) {
    if (/^[0-9]{1,9}$/.test(step)) link.step = Number(step);
    else problems.push(`step "${step.slice(0, 20)}" is not a step number`);
  }
  if (sel !== null) {
    if (OBJECT.test(sel)) link.selection = sel;
    else problems.push(`sel "${sel.slice(0, 40)}" is not an object id`);
  }
  return { link, problems };
}

export function encodePermalink(link: Permalink): string {
  const params = new URLSearchParams();
  if (link.scenario) params.set('scenario', link.scenario);
  if (link.step !== null) params.set('step', String(link.step));
  if (link.selection) params.set('sel', link.selection);
  const s = params.toString();
  return s ? `?${s}` : '';
}
