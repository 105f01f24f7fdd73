#!/usr/bin/env node
// Runs the built CLI; `npm install` (or `npm ci`) builds it. The CLI and its
// two workers are each one bundled file (npm run build:cli): a command
// starts without resolving and compiling a hundred modules per thread.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/electron/bundle/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('zerodrop: the app is not built yet: run `npm install` (or `npm run build`) in the repository first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
