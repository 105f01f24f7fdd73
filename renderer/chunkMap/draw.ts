// Draws a chunk map on a 2D canvas: one fillRect per run and row band, then
// the gaps cleared in one pass per column and row line.
import { ChunkState, type ChunkMap } from '../../shared/transfer.js';
import { cellRects, cellRuns, gridLayout, type GridLayout } from './layout.js';

export type ChunkPalette = Record<ChunkState, string>;

export interface DrawOptions {
  /** Canvas size in device pixels. */
  width: number;
  height: number;
  /** Largest cell, in device pixels. */
  maxPitch: number;
  palette: ChunkPalette;
}

export function drawChunkMap(ctx: CanvasRenderingContext2D, map: ChunkMap, options: DrawOptions): GridLayout {
  const { width, height, maxPitch, palette } = options;
  ctx.clearRect(0, 0, width, height);
  const layout = gridLayout(map.chunks, width, height, maxPitch);
  const runs = cellRuns(map, layout.chunksPerCell);
  for (let i = 0; i + 2 < runs.length; i += 3) {
    ctx.fillStyle = palette[runs[i + 2] as ChunkState];
    for (const [x, y, w, h] of cellRects(layout, runs[i]!, runs[i + 1]!)) ctx.fillRect(x, y, w, h);
  }
  if (layout.gap > 0) clearGaps(ctx, layout);
  return layout;
}

function clearGaps(ctx: CanvasRenderingContext2D, layout: GridLayout): void {
  const { cols, rows, pitchX, pitchY, gap } = layout;
  for (let col = 1; col <= cols; col++) ctx.clearRect(col * pitchX - gap, 0, gap, rows * pitchY);
  for (let row = 1; row <= rows; row++) ctx.clearRect(0, row * pitchY - gap, cols * pitchX, gap);
}
