// The latest snapshot of every file both actors reported, so that a UI
// that (re)connects sees the whole session, forgotten a whole finished batch
// at a time (shared/batchBook.ts). Files sent are the person's own: as many
// as the UI shows, so that a batch it shows can be retried. Files received
// come from the network: as few as the receiving engine keeps, and past
// that even a batch that never ends loses its oldest files.
import { BatchBook } from '../../shared/batchBook.js';
import { PROGRESS_SLICE } from '../../shared/contract/events.js';
import type { FilesCursor, FilesPage } from '../../shared/ipc.js';
import { hasEnded, MAX_ENDED_FILES, MAX_KEPT_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';

export class FileBook {
  private readonly books: Record<Direction, BatchBook<FileProgress>>;

  constructor(sentFiles = MAX_KEPT_FILES, receivedFiles = MAX_ENDED_FILES) {
    this.books = { send: new BatchBook(sentFiles), receive: new BatchBook(receivedFiles, undefined, receivedFiles) };
  }

  update(files: readonly FileProgress[]): void {
    for (const file of files) this.books[file.direction].set(file.id, file.batch, file, hasEnded(file.status));
  }

  get(id: string): FileProgress | undefined {
    return this.books.send.get(id) ?? this.books.receive.get(id);
  }

  /** The files of one batch. */
  ofBatch(direction: Direction, batch: string): FileProgress[] {
    return this.books[direction].ofBatch(batch);
  }

  /**
   * A page of every file, those sent first, each in the order first seen;
   * `from` is the last page's `next`. Pages are as large as progress slices,
   * for the same reason: a UI takes each as a task of its own.
   */
  page(from: FilesCursor = { direction: 'send', after: -1 }, max = PROGRESS_SLICE): FilesPage {
    let { direction, after } = from;
    const files: FileProgress[] = [];
    for (;;) {
      const { items, next } = this.books[direction].page(after, max - files.length);
      files.push(...items);
      if (next !== null) return { files, next: { direction, after: next } };
      if (direction === 'receive') return { files, next: null };
      [direction, after] = ['receive', -1];
    }
  }

  /** True if some file was sent from, or stored at, `path`. */
  knowsPath(path: string): boolean {
    return this.some((file) => file.path === path);
  }

  some(predicate: (file: FileProgress) => boolean): boolean {
    for (const book of [this.books.send, this.books.receive]) for (const file of book.values()) if (predicate(file)) return true;
    return false;
  }
}
