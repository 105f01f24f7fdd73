// The receiving side's chunk map, drawn from the byte ranges it holds. Its
// cost is bounded by the number of cells, never by the offsets a peer
// names: a 1-byte chunk at 0 and one at 10^12 make at most MAX_CELLS cells.
import { ChunkState, type ChunkMap } from '../../../shared/transfer.js';
import { encodeRuns } from './chunkTracker.js';

/** Cells at most in a receiver's map (the UI draws 100,000 well). */
export const MAX_CELLS = 100_000;

export function receivedChunkMap(
  chunkSize: number,
  done: ReadonlyArray<readonly [number, number]>,
  inTransit: ReadonlyArray<readonly [number, number]>,
  size: number | null,
  /** What a resumed transfer held before this attempt: drawn as Held. */
  held: ReadonlyArray<readonly [number, number]> = [],
): ChunkMap {
  let end = Math.max(size ?? 0, done.at(-1)?.[1] ?? 0);
  for (const [, e] of inTransit) end = Math.max(end, e);
  if (end === 0 || chunkSize === 0) return { chunkSize, chunks: 0, runs: [] };
  const cell = Math.max(chunkSize, Math.ceil(end / MAX_CELLS));
  const cells = Math.ceil(end / cell);
  const states = new Uint8Array(cells);
  const fill = (ranges: ReadonlyArray<readonly [number, number]>, state: ChunkState) => {
    for (const [s, e] of ranges) {
      // Whole cells only: a cell is done when every byte of it is.
      const first = Math.ceil(s / cell);
      const last = e >= end ? cells : Math.floor(e / cell);
      if (last > first) states.fill(state, first, last);
    }
  };
  fill(done, ChunkState.Done);
  fill(held, ChunkState.Held);
  for (const [s, e] of inTransit) states.fill(ChunkState.InFlight, Math.floor(s / cell), Math.ceil(e / cell));
  return { chunkSize: cell, chunks: cells, runs: encodeRuns(states, cells) };
}
