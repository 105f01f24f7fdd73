// Events the host pushes to every connected UI, declared once: their names
// and payloads.
import type { FileProgress, ReceiverStatus } from '../transfer.js';

export interface Events {
  /** Coalesced: at most every 100 ms, only files that changed. */
  'files.progress': FileProgress[];
  'receiver.status': ReceiverStatus;
}

export type EventName = keyof Events;
