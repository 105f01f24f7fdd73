// Builds the renderer (renderer/) into dist/renderer, with relative asset
// paths so that Electron (file://) and the browser shell serve the same build.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
