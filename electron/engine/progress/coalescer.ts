// Turns a stream of per-chunk changes into batches of snapshots once per
// interval, so a host hears of progress at most every `intervalMs`.

/**
 * Snapshots per batch, at most: a host handles each batch as one task
 * (mailbox.ts), and a folder of thousands of files queued at once must not
 * hold its event loop for the whole folder (the CLI took 35 ms for 1,000,
 * and twice as long when this machine's CPU ran slow).
 */
export const MAX_BATCH = 128;

export class Coalescer<T> {
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly snapshot: (id: string) => T | undefined,
    private readonly emit: (batch: T[]) => void,
    private readonly intervalMs = 100,
  ) {}

  mark(id: string): void {
    this.dirty.add(id);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty.size === 0) return;
    // Taken first: an emit may mark a file again, and that mark must stay for the next flush.
    const ids = this.dirty;
    this.dirty = new Set();
    let batch: T[] = [];
    for (const id of ids) {
      const item = this.snapshot(id);
      if (item === undefined) continue;
      batch.push(item);
      if (batch.length === MAX_BATCH) {
        this.emit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) this.emit(batch);
  }
}
