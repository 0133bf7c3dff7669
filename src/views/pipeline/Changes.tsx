/**
 * What the step wrote, from its journal: each object a button that selects it, flashing once when the step
 * is entered. A step of a large run can change hundreds of objects: the first few are drawn, the rest on
 * request.
 */
import { useState } from 'react';
import { useApp } from '../../store/react';
import { selectChanged } from '../../store/selectors';

/** the changed objects drawn before "show all": each is a button, and a step of a large run can change hundreds */
export const CHANGES_SHOWN = 24;

export function Changes() {
  const changed = useApp(selectChanged);
  const select = useApp((s) => s.select);
  // keyed by the cursor too, so the flash replays when the next step changes the same object
  const cursor = useApp((s) => s.cursor);
  // "show all" holds for the step it was asked at (bench A's steps change up to 336 objects: laying out
  // that many buttons took ~65 ms here, a long task at every load that lands on such a step)
  const [allAt, setAllAt] = useState<number | null>(null);
  if (!changed?.length) return null;
  const shown = allAt === cursor ? changed : changed.slice(0, CHANGES_SHOWN);
  return (
    <fieldset className="pipeline__changes">
      <legend className="pipeline__changes-legend">changed:</legend>
      {shown.map((c) => (
        <button
          type="button"
          key={`${cursor}:${c.object}`}
          className="pipeline__obj pipeline__obj--changed"
          onClick={() => select(c.object)}
          data-changed={c.object}
        >
          {c.object}.{c.fields.join(', ')}
        </button>
      ))}
      {shown.length < changed.length ? (
        <button type="button" className="pipeline__more" onClick={() => setAllAt(cursor)}>
          +{changed.length - shown.length} more
        </button>
      ) : null}
    </fieldset>
  );
}
