// One file to send and what the sender reports of it: its progress, its
// chunk map and whether it was cancelled.
import type { PeerAddress } from '../../../shared/peerAddress.js';
import type { FileProgress, SendOptions, SendTrust } from '../../../shared/transfer.js';
import { ChunkTracker } from '../progress/chunkTracker.js';
import type { FileToSend } from './walk.js';

export interface Job {
  id: string;
  file: FileToSend;
  options: SendOptions;
  /** All but the chunk map, which the tracker holds. */
  progress: Omit<FileProgress, 'chunkMap'>;
  tracker: ChunkTracker;
  cancelled: boolean;
  /** When a network break first cut it off (encrypted sends wait a break out). */
  brokeAt?: number;
  /** Breaks in a row that found it no further along than the one before, and how far that was. */
  fruitless?: { breaks: number; bytes: number };
  /** Sent afresh (HELLO) even where the receiver may hold part of it. */
  fresh?: boolean;
  /** Encrypted sends: where to and how, for a retry's new offer. */
  route?: { address: PeerAddress; trust: SendTrust };
}

/** `batch`: the Send the file came with; a retry keeps it. */
export function newJob(id: string, file: FileToSend, options: SendOptions, peer: string, batch: string): Job {
  const now = Date.now();
  return {
    id,
    file,
    options,
    tracker: trackerFor(options, file.size),
    cancelled: false,
    progress: {
      id,
      direction: 'send',
      name: file.name,
      size: file.size,
      bytes: 0,
      status: 'queued',
      retries: 0,
      path: file.path,
      peer,
      batch,
      startedAt: now,
      updatedAt: now,
    },
  };
}

/**
 * A file that changed after it was listed and before it was opened is sent
 * as it was when opened: its size and chunk map start over.
 */
export function resize(job: Job, size: number): void {
  job.file = { ...job.file, size };
  job.progress.size = size;
  job.tracker = trackerFor(job.options, size);
}

function trackerFor(options: SendOptions, size: number): ChunkTracker {
  return new ChunkTracker(options.chunkBytes, Math.ceil(size / options.chunkBytes));
}
