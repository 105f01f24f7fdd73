// Bundles the CLI and its two engine workers, each into one file with its
// libraries (npm run build:cli): a command then starts without resolving,
// lexing and compiling a hundred modules in each of its threads. zeromq stays
// outside (a native addon found beside its package), as do ws (only the `ui`
// command loads it) and electron (never loaded by the CLI).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/electron/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['electron/cli/main.ts', 'electron/engine/actors/receiverWorker.ts', 'electron/engine/actors/senderWorker.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['zeromq', 'zeromq/*', 'ws', 'electron'],
  // Bundled CommonJS libraries call require() for Node's own modules, which an ES module has not.
  banner: { js: "import { createRequire as zerodropRequire } from 'node:module'; const require = zerodropRequire(import.meta.url);" },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
