// Copies a text (an address to give a sender) and says so for a moment.
import { useEffect, useState } from 'react';

export function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="small"
      aria-label={`Copy ${text}`}
      onClick={() => navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined)}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
