// Two browser-shell hosts on loopback, one receiving and one sending, driven
// as a person would: real sockets, real files, real Chromium.
import path from 'node:path';
import { randomFile, sha256File } from '../test/support/files.js';
import { addHostFiles, expectDone, fileList, fileRow, openRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { keepScreenshot, keepScreenshots } from './support/artifacts.js';
import { freePort, freeReceiverPort, HeldTransfer } from './support/net.js';
import { pairWithFiles } from './support/pair.js';
import { progressSamples, recordProgress } from './support/watch.js';
import { expect, test } from './support/fixtures.js';

const MiB = 1024 * 1024;

test('a receiver and a sender move three files; bars and chunk maps progress; files arrive byte-identical', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
  openGate,
}, testInfo) => {
  const sizes = { 'notes.txt': 10 * 1024 + 7, 'photo.jpg': 8 * MiB + 3, 'video.mkv': 16 * MiB };
  const { inbox, paths, port, receiver, sender } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, sizes);
  await keepScreenshot(receiver, testInfo, 'receive-mode');
  await keepScreenshot(sender, testInfo, 'send-mode-ready');

  // The sender goes through a gate that lets one reply out every 100 ms:
  // the video's 256 chunks cannot all arrive in less than 25 s, so both
  // sides are seen midway, on any machine; then the gate opens. The gate
  // relays plain ZMTP, so this send is unencrypted (trust.spec.ts encrypts).
  const gate = await openGate(`tcp://127.0.0.1:${port}`, 100);
  await recordProgress(sender, 'video.mkv');
  await recordProgress(receiver, 'video.mkv');
  await sendStaged(sender, { address: gate.endpoint.replace('tcp://', ''), chunkSize: '64 KiB', plain: true });

  const sent = fileRow(sender, 'send', 'video.mkv');
  const received = fileRow(receiver, 'receive', 'video.mkv');
  await expect(sent.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow', '0');
  // A large file in transit shows its chunk map; any file does once a person opens it.
  await expect(sent.getByRole('img')).toHaveAttribute('aria-label', /^[\d,]+ of 256 chunks done/);
  // Smaller files' rows (under 16 MiB) have none until a person opens them: not a chunk map for every file.
  for (const name of ['notes.txt', 'photo.jpg']) {
    await expect(fileRow(sender, 'send', name)).toBeVisible();
    await expect(fileRow(sender, 'send', name).getByRole('img')).toHaveCount(0);
  }
  await openRow(fileRow(sender, 'send', 'notes.txt'));
  await expect(fileRow(sender, 'send', 'notes.txt').getByRole('img')).toHaveAttribute('aria-label', /^[01] of 1 chunk done/);
  await expect(fileRow(sender, 'send', 'photo.jpg').getByRole('img')).toHaveCount(0);
  await openRow(received);
  // A receiver learns the number of chunks only at the end.
  await expect(received.getByRole('img')).toHaveAttribute('aria-label', /^[1-9][\d,]* chunks? arrived/);
  await keepScreenshots(sender, testInfo, 'send-mode-in-transit');
  await keepScreenshots(receiver, testInfo, 'receive-mode-in-transit');
  gate.pace(0);
  await expectDone(sent);

  // The bar and the map moved through intermediate states, on both sides.
  const sentSamples = await progressSamples(sender, 'video.mkv');
  const midway = sentSamples.filter((sample) => sample.percent > 0 && sample.percent < 100);
  expect(midway.length, JSON.stringify(sentSamples)).toBeGreaterThan(0);
  for (const sample of midway) expect(sample.chunkMap).toMatch(/^[\d,]+ of 256 chunks done/);
  const receivedMaps = (await progressSamples(receiver, 'video.mkv')).map((sample) => sample.chunkMap);
  expect(receivedMaps.some((label) => /^[\d,]+ chunks? arrived/.test(label)), receivedMaps.join('\n')).toBe(true);
  expect(receivedMaps.filter((label) => / of /.test(label) && label !== '256 of 256 chunks done'), 'no "of" before the size is known').toEqual([]);

  for (const name of Object.keys(sizes)) {
    await expectDone(fileRow(sender, 'send', name));
    await expectDone(fileRow(receiver, 'receive', name));
    // Stored under its own name: nothing to say about it.
    await openRow(fileRow(receiver, 'receive', name));
    await expect(fileRow(receiver, 'receive', name)).not.toContainText('Saved as');
  }
  await openRow(sent);
  await expect(sent.getByRole('img')).toHaveAttribute('aria-label', '256 of 256 chunks done');
  await expect(sender.getByLabel('Session totals')).toContainText('3 files · 3 done');
  await keepScreenshots(sender, testInfo, 'send-mode-done');
  await keepScreenshots(receiver, testInfo, 'receive-mode-done');

  for (const file of paths) {
    expect(await sha256File(path.join(inbox, path.basename(file))), path.basename(file)).toBe(await sha256File(file));
  }

});

test('a name already in transit fails with the receiver’s busy text while the other files finish', async ({
  tempDir,
  startShell,
  startOpenReceiver,
  openApp,
}, testInfo) => {
  const sizes = { 'report.pdf': 3 * MiB, 'a.bin': 3 * MiB, 'b.bin': 3 * MiB };
  const { inbox, paths, port, receiver, sender } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, sizes);

  // Another sender, a plain one, holds "report.pdf" open on the receiver; the app's send is encrypted.
  const held = await HeldTransfer.open(`tcp://127.0.0.1:${port}`, 'report.pdf');
  await sendStaged(sender, { address: `127.0.0.1:${port}` });

  const report = fileRow(sender, 'send', 'report.pdf');
  await expect(report).toContainText('Failed');
  // The batch says why, once; the file's own details say it too.
  await expect(fileList(sender, 'send').getByRole('article').getByRole('alert').first()).toContainText('1 file: The receiver is already receiving a file with this name.');
  await openRow(report);
  await expect(report.getByRole('alert')).toContainText('already receiving a file with this name');
  await expect(report.getByRole('alert')).toContainText('The receiver said: busy: "report.pdf"');
  await expect(report).toContainText('Failed');
  await expectDone(fileRow(sender, 'send', 'a.bin'));
  await expectDone(fileRow(sender, 'send', 'b.bin'));
  await expect(sender.getByLabel('Session totals')).toContainText('2 done · 1 failed');
  await keepScreenshots(sender, testInfo, 'send-mode-busy-error');

  // Once the other transfer ends, Retry sends it; the receiver keeps both.
  expect(await held.closeEmpty('report.pdf')).toEqual(['READY']);
  await report.getByRole('button', { name: 'Retry report.pdf' }).click();
  await expectDone(report);
  // The retry came on a new connection: a batch of its own on the receiver.
  const stored = fileRow(receiver, 'receive', 'report.pdf').filter({ has: receiver.getByRole('button', { name: 'Show report (1).pdf in its folder' }) });
  await openRow(stored);
  await expect(stored).toContainText('Saved as “report (1).pdf”');
  expect(await sha256File(path.join(inbox, 'report (1).pdf'))).toBe(await sha256File(paths[0]!));
});

test('an unreachable peer: "Connecting…" until it fails, then one clear message for the batch', async ({ tempDir, startShell, openApp }, testInfo) => {
  const source = await tempDir('source');
  const files = await Promise.all(['lonely.txt', 'alone.txt', 'solo.txt'].map((name) => randomFile(path.join(source, name), 1000)));
  const sender = await openApp(await startShell());
  await switchMode(sender, 'Send');
  await addHostFiles(sender, files);
  const port = await freePort();
  await sendStaged(sender, { address: `127.0.0.1:${port}` });
  const card = fileList(sender, 'send').getByRole('article', { name: `To 127.0.0.1:${port}` });
  // The receiver has not answered: not "Transferring · 0 B/s".
  await expect(card).toContainText('Connecting…');
  await expect(card).not.toContainText('B/s');
  await keepScreenshots(sender, testInfo, 'send-connecting');
  await expect(card.getByRole('alert')).toContainText('could not be reached', { timeout: 30_000 });
  // Said once for the batch, not on each of its files.
  await expect(card.getByRole('alert')).toHaveCount(1);
  await expect(card.getByRole('alert').getByText('could not be reached')).toHaveCount(1);
  await expect(card).toContainText('Failed');
  const row = fileRow(sender, 'send', 'lonely.txt');
  await expect(row).toContainText('Failed');
  await expect(row.getByRole('button', { name: 'Retry lonely.txt' })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Retry 3 failed' })).toBeVisible();
  await keepScreenshots(sender, testInfo, 'send-unreachable');
});

test('the chosen receive folder survives a restart of the host', async ({ tempDir, startShell, openApp }) => {
  const configDir = await tempDir('config');
  const inbox = await tempDir('inbox');
  const first = await startShell(configDir);
  await startReceiving(await openApp(first), inbox, await freeReceiverPort());
  await first.stop();

  const page = await openApp(await startShell(configDir));
  await switchMode(page, 'Receive');
  await expect(page.getByRole('status').filter({ hasText: 'Not receiving.' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Receive folder' })).toHaveValue(inbox);
});
