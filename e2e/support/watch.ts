// Measuring a page without disturbing it: progress is recorded in the page
// by a MutationObserver (no polling from the test), and the test's own
// screenshots are kept out of the long-task count.
import type { Page } from '@playwright/test';

export interface ProgressSample {
  percent: number;
  chunkMap: string;
}

declare global {
  interface Window {
    progressSamples: Record<string, ProgressSample[]>;
    harnessWindows: Array<[number, number]>;
  }
}

/** From now on, records every change of the bar and chunk map of the file `name`. */
export async function recordProgress(page: Page, name: string): Promise<void> {
  await page.evaluate((fileName) => {
    window.progressSamples ??= {};
    const samples: ProgressSample[] = (window.progressSamples[fileName] = []);
    new MutationObserver(() => {
      const row = [...document.querySelectorAll('li[aria-label]')].find((li) => li.getAttribute('aria-label') === fileName && li.closest('.file-list'));
      if (!row) return;
      const percent = Number(row.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') ?? NaN);
      const chunkMap = row.querySelector('canvas')?.getAttribute('aria-label') ?? '';
      const last = samples.at(-1);
      if (!last || last.percent !== percent || last.chunkMap !== chunkMap) samples.push({ percent, chunkMap });
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-label'] });
  }, name);
}

export function progressSamples(page: Page, name: string): Promise<ProgressSample[]> {
  return page.evaluate((fileName) => window.progressSamples[fileName] ?? [], name);
}

/** Runs `action` (a screenshot) and marks its time as the test's, not the app's. */
export async function asHarness<T>(page: Page, action: () => Promise<T>): Promise<T> {
  const start = await page.evaluate(() => performance.now());
  const result = await action();
  await page.evaluate((from) => (window.harnessWindows ??= []).push([from, performance.now()]), start);
  return result;
}

/** Durations (ms) of long tasks since `since`, except those during the test's own actions. */
export function appLongTasks(page: Page, since: number): Promise<number[]> {
  return page.evaluate((from) => {
    const windows = window.harnessWindows ?? [];
    return window.longTasks
      .filter(([start, duration]) => start >= from && !windows.some(([a, b]) => start < b && start + duration > a))
      .map(([, duration]) => duration);
  }, since);
}
