/** What the grid's fills, glyphs and outlines mean; each swatch repeats the canvas's shape, not just its colour. */
import { memo } from 'react';
import type { NamespaceVM } from '../../store/selectors';
import { GlossText } from '../glossary/GlossText';

function Swatch({ kind }: { kind: string }) {
  const s = 14;
  const inner = (() => {
    switch (kind) {
      case 'info-block':
      case 'memmap':
      case 'data':
        return (
          <>
            <rect width={s} height={s} className={`structPages__sw--${kind}`} />
            {kind === 'memmap' ? (
              <path d="M0,14 L14,0 M-4,10 L10,-4 M4,18 L18,4" className="structPages__sw--hatch" />
            ) : null}
          </>
        );
      case 'compound':
        return (
          <>
            <rect width={s} height={s} className="structPages__sw--data" />
            <path d="M0,7.5 H14" className="structPages__sw--boundary" />
          </>
        );
      case 'hwpoison':
        return (
          <>
            <rect width={s} height={s} className="structPages__sw--poison" />
            <path d="M3,3 L11,11 M11,3 L3,11" className="structPages__sw--cross" />
          </>
        );
      case 'mapped':
        return (
          <>
            <rect width={s} height={s} className="structPages__sw--data" />
            <circle cx={7} cy={7} r={3} className="structPages__sw--dot" />
          </>
        );
      case 'shared':
        return (
          <>
            <rect width={s} height={s} className="structPages__sw--data" />
            <path d="M0,7 L7,0 M0,14 L14,0 M7,14 L14,7" className="structPages__sw--stripe" />
          </>
        );
      case 'owned':
        return (
          <>
            <rect width={s} height={s} className="structPages__sw--data" />
            <rect y={11} width={s} height={3} className="structPages__sw--owned" />
          </>
        );
      case 'touched':
        return <rect x={1.5} y={1.5} width={11} height={11} className="structPages__sw--touched" />;
      case 'linked':
        return (
          <>
            <rect x={1} y={1} width={12} height={12} className="structPages__sw--linked" />
            <path d="M0,0 L6,0 L0,6 z" className="structPages__sw--corner" />
          </>
        );
      case 'selected':
        return (
          <>
            <rect x={1} y={1} width={12} height={12} className="structPages__sw--selected" />
            <path d="M14,0 L14,6 L8,0 z" className="structPages__sw--selCorner" />
          </>
        );
      case 'frame':
        return <rect x={1} y={1} width={12} height={12} className="structPages__sw--frame" />;
      default:
        return null;
    }
  })();
  return (
    <svg width={s} height={s} viewBox={`0 0 ${s} ${s}`} className="structPages__swatch" aria-hidden="true">
      {inner}
    </svg>
  );
}

/** memoised on the namespace's model: the same at most steps */
export const Legend = memo(function Legend({ ns }: { ns: NamespaceVM }) {
  // each term once in the legend, at its first item
  const seen = new Set<string>();
  const regions = ns.regions.map((r) => r.kind);
  const items: [string, string][] = [
    ...(regions.includes('info-block')
      ? [['info-block', ns.regions.find((r) => r.kind === 'info-block')?.label ?? 'info block'] as [string, string]]
      : []),
    ...(regions.includes('memmap') ? [['memmap', 'memmap on the device (altmap)'] as [string, string]] : []),
    ['data', 'data pages'],
    ...(ns.compoundPages > 1
      ? [['compound', `compound page boundary (${ns.compoundPages} pages)`] as [string, string]]
      : []),
    ['hwpoison', 'hwpoison'],
    ['mapped', 'mapped by a process'],
    ['shared', 'shared (reflink)'],
    ['owned', 'owned: page->mapping set'],
    ['touched', 'current step'],
    ['linked', 'linked / same 64 bytes'],
    ['selected', 'selected'],
    ['frame', 'same vmemmap frame'],
  ];
  return (
    <ul className="structPages__legend" aria-label="Legend">
      {items.map(([kind, text]) => (
        <li key={kind}>
          <Swatch kind={kind} />
          <GlossText text={text} seen={seen} />
        </li>
      ))}
      <li className="structPages__legendNote">
        <GlossText text="row = one vmemmap page (64 struct pages)" seen={seen} />
        {ns.endPfn - ns.firstPfn >= 32768 ? ' · tile = one 128 MiB section' : ''}
      </li>
    </ul>
  );
});
