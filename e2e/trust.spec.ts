// Encrypted sends between two browser-shell hosts with their own config
// folders (so two devices), at the app's defaults: the receiving person is
// asked about each batch. Driven as people would, by role and name.
import type { Page } from '@playwright/test';
import path from 'node:path';
import { fingerprint, loadOrCreateIdentity } from '../electron/engine/trust/deviceIdentity.js';
import { randomFile, sha256File } from '../test/support/files.js';
import { addHostFiles, expectDone, fileRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { keepScreenshot, keepScreenshots } from './support/artifacts.js';
import { freeReceiverPort } from './support/net.js';
import { expect, test, type Fixtures } from './support/fixtures.js';

async function twoDevices({ tempDir, startShell, openApp }: Pick<Fixtures, 'tempDir' | 'startShell' | 'openApp'>) {
  const [receivingHost, sendingHost] = await Promise.all([startShell(), startShell()]);
  const receiver = await openApp(receivingHost);
  const sender = await openApp(sendingHost);
  const inbox = await tempDir('inbox');
  const source = await tempDir('source');
  const port = await freeReceiverPort();
  await startReceiving(receiver, inbox, port);
  await switchMode(sender, 'Send');
  const [receiverId, senderId] = await Promise.all([loadOrCreateIdentity(receivingHost.configDir), loadOrCreateIdentity(sendingHost.configDir)]);
  return {
    receiver,
    sender,
    inbox,
    port,
    receiverPrint: fingerprint(receiverId.publicKey),
    senderPrint: fingerprint(senderId.publicKey),
    /** Stages a new file of `bytes` bytes named `name` and sends it to `address`. */
    send: async (name: string, bytes: number, address = `127.0.0.1:${port}`, plain = false) => {
      const file = await randomFile(path.join(source, name), bytes);
      await addHostFiles(sender, [file]);
      await sendStaged(sender, { address, plain });
      return file;
    },
  };
}

function question(page: Page) {
  return page.getByRole('dialog', { name: /wants to send you files$/ });
}

test('an encrypted send: the sender sees a first contact with the receiver’s fingerprint and waits; Accept once lets the file in', async ({
  tempDir,
  startShell,
  openApp,
}, testInfo) => {
  const { receiver, sender, inbox, receiverPrint, senderPrint, send } = await twoDevices({ tempDir, startShell, openApp });
  const file = await send('holiday.jpg', 300_000);

  const receiverLine = sender.getByRole('group', { name: 'Receiver' });
  await expect(receiverLine).toContainText('Encrypted · first contact');
  await expect(receiverLine).toContainText(receiverPrint);
  await expect(sender.getByRole('status').filter({ hasText: 'Waiting for the receiver to accept' })).toBeVisible();
  await keepScreenshots(sender, testInfo, 'send-waiting-first-contact');

  const dialog = question(receiver);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('1 file, “holiday.jpg”');
  await expect(dialog).toContainText('300 KB');
  await expect(dialog).toContainText(senderPrint);
  // The keyboard starts on the answer that lets nothing in.
  await expect(dialog.getByRole('button', { name: 'Decline' })).toBeFocused();
  await keepScreenshots(receiver, testInfo, 'consent-dialog');
  await dialog.getByRole('button', { name: 'Accept once' }).click();
  await expect(dialog).toBeHidden();

  await expectDone(fileRow(sender, 'send', 'holiday.jpg'));
  await expectDone(fileRow(receiver, 'receive', 'holiday.jpg'));
  expect(await sha256File(path.join(inbox, 'holiday.jpg'))).toBe(await sha256File(file));
  await expect(sender.getByRole('status').filter({ hasText: 'Waiting for the receiver to accept' })).toBeHidden();
});

test('Decline (by keyboard) gives the sender the receiver’s words; Always adds the device to Settings; a key-carrying address is verified', async ({
  tempDir,
  startShell,
  openApp,
}, testInfo) => {
  const { receiver, sender, port, senderPrint, send } = await twoDevices({ tempDir, startShell, openApp });

  await send('first.txt', 1_000);
  await expect(question(receiver)).toBeVisible();
  await receiver.keyboard.press('Enter');
  await expect(question(receiver)).toBeHidden();
  const refused = sender.getByRole('alert').filter({ hasText: 'Not sent:' });
  await expect(refused).toContainText('The receiving person did not accept these files.');
  await expect(refused).toContainText('the receiving person declined');
  await expect(fileRow(sender, 'send', 'first.txt')).toContainText('Failed');
  await keepScreenshots(sender, testInfo, 'send-declined');

  await send('second.txt', 2_000);
  await question(receiver).getByRole('button', { name: 'Always accept this device' }).click();
  await expectDone(fileRow(receiver, 'receive', 'second.txt'));
  await receiver.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Settings' }).click();
  const known = receiver.getByRole('list', { name: 'Known and blocked devices' }).getByRole('listitem');
  await expect(known).toHaveCount(1);
  await expect(known).toContainText('Known');
  await expect(known).toContainText(senderPrint);
  await keepScreenshot(receiver, testInfo, 'settings-known-device');

  // The address with the receiver's key: verified, and a known device is not asked again.
  await switchMode(receiver, 'Receive');
  const keyAddress = (await receiver
    .getByRole('list', { name: 'Addresses for a sender' })
    .getByText(new RegExp(`^[a-z2-7]{52}@127\\.0\\.0\\.1:${port}$`))
    .textContent())!;
  await expect(receiver.getByRole('img', { name: /^QR code of [a-z2-7]{52}@/ })).toBeVisible();
  await keepScreenshot(receiver, testInfo, 'receive-address-card');
  await send('third.txt', 3_000, keyAddress);
  await expectDone(fileRow(sender, 'send', 'third.txt'));
  await expect(sender.getByRole('group', { name: 'Receiver' })).toContainText('Encrypted · key verified');
  await expect(question(receiver)).toBeHidden();
  await keepScreenshots(sender, testInfo, 'send-verified');
});

test('unencrypted only when both people choose it, and labelled so on both sides', async ({ tempDir, startShell, openApp }, testInfo) => {
  const { receiver, sender, send } = await twoDevices({ tempDir, startShell, openApp });
  await expect(receiver.getByText('Senders without encryption')).toBeHidden();

  // Refused while the receiving person has not accepted unencrypted senders.
  await send('plain-1.txt', 500, undefined, true);
  // Why a batch failed is said once, on its card.
  await expect(sender.getByRole('region', { name: 'Sent this session' }).getByRole('article').filter({ hasText: 'plain-1.txt' }).getByRole('alert')).toContainText('only encrypted');

  await receiver.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'Settings' }).click();
  await receiver.getByRole('checkbox', { name: /^Accept unencrypted senders/ }).check();
  await switchMode(receiver, 'Receive');
  await expect(receiver.getByText('Senders without encryption (plain PROTOCOL.md v1) are accepted too')).toBeVisible();
  await expect(receiver.locator('.plain-note .trust-badge')).toHaveText('Unencrypted');
  await keepScreenshot(receiver, testInfo, 'receive-accepting-unencrypted');

  await send('plain-2.txt', 500, undefined, true);
  await expectDone(fileRow(sender, 'send', 'plain-2.txt'));
  await expectDone(fileRow(receiver, 'receive', 'plain-2.txt'));
  await expect(sender.getByRole('group', { name: 'Receiver' })).toContainText('Unencrypted');
  await expect(sender.getByRole('group', { name: 'Receiver' })).toContainText('anyone on the network can read these files');
  await expect(question(receiver)).toBeHidden();
});
