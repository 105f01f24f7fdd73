// One file of a batch on one line: its name with its folder, size, a thin
// bar, its state and the action that applies. Opened (the file a person
// looks at, or a large file in transit) it shows its numbers, its outcome
// and its chunk map below. Re-renders only when its own file changes.
import { memo, type CSSProperties } from 'react';
import { formatBytes } from '../../shared/format.js';
import { MAX_SHOWN_CHARS, safeText, safeTextEnd } from '../../shared/safeText.js';
import { hasEnded, type FileProgress } from '../../shared/transfer.js';
import { useApp, useAppContext } from '../context.js';
import { splitName } from '../store/batchModel.js';
import { endedHere } from '../store/endings.js';
import { detailLabel, explainError } from '../text/errors.js';
import { percentDone, progressLine, statusWord, toneOf } from '../text/files.js';
import { ChunkMapCanvas } from './ChunkMapCanvas.js';
import { ProgressBar } from './ProgressBar.js';

/** Heights the list places rows by (CSS pixels); styles.css draws them so. */
export const ROW_PX = 34;

/** An open row: its line, numbers and chunk map, and room for what went wrong if something did. */
export function openRowPx(file: FileProgress): number {
  return file.error ? 160 : 108;
}

export interface FileRowProps {
  id: string;
  open: boolean;
  /** Opens or closes this row's details. */
  onToggle(id: string): void;
  style: CSSProperties;
  position: number;
  count: number;
}

export const FileRow = memo(function FileRow({ id, open, onToggle, style, position, count }: FileRowProps) {
  const entry = useApp((state) => state.files.get(id));
  if (!entry) return null;
  const { file, rate } = entry;
  // A received name is a peer's choice: bidi overrides or invisible
  // characters in it would show another name than the one stored.
  const name = safeText(file.name);
  const [base, folder] = splitName(name);
  const line = progressLine(file, rate);
  const tone = toneOf(file);
  return (
    <li className={`row row-${tone}${open ? ' row-open' : ''}`} style={style} aria-label={name} aria-setsize={count} aria-posinset={position}>
      <div className="row-line">
        <button
          type="button"
          className="row-name"
          aria-expanded={open}
          aria-label={`Details of ${name}`}
          title={safeTextEnd(file.path ?? file.name, MAX_SHOWN_CHARS)}
          onClick={() => onToggle(id)}
        >
          <span className="row-base">{base}</span>
          {folder && <span className="row-folder">{folder}</span>}
        </button>
        <span className="row-size">{file.size === null ? '' : formatBytes(file.size)}</span>
        {/* Stripes say "size not known yet": a file that ended without one shows an empty bar. */}
        <ProgressBar label={`${name} progress`} percent={percentDone(file) ?? (hasEnded(file.status) ? 0 : null)} valueText={line} tone={tone} thin />
        <span className="row-state">{statusWord(file)}</span>
        <FileAction file={file} name={name} />
      </div>
      {open && <FileDetails file={file} line={line} />}
    </li>
  );
});

function FileDetails({ file, line }: { file: FileProgress; line: string }) {
  const error = file.error;
  // "Saved as" only says something when the receiver had to choose another name.
  const renamed = file.direction === 'receive' && file.status === 'done' && file.storedAs && file.storedAs !== file.name;
  return (
    <div className="row-details">
      <p className="row-numbers">
        {line}
        {renamed && <span className="file-stored"> · Saved as “{safeText(file.storedAs!)}”</span>}
      </p>
      {error &&
        (endedHere(error, file.direction) ? (
          <p className="row-note">{explainError(error, file.direction)}</p>
        ) : (
          <p className="file-error" role="alert">
            {explainError(error, file.direction)}{' '}
            <span className="file-error-detail">
              {detailLabel(error, file.direction)}: {safeText(error.text)}
            </span>
          </p>
        ))}
      <ChunkMapCanvas id={file.id} />
    </div>
  );
}

function FileAction({ file, name }: { file: FileProgress; name: string }) {
  const { commands } = useAppContext();
  const inTransit = file.status === 'queued' || file.status === 'active' || file.status === 'closing';
  const ended = file.status === 'failed' || file.status === 'cancelled';
  if (inTransit) {
    const cancel = file.direction === 'send' ? commands.cancel : commands.cancelReceiving;
    return (
      <button type="button" className="small" aria-label={`Cancel ${name}`} onClick={() => void cancel(file.id)}>
        Cancel
      </button>
    );
  }
  if (file.direction === 'send' && ended) {
    return (
      <button type="button" className="small" aria-label={`Retry ${name}`} onClick={() => void commands.retry(file.id)}>
        Retry
      </button>
    );
  }
  if (file.status === 'done' && file.path) {
    const shown = file.storedAs ? safeText(file.storedAs) : name;
    return (
      <button type="button" className="small" aria-label={`Show ${shown} in its folder`} onClick={() => void commands.revealPath(file.path!)}>
        Show
      </button>
    );
  }
  return <span className="row-no-action" />;
}
