/** "verified against Linux 6.12.x": shown when the stored verify run (src/verify/verified.json) agreed for this exact built-in. */
import { builtinScenario } from '../../scenario/builtins';
import { useApp } from '../../store/react';
import { lookupVerified, type VerifiedFile } from '../../verify/verified';
import verified from '../../verify/verified.json';

export function VerifiedBadge() {
  const load = useApp((s) => s.load);
  if (load.status !== 'ready' || load.source !== 'builtin') return null;
  const kernel = load.built.scenario.kernel;
  const e = lookupVerified(verified as VerifiedFile, load.id, kernel, builtinScenario(load.id));
  if (!e) return <span className="outcome-verified outcome-verified--none">not verified against a real kernel</span>;
  const date = e.date.slice(0, 10);
  return e.result === 'agree' ? (
    <span className="outcome-verified" title={`npm run verify on ${e.release} under QEMU, ${e.date}: agreed`}>
      verified on {e.release.replace(/\+.*$/, '')}
    </span>
  ) : (
    <span className="outcome-verified outcome-verified--differ" title={`npm run verify on ${e.release}, ${e.date}`}>
      last verify on Linux {e.release.replace(/\+.*$/, '')}: {e.result} ({date})
    </span>
  );
}
