// Files waiting for a place in transit, first in first out. A folder can
// hold hundreds of thousands of files: taking the next one and removing a
// cancelled one cost O(1), not a shift of the whole list.
export class JobQueue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;
  private readonly at = new Map<T, number>();

  get size(): number {
    return this.at.size;
  }

  push(item: T): void {
    this.at.set(item, this.items.length);
    this.items.push(item);
  }

  remove(item: T): boolean {
    const index = this.at.get(item);
    if (index === undefined) return false;
    this.at.delete(item);
    this.items[index] = undefined;
    this.compact();
    return true;
  }

  /**
   * Takes the oldest item `eligible` accepts; older ones it refuses stay
   * first in line. Refusals are rare (a name already in transit), so the
   * scan is short.
   */
  take(eligible: (item: T) => boolean): T | undefined {
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item === undefined || !eligible(item)) continue;
      this.remove(item);
      return item;
    }
    return undefined;
  }

  /** Empties the queue, oldest first. */
  drain(): T[] {
    const items = this.toArray();
    this.items = [];
    this.head = 0;
    this.at.clear();
    return items;
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head).filter((item): item is T => item !== undefined);
  }

  private compact(): void {
    while (this.head < this.items.length && this.items[this.head] === undefined) this.head++;
    // Drop the taken prefix once it is most of the array, re-indexing what is left.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
      this.items.forEach((item, index) => item !== undefined && this.at.set(item, index));
    }
  }
}
