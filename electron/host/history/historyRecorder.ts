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

export class HistoryRecorder {
  private readonly watcher: BatchWatcher;
  /** Records are written one after another, in the order their batches ended. */
  private writing: Promise<void> = Promise.resolve();

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
    const record = batchRecord(batch, randomBytes(16).toString('hex'));
    this.writing = this.writing
      .then(() => this.log.append(record))
      .then(
        () => this.events.recorded?.(record),
        (error: unknown) => this.events.failed?.(error instanceof Error ? error : new Error(String(error))),
      );
  }
}
