// The history file in the config folder, shared by the app and every CLI
// command: any number of processes append to it at once, one grows it past
// its bound and compacts it, and whatever a crash left in it still loads
// (the format and why: historyRecords.ts).
//
// How nothing is lost while processes write at once:
// - An append is one write() to the file opened with O_APPEND: the kernel
//   puts each at the end whole, never interleaved with another's.
// - Compaction (under the lock, so one at a time) reads the file, writes the
//   newest records to a new file and renames it over the old one, then reads
//   what was appended to the old file since and appends it to the new one.
// - An append that may have gone to the old file after that last read is
//   seen by its writer: after writing, it checks that the file it wrote to
//   is still the one named history (same inode), and appends again if not.
//   A record that ends up twice is read once (records carry an id).
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryBatch } from '../../../shared/history.js';
import { ownerOnlyFolder } from '../../engine/trust/deviceIdentity.js';
import { writeFileAtomic } from '../../engine/util/atomicWrite.js';
import { acquireLock } from '../../engine/util/lockFile.js';
import { completeLength, encodeRecord, newestRecords, parseRecords } from './historyRecords.js';

export const HISTORY_FILE = 'history.json-seq';

export interface HistoryLimits {
  /** An append that leaves the file larger than this compacts it. */
  maxBytes: number;
  /** What compaction keeps: the newest records that fit in this many bytes. */
  keepBytes: number;
}

/** About 1,500 to 3,000 batches of a few hundred bytes each. */
export const HISTORY_LIMITS: HistoryLimits = { maxBytes: 1024 * 1024, keepBytes: 512 * 1024 };

/** An append retries this often when compaction keeps replacing the file under it. */
const APPEND_ATTEMPTS = 5;

export class HistoryLog {
  readonly file: string;

  constructor(
    readonly configDir: string,
    private readonly limits: HistoryLimits = HISTORY_LIMITS,
  ) {
    this.file = path.join(configDir, HISTORY_FILE);
  }

  /** Adds one record, flushed to disk (the config folder is made, owner-only, if need be); compacts the file when it has grown past its bound. */
  async append(batch: HistoryBatch): Promise<void> {
    const size = await ownerOnlyFolder(this.configDir)
      .then(() => appendRecords(this.file, Buffer.from(encodeRecord(batch))))
      .catch((error: Error) => {
        throw new Error(`a batch could not be added to ${this.file}: ${error.message}`);
      });
    if (size <= this.limits.maxBytes) return;
    // The record is kept either way; a history that cannot shrink is only read from its end.
    await this.compact().catch((error: Error) => {
      throw new Error(`${this.file} could not be made smaller: ${error.message}`);
    });
  }

  /** Every batch kept, newest first. */
  async list(): Promise<HistoryBatch[]> {
    const handle = await fs.open(this.file, 'r').catch(ifMissing(null));
    if (!handle) return [];
    try {
      const { bytes } = await readEnd(handle, this.readLimit());
      const records = parseRecords(bytes.toString('utf8')).reverse();
      // Appended in the order batches ended, nearly: a record carried over by
      // compaction may come after a newer one.
      return records.sort((a, b) => Date.parse(b.endedAt) - Date.parse(a.endedAt));
    } finally {
      await handle.close();
    }
  }

  /**
   * Keeps the newest records that fit in `keepBytes`; records cut short or
   * damaged go. Resolves with false, doing nothing, while another process
   * compacts (it holds the lock).
   */
  async compact(): Promise<boolean> {
    const release = await acquireLock(`${this.file}.lock`, { waitMs: 0 });
    if (!release) return false;
    try {
      const old = await fs.open(this.file, 'r').catch(ifMissing(null));
      if (!old) return true;
      try {
        const { bytes, start } = await readEnd(old, this.readLimit());
        // A record still being written when it was read is taken with the rest, below.
        const complete = completeLength(bytes);
        await writeFileAtomic(this.file, newestRecords(parseRecords(bytes.toString('utf8', 0, complete)), this.limits.keepBytes));
        const since = await readFrom(old, start + complete);
        const carried = parseRecords(since.toString('utf8')).map(encodeRecord).join('');
        if (carried) await appendRecords(this.file, Buffer.from(carried));
      } finally {
        await old.close();
      }
      return true;
    } finally {
      await release();
    }
  }

  /**
   * Longest read, a bound on the memory a history takes: a file grown past
   * its bound (another process held the lock for long) is read from its end.
   */
  private readLimit(): number {
    return this.limits.maxBytes + this.limits.keepBytes;
  }
}

/** Appends `bytes` in one write, flushed; resolves with the file's size after it. */
async function appendRecords(file: string, bytes: Buffer): Promise<number> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    const handle = await fs.open(file, 'a', 0o600);
    try {
      const { bytesWritten } = await handle.write(bytes);
      // A short write (a full disk) leaves a record cut short, which readers skip.
      if (bytesWritten !== bytes.length) throw new Error(`only ${bytesWritten} of ${bytes.length} bytes could be written`);
      await handle.datasync();
      const [written, named] = await Promise.all([handle.stat({ bigint: true }), fs.stat(file, { bigint: true }).catch(ifMissing(null))]);
      if (named && named.ino === written.ino && named.dev === written.dev) return Number(written.size);
    } finally {
      await handle.close();
    }
  }
  throw new Error('the file was replaced under every attempt to add to it');
}

/** The last `limit` bytes of the file, and where they start. */
async function readEnd(handle: FileHandle, limit: number): Promise<{ bytes: Buffer; start: number }> {
  const { size } = await handle.stat();
  const start = Math.max(0, size - limit);
  const bytes = Buffer.alloc(size - start);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
  return { bytes: bytes.subarray(0, bytesRead), start };
}

/** Everything from `offset` to the file's end. */
async function readFrom(handle: FileHandle, offset: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let position = offset; ; ) {
    const chunk = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
}

function ifMissing<T>(value: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return value;
    throw error;
  };
}
