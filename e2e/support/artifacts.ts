// Screenshots kept in test-results/ (and attached to the report), whether the test passes or not.
import type { Page, TestInfo } from '@playwright/test';

export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

const SIZES = [
  { width: 800, height: 600 },
  { width: 1440, height: 900 },
] as const;

/** The page as it is now at 800 × 600 and 1440 × 900, light and dark; the page is left at 800 × 600, light. */
export async function keepScreenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await keepScreenshot(page, testInfo, `${name}-${size.width}x${size.height}-${scheme}`);
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
}
