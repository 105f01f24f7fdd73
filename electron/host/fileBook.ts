// The latest snapshot of every file both actors reported, so that a UI
// that (re)connects sees the whole session: as many files as the UI keeps,
// forgotten a whole finished batch at a time (shared/batchBook.ts).
import { BatchBook } from '../../shared/batchBook.js';
import { hasEnded, MAX_KEPT_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';

const keyOf = (direction: Direction, batch: string) => `${direction}:${batch}`;

export class FileBook {
  private readonly files: BatchBook<FileProgress>;

  /** Files received come from the network: past the bound, even the newest batch loses its oldest ended files. */
  constructor(maxFiles = MAX_KEPT_FILES) {
    this.files = new BatchBook(maxFiles, undefined, maxFiles);
  }

  update(files: readonly FileProgress[]): void {
    for (const file of files) this.files.set(file.id, keyOf(file.direction, file.batch), file, hasEnded(file.status));
  }

  get(id: string): FileProgress | undefined {
    return this.files.get(id);
  }

  /** The files of one batch. */
  ofBatch(direction: Direction, batch: string): FileProgress[] {
    return this.files.ofBatch(keyOf(direction, batch));
  }

  list(): FileProgress[] {
    return [...this.files.values()];
  }

  /** True if some file was sent from, or stored at, `path`. */
  knowsPath(path: string): boolean {
    return this.some((file) => file.path === path);
  }

  some(predicate: (file: FileProgress) => boolean): boolean {
    for (const file of this.files.values()) if (predicate(file)) return true;
    return false;
  }
}
