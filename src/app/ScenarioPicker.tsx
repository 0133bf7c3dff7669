/** Choose a built-in scenario or open a scenario file (validated; a bad file never replaces the loaded one). */
import { useRef } from 'react';
import { VARIANTS } from '../kernel/variants/variants';
import { BUILTIN_SCENARIOS, isDesignReview } from '../scenario/builtins';
import { designReviewLink } from '../store/compareLink';
import { useApp } from '../store/react';
import { escapeControlsInline } from '../text/escapeControls';
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
            const id = e.target.value;
            if (!id) return;
            if (id.startsWith('mine:')) authoring.getState().openMine(id.slice(5));
            else {
              // a design review opens in compare mode against 6.12 (its own page)
              const review = designReviewLink(id);
              if (review) window.location.assign(`${window.location.pathname}${review}`);
              else loadBuiltin(id);
            }
          }}
        >
          {current === '' ? (
            <option value="">{load.status === 'ready' ? `${load.id} (from file)` : 'choose…'}</option>
          ) : null}
          {BUILTIN_SCENARIOS.filter((s) => !isDesignReview(s)).map((s) => (
            <option key={s.id} value={s.id}>
              {s.id} — {s.title}
            </option>
          ))}
          <optgroup label="Design reviews">
            {BUILTIN_SCENARIOS.filter(isDesignReview).map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} — {s.title} (vs 6.12)
              </option>
            ))}
          </optgroup>
          {mine.length ? (
            <optgroup label="Mine">
              {mine.map((e) => (
                <option key={e.key} value={`mine:${e.key}`}>
                  {escapeControlsInline(e.name)}
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
