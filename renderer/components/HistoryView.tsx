// Past batches, both directions, newest first: what the host keeps in its
// data folder across restarts, the command line's batches included. Shown a
// page at a time, so that a long history costs little to draw.
import { useState } from 'react';
import type { HistoryBatch } from '../../shared/history.js';
import { batchNames, batchOutcome, batchTitle } from '../../shared/historyText.js';
import { safeText } from '../../shared/safeText.js';
import { useApp } from '../context.js';
import './HistoryView.css';

export const HISTORY_PAGE = 100;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function HistoryView() {
  const history = useApp((state) => state.history);
  const [shown, setShown] = useState(HISTORY_PAGE);
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history === null ? (
        <p className="empty">Loading…</p>
      ) : history.length === 0 ? (
        <p className="empty">No batches yet. What this computer sends and receives is listed here, by the app and by the zerodrop command.</p>
      ) : (
        <>
          <ul className="history-list" aria-label="Past batches">
            {history.slice(0, shown).map((batch) => (
              <HistoryItem key={batch.id} batch={batch} />
            ))}
          </ul>
          {history.length > shown && (
            <button type="button" onClick={() => setShown(shown + HISTORY_PAGE)}>
              Show {Math.min(HISTORY_PAGE, history.length - shown)} more of {history.length - shown}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function HistoryItem({ batch }: { batch: HistoryBatch }) {
  const title = batchTitle(batch);
  const outcome = batchOutcome(batch);
  return (
    <li className="history-item" aria-label={title}>
      <div className="history-line">
        <span className="history-title">{title}</span>
        <span className={`history-outcome outcome-${batch.outcome}`} title={outcome}>
          {outcome}
        </span>
      </div>
      <div className="history-line history-details">
        <time dateTime={batch.endedAt}>{when.format(new Date(batch.endedAt))}</time>
        <span className="history-names">{batchNames(batch)}</span>
        {batch.folder !== null && (
          <span className="history-folder" title={safeText(batch.folder)}>
            {safeText(batch.folder)}
          </span>
        )}
      </div>
    </li>
  );
}
