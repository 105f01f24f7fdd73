// What a batch's card lets a person do: retry only what failed, cancel a
// whole batch from the receiving side, and open where its files are. The
// states are arranged, not raced: replies pass a paced gate, so files stay
// in transit for as long as a step needs, on any machine.
import path from 'node:path';
import { listFiles, randomFile, sha256File } from '../test/support/files.js';
import { addHostFiles, expectDone, fileList, fileRow, sendStaged } from './support/app.js';
import { keepScreenshots } from './support/artifacts.js';
import { expect, test } from './support/fixtures.js';
import { RECORDABLE, recordOpener } from './support/opener.js';
import { openPair, pairWithFiles } from './support/pair.js';

const MiB = 1024 * 1024;

test('Retry failed sends only the failed files again: done rows stay done, a cancelled one stays cancelled, no “(1)” copies', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
  openGate,
}, testInfo) => {
  const sizes = { 'keep-1.txt': 1_000, 'keep-2.txt': 2_000, 'refused.bin': 4 * MiB, 'dropped.bin': 4 * MiB };
  const { receiver, sender, port, inbox, paths } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, sizes);
  // One reply every 200 ms: the two 64-chunk files cannot end in less than 25 s, so both are cancelled midway.
  const gate = await openGate(`tcp://127.0.0.1:${port}`, 200);
  await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });

  // A failure: the receiving person cancels one file (its sender reads "denied"); the sending person cancels another.
  const refusedThere = fileRow(receiver, 'receive', 'refused.bin');
  await expect(refusedThere).toContainText('Transferring');
  await refusedThere.getByRole('button', { name: 'Cancel refused.bin' }).click();
  await fileRow(sender, 'send', 'dropped.bin').getByRole('button', { name: 'Cancel dropped.bin' }).click();
  gate.pace(0);

  const card = fileList(sender, 'send').getByRole('article');
  const refused = fileRow(sender, 'send', 'refused.bin');
  await expect(refused).toContainText('Failed');
  await expect(fileRow(sender, 'send', 'dropped.bin')).toContainText('Cancelled');
  for (const name of ['keep-1.txt', 'keep-2.txt']) await expectDone(fileRow(sender, 'send', name));
  // Only the failed file counts: the cancelled one was meant to stop.
  const retry = card.getByRole('button', { name: /^Retry \d+ failed$/ });
  await expect(retry).toHaveText('Retry 1 failed');
  await keepScreenshots(sender, testInfo, 'batch-mixed-outcomes');

  await retry.click();
  await expectDone(refused);
  await expect(card.getByRole('button', { name: /^Retry \d+ failed$/ })).toHaveCount(0);
  await expect(fileRow(sender, 'send', 'dropped.bin')).toContainText('Cancelled');
  for (const name of ['keep-1.txt', 'keep-2.txt']) {
    await expectDone(fileRow(sender, 'send', name));
    // Received once: the retry did not send it again.
    await expect(fileRow(receiver, 'receive', name)).toHaveCount(1);
  }
  // The retried file is stored under its own name (the cancelled attempt left nothing), and no file twice.
  await expect.poll(async () => (await listFiles(inbox)).filter((name) => !name.startsWith('dropped.bin'))).toEqual(['keep-1.txt', 'keep-2.txt', 'refused.bin']);
  expect((await listFiles(inbox)).filter((name) => / \(\d+\)/.test(name))).toEqual([]);
  expect(await sha256File(path.join(inbox, 'refused.bin'))).toBe(await sha256File(paths[2]!));
});

test('the receiving card’s Cancel cancels every file of the batch: nothing of them is kept, and the sender reads that the receiver cancelled', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
  openGate,
}, testInfo) => {
  const names = ['first.bin', 'second.bin', 'third.bin'];
  const { receiver, sender, port, inbox } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, Object.fromEntries(names.map((name) => [name, 4 * MiB])));
  const gate = await openGate(`tcp://127.0.0.1:${port}`, 200);
  await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });
  // All three in transit on the receiver (the sender sends them at once; only the replies are held back).
  for (const name of names) await expect(fileRow(receiver, 'receive', name)).toContainText('Transferring');

  const receiving = fileList(receiver, 'receive').getByRole('article');
  await expect(receiving).toHaveCount(1);
  await receiving.getByRole('button', { name: 'Cancel', exact: true }).click();
  for (const name of names) await expect(fileRow(receiver, 'receive', name)).toContainText('Cancelled');
  gate.pace(0);
  await expect(receiving).toContainText('Stopped');
  await expect(receiving.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await expect(receiver.getByRole('alert')).toHaveCount(0);
  // Neither their partial data nor any final file is left in the receive folder.
  await expect.poll(() => listFiles(inbox)).toEqual([]);

  const sent = fileList(sender, 'send').getByRole('article');
  await expect(sent).toContainText('Failed');
  for (const name of names) await expect(fileRow(sender, 'send', name)).toContainText('Failed');
  // Said once for the batch, in the receiver's words.
  await expect(sent.getByRole('alert')).toContainText('The receiver cancelled it.');
  await expect(sent.getByRole('alert')).toContainText('denied: cancelled by the receiver');
  await keepScreenshots(receiver, testInfo, 'ending-receiver-cancelled-batch');
  await keepScreenshots(sender, testInfo, 'ending-receiver-cancelled-batch-sender');
  expect(await listFiles(inbox)).toEqual([]);
});

test('a one-file batch offers “Show file”, a larger one “Open folder”; each reaches the host’s opener with its path', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
}) => {
  test.skip(!RECORDABLE, 'the host opens paths with xdg-open, recorded here, only on Linux');
  const opener = await recordOpener(await tempDir('opener'));
  const pair = await openPair({ tempDir, startShell, startOpenReceiver, openApp }, opener.env);
  const { receiver, sender, port, inbox, source } = pair;
  // Folders, so that each button's path differs from the other's: x/lone.txt alone, then trip/ with two files.
  await randomFile(path.join(source, 'x', 'lone.txt'), 100);
  await Promise.all(['a.txt', 'b.txt'].map((name) => randomFile(path.join(source, 'trip', name), 200)));
  const cardOf = (page: typeof sender, direction: 'send' | 'receive', name: string) =>
    fileList(page, direction)
      .getByRole('article')
      .filter({ has: page.getByRole('listitem', { name, exact: true }) });

  for (const folder of ['x', 'trip']) {
    await addHostFiles(sender, [path.join(source, folder)]);
    await sendStaged(sender, { address: `127.0.0.1:${port}` });
  }
  for (const name of ['x/lone.txt', 'trip/a.txt', 'trip/b.txt']) {
    await expectDone(fileRow(sender, 'send', name));
    await expectDone(fileRow(receiver, 'receive', name));
  }

  const expected: string[] = [];
  const press = async (card: ReturnType<typeof cardOf>, label: 'Show file' | 'Open folder', opened: string) => {
    await expect(card.getByRole('button', { name: label === 'Show file' ? 'Open folder' : 'Show file', exact: true })).toHaveCount(0);
    await card.getByRole('button', { name: label, exact: true }).click();
    expected.push(opened);
    await expect.poll(() => opener.calls()).toEqual(expected);
  };
  // Linux file managers cannot select a file: "Show file" opens its folder (desktopOpen.ts).
  await press(cardOf(sender, 'send', 'x/lone.txt'), 'Show file', path.join(source, 'x'));
  await press(cardOf(sender, 'send', 'trip/a.txt'), 'Open folder', source);
  await press(cardOf(receiver, 'receive', 'x/lone.txt'), 'Show file', path.join(inbox, 'x'));
  await press(cardOf(receiver, 'receive', 'trip/a.txt'), 'Open folder', inbox);
  // Nothing reported a failure to open.
  await expect(sender.getByRole('alert')).toHaveCount(0);
  await expect(receiver.getByRole('alert')).toHaveCount(0);
});
