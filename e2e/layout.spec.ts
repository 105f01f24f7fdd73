// Keyboard alone is enough, 800 × 600 is enough, and dark follows the system.
import type { Locator, Page } from '@playwright/test';
import path from 'node:path';
import { HistoryLog } from '../electron/host/history/historyLog.js';
import { randomFile } from '../test/support/files.js';
import { historyRecord } from '../test/support/historyRecord.js';
import { addHostFiles, fileList, fileRow, sendStaged, switchMode } from './support/app.js';
import { keepScreenshot, keepScreenshots } from './support/artifacts.js';
import { freePort, freeReceiverPort } from './support/net.js';
import { expect, test } from './support/fixtures.js';

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('keyboard alone: switch to Receive, choose a folder in the host browser, start receiving', async ({ tempDir, startShell, openApp }) => {
  const inbox = await tempDir('inbox');
  const page = await openApp(await startShell());

  const receive = page.getByRole('button', { name: 'Receive', exact: true });
  await tabTo(page, receive);
  await expect(receive).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(receive).toHaveAttribute('aria-pressed', 'true');

  await tabTo(page, page.getByRole('button', { name: 'Choose folder…' }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Choose the receive folder' });
  await expect(dialog).toBeVisible();
  // Escape closes it, as any dialog, and the keyboard is back on the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Choose folder…' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();

  const pathBox = dialog.getByRole('textbox', { name: 'Folder path' });
  await tabTo(page, pathBox);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(inbox);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('list', { name: `Contents of ${inbox}` })).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: 'Use this folder' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Receive folder' })).toHaveValue(inbox);

  await tabTo(page, page.getByRole('textbox', { name: 'Port' }));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(String(await freeReceiverPort()));
  await tabTo(page, page.getByRole('button', { name: 'Start receiving' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Receiving into' })).toBeVisible();
});

test('800 × 600 fits both modes, History and Settings without sideways scrolling; dark follows the system', async ({ tempDir, startShell, openApp }, testInfo) => {
  // A past batch with long names and a deep folder: what could push History wider than the window.
  const configDir = await tempDir('config');
  const deep = path.join(configDir, ...Array.from({ length: 12 }, (_, i) => `a-rather-long-folder-name-${i}`));
  // A record keeps its first three names (NAMES_KEPT) and counts the rest.
  const names = [0, 1, 2].map((i) => `holiday-photographs-from-the-seaside/${'very-long-file-name-'.repeat(4)}${i}.jpg`);
  await new HistoryLog(configDir).append(historyRecord('0123456789abcdef0123456789abcdef', { folder: deep, names, files: 4_000, done: 4_000 }));
  const page = await openApp(await startShell(configDir));
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const mode of ['Send', 'Receive', 'History', 'Settings'] as const) {
      await page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: mode, exact: true }).click();
      if (mode === 'History') await expect(page.getByRole('list', { name: 'Past batches' }).getByRole('listitem')).toHaveCount(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${mode} mode, ${scheme}`).toBe(0);
      await keepScreenshot(page, testInfo, `${mode.toLowerCase()}-mode-${scheme}`);
    }
  }
  const background = async (scheme: 'light' | 'dark') => {
    await page.emulateMedia({ colorScheme: scheme });
    return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  };
  expect(await background('dark')).not.toBe(await background('light'));
});

test('keyboard alone in a batch: filter its files, open a file’s details; 800 × 600 still fits', async ({ tempDir, startShell, openApp }, testInfo) => {
  const source = await tempDir('source');
  const files = await Promise.all(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'].map((name) => randomFile(path.join(source, `${name}.txt`), 100)));
  const page = await openApp(await startShell());
  await switchMode(page, 'Send');
  await addHostFiles(page, files);
  // Nobody listens there: the batch fails at once, and stays to be looked at.
  await sendStaged(page, { address: `127.0.0.1:${await freePort()}` });
  const card = fileList(page, 'send').getByRole('article');
  await expect(card).toContainText('Failed', { timeout: 30_000 });

  const filter = card.getByRole('searchbox', { name: 'Filter files' });
  await tabTo(page, filter);
  await page.keyboard.type('eta');
  await expect(card.getByRole('listitem')).toHaveCount(2);
  const zeta = fileRow(page, 'send', 'zeta.txt');
  const details = zeta.getByRole('button', { name: 'Details of zeta.txt' });
  await tabTo(page, details);
  await expect(details).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(details).toHaveAttribute('aria-expanded', 'true');
  await expect(zeta.getByRole('alert')).toContainText('could not be reached');
  await expect(zeta.getByRole('img')).toHaveAttribute('aria-label', '0 of 1 chunk done');

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await keepScreenshots(page, testInfo, 'batch-keyboard-details');
});
