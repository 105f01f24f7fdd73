// The UI part of `npm run bench` (BENCH_ONLY=ui): Playwright with the e2e
// suite's browser and fixtures, running bench/ui/*.bench.ts, which measure
// and report but assert nothing about speed.
import { defineConfig } from '@playwright/test';
import suite from '../../playwright.config.js';

export default defineConfig({
  ...suite,
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 600_000,
  reporter: [['list']],
  globalSetup: '../../e2e/support/globalSetup.ts',
  outputDir: '../../test-results/bench',
});
