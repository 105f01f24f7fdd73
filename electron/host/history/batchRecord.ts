// A batch that ended (batches.ts) as the history's record of it: counts,
// bytes, times, the folder and a few names. Pure.
import path from 'node:path';
import type { HistoryBatch, HistoryOutcome } from '../../../shared/history.js';
import type { FileProgress } from '../../../shared/transfer.js';
import type { Batch } from '../batches.js';
import { MAX_PATH, MAX_TEXT, NAMES_KEPT } from './historyRecords.js';

export function batchRecord(batch: Batch, id: string): HistoryBatch {
  const { files } = batch;
  const done = files.filter((file) => file.status === 'done').length;
  const failed = files.filter((file) => file.status === 'failed').length;
  // A file still in transit when the program closed was cut short.
  const cancelled = files.length - done - failed;
  const error = files.find((file) => file.status === 'failed' && file.error)?.error?.text;
  return {
    id,
    direction: batch.direction,
    peer: cut(batch.peer),
    files: files.length,
    done,
    failed,
    cancelled,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    outcome: outcomeOf(done, failed, cancelled),
    // Reduced, not spread: a batch may have more files than a call has room for arguments.
    startedAt: new Date(files.reduce((first, file) => Math.min(first, file.startedAt), Infinity)).toISOString(),
    endedAt: new Date(files.reduce((last, file) => Math.max(last, file.updatedAt), 0)).toISOString(),
    folder: folderOf(files),
    names: files.slice(0, NAMES_KEPT).map((file) => cut(file.name)),
    ...(error === undefined ? {} : { error: cut(error) }),
  };
}

export function outcomeOf(done: number, failed: number, cancelled: number): HistoryOutcome {
  if (failed === 0 && cancelled === 0) return 'done';
  if (done > 0) return 'partial';
  return failed > 0 ? 'failed' : 'cancelled';
}

/** The deepest folder that holds every one of `folders` (absolute paths); null for none. */
export function commonFolder(folders: readonly string[]): string | null {
  if (folders.length === 0) return null;
  let common = folders[0]!;
  for (const folder of folders) {
    while (!isWithin(folder, common)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

function isWithin(folder: string, ancestor: string): boolean {
  const relative = path.relative(ancestor, folder);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The folder the files came from or went to; null when unknown, or too long a path to keep. */
function folderOf(files: readonly FileProgress[]): string | null {
  const folder = commonFolder(files.flatMap((file) => (file.path === undefined ? [] : [path.dirname(file.path)])));
  return folder !== null && folder.length <= MAX_PATH ? folder : null;
}

/** A peer's text, bounded, cut between characters (a peer chooses names and error texts). */
function cut(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT - 1]!) ? MAX_TEXT - 1 : MAX_TEXT;
  return text.slice(0, end);
}
