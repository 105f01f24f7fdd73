// Files kept by id for a long session, each in its batch, and forgotten only
// a whole batch at a time: past the bound, the oldest batches whose files have
// all ended go, never one with a file still going and never the newest. A
// batch of 100,000 files therefore stays whole while it is the latest, however
// far past the bound: its card counts every file, and a batch's command
// (cancel, retry the failed) reaches every one of them. Forgetting files one
// at a time had cut such a batch, and the files cut never reported how they
// ended.

interface Entry<T> {
  item: T;
  batch: string;
  ended: boolean;
}

interface Batch {
  ids: Set<string>;
  /** How many of `ids` have ended, kept as they change so that no check walks a batch. */
  ended: number;
}

export class BatchBook<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** In the order first seen: the oldest first, the newest last. */
  private readonly batches = new Map<string, Batch>();

  /** `beforeForget` runs before a batch is forgotten, with its items (to send their last word first). */
  constructor(
    private readonly bound: number,
    private readonly beforeForget: (items: T[]) => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): T | undefined {
    return this.entries.get(id)?.item;
  }

  *values(): IterableIterator<T> {
    for (const entry of this.entries.values()) yield entry.item;
  }

  ids(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** The items of one batch the book holds, in the order first seen. */
  ofBatch(batch: string): T[] {
    return [...(this.batches.get(batch)?.ids ?? [])].map((id) => this.entries.get(id)!.item);
  }

  /** Records an item (again) and whether it has ended; past the bound, forgets whole batches. */
  set(id: string, batch: string, item: T, ended: boolean): void {
    const known = this.entries.get(id);
    if (known && known.batch !== batch) this.remove(id, known);
    const entry = known?.batch === batch ? known : undefined;
    const group = this.batchOf(batch);
    if (!entry) group.ids.add(id);
    group.ended += Number(ended) - Number(entry?.ended ?? false);
    this.entries.set(id, { item, batch, ended });
    if (this.entries.size > this.bound) this.forget();
  }

  private batchOf(key: string): Batch {
    let batch = this.batches.get(key);
    if (!batch) this.batches.set(key, (batch = { ids: new Set(), ended: 0 }));
    return batch;
  }

  private remove(id: string, entry: Entry<T>): void {
    const batch = this.batches.get(entry.batch)!;
    batch.ids.delete(id);
    batch.ended -= Number(entry.ended);
    if (batch.ids.size === 0) this.batches.delete(entry.batch);
    this.entries.delete(id);
  }

  private forget(): void {
    const newest = [...this.batches.keys()].at(-1);
    for (const [key, batch] of this.batches) {
      if (this.entries.size <= this.bound) return;
      if (key === newest || batch.ended < batch.ids.size) continue;
      this.beforeForget(this.ofBatch(key));
      for (const id of batch.ids) this.entries.delete(id);
      this.batches.delete(key);
    }
  }
}
