import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellRects, cellRuns, gridLayout } from '../../renderer/chunkMap/layout.js';
import { ChunkState } from '../../shared/transfer.js';

const { Pending, InFlight, Done, Retrying } = ChunkState;

test('a few chunks stretch across one row as a segmented bar', () => {
  const layout = gridLayout(10, 700, 30, 10);
  assert.deepEqual(layout, { chunksPerCell: 1, cells: 10, cols: 10, rows: 1, pitchX: 60, pitchY: 10, gap: 1 });
});

test('many chunks fill rows of square cells, as large as fit', () => {
  const layout = gridLayout(3200, 700, 30, 10);
  assert.equal(layout.chunksPerCell, 1);
  assert.equal(layout.pitchX, layout.pitchY);
  assert.ok(layout.rows * layout.pitchY <= 30);
  assert.ok(layout.cols * layout.rows >= 3200);
  // One step larger would not fit.
  const larger = layout.pitchY + 1;
  assert.ok(Math.ceil(3200 / Math.floor(700 / larger)) * larger > 30);
});

test('more chunks than pixels: each pixel stands for several chunks', () => {
  const layout = gridLayout(100_000, 200, 20, 10);
  assert.deepEqual(layout, { chunksPerCell: 25, cells: 4000, cols: 200, rows: 20, pitchX: 1, pitchY: 1, gap: 0 });
});

test('an empty map or canvas has no cells', () => {
  assert.equal(gridLayout(0, 100, 10, 10).cells, 0);
  assert.equal(gridLayout(10, 0, 10, 10).cells, 0);
});

test('cell runs equal chunk runs when a cell is a chunk', () => {
  const runs = [0, 3, Done, 3, 2, InFlight, 5, 5, Pending];
  assert.deepEqual(cellRuns({ chunkSize: 1, chunks: 10, runs }, 1), runs);
});

test('a shared cell shows the state that most needs attention', () => {
  // 25 chunks per cell: chunks 50,000..50,009 retrying share cell 2,000 with pending ones.
  const map = { chunkSize: 1, chunks: 100_000, runs: [0, 50_000, Done, 50_000, 10, Retrying, 50_010, 49_990, Pending] };
  assert.deepEqual(cellRuns(map, 25), [0, 2000, Done, 2000, 1, Retrying, 2001, 1999, Pending]);
});

test('a cell is done only when all of its chunks are', () => {
  const map = { chunkSize: 1, chunks: 8, runs: [0, 3, Done, 3, 1, Pending, 4, 4, Done] };
  assert.deepEqual(cellRuns(map, 4), [0, 1, Pending, 1, 1, Done]);
});

test('runs that all fall into one cell resolve to the strongest, and neighbours merge', () => {
  const map = { chunkSize: 1, chunks: 50, runs: [0, 10, Done, 10, 5, Pending, 15, 10, Retrying, 25, 25, Done] };
  assert.deepEqual(cellRuns(map, 25), [0, 1, Retrying, 1, 1, Done]);
  const alternating = { chunkSize: 1, chunks: 6, runs: [0, 1, Done, 1, 1, InFlight, 2, 1, Done, 3, 1, InFlight, 4, 2, Done] };
  assert.deepEqual(cellRuns(alternating, 3), [0, 2, InFlight]);
});

test('cell rectangles: partial first row, whole rows at once, partial last row', () => {
  const layout = gridLayout(100, 100, 100, 10); // 10 × 10 cells of 10 px
  assert.equal(layout.cols, 10);
  assert.deepEqual(cellRects(layout, 7, 26), [
    [70, 0, 30, 10],
    [0, 10, 100, 20],
    [0, 30, 30, 10],
  ]);
  assert.deepEqual(cellRects(layout, 0, 100), [[0, 0, 100, 100]]);
});
