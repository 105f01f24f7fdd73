// One file: name, state, bar with speed and time left, chunk map, outcome
// and the actions that apply to it. Re-renders only when its file changes.
import { memo } from 'react';
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
  return (
    <li className={`file file-${toneOf(file)}`} aria-label={file.name}>
      <div className="file-head">
        <span className="file-name" title={file.path ?? file.name}>
          {file.name}
        </span>
        <span className="file-status">{statusWord(file)}</span>
        <FileActions file={file} />
      </div>
      <ProgressBar label={`${file.name} progress`} percent={percentDone(file)} valueText={line} tone={toneOf(file)} />
      <div className="file-line">
        <span className="file-numbers">{line}</span>
        {file.status === 'done' && file.direction === 'receive' && file.storedAs && (
          <span className="file-stored">Saved as “{file.storedAs}”</span>
        )}
      </div>
      <ChunkMapCanvas id={id} />
      {file.error && file.error.code !== 'cancelled' && (
        <p className="file-error" role="alert">
          {explainError(file.error)}{' '}
          <span className="file-error-detail">
            {PROTOCOL_ERROR_CODES.has(file.error.code) ? 'The receiver said' : 'Details'}: {file.error.text}
          </span>
        </p>
      )}
    </li>
  );
});

function FileActions({ file }: { file: FileProgress }) {
  const { commands } = useAppContext();
  const inTransit = file.status === 'queued' || file.status === 'active' || file.status === 'closing';
  const ended = file.status === 'failed' || file.status === 'cancelled';
  return (
    <span className="file-actions">
      {file.direction === 'send' && inTransit && (
        <button type="button" className="small" aria-label={`Cancel ${file.name}`} onClick={() => void commands.cancel(file.id)}>
          Cancel
        </button>
      )}
      {file.direction === 'send' && ended && (
        <button type="button" className="small" aria-label={`Retry ${file.name}`} onClick={() => void commands.retry(file.id)}>
          Retry
        </button>
      )}
      {file.direction === 'receive' && file.status === 'done' && file.path && (
        <button type="button" className="small" aria-label={`Show ${file.storedAs ?? file.name} in its folder`} onClick={() => void commands.revealPath(file.path!)}>
          Show file
        </button>
      )}
    </span>
  );
}
