// What a person does in the app, in the words the app shows: each step
// finds controls by role and accessible name, as assistive technology does.
import { expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';

export async function switchMode(page: Page, mode: 'Send' | 'Receive'): Promise<void> {
  const button = page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: mode, exact: true });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

/** The browser shell's folder picker: a browser of the host's folders. */
export async function chooseReceiveFolder(page: Page, dir: string): Promise<void> {
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose the receive folder' });
  await expect(dialog.getByRole('list', { name: /^Contents of / })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(path.dirname(dir));
  await dialog.getByRole('button', { name: 'Go' }).click();
  // Open the folder by its entry, as a person would, then choose it.
  await dialog.getByRole('button', { name: `Open ${path.basename(dir)}` }).click();
  await expect(dialog.getByRole('list', { name: `Contents of ${dir}` })).toBeVisible();
  await dialog.getByRole('button', { name: 'Use this folder' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Receive folder' })).toHaveValue(dir);
}

export async function startReceiving(page: Page, dir: string, port: number, chooseFolder = chooseReceiveFolder): Promise<void> {
  await switchMode(page, 'Receive');
  await chooseFolder(page, dir);
  await page.getByRole('textbox', { name: 'Port' }).fill(String(port));
  await page.getByRole('button', { name: 'Start receiving' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Receiving into' })).toContainText(dir);
  await expect(page.getByRole('list', { name: 'Addresses for a sender' })).toContainText(`:${port}`);
}

/** Ticks files of one host folder in the host browser and adds them. */
export async function addHostFiles(page: Page, files: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Add files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add files from this computer' });
  await expect(dialog.getByRole('list', { name: /^Contents of / })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(path.dirname(files[0]!));
  await dialog.getByRole('button', { name: 'Go' }).click();
  for (const file of files) await dialog.getByRole('checkbox', { name: `Select ${path.basename(file)}`, exact: true }).check();
  await dialog.getByRole('button', { name: `Add ${files.length} selected` }).click();
  await expect(dialog).toBeHidden();
  const staged = page.getByRole('list', { name: 'Ready to send' });
  for (const file of files) await expect(staged.getByRole('listitem', { name: path.basename(file), exact: true }).filter({ hasText: path.dirname(file) }).first()).toBeVisible();
}

export interface SendChoices {
  address: string;
  chunkSize?: string;
  /** Ticks "Send unencrypted": for a receiver reached through a plain relay, or a plain v1 one. */
  plain?: boolean;
}

export async function sendStaged(page: Page, { address, chunkSize, plain }: SendChoices): Promise<void> {
  await page.getByRole('combobox', { name: 'Receiver address' }).fill(address);
  if (plain) await page.getByRole('checkbox', { name: /^Send unencrypted/ }).check();
  if (chunkSize) {
    const size = page.getByRole('combobox', { name: 'Chunk size' });
    // The options stay open after a send: a second click would close them.
    if (!(await size.isVisible())) await page.getByText('Options').click();
    await size.selectOption({ label: chunkSize });
  }
  await page.getByRole('button', { name: /^Send \d+ items?$/ }).click();
  await expect(page.getByRole('list', { name: 'Ready to send' })).toBeHidden();
}

export function fileList(page: Page, direction: 'send' | 'receive'): Locator {
  return page.getByRole('region', { name: direction === 'send' ? 'Sent this session' : 'Received this session' });
}

/** A file's row, in whichever batch it is: a list item named by its relative path. */
export function fileRow(page: Page, direction: 'send' | 'receive', name: string): Locator {
  return fileList(page, direction).getByRole('listitem', { name, exact: true });
}

/** Opens a row's details (its numbers, outcome and chunk map), as a click on its name does. */
export async function openRow(row: Locator): Promise<void> {
  const name = row.getByRole('button', { name: /^Details of / });
  if ((await name.getAttribute('aria-expanded')) !== 'true') await name.click();
  await expect(name).toHaveAttribute('aria-expanded', 'true');
}

export async function expectDone(row: Locator): Promise<void> {
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100', { timeout: 90_000 });
  await expect(row).toContainText('Done');
}
