/**
 * Forms for the scenario, drawn from the format's JSON Schema (schemaForm.ts): the scenario's own fields,
 * then one section per list (namespaces, filesystems, files, processes with their mappings and touches,
 * events). Each change is one edit of the whole scenario, handed to `onChange`.
 */
import { type JsonSchema, scenarioJsonSchema } from '../../scenario/jsonSchema';
import { type Control, controlFor, fromText, itemLabel, newItem, setIn, variantOf } from './schemaForm';

type Path = (string | number)[];
type Change = (path: Path, value: unknown) => void;

const pathText = (p: Path) =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

export function SchemaForm({ value, onChange }: { value: Record<string, unknown>; onChange: (v: unknown) => void }) {
  const schema = scenarioJsonSchema();
  const change: Change = (path, v) => onChange(setIn(value, path, v));
  const props = Object.entries(schema.properties ?? {});
  const lists = props.filter(([, s]) => controlFor(s).kind === 'list');
  const fields = props.filter(([, s]) => controlFor(s).kind !== 'list');
  return (
    <div className="schema-form">
      <details open>
        <summary>Scenario</summary>
        <Fields schema={schema} entries={fields} value={value} path={[]} change={change} required={schema.required} />
      </details>
      {lists.map(([key, s]) => (
        <ListSection key={key} name={key} schema={s} value={value[key]} path={[key]} change={change} top />
      ))}
    </div>
  );
}

function Fields({
  entries,
  value,
  path,
  change,
  required,
}: {
  schema?: JsonSchema;
  entries: [string, JsonSchema][];
  value: Record<string, unknown>;
  path: Path;
  change: Change;
  required?: string[];
}) {
  return (
    <div className="schema-form__fields">
      {entries.map(([key, s]) => (
        <Field
          key={key}
          name={key}
          schema={s}
          value={value?.[key]}
          path={[...path, key]}
          change={change}
          required={required?.includes(key) ?? false}
        />
      ))}
    </div>
  );
}

function Field({
  name,
  schema,
  value,
  path,
  change,
  required,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  path: Path;
  change: Change;
  required: boolean;
}) {
  const c: Control = controlFor(schema);
  const id = `f-${pathText(path)}`;
  const hint = schema.default !== undefined ? `default ${JSON.stringify(schema.default)}` : required ? '' : 'optional';
  switch (c.kind) {
    case 'list':
      return <ListSection name={name} schema={schema} value={value} path={path} change={change} />;
    case 'object':
      return (
        <fieldset className="schema-form__object">
          <legend>{name}</legend>
          <Fields
            entries={Object.entries(c.schema.properties ?? {})}
            value={(value ?? {}) as Record<string, unknown>}
            path={path}
            change={change}
            required={c.schema.required}
          />
        </fieldset>
      );
    case 'choice':
      return (
        <label className="schema-form__field" htmlFor={id}>
          <span>{name}</span>
          <select
            id={id}
            value={value === undefined ? '' : JSON.stringify(value)}
            onChange={(e) => change(path, e.target.value === '' ? undefined : JSON.parse(e.target.value))}
          >
            {required && value !== undefined ? null : <option value="">{hint || '—'}</option>}
            {c.options.map((o) => (
              <option key={String(o)} value={JSON.stringify(o)}>
                {String(o)}
              </option>
            ))}
          </select>
        </label>
      );
    case 'text': {
      const shown = value === undefined || value === null ? '' : String(value);
      const commit = (text: string) => {
        if (text === shown) return;
        change(path, text === '' && !required ? undefined : fromText(text, c.numeric));
      };
      return (
        <label className="schema-form__field" htmlFor={id}>
          <span>{name}</span>
          <input
            id={id}
            // a new value from outside (undo, the JSON) replaces what is shown
            key={shown}
            defaultValue={shown}
            placeholder={hint}
            spellCheck={false}
            onBlur={(e) => commit(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(e.currentTarget.value);
            }}
          />
        </label>
      );
    }
    default:
      return (
        <p className="schema-form__other">
          <code>{name}</code>: edit it in the JSON
        </p>
      );
  }
}

function ListSection({
  name,
  schema,
  value,
  path,
  change,
  top,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  path: Path;
  change: Change;
  top?: boolean;
}) {
  const item = schema.items ?? {};
  const items = Array.isArray(value) ? value : [];
  const body = (
    <>
      {items.map((v, i) => (
        <Item
          // biome-ignore lint/suspicious/noArrayIndexKey: an item is its position in the list (as in the JSON)
          key={i}
          label={itemLabel(pathText(path), i, v)}
          schema={item}
          value={v}
          path={[...path, i]}
          change={change}
          remove={() =>
            change(
              path,
              items.filter((_, j) => j !== i),
            )
          }
        />
      ))}
      <button type="button" className="schema-form__add" onClick={() => change(path, [...items, newItem(item)])}>
        Add to {pathText(path)}
      </button>
    </>
  );
  if (top)
    return (
      <details open={name === 'processes' || name === 'events'}>
        <summary>
          {name} ({items.length})
        </summary>
        {body}
      </details>
    );
  return (
    <fieldset className="schema-form__list">
      <legend>
        {name} ({items.length})
      </legend>
      {body}
    </fieldset>
  );
}

function Item({
  label,
  schema,
  value,
  path,
  change,
  remove,
}: {
  label: string;
  schema: JsonSchema;
  value: unknown;
  path: Path;
  change: Change;
  remove: () => void;
}) {
  const c = controlFor(schema);
  const v = (value ?? {}) as Record<string, unknown>;
  let shape: JsonSchema | undefined = schema;
  let kindPicker = null;
  if (c.kind === 'variants') {
    shape = variantOf(c.variants, value);
    const kinds = c.variants.map((x) => String(x.properties?.kind?.const));
    const id = `f-${pathText([...path, 'kind'])}`;
    kindPicker = (
      <label className="schema-form__field" htmlFor={id}>
        <span>kind</span>
        <select
          id={id}
          value={String(v.kind ?? '')}
          onChange={(e) => {
            const next = c.variants.find((x) => x.properties?.kind?.const === e.target.value);
            if (next) change(path, newItem(next));
          }}
        >
          {shape ? null : <option value="">choose…</option>}
          {kinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
    );
  }
  const entries = Object.entries(shape?.properties ?? {}).filter(([k]) => !(kindPicker && k === 'kind'));
  return (
    <fieldset className="schema-form__item">
      <legend>{label}</legend>
      {kindPicker}
      {shape && (c.kind === 'object' || c.kind === 'variants') ? (
        <Fields entries={entries} value={v} path={path} change={change} required={shape.required} />
      ) : null}
      <button type="button" className="schema-form__remove" onClick={remove} aria-label={`Remove ${label}`}>
        Remove
      </button>
    </fieldset>
  );
}
