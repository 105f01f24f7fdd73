// Files kept by id for a long session, each in its batch, and forgotten a
// whole batch at a time: past the bound, the oldest batches whose files have
// all ended go, never one with a file still going and never the newest. A
// batch of 100,000 files therefore stays whole while it is the latest: its
// card counts every file, and a batch's command (cancel, retry the failed)
// reaches every one of them. Forgetting files one at a time had cut such a
// batch, and the files cut never reported how they ended.
//
// Past the hard bound, ended files go one by one, oldest first, whatever
// their batch: where files come from the network, one batch that never ends
// (a peer that sends and sends on one connection) cannot hold memory
// without limit.

interface Entry<T> {
  item: T;
  batch: string;
  ended: boolean;
  /** When it was first seen: entries are in this order, and a listing goes on from one. */
  seq: number;
}

/** An entry's place in the order first seen: live while the book still has `id` with this `seq`. */
interface Place {
  id: string;
  seq: number;
}

/** A part of a listing: the items after a place, and the place to go on from while more follow. */
export interface BookPage<T> {
  items: T[];
  /** Where the next page starts (after this `seq`); null when nothing follows. */
  next: number | null;
}

interface Batch {
  ids: Set<string>;
  /** How many of `ids` have ended, kept as they change so that no check walks a batch. */
  ended: number;
}

/** The hard pass forgets down to this share of the hard bound, so that it runs once per many files, not at each. */
const HARD_PASS_TO = 0.9;

export class BatchBook<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** In the order first seen: the oldest first. */
  private readonly batches = new Map<string, Batch>();
  private newest: string | undefined;
  private endedCount = 0;
  private nextSeq = 0;
  /**
   * Every entry's place, in the order first seen (so by `seq`): a page finds
   * where it starts by binary search and costs its own items, whoever asks
   * and however many listings run. Forgotten entries leave holes, dropped
   * once they are half the places.
   */
  private order: Place[] = [];
  private holes = 0;

  /**
   * `beforeForget` runs before files are forgotten, with them (to send their
   * last word first). `hardBound`: Infinity where every file is the user's
   * own (a sender's), so that no batch is ever cut.
   */
  constructor(
    private readonly bound: number,
    private readonly beforeForget: (items: T[]) => void = () => undefined,
    private readonly hardBound = Infinity,
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

  /**
   * Up to `max` (at least 1) items first seen after `after` (a page's
   * `next`; -1 for the start), in that order. Items forgotten or added
   * between two pages shift nothing: a listing in pages misses no item that
   * stays in the book. A full page gives a `next` even if nothing follows.
   */
  page(after: number, max: number): BookPage<T> {
    const items: T[] = [];
    let last = after;
    let i = this.firstAfter(after);
    for (; i < this.order.length && items.length < Math.max(1, max); i++) {
      const { id, seq } = this.order[i]!;
      const entry = this.entries.get(id);
      if (entry?.seq !== seq) continue;
      items.push(entry.item);
      last = seq;
    }
    return { items, next: items.length >= Math.max(1, max) ? last : null };
  }

  /** The index of the first place whose seq is over `after`. */
  private firstAfter(after: number): number {
    let [low, high] = [0, this.order.length];
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.order[mid]!.seq <= after) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The items of one batch the book holds, in the order first seen. */
  ofBatch(batch: string): T[] {
    return [...(this.batches.get(batch)?.ids ?? [])].map((id) => this.entries.get(id)!.item);
  }

  /** Records an item (again) and whether it has ended; past the bounds, forgets. */
  set(id: string, batch: string, item: T, ended: boolean): void {
    const known = this.entries.get(id);
    if (known && known.batch !== batch) this.remove(id);
    const entry = known?.batch === batch ? known : undefined;
    const group = this.batchOf(batch);
    if (!entry) group.ids.add(id);
    const change = Number(ended) - Number(entry?.ended ?? false);
    group.ended += change;
    this.endedCount += change;
    const seq = entry?.seq ?? this.nextSeq++;
    if (!entry) this.order.push({ id, seq });
    this.entries.set(id, { item, batch, ended, seq });
    if (this.entries.size > this.bound) this.forgetBatches();
    if (this.endedCount > this.hardBound) this.forgetEnded();
  }

  private batchOf(key: string): Batch {
    let batch = this.batches.get(key);
    if (!batch) {
      this.batches.set(key, (batch = { ids: new Set(), ended: 0 }));
      this.newest = key;
    }
    return batch;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id)!;
    const batch = this.batches.get(entry.batch)!;
    batch.ids.delete(id);
    batch.ended -= Number(entry.ended);
    this.endedCount -= Number(entry.ended);
    if (batch.ids.size === 0) {
      this.batches.delete(entry.batch);
      if (this.newest === entry.batch) this.newest = undefined;
    }
    this.entries.delete(id);
    if (++this.holes * 2 > this.order.length) {
      this.order = this.order.filter(({ id: placed, seq }) => this.entries.get(placed)?.seq === seq);
      this.holes = 0;
    }
  }

  private forgetBatches(): void {
    for (const [key, batch] of this.batches) {
      if (this.entries.size <= this.bound) return;
      if (key === this.newest || batch.ended < batch.ids.size) continue;
      this.beforeForget(this.ofBatch(key));
      // The callback may have started a file of it again.
      if (batch.ended < batch.ids.size) continue;
      for (const id of [...batch.ids]) this.remove(id);
    }
  }

  private forgetEnded(): void {
    const going: string[] = [];
    let over = this.endedCount - Math.floor(this.hardBound * HARD_PASS_TO);
    for (const [id, entry] of this.entries) {
      if (over <= 0) break;
      if (!entry.ended) continue;
      going.push(id);
      over--;
    }
    this.beforeForget(going.map((id) => this.entries.get(id)!.item));
    for (const id of going) if (this.entries.get(id)?.ended) this.remove(id);
  }
}
