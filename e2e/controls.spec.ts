// The small controls a person relies on: cancel that takes effect at once,
// and an address copied exactly as shown.
import path from 'node:path';
import { randomFile } from '../test/support/files.js';
import { addHostFiles, fileRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { freePort } from './support/net.js';
import { expect, test } from './support/fixtures.js';

test('cancel takes effect at once, even while the peer does not answer, and retry is offered', async ({ tempDir, startShell, openApp }) => {
  const source = await tempDir('source');
  const file = await randomFile(path.join(source, 'waiting.txt'), 1000);
  const sender = await openApp(await startShell());
  await switchMode(sender, 'Send');
  await addHostFiles(sender, [file]);
  await sendStaged(sender, { address: `127.0.0.1:${await freePort()}` });
  const row = fileRow(sender, 'send', 'waiting.txt');
  await row.getByRole('button', { name: 'Cancel waiting.txt' }).click();
  // The connection itself would give up only after 5 s.
  await expect(row).toContainText('Cancelled', { timeout: 2_000 });
  await expect(row.getByRole('button', { name: 'Retry waiting.txt' })).toBeVisible();
});

test('an address to give a sender is copied exactly as shown', async ({ tempDir, startShell, openApp }) => {
  const receiver = await openApp(await startShell());
  await receiver.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const port = await freePort();
  await startReceiving(receiver, await tempDir('inbox'), port);
  const address = `tcp://127.0.0.1:${port}`;
  await receiver.getByRole('button', { name: `Copy ${address}` }).click();
  await expect(receiver.getByRole('button', { name: `Copy ${address}` })).toHaveText('Copied');
  expect(await receiver.evaluate(() => navigator.clipboard.readText())).toBe(address);
});
