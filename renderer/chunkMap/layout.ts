// Where a chunk map's cells go on a canvas, computed from its run-length
// form: the cost follows the number of runs, never the number of chunks, so
// a file of 100,000 chunks lays out as fast as one of 10.
import { ChunkState, type ChunkMap } from '../../shared/transfer.js';

export interface GridLayout {
  /** Chunks one cell stands for: 1 while every chunk gets its own cell. */
  chunksPerCell: number;
  cells: number;
  cols: number;
  rows: number;
  /** Device pixels from one cell to the next, gap included. */
  pitchX: number;
  pitchY: number;
  /** Device pixels left blank after each cell, so cells read as cells. */
  gap: number;
}

/** Cells at least this large (device px) get a one-pixel gap. */
const GAP_FROM_PITCH = 3;
/** A single row's cells stretch to fill the width, up to this many times their height. */
const MAX_STRETCH = 6;

export function gridLayout(chunks: number, width: number, height: number, maxPitch: number): GridLayout {
  if (chunks <= 0 || width <= 0 || height <= 0) return { chunksPerCell: 1, cells: 0, cols: 0, rows: 0, pitchX: 0, pitchY: 0, gap: 0 };
  for (let pitch = Math.max(1, Math.floor(maxPitch)); pitch >= 1; pitch--) {
    const cols = Math.floor(width / pitch);
    const rows = Math.ceil(chunks / cols);
    if (cols === 0 || rows * pitch > height) continue;
    // A single row stretches across the width, as a segmented bar.
    const pitchX = rows === 1 ? Math.min(Math.floor(width / chunks), MAX_STRETCH * pitch) : pitch;
    const gap = pitch >= GAP_FROM_PITCH ? 1 : 0;
    return { chunksPerCell: 1, cells: chunks, cols: rows === 1 ? chunks : cols, rows, pitchX, pitchY: pitch, gap };
  }
  // More chunks than pixels: each pixel stands for several chunks.
  const chunksPerCell = Math.ceil(chunks / (width * height));
  const cells = Math.ceil(chunks / chunksPerCell);
  return { chunksPerCell, cells, cols: width, rows: Math.ceil(cells / width), pitchX: 1, pitchY: 1, gap: 0 };
}

/**
 * Which state a cell shows when it stands for chunks in several states:
 * the one that most needs attention, so a retry is never hidden and a cell
 * is shown done only when all its chunks are.
 */
const PRIORITY: Record<ChunkState, number> = {
  [ChunkState.Done]: 0,
  [ChunkState.Held]: 0,
  [ChunkState.Pending]: 1,
  [ChunkState.InFlight]: 2,
  [ChunkState.Retrying]: 3,
};

/** The map's runs in cells: [firstCell, count, state] triples, in order. */
export function cellRuns(map: ChunkMap, chunksPerCell: number): number[] {
  const out: number[] = [];
  const { runs } = map;
  for (let i = 0; i + 2 < runs.length; i += 3) {
    const state = runs[i + 2] as ChunkState;
    let first = Math.floor(runs[i]! / chunksPerCell);
    const end = Math.ceil((runs[i]! + runs[i + 1]!) / chunksPerCell);
    const last = out.length - 3;
    if (last >= 0 && first < out[last]! + out[last + 1]!) {
      // The boundary cell is shared with the previous run: the stronger state takes it.
      if (PRIORITY[state] > PRIORITY[out[last + 2] as ChunkState]) {
        out[last + 1]!--;
        if (out[last + 1] === 0) out.length = last;
      } else {
        first++;
      }
    }
    if (end > first) pushRun(out, first, end - first, state);
  }
  return out;
}

function pushRun(out: number[], first: number, count: number, state: number): void {
  const last = out.length - 3;
  if (last >= 0 && out[last + 2] === state && out[last]! + out[last + 1]! === first) out[last + 1]! += count;
  else out.push(first, count, state);
}

/** The rectangles (in device px) that cover cells [first, first+count). */
export function cellRects(layout: GridLayout, first: number, count: number): Array<[x: number, y: number, w: number, h: number]> {
  const rects: Array<[number, number, number, number]> = [];
  const { cols, pitchX, pitchY } = layout;
  let cell = first;
  const end = first + count;
  while (cell < end) {
    const row = Math.floor(cell / cols);
    const col = cell % cols;
    if (col === 0 && end - cell >= cols) {
      // Whole rows at once: one rectangle however many rows.
      const fullRows = Math.floor((end - cell) / cols);
      rects.push([0, row * pitchY, cols * pitchX, fullRows * pitchY]);
      cell += fullRows * cols;
    } else {
      const n = Math.min(cols - col, end - cell);
      rects.push([col * pitchX, row * pitchY, n * pitchX, pitchY]);
      cell += n;
    }
  }
  return rects;
}
