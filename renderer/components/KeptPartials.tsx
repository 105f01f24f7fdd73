// Receive mode: what the receive folder keeps of interrupted encrypted
// transfers, for their devices to resume (as `zerodrop partials` lists it),
// each with Discard. Read again while the view is open: a transfer cut off
// now shows up within seconds.
import { useCallback, useEffect, useState } from 'react';
import { formatBytes, formatDuration } from '../../shared/format.js';
import type { PartialListing } from '../../shared/transfer.js';
import { safeText } from '../../shared/safeText.js';
import { useApp, useAppContext } from '../context.js';

const REFRESH_MS = 5_000;

export function KeptPartials() {
  const { commands } = useAppContext();
  const listening = useApp((state) => state.receiver.listening);
  // The list and when it was read: ages are counted from then.
  const [{ partials, readAt }, setRead] = useState<{ partials: PartialListing[]; readAt: number }>({ partials: [], readAt: 0 });
  const refresh = useCallback(() => void commands.listPartials().then((list) => setRead({ partials: list, readAt: Date.now() })), [commands]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, listening]);
  if (partials.length === 0) return null;
  return (
    <section className="kept-partials" aria-label="Kept for resuming">
      <h2>Kept for resuming</h2>
      <p className="hint">Interrupted encrypted transfers: sent again by the same device, each continues where it stopped.</p>
      <ul>
        {partials.map((p) => (
          <li key={p.id} aria-label={safeText(p.name)}>
            <span className="name">{safeText(p.name)}</span>{' '}
            <span className="numbers">
              {formatBytes(p.heldBytes)} of {formatBytes(p.size)} · from <code className="fingerprint">{p.fingerprint}</code> · {formatDuration(Math.max(0, readAt - p.updatedAt) / 1000)} ago
            </span>{' '}
            <button type="button" className="small" onClick={() => void commands.discardPartial(p.id).then(refresh)} aria-label={`Discard ${safeText(p.name)}`}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
