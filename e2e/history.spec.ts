// The History view on two browser-shell hosts: each lists the batch that
// moved between them (the receiver's as it ends, while the view is open),
// and both list it again after both hosts restart on the same data folders.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { randomFile } from '../test/support/files.js';
import { addHostFiles, expectDone, fileRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { keepScreenshots } from './support/artifacts.js';
import { freeReceiverPort } from './support/net.js';
import { presetSettings } from './support/shell.js';
import { expect, test } from './support/fixtures.js';

async function openHistory(page: Page) {
  const button = page.getByRole('group', { name: 'Mode' }).getByRole('button', { name: 'History', exact: true });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  return page.getByRole('list', { name: 'Past batches' });
}

test('both sides list the batch in their History, live and after both hosts restart', async ({ tempDir, startShell, openApp }, testInfo) => {
  const [source, inbox, receivingConfig, sendingConfig] = await Promise.all([tempDir('source'), tempDir('inbox'), tempDir('config'), tempDir('config')]);
  const paths = await Promise.all([randomFile(path.join(source, 'notes.txt'), 2_000), randomFile(path.join(source, 'photo.jpg'), 300_000)]);
  // About history, not consent: the receiver takes files from anyone.
  await presetSettings(receivingConfig, { accept: 'anyone', acceptPlain: true });
  const [receivingHost, sendingHost] = await Promise.all([startShell(receivingConfig), startShell(sendingConfig)]);
  const receiver = await openApp(receivingHost);
  const sender = await openApp(sendingHost);
  const port = await freeReceiverPort();
  await startReceiving(receiver, inbox, port);
  const receivedList = await openHistory(receiver);
  await expect(receiver.getByText('No batches yet.', { exact: false })).toBeVisible();

  await switchMode(sender, 'Send');
  await addHostFiles(sender, paths);
  await sendStaged(sender, { address: `127.0.0.1:${port}` });
  for (const file of paths) await expectDone(fileRow(sender, 'send', path.basename(file)));

  // Recorded as it ended, shown without reopening the view.
  const received = receivedList.getByRole('listitem', { name: /^Received 2 files \(302 KB\) from / });
  await expect(received).toContainText('Done');
  await expect(received).toContainText(inbox);
  const sent = (await openHistory(sender)).getByRole('listitem', { name: `Sent 2 files (302 KB) to tcp://127.0.0.1:${port}` });
  await expect(sent).toContainText('Done');
  await expect(sent).toContainText('notes.txt, photo.jpg');
  await expect(sent).toContainText(source);

  // Send mode again leaves the History view.
  await switchMode(sender, 'Send');
  await expect(sender.getByRole('list', { name: 'Past batches' })).toBeHidden();

  await Promise.all([receivingHost.stop(), sendingHost.stop()]);
  const [receiverAgain, senderAgain] = await Promise.all([openApp(await startShell(receivingConfig)), openApp(await startShell(sendingConfig))]);
  await expect((await openHistory(receiverAgain)).getByRole('listitem')).toHaveCount(1);
  await expect((await openHistory(receiverAgain)).getByRole('listitem', { name: /^Received 2 files/ })).toContainText('Done');
  const sentAgain = (await openHistory(senderAgain)).getByRole('listitem', { name: `Sent 2 files (302 KB) to tcp://127.0.0.1:${port}` });
  await expect(sentAgain).toContainText('Done');

  await keepScreenshots(senderAgain, testInfo, 'history');
});
