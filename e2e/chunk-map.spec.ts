// The chunk map's drawing code, bundled as it ships, on a real canvas in
// Chromium: the pixels of each row, as runs of colours, are what we expect.
import { expect, test } from '@playwright/test';
import { ChunkState } from '../shared/transfer.js';
import { bundleChunkMapDraw, loadChunkMapDraw } from './support/chunkMapBundle.js';

const { Pending, InFlight, Done, Retrying, Held } = ChunkState;
const PALETTE = { [Pending]: '#808080', [InFlight]: '#0000ff', [Done]: '#00ff00', [Retrying]: '#ff0000', [Held]: '#ff00ff' };
type Run = [colour: string, pixels: number];

let drawModule = '';

test.beforeAll(async () => {
  drawModule = await bundleChunkMapDraw();
});

test.beforeEach(async ({ page }) => {
  await loadChunkMapDraw(page, drawModule);
});

/** Draws `map` on a width × height canvas and returns each pixel row as runs of colour names. */
async function drawRows(page: import('@playwright/test').Page, map: { chunks: number; runs: number[] }, width: number, height: number): Promise<Run[][]> {
  return page.evaluate(
    ({ map, width, height, palette }) => {
      const canvas = document.getElementById('map') as HTMLCanvasElement;
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d')!;
      (window as unknown as { ChunkMapDraw: typeof import('../renderer/chunkMap/draw.js') }).ChunkMapDraw.drawChunkMap(
        ctx,
        { chunkSize: 1, ...map },
        { width, height, maxPitch: 10, palette },
      );
      const names: Record<string, string> = { '128,128,128,255': 'pending', '0,0,255,255': 'inFlight', '0,255,0,255': 'done', '255,0,0,255': 'retrying', '0,0,0,0': 'none' };
      const pixels = ctx.getImageData(0, 0, width, height).data;
      const rows: Array<Array<[string, number]>> = [];
      for (let y = 0; y < height; y++) {
        const runs: Array<[string, number]> = [];
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const name = names[`${pixels[i]},${pixels[i + 1]},${pixels[i + 2]},${pixels[i + 3]}`] ?? 'other';
          const last = runs.at(-1);
          if (last && last[0] === name) last[1]++;
          else runs.push([name, 1]);
        }
        rows.push(runs);
      }
      return rows;
    },
    { map, width, height, palette: PALETTE },
  );
}

test('ten chunks: one row of wide cells, each state in its colour, one-pixel gaps', async ({ page }) => {
  const rows = await drawRows(page, { chunks: 10, runs: [0, 3, Done, 3, 2, InFlight, 5, 1, Retrying, 6, 4, Pending] }, 100, 12);
  const cell = (colour: string): Run[] => [
    [colour, 9],
    ['none', 1],
  ];
  const cells = [Done, Done, Done, InFlight, InFlight, Retrying, Pending, Pending, Pending, Pending].map(
    (state) => ({ [Done]: 'done', [InFlight]: 'inFlight', [Retrying]: 'retrying', [Pending]: 'pending' })[state],
  );
  const expected = cells.flatMap(cell);
  // Neighbouring runs of one colour read as one: merge the expected runs the same way.
  const merged = expected.reduce<Run[]>((out, run) => {
    const last = out.at(-1);
    if (last && last[0] === run[0]) last[1] += run[1];
    else out.push([...run]);
    return out;
  }, []);
  for (let y = 0; y < 9; y++) expect(rows[y], `row ${y}`).toEqual(merged);
  for (let y = 9; y < 12; y++) expect(rows[y], `row ${y}`).toEqual([['none', 100]]);
});

test('100,000 chunks on 200 × 20 pixels: 25 chunks a pixel, a retry never hidden', async ({ page }) => {
  const rows = await drawRows(page, { chunks: 100_000, runs: [0, 50_000, Done, 50_000, 10, Retrying, 50_010, 49_990, Pending] }, 200, 20);
  for (let y = 0; y < 10; y++) expect(rows[y], `row ${y}`).toEqual([['done', 200]]);
  expect(rows[10]).toEqual([
    ['retrying', 1],
    ['pending', 199],
  ]);
  for (let y = 11; y < 20; y++) expect(rows[y], `row ${y}`).toEqual([['pending', 200]]);
});
