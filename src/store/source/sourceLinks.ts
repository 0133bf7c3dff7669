/**
 * Where a step's kernel function is defined, at the version of the kernel variant shown: Elixir's source
 * URL at the exact line for the versions whose Debian sources the table was built from
 * (scripts/kernel-source-lines.ts), Elixir's identifier search for other versions or a function the
 * table lacks, and the mailing-list citation for an unmerged design. And the drgn expression that reads
 * the object a step touched on a live system (helpers of drgn.helpers.linux.{mm,xarray,fs,pid}).
 */
import table from './kernel-source-lines.json';

export type VariantId = string;

export interface SourceLink {
  url: string;
  /** "mm/memory-failure.c:2212" or "identifier search" */
  label: string;
  /** the link opens the exact definition line */
  exact: boolean;
  version: string;
}

export interface Design {
  /** the thread that proposed it, e.g. "[PATCH v3 2/5] mm: …, linux-mm, 2025-03-04" */
  citation: string;
  url: string;
}

const ELIXIR = 'https://elixir.bootlin.com/linux';
type Table = Record<string, { tag: string; functions: Record<string, { file: string; line: number } | null> }>;
const TABLE = table as Table;

/** The variants the table covers, by id ("6.12", "6.1"). */
export const KNOWN_VARIANTS = Object.keys(TABLE);

export function sourceLink(variant: VariantId, fn: string, opts: { tag?: string; design?: Design } = {}): SourceLink {
  if (opts.design) return { url: opts.design.url, label: opts.design.citation, exact: false, version: 'unmerged' };
  const v = TABLE[variant];
  const at = v?.functions[fn];
  if (v && at)
    return {
      url: `${ELIXIR}/${v.tag}/source/${at.file}#L${at.line}`,
      label: `${at.file}:${at.line}`,
      exact: true,
      version: v.tag,
    };
  const tag = opts.tag ?? v?.tag ?? `v${variant}`;
  return { url: `${ELIXIR}/${tag}/A/ident/${fn}`, label: `${fn} (identifier search)`, exact: false, version: tag };
}

const py = (s: string) => JSON.stringify(s);

/**
 * The drgn expression for an object id (src/kernel/ids.ts), or null when drgn has no helper for it.
 * `pathOf` names a file mapping's path (for path_lookup); null when the file has none.
 */
export function drgnExpression(id: string, pathOf: (mappingId: string) => string | null): string | null {
  const parts = id.split(':');
  switch (parts[0]) {
    case 'pfn':
      return `pfn_to_page(prog, ${parts[1]})`;
    case 'task':
      return `find_task(prog, ${parts[1]})`;
    case 'vma':
      return `vma_find(find_task(prog, ${parts[1]}).mm, ${parts[2]})`;
    case 'pt':
      return `follow_pfn(find_task(prog, ${parts[1]}).mm, ${parts[2]})`;
    case 'ino': {
      const mappingId = parts.slice(0, 3).join(':');
      const path = pathOf(mappingId);
      if (!path) return null;
      const mapping = `path_lookup(prog, ${py(path)}).dentry.d_inode.i_mapping`;
      return parts.length === 4 ? `xa_load(${mapping}.i_pages.address_of_(), ${parts[3]})` : mapping;
    }
    default:
      return null;
  }
}
