/** The selected pfn's struct page, decoded the way drgn or crash would print it. */
import type { StructPageFocusVM } from '../../store/structPagesModel';
import { Term } from '../glossary/Term';
import { CopyHex } from '../shared/CopyHex';

const hex = (n: number) => `0x${n.toString(16)}`;

/** "0x2000 (reserved)" → ["0x2000", "reserved"]; "NULL" → ["NULL", null] */
function splitValue(v: string): [string, string | null] {
  const m = /^(\S+)\s+\((.*)\)$/.exec(v);
  return m ? [m[1], m[2]] : [v, null];
}

/** A value that may hold a hex number: copyable where it does. */
function Value({ value, label }: { value: string; label: string }) {
  const [head, note] = splitValue(value);
  if (/^0x[0-9a-f]+$/i.test(head)) {
    return (
      <>
        <CopyHex value={head} label={label} />
        {note ? <span className="structPages__note"> ({note})</span> : null}
      </>
    );
  }
  // "TAIL_MAPPING (0xdead000000000400)", "PAGE_MAPPING_DAX_SHARED (0x1)"
  if (note && /^0x[0-9a-f]+$/i.test(note)) {
    return (
      <>
        <code>{head}</code> <CopyHex value={note} label={label} />
      </>
    );
  }
  return <code>{value}</code>;
}

export function StructPageDetail({ focus, onSelect }: { focus: StructPageFocusVM; onSelect: (id: string) => void }) {
  const d = focus.detail;
  if (!d) {
    return (
      <div className="structPages__card">
        <h3 className="structPages__h3">struct page of pfn {hex(focus.pfn)}</h3>
        <p className="structPages__muted">
          No namespace of this scenario covers pfn {hex(focus.pfn)}: it has no struct page here.
        </p>
      </div>
    );
  }
  const [indexField, indexValue] = d.index.split(' ');
  const mappingIsId = /^(ino|cdev):/.test(d.mapping);
  return (
    <div className="structPages__card" data-testid="struct-page-detail">
      <h3 className="structPages__h3">
        struct page of <Term name="pfn" /> <CopyHex value={hex(d.pfn)} label={`pfn ${hex(d.pfn)}`} />{' '}
        <span className={`structPages__role structPages__role--${d.role}`}>{d.role}</span>
      </h3>
      {!focus.direct ? <p className="structPages__muted">The first pfn linked to the selection.</p> : null}
      <div className="structPages__listing">
        <div className="structPages__listingHead">
          <code>*(struct page *)</code>
          <CopyHex value={d.vmemmap.vaddr} label="struct page address" />
          <code> = {'{'}</code>
        </div>
        <table className="structPages__fields">
          <tbody>
            <tr>
              <th scope="row">.flags</th>
              <td>
                <Value value={d.flags} label="page flags" />
              </td>
            </tr>
            <tr>
              <th scope="row">
                <Term name="compound page">.compound_head</Term>
              </th>
              <td>
                {d.compound_head === null ? (
                  <span className="structPages__muted">
                    {d.compound_order > 0 ? '— (this is the head)' : '— (not a tail page)'}
                  </span>
                ) : (
                  <>
                    <span className="structPages__note">pfn </span>
                    <CopyHex value={d.compound_head} label="compound head pfn" />{' '}
                    <button
                      type="button"
                      className="structPages__link"
                      onClick={() => onSelect(`pfn:${d.compound_head}`)}
                    >
                      select head
                    </button>
                  </>
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">.compound_order</th>
              <td>
                <code>{d.compound_order}</code>
                {d.compound_order > 0 ? (
                  <span className="structPages__note"> ({2 ** d.compound_order} pages)</span>
                ) : null}
              </td>
            </tr>
            <tr>
              <th scope="row">._refcount</th>
              <td>
                <code>{d._refcount}</code>
              </td>
            </tr>
            <tr>
              <th scope="row">.mapping</th>
              <td>
                {mappingIsId ? (
                  <button
                    type="button"
                    className="structPages__link structPages__mono"
                    onClick={() => onSelect(d.mapping)}
                    title="Select this address_space"
                  >
                    {d.mapping}
                  </button>
                ) : (
                  <Value value={d.mapping} label="mapping" />
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">.{indexField}</th>
              <td>
                <code>{indexValue}</code>
                {indexField === 'share' ? <span className="structPages__note"> (owners sharing this page)</span> : null}
              </td>
            </tr>
          </tbody>
        </table>
        <code className="structPages__listingTail">{'}'}</code>
      </div>
      {d.folioNote ? (
        <p className="structPages__muted" data-testid="struct-page-folio-note">
          {d.folioNote}
        </p>
      ) : null}
      <p className="structPages__meta">
        <span>initialised: {d.initialised ? 'yes' : 'no (never written by memmap init)'}</span>
        <span>role: {d.role}</span>
      </p>
    </div>
  );
}
