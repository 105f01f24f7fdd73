// Bundles the Electron preload (electron/preload/preload.ts) into the one
// CommonJS file electron/main loads: a sandboxed preload may require
// 'electron' but no file of ours, so what it uses of shared/ is inlined.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    lib: { entry: 'electron/preload/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir: 'dist/electron/preload',
    emptyOutDir: true,
    // The preload runs in the window's renderer process.
    target: 'chrome120',
    minify: false,
    sourcemap: true,
    rolldownOptions: { external: ['electron'] },
  },
});
