/** A hex value (or any kernel value) shown in monospace with a button that copies it. */
import { useState } from 'react';

export function CopyHex({ value, label }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1200);
    } catch {
      setCopied(false);
    }
  };
  return (
    <span className="copy-hex">
      <code>{value}</code>
      <button type="button" className="copy-hex__btn" onClick={copy} aria-label={`Copy ${label ?? value}`} title="Copy">
        {copied ? '✓' : '⧉'}
      </button>
    </span>
  );
}
