// The small controls a person relies on: cancel that takes effect at once,
// and an address copied exactly as shown.
import path from 'node:path';
import { Receiver } from '../electron/engine/receiver/receiver.js';
import { randomFile } from '../test/support/files.js';
import { addHostFiles, fileRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { freeReceiverPort } from './support/net.js';
import { expect, test } from './support/fixtures.js';

test('cancel takes effect at once, even while the receiver is slow to answer, and retry is offered', async ({ tempDir, startShell, openApp, openGate }) => {
  const source = await tempDir('source');
  const file = await randomFile(path.join(source, 'waiting.bin'), 4 * 1024 * 1024);
  const receiver = new Receiver({ dir: await tempDir('inbox'), bind: ['tcp://127.0.0.1:0'] });
  await receiver.start();
  try {
    // One reply every 2 s through the gate: the file's 66 requests take at
    // least two minutes, and the connection, answered every 2 s, never
    // gives up, so "Cancelled" can only come from the cancel.
    const gate = await openGate(receiver.boundEndpoints[0]!, 2_000);
    const sender = await openApp(await startShell());
    await switchMode(sender, 'Send');
    await addHostFiles(sender, [file]);
    // A plain v1 receiver behind a plain relay: the send is unencrypted.
    await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });
    const row = fileRow(sender, 'send', 'waiting.bin');
    await row.getByRole('button', { name: 'Cancel waiting.bin' }).click();
    await expect(row).toContainText('Cancelled');
    await expect(row.getByRole('button', { name: 'Retry waiting.bin' })).toBeVisible();
  } finally {
    await receiver.stop();
  }
});

test('an address to give a sender is copied exactly as shown', async ({ tempDir, startShell, openApp }) => {
  const receiver = await openApp(await startShell());
  await receiver.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const port = await freeReceiverPort();
  await startReceiving(receiver, await tempDir('inbox'), port);
  // The loopback address, with this device's key in it.
  const shown = receiver.getByRole('list', { name: 'Addresses for a sender' }).getByText(new RegExp(`^[a-z2-7]{52}@127\\.0\\.0\\.1:${port}$`));
  const address = (await shown.textContent())!;
  await receiver.getByRole('button', { name: `Copy ${address}` }).click();
  await expect(receiver.getByRole('button', { name: `Copy ${address}` })).toHaveText('Copied');
  expect(await receiver.evaluate(() => navigator.clipboard.readText())).toBe(address);
});
