/** Choose a built-in scenario or open a scenario file (validated; a bad file never replaces the loaded one). */
import { useRef } from 'react';
import { VARIANTS } from '../kernel/variants/variants';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { useApp } from '../store/react';
import { useAuthoring, useAuthoringStores, useMine } from './authoringContext';
import { openScenarioFile } from './openFile';

export function ScenarioPicker() {
  const load = useApp((s) => s.load);
  const loadBuiltin = useApp((s) => s.loadBuiltin);
  const { authoring } = useAuthoringStores();
  const mine = useMine((s) => s.entries);
  // the Mine entry on screen (its key is the authoring session's once the run is kept)
  const mineKey = useAuthoring((s) => s.key);
  const refuseInput = useApp((s) => s.refuseInput);
  const setKernel = useApp((s) => s.setKernel);
  const fileRef = useRef<HTMLInputElement>(null);
  const fromMine = load.status === 'ready' && load.source !== 'builtin' && mine.some((e) => e.key === mineKey);
  const current = load.status === 'ready' && load.source === 'builtin' ? load.id : fromMine ? `mine:${mineKey}` : '';

  const openFile = (file: File) => openScenarioFile(file, authoring, refuseInput);

  return (
    <div className="picker">
      <label>
        <span>Scenario</span>
        <select
          value={current}
          onChange={(e) => {
            const v = e.target.value;
            if (v.startsWith('mine:')) authoring.getState().openMine(v.slice(5));
            else if (v) loadBuiltin(v);
          }}
        >
          {current === '' ? (
            <option value="">{load.status === 'ready' ? `${load.id} (from file)` : 'choose…'}</option>
          ) : null}
          {BUILTIN_SCENARIOS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} — {s.title}
            </option>
          ))}
          {mine.length ? (
            <optgroup label="Mine">
              {mine.map((e) => (
                <option key={e.key} value={`mine:${e.key}`}>
                  {e.name}
                </option>
              ))}
            </optgroup>
          ) : null}
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
