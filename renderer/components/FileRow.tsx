// One file: name, state, bar with speed and time left, chunk map, outcome
// and the actions that apply to it. Re-renders only when its file changes.
import { memo } from 'react';
import { MAX_SHOWN_CHARS, safeText, safeTextEnd } from '../../shared/safeText.js';
import type { FileProgress } from '../../shared/transfer.js';
import { useApp, useAppContext } from '../context.js';
import { explainError, PROTOCOL_ERROR_CODES } from '../text/errors.js';
import { percentDone, progressLine, statusWord } from '../text/files.js';
import { ChunkMapCanvas } from './ChunkMapCanvas.js';
import { ProgressBar } from './ProgressBar.js';

function toneOf(file: FileProgress): 'active' | 'done' | 'failed' | 'idle' {
  if (file.status === 'done') return 'done';
  if (file.status === 'failed' || file.status === 'cancelled') return 'failed';
  return file.status === 'queued' ? 'idle' : 'active';
}

export const FileRow = memo(function FileRow({ id }: { id: string }) {
  const entry = useApp((state) => state.byId[id]);
  if (!entry) return null;
  const { file, rate } = entry;
  const line = progressLine(file, rate);
  // A received name is a peer's choice: bidi overrides or invisible
  // characters in it would show another name than the one stored.
  const name = safeText(file.name);
  return (
    <li className={`file file-${toneOf(file)}`} aria-label={name}>
      <div className="file-head">
        <span className="file-name" title={safeTextEnd(file.path ?? file.name, MAX_SHOWN_CHARS)}>
          {name}
        </span>
        <span className="file-status">{statusWord(file)}</span>
        <FileActions file={file} name={name} />
      </div>
      <ProgressBar label={`${name} progress`} percent={percentDone(file)} valueText={line} tone={toneOf(file)} />
      <div className="file-line">
        <span className="file-numbers">{line}</span>
        {file.status === 'done' && file.direction === 'receive' && file.storedAs && (
          <span className="file-stored">Saved as “{safeText(file.storedAs)}”</span>
        )}
      </div>
      <ChunkMapCanvas id={id} />
      {file.error && file.error.code !== 'cancelled' && (
        <p className="file-error" role="alert">
          {explainError(file.error)}{' '}
          <span className="file-error-detail">
            {PROTOCOL_ERROR_CODES.has(file.error.code) ? 'The receiver said' : 'Details'}: {safeText(file.error.text)}
          </span>
        </p>
      )}
    </li>
  );
});

function FileActions({ file, name }: { file: FileProgress; name: string }) {
  const { commands } = useAppContext();
  const inTransit = file.status === 'queued' || file.status === 'active' || file.status === 'closing';
  const ended = file.status === 'failed' || file.status === 'cancelled';
  return (
    <span className="file-actions">
      {file.direction === 'send' && inTransit && (
        <button type="button" className="small" aria-label={`Cancel ${name}`} onClick={() => void commands.cancel(file.id)}>
          Cancel
        </button>
      )}
      {file.direction === 'send' && ended && (
        <button type="button" className="small" aria-label={`Retry ${name}`} onClick={() => void commands.retry(file.id)}>
          Retry
        </button>
      )}
      {file.direction === 'receive' && file.status === 'done' && file.path && (
        <button type="button" className="small" aria-label={`Show ${file.storedAs ? safeText(file.storedAs) : name} in its folder`} onClick={() => void commands.revealPath(file.path!)}>
          Show file
        </button>
      )}
    </span>
  );
}
