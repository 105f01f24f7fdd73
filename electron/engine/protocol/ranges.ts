// A set of half-open byte ranges [start, end), kept sorted and merged: which
// bytes of a file have been answered READY.
export class RangeSet {
  // Flat [start0, end0, start1, end1, …], sorted, disjoint, not touching.
  private bounds: number[] = [];
  /** Bytes in the set, kept as ranges come: asked for at every chunk. */
  private total = 0;

  add(start: number, end: number): void {
    if (end <= start) return;
    const b = this.bounds;
    // First range whose end reaches start (touching ranges merge): a binary
    // search, so that a peer sending scattered chunks costs log time each.
    let lo = 0;
    let hi = b.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid * 2 + 1]! < start) lo = mid + 1;
      else hi = mid;
    }
    const i = lo * 2;
    let j = i;
    let first = start;
    let last = end;
    while (j < b.length && b[j]! <= end) {
      first = Math.min(first, b[j]!);
      last = Math.max(last, b[j + 1]!);
      this.total -= b[j + 1]! - b[j]!;
      j += 2;
    }
    b.splice(i, j - i, first, last);
    this.total += last - first;
  }

  /** Separate ranges held. */
  get count(): number {
    return this.bounds.length / 2;
  }

  /** True when every byte of [0, size) is in the set. */
  coversFromZero(size: number): boolean {
    if (size === 0) return true;
    return this.bounds.length >= 2 && this.bounds[0] === 0 && this.bounds[1]! >= size;
  }

  /** The end of the highest range, 0 when empty. */
  get end(): number {
    return this.bounds.length === 0 ? 0 : this.bounds[this.bounds.length - 1]!;
  }

  /** Bytes in the set. */
  get bytes(): number {
    return this.total;
  }

  /** The ranges as [start, end] pairs. */
  ranges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.bounds.length; i += 2) out.push([this.bounds[i]!, this.bounds[i + 1]!]);
    return out;
  }
}

/** True when [aStart, aEnd) and [bStart, bEnd) share a byte. */
export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}
