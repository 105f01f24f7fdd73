// Watching a page without disturbing it: progress is recorded in the page
// by a MutationObserver (no polling from the test), long tasks by the
// observer every app page starts with (see fixtures.ts).
import type { Page } from '@playwright/test';

export interface ProgressSample {
  percent: number;
  chunkMap: string;
}

declare global {
  interface Window {
    progressSamples: Record<string, ProgressSample[]>;
  }
}

/** From now on, records every change of the bar and chunk map of the file `name`. */
export async function recordProgress(page: Page, name: string): Promise<void> {
  await page.evaluate((fileName) => {
    window.progressSamples ??= {};
    const samples: ProgressSample[] = (window.progressSamples[fileName] = []);
    new MutationObserver(() => {
      const row = [...document.querySelectorAll('li[aria-label]')].find((li) => li.getAttribute('aria-label') === fileName && li.closest('.virtual-list'));
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

/** Durations (ms) of the page's long tasks since `since` (page time). */
export function appLongTasks(page: Page, since: number): Promise<number[]> {
  return page.evaluate((from) => window.longTasks.filter(([start]) => start >= from).map(([, duration]) => duration), since);
}
