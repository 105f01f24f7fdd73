// Runs the UI's measurements (bench/ui/*.bench.ts, under Playwright with the
// e2e suite's browser and fixtures) and returns their figures.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface UiFigures {
  drawSmallMs: number;
  drawLargeMs: number;
  receiverLongTaskMs: number;
  senderLongTaskMs: number;
  receivingLoopP99Ms: number;
  sendingLoopP99Ms: number;
  /** The longest main-thread task (the page reports those of 50 ms or more; 0: none) while a batch of 100,000 files is scrolled top to bottom. */
  scrollLongTaskMs: number;
  /** The longest time between two frames meanwhile. */
  scrollFrameMs: number;
  /** Rows in the page meanwhile: only those on screen. */
  scrollRenderedRows: number;
  /** The longest main-thread task (50 ms or more; 0: none) while those 100,000 files arrived at once, queued and then failed. */
  bulkLongTaskMs: number;
  /** The longest main-thread task (50 ms or more; 0: none) while the page, opened again, takes those 100,000 files from the host. */
  reloadLongTaskMs: number;
}

const root = fileURLToPath(new URL('../', import.meta.url));

export async function uiFigures(runs: number): Promise<UiFigures> {
  const out = path.join(await fs.mkdtemp(path.join(tmpdir(), 'zd-bench-ui-')), 'figures.json');
  try {
    execFileSync('npx', ['playwright', 'test', '-c', 'bench/ui/playwright.config.ts'], {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
      env: { ...process.env, BENCH_UI_OUT: out, BENCH_RUNS: String(runs) },
    });
    return JSON.parse(await fs.readFile(out, 'utf8')) as UiFigures;
  } finally {
    await fs.rm(path.dirname(out), { recursive: true, force: true });
  }
}
