/**
 * The record of the last verify run per built-in and kernel (src/verify/verified.json, written by
 * `npm run verify -- --builtin ID`). The fingerprint ties an entry to the scenario's exact text, so an
 * edited scenario is never shown as verified.
 */
export interface VerifiedEntry {
  /** the kernel series asked for, "6.12" */
  kernel: string;
  /** uname -r of the guest */
  release: string;
  /** ISO date of the run */
  date: string;
  result: 'agree' | 'differ' | 'could not run';
  fingerprint: string;
}

export type VerifiedFile = Record<string, Record<string, VerifiedEntry>>;

/** FNV-1a over the scenario's JSON: a change detector, not a security hash. */
export function fingerprint(scenario: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(scenario)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The stored entry for this exact scenario on this kernel, if any. */
export function lookupVerified(
  file: VerifiedFile,
  id: string,
  kernel: string,
  scenario: unknown,
): VerifiedEntry | null {
  const e = file[id]?.[kernel];
  return e && e.fingerprint === fingerprint(scenario) ? e : null;
}
