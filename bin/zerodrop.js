#!/usr/bin/env node
// Runs the built CLI; `npm install` (or `npm ci`) builds it.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';

// The CLI's JavaScript is glue around native work (sockets, checksums,
// file-system calls). Measured with `npm run bench`: V8's optimizing
// compiler spent more CPU compiling it (about 0.3 s per 1,000-file transfer,
// on the cores the transfer needs) than the optimized code saved, cold or
// warm, so the CLI runs without it, as short-lived JVM tools stop at their
// first compiler tier. Set before anything else runs; workers inherit it.
v8.setFlagsFromString('--no-opt');

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('zerodrop: the app is not built yet: run `npm install` (or `npm run build`) in the repository first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
