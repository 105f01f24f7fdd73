// A file's chunk map, drawn straight from the store: it subscribes to its
// own file and repaints on the next frame when the map changes, without a
// React render. Colours come from CSS, so light and dark themes apply.
import { memo, useEffect, useRef, useState } from 'react';
import { ChunkState, hasEnded, type FileProgress } from '../../shared/transfer.js';
import { drawChunkMap, type ChunkPalette } from '../chunkMap/draw.js';
import { useAppContext } from '../context.js';
import { chunkSummary } from '../text/files.js';

/** Largest cell, in CSS pixels. */
const MAX_CELL_CSS_PX = 10;

/**
 * The theme's colours. A finished file's chunks take the colour of its
 * finished bar; a file that failed has nothing in flight any more.
 */
function palettesOf(element: Element): { moving: ChunkPalette; finished: ChunkPalette; failed: ChunkPalette } {
  const style = getComputedStyle(element);
  const color = (name: string) => style.getPropertyValue(name).trim() || 'gray';
  const moving = {
    [ChunkState.Pending]: color('--chunk-pending'),
    [ChunkState.InFlight]: color('--chunk-in-flight'),
    [ChunkState.Done]: color('--chunk-done'),
    [ChunkState.Retrying]: color('--chunk-retrying'),
    [ChunkState.Held]: color('--chunk-held'),
  };
  return { moving, finished: { ...moving, [ChunkState.Done]: color('--ok') }, failed: { ...moving, [ChunkState.InFlight]: moving[ChunkState.Pending] } };
}

export const ChunkMapCanvas = memo(function ChunkMapCanvas({ id }: { id: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { store } = useAppContext();
  // Later labels are set as the map is drawn, like its pixels.
  const [initialLabel] = useState(() => {
    const file = store.getState().files.get(id)?.file;
    return file ? chunkSummary(file) : 'Chunk map';
  });

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let frame = 0;
    let shown: FileProgress | undefined;

    // Computed styles are read once, and again only when the theme changes: not on every redraw.
    let palettes = palettesOf(canvas);
    const draw = () => {
      frame = 0;
      const file = store.getState().files.get(id)?.file;
      if (!file) return;
      const map = file.chunkMap;
      const palette = file.status === 'done' ? palettes.finished : hasEnded(file.status) ? palettes.failed : palettes.moving;
      const ratio = window.devicePixelRatio || 1;
      const width = Math.round(canvas.clientWidth * ratio);
      const height = Math.round(canvas.clientHeight * ratio);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      drawChunkMap(ctx, map, { width, height, maxPitch: Math.round(MAX_CELL_CSS_PX * ratio), palette });
      canvas.setAttribute('aria-label', chunkSummary(file));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(draw);
    };

    const unsubscribe = store.subscribe((state) => {
      const file = state.files.get(id)?.file;
      if (file !== shown) {
        shown = file;
        schedule();
      }
    });
    const resize = new ResizeObserver(schedule);
    resize.observe(canvas);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const onScheme = () => {
      palettes = palettesOf(canvas);
      schedule();
    };
    scheme.addEventListener('change', onScheme);
    shown = store.getState().files.get(id)?.file;
    schedule();
    return () => {
      unsubscribe();
      resize.disconnect();
      scheme.removeEventListener('change', onScheme);
      cancelAnimationFrame(frame);
    };
  }, [id, store]);

  return <canvas ref={ref} className="chunk-map" role="img" aria-label={initialLabel} />;
});
