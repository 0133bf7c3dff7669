/** An SVG arrowhead for <defs>, used by every view that draws pointers (edges, xa_node slots, vmemmap → frame). */
import { memo } from 'react';

/** memoised: the same at every step, in views that draw again at each step */
export const ArrowMarker = memo(function ArrowMarker({
  id,
  className,
  size = 6,
  orient = 'auto-start-reverse',
}: {
  id: string;
  className: string;
  size?: number;
  orient?: 'auto' | 'auto-start-reverse';
}) {
  return (
    <marker id={id} viewBox="0 0 8 8" refX="7" refY="4" markerWidth={size} markerHeight={size} orient={orient}>
      <path d="M0,0 L8,4 L0,8 z" className={className} />
    </marker>
  );
});
