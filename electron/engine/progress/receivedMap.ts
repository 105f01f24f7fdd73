// The receiving side's chunk map, drawn from the byte ranges it holds. Its
// cost is bounded by the number of cells, never by the offsets a peer
// names: a 1-byte chunk at 0 and one at 10^12 make at most MAX_CELLS cells.
// Its size is bounded by its runs: every snapshot is copied to the host, and
// ended files' are kept, so a peer's checkerboard of tiny chunks is drawn in
// larger cells (where it blurs into one run) rather than kept whole.
import { ChunkState, type ChunkMap } from '../../../shared/transfer.js';
import { encodeRuns } from './chunkTracker.js';

/** Cells at most in a receiver's map (the UI draws 100,000 well). */
export const MAX_CELLS = 100_000;
/** Runs at most in a map of a file in transit (a sender at work makes a handful). */
export const MAX_RUNS = 256;

type Ranges = ReadonlyArray<readonly [number, number]>;

export function receivedChunkMap(
  chunkSize: number,
  done: Ranges,
  inTransit: Ranges,
  size: number | null,
  /** What a resumed transfer held before this attempt: drawn as Held. */
  held: Ranges = [],
  maxRuns = MAX_RUNS,
): ChunkMap {
  let end = Math.max(size ?? 0, done.at(-1)?.[1] ?? 0);
  for (const [, e] of inTransit) end = Math.max(end, e);
  if (end === 0 || chunkSize === 0) return { chunkSize, chunks: 0, runs: [] };
  // Doubled until the runs fit: one cell of the whole file is one run.
  for (let cell = Math.max(chunkSize, Math.ceil(end / MAX_CELLS)); ; cell *= 2) {
    const map = drawn(cell, end, done, inTransit, held);
    if (map.runs.length <= 3 * maxRuns || cell >= end) return map;
  }
}

function drawn(cell: number, end: number, done: Ranges, inTransit: Ranges, held: Ranges): ChunkMap {
  const cells = Math.ceil(end / cell);
  const states = new Uint8Array(cells);
  const fill = (ranges: Ranges, state: ChunkState) => {
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
