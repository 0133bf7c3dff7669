/**
 * The race chips of "Race a change…". A scenario with thousands of processes can race thousands of changes
 * (bench A: 10,001 munmaps); drawing them all cost ~20,000 DOM nodes on load and a reconcile of every chip
 * on each step. So the list is drawn only while the disclosure is open, and a long one as a scrolling
 * column of which only the rows in view (plus overscan) exist (@tanstack/react-virtual).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, memo, useRef } from 'react';
import { displaySafe } from '../../store/displaySafe';
import type { RaceChange } from '../../store/raceDrop';
import { NO_FLUSH_SYNC } from '../shared/useBoxVirtualizer';

/** up to this many chips wrap as before; more are virtualised */
export const CHIPS_WRAPPED = 200;
const ROW_PX = 22;

interface Props {
  changes: readonly RaceChange[];
  labelledBy: string;
  /** stable callbacks: the list does not re-render when only the step changes */
  onPick: (index: number) => void;
  onDragStart: (e: DragEvent, index: number) => void;
  onDragEnd: () => void;
}

export const RaceChipList = memo(function RaceChipList(props: Props) {
  return props.changes.length > CHIPS_WRAPPED ? <VirtualChips {...props} /> : <WrappedChips {...props} />;
});

function Chip({
  c,
  i,
  onPick,
  onDragStart,
  onDragEnd,
}: { c: RaceChange; i: number } & Omit<Props, 'changes' | 'labelledBy'>) {
  return (
    <button
      type="button"
      draggable
      className="timeline__race-chip"
      data-race-change={i}
      onDragStart={(e) => onDragStart(e, i)}
      onDragEnd={onDragEnd}
      onClick={() => onPick(i)}
    >
      {displaySafe(c.label)}
    </button>
  );
}

function WrappedChips({ changes, labelledBy, ...cb }: Props) {
  return (
    <ul aria-labelledby={labelledBy}>
      {changes.map((c, i) => (
        <li key={c.label}>
          <Chip c={c} i={i} {...cb} />
        </li>
      ))}
    </ul>
  );
}

function VirtualChips({ changes, labelledBy, ...cb }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    ...NO_FLUSH_SYNC,
    count: changes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  return (
    <div className="timeline__race-scroll" ref={scrollRef}>
      {/* a list whose items are positioned: aria-setsize/posinset say where each is in the whole list */}
      <ul aria-labelledby={labelledBy} className="timeline__race-virtual" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((row) => {
          const c = changes[row.index] as RaceChange;
          return (
            <li
              key={c.label}
              aria-setsize={changes.length}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <Chip c={c} i={row.index} {...cb} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
