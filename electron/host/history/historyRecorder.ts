// Writes each batch that ends into the history: the host and the CLI's send
// and receive hand it their actors' progress, so every program records its
// batches the same way, in the same file.
import { randomBytes } from 'node:crypto';
import type { HistoryBatch } from '../../../shared/history.js';
import type { FileProgress } from '../../../shared/transfer.js';
import { BatchWatcher, type Batch } from '../batches.js';
import { batchRecord } from './batchRecord.js';
import type { HistoryLog } from './historyLog.js';

export interface RecorderEvents {
  /** A record is on disk. */
  recorded?(batch: HistoryBatch): void;
  /** A record could not be written: the transfer itself went as it went, so this is only said. */
  failed?(error: Error): void;
}

/**
 * Records waiting to be written, at most: each is flushed to disk, and peers
 * can end batches (a plain one per connection) faster than a disk flushes.
 * Past it, received batches go unrecorded (said once the queue drains); sent
 * ones, the person's own, are always recorded.
 */
export const MAX_WAITING_RECORDS = 256;

export class HistoryRecorder {
  private readonly watcher: BatchWatcher;
  /** Records are written one after another, in the order their batches ended. */
  private writing: Promise<void> = Promise.resolve();
  private waiting = 0;
  private skipped = 0;

  constructor(
    private readonly log: HistoryLog,
    private readonly events: RecorderEvents = {},
    quietMs?: number,
  ) {
    this.watcher = new BatchWatcher((batch) => this.record(batch), quietMs);
  }

  /** Takes one progress event's files. */
  update(files: readonly FileProgress[]): void {
    this.watcher.update(files);
  }

  /** Records every batch not yet ended, as it is (the program is closing), and resolves once every record is written. */
  async close(): Promise<void> {
    this.watcher.flush();
    await this.writing;
  }

  private record(batch: Batch): void {
    if (this.waiting >= MAX_WAITING_RECORDS && batch.direction === 'receive') {
      this.skipped++;
      return;
    }
    const record = batchRecord(batch, randomBytes(16).toString('hex'));
    this.waiting++;
    this.writing = this.writing
      .then(() => this.log.append(record))
      .then(
        () => this.events.recorded?.(record),
        (error: unknown) => this.events.failed?.(error instanceof Error ? error : new Error(String(error))),
      )
      .then(() => {
        if (--this.waiting > 0 || this.skipped === 0) return;
        this.events.failed?.(new Error(`${this.skipped} received batches were not recorded: they ended faster than the history could be written`));
        this.skipped = 0;
      });
  }
}
