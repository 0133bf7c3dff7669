import { describe, expect, it } from 'vitest';
import glossary from './glossary.json';
import { findTerms, TERM_NAMES } from './termIndex';

describe('the term index', () => {
  it('names exactly the glossary terms and aliases', () => {
    const names = glossary.terms.flatMap((t) => [t.term, ...t.aliases]);
    expect([...TERM_NAMES].sort()).toEqual([...names].sort());
  });

  it('groups each term with its own aliases', () => {
    const text = glossary.terms.map((t) => [t.term, ...t.aliases].join(' ; ')).join(' | ');
    // one match per glossary entry, each at its term, never at a later alias
    const found = findTerms(text).map((m) => m.name);
    expect(found).toEqual(glossary.terms.map((t) => t.term));
  });

  it('finds the first occurrence of each term, plurals included', () => {
    const text = 'PMD and PTE mappings; 2 MiB compound pages; another PMD; PTEs again';
    expect(findTerms(text).map((m) => text.slice(m.start, m.end))).toEqual(['PMD', 'PTE', 'compound pages']);
  });

  it('does not match inside other identifiers', () => {
    const text = 'PMD_SHIFT, si_addr, page.pfn_x, pfn_to_page(), dax_holder, rmap_query';
    expect(findTerms(text)).toEqual([]);
  });

  it('finds terms in step summaries as the pipeline writes them', () => {
    const text = 'holder_ops->notify_failure(dax_dev, 0x22000, 4096, 0x2 (MF_ACTION_REQUIRED)) on mapping->i_pages';
    expect(findTerms(text).map((m) => m.name)).toEqual(['holder_ops', 'MF_ACTION_REQUIRED', 'i_pages']);
  });

  it('prefers the longest name', () => {
    const text = 'the XFS rmap of AR/AO and then rmap';
    expect(findTerms(text).map((m) => m.name)).toEqual(['XFS rmap', 'AR/AO', 'rmap']);
  });
});
