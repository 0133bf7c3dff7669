/**
 * The struct pages and vmemmap of a ppc64 scenario (64 KiB pages): per namespace, how the probe populated
 * the vmemmap, who translates it, and the first struct pages with their vmemmap addresses — marked
 * "no translation" where the hash MMU has no bolted HPTE for them (the seed 003 crash). Reads the probe the
 * model computed (src/kernel/arch/ppc64.ts); decides nothing itself.
 */
import type { Ppc64Probe } from '../../kernel/arch/ppc64';

export function Ppc64Panel({ probes }: { probes: readonly Ppc64Probe[] }) {
  return (
    // focusable so the keyboard can scroll the pane it fills (axe: scrollable-region-focusable)
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take keyboard focus
    <section className="ppc64" tabIndex={0} aria-label="ppc64 namespace probes">
      {probes.map((p) => (
        <section
          key={p.namespace}
          className="ppc64__ns"
          aria-label={`${p.namespace} on ${p.arch}`}
          data-crashed={p.crashed}
        >
          <h3 className="ppc64__h">
            {p.namespace} · {p.mode} · {p.arch}, {p.pageSize / 1024} KiB pages · {p.npfns} pfns from{' '}
            <code>{p.firstPfn}</code>
          </h3>
          <p>
            <code>{p.populate}()</code>: {p.why}
          </p>
          <p>
            vmemmap translation: <strong>{p.translation}</strong>
          </p>
          <p>
            {p.compoundPages > 0
              ? `${p.compoundPages} compound pages of ${2 ** p.vmemmapShift} pfns; `
              : 'order-0 struct pages; '}
            vmemmap pages: {p.vmemmapPages} needed, {p.uniqueVmemmapPages} unique (
            {p.vmemmapPages === p.uniqueVmemmapPages ? 'no deduplication' : 'deduplicated'})
          </p>
          {p.crashed ? (
            <p className="ppc64__crash" role="alert">
              Probe crashed: memmap_init_zone_device() stored to <code>{p.faultAddr}</code>, a struct page with no
              translation (see dmesg in the outcome).
            </p>
          ) : (
            <p className="ppc64__ok">Probe succeeded: every struct page address below is translated.</p>
          )}
          <table className="ppc64__table">
            <caption>the first struct pages of the range</caption>
            <thead>
              <tr>
                <th scope="col">pfn</th>
                <th scope="col">struct page (vmemmap address)</th>
                <th scope="col">vmemmap page</th>
                <th scope="col">translation</th>
              </tr>
            </thead>
            <tbody>
              {p.structPages.map((sp) => (
                <tr key={sp.pfn} className={sp.translated ? undefined : 'ppc64__untranslated'}>
                  <td>
                    <code>{sp.pfn}</code>
                  </td>
                  <td>
                    <code>{sp.vaddr}</code>
                  </td>
                  <td>{sp.vmemmapPage}</td>
                  <td>{sp.translated ? 'yes' : 'none (no bolted HPTE)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.unverified.length ? (
            <ul className="ppc64__unverified">
              {p.unverified.map((u) => (
                <li key={u}>UNVERIFIED: {u}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </section>
  );
}
