/**
 * A filterable combobox (the ARIA editable combobox with a list popup) in place of a <select> whose options
 * would number thousands (bench A: the xarray view's 1,000+ reflinked files, the pipeline's 10,003 changes to
 * race; a <select> made one <option> each, again each time it was drawn). The popup draws only the options in
 * its box (a virtual list) and sits in the top layer (popover), so a short pane does not clip it. Keys in the
 * field: type to filter, ↓/↑ (PgDn/PgUp by ten) move the active option, Enter picks it, Esc closes; the mouse
 * picks with a click.
 */
import {
  type KeyboardEvent,
  type RefObject,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ComboChoice, filterChoices } from './comboChoices';
import './combobox.css';
import { useBoxVirtualizer } from './useBoxVirtualizer';

const OPTION_PX = 24;
const PAGE = 10;
/** the popup's height at most (16rem at 16px) */
const POPUP_MAX_PX = 256;

export function FilterCombobox({
  choices,
  value,
  label,
  onPick,
  filterHint,
  markTitle,
}: {
  choices: ComboChoice[];
  /** the id of the choice shown */
  value: string;
  /** the field's accessible name */
  label: string;
  onPick: (id: string) => void;
  /** the field's placeholder while the list is open, e.g. "filter files" */
  filterHint: string;
  /** what the mark of a marked option means (its tooltip) */
  markTitle?: string;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optId = (i: number) => `${listId}-o${i}`;
  const shown = useMemo(() => (open ? filterChoices(choices, query) : []), [open, choices, query]);
  const current = choices.find((c) => c.id === value);

  const openList = () => {
    if (open) return;
    setQuery('');
    // the current file is the active option when the list opens
    setActive(
      Math.max(
        0,
        choices.findIndex((c) => c.id === value),
      ),
    );
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setQuery('');
  };
  const pick = (i: number, byPointer: boolean) => {
    const c = shown[i];
    if (!c) return;
    close();
    if (c.id !== value) onPick(c.id);
    // a choice made with the mouse hands the keys back to the page, as a <select> does
    if (byPointer) inputRef.current?.blur();
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    const last = shown.length - 1;
    const move = (to: number) => {
      e.preventDefault();
      if (!open) openList();
      else setActive(Math.max(0, Math.min(last, to)));
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(active + 1);
      case 'ArrowUp':
        return move(active - 1);
      case 'PageDown':
        return move(active + PAGE);
      case 'PageUp':
        return move(active - PAGE);
      case 'Enter':
        if (open) {
          e.preventDefault();
          pick(active, false);
        }
        return;
      case 'Escape':
        if (open) {
          // Esc closes the list, and does not leave a focused view or the presentation
          e.preventDefault();
          e.stopPropagation();
          close();
        }
        return;
      default:
        return;
    }
  };

  return (
    <span className="combo">
      <input
        ref={inputRef}
        className="combo__field"
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={open && shown.length ? optId(active) : undefined}
        data-value={value}
        autoComplete="off"
        spellCheck={false}
        placeholder={open ? filterHint : undefined}
        value={open ? query : current ? current.text : ''}
        title={current?.text}
        onFocus={openList}
        onClick={openList}
        onBlur={close}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          if (!open) setOpen(true);
        }}
        onKeyDown={onKey}
      />
      {open ? (
        <ComboPopup
          field={inputRef}
          listId={listId}
          optId={optId}
          label={`${label}: ${shown.length} of ${choices.length}`}
          shown={shown}
          active={active}
          value={value}
          query={query}
          markTitle={markTitle}
          onPick={(i) => pick(i, true)}
          onHover={setActive}
        />
      ) : null}
    </span>
  );
}

/**
 * The list popup, mounted only while the list is open: a closed combobox (one per race-able step of a large
 * run) then has no virtual list to set up, whose first measure of its box forces the page's layout.
 */
function ComboPopup({
  field,
  listId,
  optId,
  label,
  shown,
  active,
  value,
  query,
  markTitle,
  onPick,
  onHover,
}: {
  field: RefObject<HTMLInputElement | null>;
  listId: string;
  optId: (i: number) => string;
  label: string;
  shown: ComboChoice[];
  active: number;
  value: string;
  query: string;
  markTitle?: string;
  onPick: (i: number) => void;
  onHover: (i: number) => void;
}) {
  const popRef = useRef<HTMLDivElement>(null);
  const v = useBoxVirtualizer(popRef, shown.length, OPTION_PX, 6);
  // in the top layer, under the field (the field's box, in viewport coordinates), or above it when there is
  // more room there; never past the window's edge
  useLayoutEffect(() => {
    const pop = popRef.current;
    const box = field.current;
    if (!pop || !box) return;
    const r = box.getBoundingClientRect();
    const below = window.innerHeight - r.bottom - 8;
    const above = r.top - 8;
    const room = Math.max(below, above);
    pop.style.maxHeight = `${Math.min(POPUP_MAX_PX, room)}px`;
    pop.style.left = `${Math.max(0, Math.min(r.left, window.innerWidth - 320))}px`;
    pop.style.top =
      below >= Math.min(POPUP_MAX_PX, above) ? `${r.bottom + 2}px` : `${r.top - 2 - Math.min(POPUP_MAX_PX, room)}px`;
    pop.showPopover?.();
  }, [field]);
  // the active option stays drawn and in view (aria-activedescendant names it)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the active option moves, the list scrolls
  useEffect(() => {
    if (shown.length) v.scrollToIndex(active, { align: 'auto' });
  }, [active]);
  const items = v.getVirtualItems();
  return (
    <div
      ref={popRef}
      id={listId}
      role="listbox"
      aria-label={label}
      className="combo__list"
      popover="manual"
      // the field keeps the focus while an option is clicked
      onMouseDown={(e) => e.preventDefault()}
    >
      {shown.length === 0 ? <p className="combo__none">nothing matches “{query}”</p> : null}
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {items.map((it) => {
          const c = shown[it.index];
          return (
            // biome-ignore lint/a11y/useFocusableInteractive: the combobox keeps the focus and names the active option (aria-activedescendant)
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (↓/↑/Enter); a click is the pointer's way
            <div
              key={c.id}
              id={optId(it.index)}
              role="option"
              aria-selected={c.id === value}
              aria-setsize={shown.length}
              aria-posinset={it.index + 1}
              data-value={c.id}
              className={`combo__option${it.index === active ? ' combo__option--active' : ''}`}
              style={{ transform: `translateY(${it.start}px)` }}
              onClick={() => onPick(it.index)}
              onMouseMove={() => it.index !== active && onHover(it.index)}
            >
              {c.marked ? (
                <span className="combo__mark" title={markTitle}>
                  ▶{' '}
                </span>
              ) : null}
              {c.text}
            </div>
          );
        })}
      </div>
    </div>
  );
}
