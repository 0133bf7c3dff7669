/**
 * The glossary's terms and aliases by name, without their definitions: enough to find the terms in a view's
 * text synchronously, while the definitions (glossary.json) still load only when a term is pointed at.
 * termIndex.test.ts keeps this list equal to glossary.json.
 */
export const TERM_NAMES: readonly string[] = [
  'SRAR',
  'AR',
  'SRAO',
  'AO',
  'AR/AO',
  'si_code',
  'BUS_MCEERR_AR',
  'BUS_MCEERR_AO',
  'si_addr_lsb',
  'addr_lsb',
  'early kill',
  'PR_MCE_KILL',
  'memory_failure_early_kill',
  'find_early_kill_thread',
  'PF_MCE_PROCESS',
  'PF_MCE_EARLY',
  'PTE',
  'PMD',
  'PUD',
  'rmap',
  'reverse map',
  'rmapbt',
  'XFS rmap',
  'xarray',
  'i_pages',
  'DAX entry',
  'devmap',
  'pte_devmap',
  'pmd_devmap',
  'altmap',
  'vmem_altmap',
  'map=dev',
  'compound page',
  'folio',
  'head page',
  'tail page',
  'vmemmap',
  'memmap',
  'ZONE_DEVICE',
  'dev_pagemap',
  'pgmap',
  'holder',
  'holder_ops',
  'dax holder',
  'reflink',
  'shared extent',
  'HardwareCorrupted',
  'hwpoison',
  'PG_hwpoison',
  'HWPoison',
  'pfn',
  'MF_ACTION_REQUIRED',
  'fsdax',
  'devdax',
  'device DAX',
];

export interface TermMatch {
  /** the glossary name (term or alias) the text matched */
  name: string;
  start: number;
  end: number;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// longest names first, so "XFS rmap" wins over "rmap" and "AR/AO" over "AR"; a trailing "s" is a plural
// ("compound pages", "PTEs"); identifier characters on either side, a dot before or a call after mean it is
// part of another name (PMD_SHIFT, page.pfn, pfn_to_page(); si_addr_lsb is not si_addr)
const MATCHER = new RegExp(
  `(?<![\\w.])(${[...TERM_NAMES]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|')})s?(?![\\w(])`,
  'g',
);

/**
 * The first occurrence of each glossary term in a text (one per term and its aliases: a term is defined once
 * per block of text, not once per word, so a long text does not become a row of tab stops).
 */
export function findTerms(text: string, seen: Set<string> = new Set()): TermMatch[] {
  const out: TermMatch[] = [];
  for (const m of text.matchAll(MATCHER)) {
    const name = m[1];
    const key = CANONICAL.get(name) ?? name;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// aliases that name the same entry, so "PG_hwpoison" after "hwpoison" is not defined twice
const GROUPS: readonly (readonly string[])[] = [
  ['SRAR', 'AR'],
  ['SRAO', 'AO'],
  ['si_addr_lsb', 'addr_lsb'],
  ['early kill', 'PR_MCE_KILL', 'memory_failure_early_kill'],
  ['rmap', 'reverse map'],
  ['rmapbt', 'XFS rmap'],
  ['xarray', 'i_pages'],
  ['devmap', 'pte_devmap', 'pmd_devmap'],
  ['altmap', 'vmem_altmap', 'map=dev'],
  ['compound page', 'folio', 'head page', 'tail page'],
  ['vmemmap', 'memmap'],
  ['dev_pagemap', 'pgmap'],
  ['holder', 'holder_ops', 'dax holder'],
  ['reflink', 'shared extent'],
  ['hwpoison', 'PG_hwpoison', 'HWPoison'],
  ['devdax', 'device DAX'],
];
const CANONICAL = new Map(GROUPS.flatMap((g) => g.map((n) => [n, g[0]] as const)));
