#!/usr/bin/env node
// Runs the built CLI; `npm install` (or `npm ci`) builds it.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';

// The CLI's JavaScript is glue around native work (sockets, checksums,
// file-system calls). V8's optimizing compiler spent more CPU compiling it
// (about 0.3 s per 1,000-file transfer, on the cores the transfer needs)
// than the optimized code saved: without it a new sender or receiver moves
// about 25 % more small files per second, and a receiver left running for
// batch after batch is as fast as with it (measured, five batches of 1,000),
// so the CLI runs without it. Large files spend their time in native code
// either way. Set before anything else runs; workers inherit it.
v8.setFlagsFromString('--no-opt');

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('zerodrop: the app is not built yet: run `npm install` (or `npm run build`) in the repository first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
