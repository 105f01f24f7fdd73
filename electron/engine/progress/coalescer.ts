// Turns a stream of per-chunk changes into one batch of snapshots per
// interval, so a host hears of progress at most every `intervalMs`.
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
    const batch: T[] = [];
    for (const id of this.dirty) {
      const item = this.snapshot(id);
      if (item !== undefined) batch.push(item);
    }
    this.dirty.clear();
    if (batch.length > 0) this.emit(batch);
  }
}
