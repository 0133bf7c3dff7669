/** "Download reproducer": the loaded scenario as a script for a real kernel (issue 7), or why it cannot be one. */
import { useState } from 'react';
import { useApp } from '../../store/react';

export function DownloadReproducer() {
  const load = useApp((s) => s.load);
  const [note, setNote] = useState<string | null>(null);
  if (load.status !== 'ready') return null;
  const download = async () => {
    setNote(null);
    try {
      const { reproducerZipOf } = await import('./reproducerZip');
      const z = reproducerZipOf(load.input ?? load.built.scenario, load.sim.report.kernel);
      if ('refused' in z) return setNote(`No reproducer: ${z.refused}`);
      const url = URL.createObjectURL(new Blob([z.bytes as BlobPart], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = z.name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      setNote(`Reproducer failed: ${(e as Error).message}`);
    }
  };
  return (
    <span className="reproducer-download">
      <button
        type="button"
        onClick={download}
        title="run.sh, plan.txt and probe.c: run this scenario as root on a real machine with pmem (it destroys the namespace)"
      >
        Download reproducer
      </button>
      {note ? <span role="status">{note}</span> : null}
    </span>
  );
}
