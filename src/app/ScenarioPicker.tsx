/** Choose a built-in scenario or open a scenario file (validated; a bad file never replaces the loaded one). */
import { useRef } from 'react';
import { VARIANTS } from '../kernel/variants/variants';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { useApp } from '../store/react';

/** the largest scenario file the app reads (docs/scenario-format.md, "Limits") */
export const MAX_FILE = 8 * 1024 * 1024;

export function ScenarioPicker() {
  const load = useApp((s) => s.load);
  const loadBuiltin = useApp((s) => s.loadBuiltin);
  const loadInput = useApp((s) => s.loadInput);
  const refuseInput = useApp((s) => s.refuseInput);
  const setKernel = useApp((s) => s.setKernel);
  const fileRef = useRef<HTMLInputElement>(null);
  const current = load.status === 'ready' && load.source === 'builtin' ? load.id : '';

  const openFile = async (file: File) => {
    if (file.size > MAX_FILE)
      return refuseInput(file.name, '(file)', `too large: ${file.size} bytes; the limit is 8 MiB (${MAX_FILE} bytes)`);
    loadInput(await file.text(), file.name);
  };

  return (
    <div className="picker">
      <label>
        <span>Scenario</span>
        <select value={current} onChange={(e) => e.target.value && loadBuiltin(e.target.value)}>
          {current === '' ? (
            <option value="">{load.status === 'ready' ? `${load.id} (from file)` : 'choose…'}</option>
          ) : null}
          {BUILTIN_SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} — {s.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Kernel</span>
        <select
          value={load.status === 'ready' ? load.sim.report.kernel : ''}
          disabled={load.status !== 'ready'}
          onChange={(e) => setKernel(e.target.value)}
        >
          {load.status === 'ready' ? null : <option value="">…</option>}
          {VARIANTS.map((v) => (
            <option key={v.id} value={v.id} title={v.title}>
              {v.id}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => fileRef.current?.click()}>
        Open scenario file…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Scenario file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void openFile(f);
          e.target.value = '';
        }}
      />
    </div>
  );
}
