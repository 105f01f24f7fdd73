// The chunk map's drawing code, bundled as it ships, for a page to load:
// the e2e spec checks its pixels, the bench times it.
import type { Page } from '@playwright/test';
import { build, type Rolldown } from 'vite';

export async function bundleChunkMapDraw(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: 'renderer/chunkMap/draw.ts', formats: ['iife'], name: 'ChunkMapDraw', fileName: 'draw' } },
  });
  const [result] = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  return result!.output[0].code;
}

/** An empty page with a canvas#map and the drawing code as window.ChunkMapDraw. */
export async function loadChunkMapDraw(page: Page, bundle: string): Promise<void> {
  await page.setContent('<canvas id="map"></canvas>');
  await page.addScriptTag({ content: bundle });
}
