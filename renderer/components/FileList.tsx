// The files of one direction, with the session's totals above them.
import { useShallow } from 'zustand/shallow';
import { formatBytes, formatRate } from '../../shared/format.js';
import type { Direction } from '../../shared/transfer.js';
import { useApp } from '../context.js';
import { totalsOf } from '../store/files.js';
import { FileRow } from './FileRow.js';

const TITLES: Record<Direction, string> = { send: 'Sent this session', receive: 'Received this session' };
const EMPTY: Record<Direction, string> = {
  send: 'Nothing sent yet. Add files, enter the receiver’s address and press Send.',
  receive: 'Nothing received yet. Files appear here as they arrive.',
};

export function FileList({ direction }: { direction: Direction }) {
  const ids = useApp((state) => state.ids[direction]);
  return (
    <section className="files" aria-labelledby={`files-title-${direction}`}>
      <div className="files-head">
        <h2 id={`files-title-${direction}`}>{TITLES[direction]}</h2>
        <SessionTotals direction={direction} />
      </div>
      {ids.length === 0 ? (
        <p className="empty">{EMPTY[direction]}</p>
      ) : (
        <ul className="file-list" aria-label={TITLES[direction]}>
          {ids.map((id) => (
            <FileRow key={id} id={id} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SessionTotals({ direction }: { direction: Direction }) {
  const totals = useApp(useShallow((state) => totalsOf(state, direction)));
  if (totals.files === 0) return null;
  const parts = [`${totals.files} ${totals.files === 1 ? 'file' : 'files'}`, `${totals.done} done`];
  if (totals.active > 0) parts.push(`${totals.active} in progress`);
  if (totals.failed > 0) parts.push(`${totals.failed} failed`);
  parts.push(formatBytes(totals.bytes));
  if (totals.active > 0) parts.push(formatRate(totals.rate));
  return (
    <p className="totals" aria-label="Session totals">
      {parts.join(' · ')}
    </p>
  );
}
