import { useMemo } from 'react';
import type { SimulationReport } from '../pipeline/report';
import { simulateBuiltin } from '../session/simulate';
import { OutcomePanel } from './OutcomePanel';

/** The scenario the app opens on. */
export const DEFAULT_SCENARIO = 'xfs-reflink-shared';

type Outcome = { ok: true; report: SimulationReport } | { ok: false; message: string };

function run(id: string): Outcome {
  try {
    return { ok: true, report: simulateBuiltin(id).report };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Temporary app shell: runs the default built-in scenario and shows its outcome. */
export function App() {
  const outcome = useMemo(() => run(DEFAULT_SCENARIO), []);
  return (
    <>
      <header className="app-header">
        <h1>DAX Memory-Failure Explorer</h1>
        <p className="app-tagline">Linux memory-failure handling on persistent memory, simulated step by step.</p>
      </header>
      <main className="app-main">
        {outcome.ok ? (
          <OutcomePanel report={outcome.report} />
        ) : (
          <div role="alert" className="app-error">
            <h2>Simulation failed</h2>
            <p>
              Scenario <code>{DEFAULT_SCENARIO}</code>: {outcome.message}
            </p>
          </div>
        )}
      </main>
      <footer className="app-footer">
        <p>Models Linux 6.12 (mm/memory-failure.c, fs/dax.c, XFS and devdax). A teaching simulator, not a kernel.</p>
      </footer>
    </>
  );
}
