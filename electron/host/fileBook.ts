// The latest snapshot of every file both actors reported, so that a UI
// that (re)connects sees the whole session, bounded for long-running hosts.
import { hasEnded, MAX_ENDED_FILES, type Direction, type FileProgress } from '../../shared/transfer.js';

export class FileBook {
  /** In insertion order, which Map keeps: the oldest first. */
  private readonly files = new Map<string, FileProgress>();

  /** File ids by direction and batch, so that a batch's command does not walk every file. */
  private readonly batches = new Map<string, Set<string>>();

  constructor(private readonly maxFiles = MAX_ENDED_FILES) {}

  update(files: readonly FileProgress[]): void {
    for (const file of files) {
      if (!this.files.has(file.id)) {
        const key = `${file.direction}:${file.batch}`;
        const ids = this.batches.get(key);
        if (ids) ids.add(file.id);
        else this.batches.set(key, new Set([file.id]));
      }
      this.files.set(file.id, file);
    }
    this.evict();
  }

  get(id: string): FileProgress | undefined {
    return this.files.get(id);
  }

  /** The files of one batch the book still holds. */
  ofBatch(direction: Direction, batch: string): FileProgress[] {
    return [...(this.batches.get(`${direction}:${batch}`) ?? [])].flatMap((id) => this.files.get(id) ?? []);
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

  private forgetInBatch(file: FileProgress): void {
    const key = `${file.direction}:${file.batch}`;
    const ids = this.batches.get(key);
    if (ids?.delete(file.id) && ids.size === 0) this.batches.delete(key);
  }

  /** Forgets the oldest finished files past the bound; files in transit stay. */
  private evict(): void {
    let excess = this.files.size - this.maxFiles;
    for (const [id, file] of this.files) {
      if (excess <= 0) return;
      if (hasEnded(file.status)) {
        this.files.delete(id);
        this.forgetInBatch(file);
        excess--;
      }
    }
  }
}
