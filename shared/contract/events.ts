// Events the host pushes to every connected UI, declared once: their names
// and payloads.
import type { HistoryBatch } from '../history.js';
import type { FileProgress, ReceiverStatus } from '../transfer.js';
import type { BatchOffer } from '../trust.js';

/**
 * Files in one 'files.progress' event at most. A UI takes each event as a
 * task of its own, so a folder of 100,000 files queued at once arrives as
 * many short tasks, not one that holds the page for a second.
 */
export const PROGRESS_SLICE = 1_000;

export interface Events {
  /** Coalesced: at most every 100 ms, only files that changed; at most PROGRESS_SLICE files each. */
  'files.progress': FileProgress[];
  'receiver.status': ReceiverStatus;
  /**
   * Electron only: absolute paths the app was started with (a second start
   * hands them to the running one, as "Open with" does), to stage in the
   * Send view.
   */
  'files.staged': string[];
  /**
   * A batch of this host's that ended, as the history recorded it. Batches
   * the CLI records are seen by asking history.list again.
   */
  'history.added': HistoryBatch;
  /**
   * The batches the receiving person is asked about now, oldest first: sent
   * when one is asked and when one is withdrawn (answered, timed out, or the
   * receiver stopped). The whole list, so that a slow tab that gets only the
   * latest (the browser shell coalesces) still shows exactly what is open.
   */
  'consent.pending': BatchOffer[];
}

export type EventName = keyof Events;
