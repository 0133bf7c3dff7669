/** "PNG" and "SVG" for one view; the exporter (and its library) is fetched on the first click. */
import { type RefObject, useState } from 'react';

export function ExportButtons({ target, name }: { target: RefObject<HTMLElement | null>; name: string }) {
  const [error, setError] = useState<string | null>(null);
  const run = async (format: 'png' | 'svg') => {
    const node = target.current;
    if (!node) return;
    try {
      setError(null);
      const { exportView } = await import('./exportView');
      await exportView(node, name, format);
    } catch (e) {
      setError(`Export failed: ${(e as Error).message ?? e}`);
    }
  };
  return (
    <span className="export-buttons" data-export-skip="">
      <button type="button" onClick={() => run('png')} title={`Download this view as ${name}.png`}>
        PNG
      </button>
      <button type="button" onClick={() => run('svg')} title={`Download this view as ${name}.svg`}>
        SVG
      </button>
      {error ? (
        <span role="alert" className="export-buttons__error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
