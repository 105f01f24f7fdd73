// Every ending in the right words, on the right side: a sender's Cancel,
// and a receiver that stops, as each person reads them. (An unreachable
// receiver and a busy name are in transfer.spec.ts; a receiver's Cancel of
// a whole batch is in batch-actions.spec.ts.)
import { listFiles } from '../test/support/files.js';
import { fileList, fileRow, openRow, sendStaged } from './support/app.js';
import { keepScreenshots } from './support/artifacts.js';
import { expect, test } from './support/fixtures.js';
import { pairWithFiles } from './support/pair.js';

const MiB = 1024 * 1024;

test('a sender’s Cancel: “Cancelled” where it was pressed; on the receiver, the sender ended it, never “the receiver said”', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
  openGate,
}, testInfo) => {
  const { receiver, sender, port } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, { 'slow.bin': 4 * MiB });
  // One reply every 200 ms: the 64 chunks take 13 s at least, so Cancel comes midway.
  const gate = await openGate(`tcp://127.0.0.1:${port}`, 200);
  await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });
  const arriving = fileRow(receiver, 'receive', 'slow.bin');
  await expect(arriving).toContainText('Transferring');
  const card = fileList(sender, 'send').getByRole('article');
  await card.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(card).toContainText('Cancelled');
  await expect(fileRow(sender, 'send', 'slow.bin')).toContainText('Cancelled');
  await expect(card.getByRole('alert')).toHaveCount(0);
  gate.pace(0);

  await expect(arriving).toContainText('Not finished');
  await openRow(arriving);
  await expect(arriving).toContainText('The sender ended it before all of it arrived');
  await expect(receiver.getByText('The receiver said')).toHaveCount(0);
  await expect(receiver.getByText('could not write')).toHaveCount(0);
  await keepScreenshots(sender, testInfo, 'ending-sender-cancelled');
  await keepScreenshots(receiver, testInfo, 'ending-cancelled-by-sender');
});

test('a receiver that stops: it warns first, says “You stopped receiving”; the sender hears at once that the receiver stopped', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
}, testInfo) => {
  const { receiver, sender, port } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, { 'large.bin': 400 * MiB });
  await sendStaged(sender, { address: `127.0.0.1:${port}`, chunkSize: '16 KiB', plain: true });
  const arriving = fileRow(receiver, 'receive', 'large.bin');
  await expect(arriving).toContainText('Transferring');

  await receiver.getByRole('button', { name: 'Stop receiving' }).click();
  const warning = receiver.getByRole('alert').filter({ hasText: 'still arriving' });
  await expect(warning).toContainText('1 file is still arriving');
  await keepScreenshots(receiver, testInfo, 'ending-receiver-stop-warning');
  await warning.getByRole('button', { name: 'Stop anyway' }).click();
  await expect(receiver.getByRole('status').filter({ hasText: 'Not receiving.' })).toBeVisible();
  await expect(arriving).toContainText('Stopped');
  await openRow(arriving);
  await expect(arriving).toContainText('You stopped receiving before it was finished');
  await expect(receiver.getByText('The receiver said')).toHaveCount(0);
  await expect(receiver.getByText('could not write')).toHaveCount(0);

  // The receiver hung up with replies owed: the sender says so, not "stopped answering" after a timeout.
  const card = fileList(sender, 'send').getByRole('article');
  await expect(card.getByRole('alert')).toContainText('The receiver stopped receiving before this file was finished.');
  await expect(card.getByRole('alert')).toContainText('closed the connection before answering');
  await expect(card).toContainText('Failed');
  await keepScreenshots(sender, testInfo, 'ending-receiver-stopped-sender');
  await keepScreenshots(receiver, testInfo, 'ending-receiver-stopped');
});

test('a receiver’s Cancel: its partial data goes, and the sender reads that the receiver cancelled it', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
  openGate,
}, testInfo) => {
  const { receiver, sender, port, inbox } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, { 'unwanted.bin': 4 * MiB });
  const gate = await openGate(`tcp://127.0.0.1:${port}`, 200);
  await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });
  const arriving = fileRow(receiver, 'receive', 'unwanted.bin');
  await expect(arriving).toContainText('Transferring');
  await arriving.getByRole('button', { name: 'Cancel unwanted.bin' }).click();
  await expect(arriving).toContainText('Cancelled');
  gate.pace(0);
  await openRow(arriving);
  await expect(arriving).toContainText('You cancelled it; what had arrived was removed.');
  await expect(fileList(receiver, 'receive').getByRole('article')).toContainText('Stopped');
  await expect(receiver.getByRole('alert')).toHaveCount(0);
  // Nothing of it is left in the receive folder, not even its temporary file.
  await expect.poll(() => listFiles(inbox)).toEqual([]);

  const card = fileList(sender, 'send').getByRole('article');
  await expect(card.getByRole('alert')).toContainText('The receiver cancelled it.');
  await expect(card.getByRole('alert')).toContainText('The receiver said: denied: cancelled by the receiver');
  await expect(fileRow(sender, 'send', 'unwanted.bin')).toContainText('Failed');
  await keepScreenshots(receiver, testInfo, 'ending-receiver-cancelled');
  await keepScreenshots(sender, testInfo, 'ending-receiver-cancelled-sender');
});
