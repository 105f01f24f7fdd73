// The UI suite: real host processes (browser shell) on loopback, driven in
// Debian's Chromium; nothing is downloaded. Lean for a 2-core machine.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['./e2e/support/skipReasons.ts']],
  globalSetup: './e2e/support/globalSetup.ts',
  outputDir: 'test-results',
  use: {
    viewport: { width: 800, height: 600 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    // Recording a trace snapshots the DOM in the page at every step: work on
    // the main thread that the bench's responsiveness figures (bench/ui, which
    // shares this config) would count. Use --trace on to debug.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
