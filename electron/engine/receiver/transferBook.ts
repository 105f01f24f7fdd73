// The receiver's transfers: those in transit, by name and by id, and the
// files that ended (kept for late subscribers); aborts under way in the
// background; and the two choices of which transfers go — when the
// receiver is full, and when a sender has fallen quiet — as pure functions.
import type { Reply } from '../../../shared/protocol.js';
import { BatchBook } from '../../../shared/batchBook.js';
import { MAX_ENDED_FILES, type FileProgress } from '../../../shared/transfer.js';
import { PROGRESS_WINDOW_MS, type Transfer } from './transfer.js';

/** A transfer or a peer that moved less than this in a progress window is stalled: the first to go at a limit. */
export const MIN_PROGRESS_BYTES = 64 * 1024;
/** Runs at most in the kept map of an ended file: thousands are kept, each also in the host. */
export const ENDED_MAP_RUNS = 16;

export class TransferBook {
  private readonly byName = new Map<string, Transfer>();
  private readonly byId = new Map<string, Transfer>();
  /** Ended files' last snapshots, a finished batch forgotten whole once its last word was emitted. */
  private readonly finished: BatchBook<FileProgress>;
  /** Transfers being aborted in the background (abortLater). */
  private readonly aborting = new Set<Promise<void>>();

  /**
   * `emitPending` sends the progress not yet sent, before files are
   * forgotten. A batch from the network may never end: past the bound, even
   * the newest loses its oldest files.
   */
  constructor(emitPending: () => void) {
    this.finished = new BatchBook(MAX_ENDED_FILES, emitPending, MAX_ENDED_FILES);
  }

  get size(): number {
    return this.byName.size;
  }

  get(name: string): Transfer | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  byIdInTransit(id: string): Transfer | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<Transfer> {
    return this.byName.values();
  }

  add(transfer: Transfer): void {
    this.byName.set(transfer.name, transfer);
    this.byId.set(transfer.id, transfer);
  }

  /** Records how a transfer ended; false if it had ended already. */
  ended(transfer: Transfer, status: 'done' | 'failed', reply?: Reply): boolean {
    if (this.byName.get(transfer.name) === transfer) this.byName.delete(transfer.name);
    if (!this.byId.delete(transfer.id)) return false;
    transfer.progress.status = status;
    transfer.progress.updatedAt = Date.now();
    if (reply && !reply.ok) transfer.progress.error = { code: reply.code, text: reply.text };
    this.finished.set(transfer.id, transfer.progress.batch, transfer.snapshot(ENDED_MAP_RUNS), true);
    return true;
  }

  /**
   * Ends an interrupted transfer in the background (a resumable one is kept;
   * the receiver's stop waits for it before closing the folder; if it
   * fails, the next start removes the temporary file).
   */
  abortLater(transfer: Transfer, reply: Reply): void {
    const aborted = transfer.interrupt(reply).catch(() => undefined);
    this.aborting.add(aborted);
    void aborted.then(() => this.aborting.delete(aborted));
  }

  /** Settles once the aborts begun so far have ended. */
  abortsDone(): Promise<void> {
    return Promise.all([...this.aborting]).then(() => undefined);
  }

  /** Snapshots of every file seen: ended, then in transit. */
  files(): FileProgress[] {
    return [...this.finished.values(), ...[...this.byName.values()].map((t) => t.snapshot())];
  }

  snapshot(id: string): FileProgress | undefined {
    return this.finished.get(id) ?? this.byId.get(id)?.snapshot();
  }
}

/**
 * At the limit of transfers in all: the transfer that made the least
 * progress, if it made almost none (`arriving`: bytes of its chunk still on
 * their way, progress all the same), so that a few peers that keep many
 * transfers barely alive cannot lock every other sender out. Null: none may go.
 */
export function leastMoving(transfers: Iterable<Transfer>, now: number, arriving: (t: Transfer) => number): Transfer | null {
  let victim: Transfer | null = null;
  let least = MIN_PROGRESS_BYTES;
  for (const transfer of transfers) {
    if (transfer.finishing || transfer.inTransit.length > 0 || transfer.age < PROGRESS_WINDOW_MS) continue;
    const moved = transfer.recentBytes(now) + arriving(transfer);
    if (moved < least) [victim, least] = [transfer, moved];
  }
  return victim;
}

/** Transfers whose sender has said nothing for `idleMs`, with nothing of theirs being opened, written or stored. */
export function quietTransfers(transfers: Iterable<Transfer>, now: number, idleMs: number): Transfer[] {
  return [...transfers].filter((t) => !t.finishing && !t.opening && t.inTransit.length === 0 && now - t.lastActivity >= idleMs);
}
