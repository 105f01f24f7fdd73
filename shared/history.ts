// A past batch as the history keeps it: what the app's History view and
// `zerodrop history --json` show, and what the store in electron/host/history/
// writes, one record per batch.
import type { Direction } from './transfer.js';

/** done: every file arrived; partial: some did; failed: none did and some failed; cancelled: all were cancelled or cut short. */
export type HistoryOutcome = 'done' | 'partial' | 'failed' | 'cancelled';

export const HISTORY_OUTCOMES: readonly HistoryOutcome[] = ['done', 'partial', 'failed', 'cancelled'];

export interface HistoryBatch {
  /** Random, unique: a record copied twice (see historyLog.ts) is shown once. */
  id: string;
  direction: Direction;
  /** The receiver's endpoint (sending), or the sender's connection (receiving). */
  peer: string;
  /** How many files the batch had. */
  files: number;
  done: number;
  failed: number;
  cancelled: number;
  /** Bytes that moved: acknowledged by the receiver (sending) or written (receiving). */
  bytes: number;
  outcome: HistoryOutcome;
  /** ISO 8601, UTC. */
  startedAt: string;
  endedAt: string;
  /** Where the files came from (sending) or were stored (receiving): the folder that holds them all; null when unknown. */
  folder: string | null;
  /** The first few files' names (wire names), for a person to recognise the batch. */
  names: string[];
  /** The first failure's words, when a file failed. */
  error?: string;
}
