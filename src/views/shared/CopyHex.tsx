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
        {copied ? (
          '✓'
        ) : (
          <svg width="11" height="11" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path
              d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
            />
          </svg>
        )}
      </button>
    </span>
  );
}
