// One file's chunk states, for progress reports. Grows on the receiving side,
// where the number of chunks is known only as they arrive.
import { ChunkState, type ChunkMap } from '../../../shared/transfer.js';

export class ChunkTracker {
  private states: Uint8Array;
  private count: number;

  constructor(
    /** 0 until the first chunk tells it (receiving side). */
    public chunkSize: number,
    chunks = 0,
  ) {
    this.count = chunks;
    this.states = new Uint8Array(Math.max(chunks, 16));
  }

  get chunks(): number {
    return this.count;
  }

  /** Chunk index of a byte offset. */
  indexOf(offset: number): number {
    return this.chunkSize > 0 ? Math.floor(offset / this.chunkSize) : 0;
  }

  set(index: number, state: ChunkState): void {
    if (index >= this.states.length) {
      const grown = new Uint8Array(Math.max(index + 1, this.states.length * 2));
      grown.set(this.states);
      this.states = grown;
    }
    if (index >= this.count) this.count = index + 1;
    this.states[index] = state;
  }

  /** Marks the chunks a byte range [start, end) touches. */
  setRange(start: number, end: number, state: ChunkState): void {
    if (this.chunkSize === 0) this.chunkSize = end - start;
    const last = this.indexOf(Math.max(start, end - 1));
    for (let i = this.indexOf(start); i <= last; i++) this.set(i, state);
  }

  /** Every chunk not done back to pending: nothing of them reached the receiver. */
  resetUnfinished(): void {
    for (let i = 0; i < this.count; i++) if (this.states[i] !== ChunkState.Done) this.states[i] = ChunkState.Pending;
  }

  toMap(): ChunkMap {
    return { chunkSize: this.chunkSize, chunks: this.count, runs: encodeRuns(this.states, this.count) };
  }
}

/** Run-length encodes the first `count` states as [first, count, state] triples. */
export function encodeRuns(states: Uint8Array, count: number): number[] {
  const runs: number[] = [];
  let start = 0;
  for (let i = 1; i <= count; i++) {
    if (i === count || states[i] !== states[start]) {
      runs.push(start, i - start, states[start]!);
      start = i;
    }
  }
  return runs;
}
