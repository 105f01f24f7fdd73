// The batches of one direction, with the session's totals above them: work
// in transit first (oldest first), then finished batches (newest first),
// which "Clear finished" puts away.
import { useShallow } from 'zustand/shallow';
import { formatBytes, formatRate } from '../../shared/format.js';
import type { Direction } from '../../shared/transfer.js';
import { useApp, useAppContext } from '../context.js';
import { inTransit } from '../store/batchModel.js';
import { sessionTotals, type FilesState } from '../store/files.js';
import { countOf, formatCount } from '../../shared/format.js';
import { BatchCard } from './BatchCard.js';

const TITLES: Record<Direction, string> = { send: 'Sent this session', receive: 'Received this session' };
const EMPTY: Record<Direction, string> = {
  send: 'Nothing sent yet. Add files, enter the receiver’s address and press Send.',
  receive: 'Nothing received yet. Files appear here as they arrive.',
};

/** Batch keys in the order shown, and whether some batch has finished. */
function shownBatches(state: FilesState, direction: Direction): string[] {
  const moving: string[] = [];
  const finished: string[] = [];
  for (const key of state.batchKeys[direction]) {
    const batch = state.batches.get(key);
    if (batch) (inTransit(batch.totals) ? moving : finished).push(key);
  }
  return [...moving, ...finished.reverse()];
}

export function FileList({ direction }: { direction: Direction }) {
  const { store } = useAppContext();
  const keys = useApp(useShallow((state) => shownBatches(state, direction)));
  const finished = useApp((state) => state.batchKeys[direction].some((key) => !inTransit(state.batches.get(key)!.totals)));
  return (
    <section className="files" aria-labelledby={`files-title-${direction}`}>
      <div className="files-head">
        <h2 id={`files-title-${direction}`}>{TITLES[direction]}</h2>
        <SessionTotals direction={direction} />
        {finished && (
          <button type="button" className="small" onClick={() => store.getState().clearFinished(direction)}>
            Clear finished
          </button>
        )}
      </div>
      {keys.length === 0 ? (
        <p className="empty">{EMPTY[direction]}</p>
      ) : (
        <div className="batches">
          {keys.map((key) => (
            <BatchCard key={key} batchKey={key} />
          ))}
        </div>
      )}
    </section>
  );
}

function SessionTotals({ direction }: { direction: Direction }) {
  const text = useApp((state) => {
    const totals = sessionTotals(state, direction);
    if (totals.files === 0) return '';
    const parts = [countOf(totals.files, 'file'), `${formatCount(totals.done)} done`];
    const moving = totals.queued + totals.moving;
    if (moving > 0) parts.push(`${formatCount(moving)} in progress`);
    if (totals.failed > 0) parts.push(`${formatCount(totals.failed)} failed`);
    if (totals.cancelled > 0) parts.push(`${formatCount(totals.cancelled)} cancelled`);
    parts.push(formatBytes(totals.bytes));
    if (moving > 0) parts.push(formatRate(totals.rate));
    return parts.join(' · ');
  });
  if (!text) return null;
  return (
    <p className="totals" aria-label="Session totals">
      {text}
    </p>
  );
}
