// The latest snapshot of every file both actors reported, so that a UI
// that (re)connects sees the whole session, bounded for long-running hosts.
import { hasEnded, MAX_ENDED_FILES, type FileProgress } from '../../shared/transfer.js';

export class FileBook {
  /** In insertion order, which Map keeps: the oldest first. */
  private readonly files = new Map<string, FileProgress>();

  constructor(private readonly maxFiles = MAX_ENDED_FILES) {}

  update(batch: readonly FileProgress[]): void {
    for (const file of batch) this.files.set(file.id, file);
    this.evict();
  }

  get(id: string): FileProgress | undefined {
    return this.files.get(id);
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

  /** Forgets the oldest finished files past the bound; files in transit stay. */
  private evict(): void {
    let excess = this.files.size - this.maxFiles;
    for (const [id, file] of this.files) {
      if (excess <= 0) return;
      if (hasEnded(file.status)) {
        this.files.delete(id);
        excess--;
      }
    }
  }
}
