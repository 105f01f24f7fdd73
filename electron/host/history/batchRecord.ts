// A batch that ended (batches.ts) as the history's record of it: counts,
// bytes, times, the folder and a few names. Pure.
import type { HistoryBatch, HistoryOutcome } from '../../../shared/history.js';
import type { Batch } from '../batches.js';
import { MAX_PATH, MAX_TEXT } from './historyRecords.js';

export function batchRecord(batch: Batch, id: string): HistoryBatch {
  // A file still in transit when the program closed was cut short.
  const cancelled = batch.files - batch.done - batch.failed;
  return {
    id,
    direction: batch.direction,
    peer: cut(batch.peer),
    files: batch.files,
    done: batch.done,
    failed: batch.failed,
    cancelled,
    bytes: batch.bytes,
    outcome: outcomeOf(batch.done, batch.failed, cancelled),
    startedAt: new Date(batch.startedAt).toISOString(),
    endedAt: new Date(batch.endedAt).toISOString(),
    folder: batch.folder !== null && batch.folder.length <= MAX_PATH ? batch.folder : null,
    names: batch.names.map(cut),
    ...(batch.error === undefined ? {} : { error: cut(batch.error) }),
  };
}

export function outcomeOf(done: number, failed: number, cancelled: number): HistoryOutcome {
  if (failed === 0 && cancelled === 0) return 'done';
  if (done > 0) return 'partial';
  return failed > 0 ? 'failed' : 'cancelled';
}

/** A peer's text, bounded, cut between characters (a peer chooses names and error texts). */
function cut(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_TEXT - 1]!) ? MAX_TEXT - 1 : MAX_TEXT;
  return text.slice(0, end);
}
