// System notifications (electron/main/notifications.ts) on a fake Electron
// with the real host and engine: the app sends files to its own receiver,
// and they arrive, fail, or wait for the receiving person's answer.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { appIconFile } from '../../electron/host/appFiles.js';
import { BATCH_QUIET_MS } from '../../electron/host/batches.js';
import { APP_PAGE, startApp } from '../support/desktopApp.js';
import { loadPage } from '../support/fakePage.js';
import { randomFile } from '../support/files.js';
import { tempDir } from '../support/tmp.js';
import { sleep, until } from '../support/wait.js';

test('batches that end while the window is not focused are notified, and a click brings the window forward; not while it is', async () => {
  const { fake, window } = await startApp();
  const api = await loadPage(fake, window, APP_PAGE);
  // This test is about batches that end: its receiver takes files from anyone.
  await api['settings.setAccept']('anyone');
  const { endpoints } = await api['receiver.start']({ dir: await tempDir('zd-inbox'), bind: 'tcp://127.0.0.1:0' });
  const endpoint = endpoints[0]!;
  const sources = await tempDir('zd-src');

  window.focused = false;
  await api['sender.send']({ endpoint, paths: [await randomFile(path.join(sources, 'holiday.mov'), 300_000)] });
  await until(() => fake.notifications.length === 2, 'a notification for each side');
  const shown = fake.notifications.map(({ options, shown }) => ({ title: options.title, body: options.body, icon: options.icon, shown }));
  assert.deepEqual(shown.sort((a, b) => a.title!.localeCompare(b.title!)), [
    { title: 'Received 1 file', body: 'holiday.mov', icon: appIconFile(), shown: true },
    { title: 'Sent 1 file', body: `holiday.mov to ${endpoint}`, icon: appIconFile(), shown: true },
  ]);
  fake.notifications[0]!.emit('click');
  assert.equal(window.focused, true);

  await api['sender.send']({ endpoint, paths: [await randomFile(path.join(sources, 'notes.txt'), 1_000)] });
  await until(async () => (await api['files.list']()).files.filter((file) => file.status === 'done').length === 4, 'the second file on both sides');
  await sleep(BATCH_QUIET_MS * 1.5);
  assert.equal(fake.notifications.length, 2, 'nothing new while the window is focused');
});

test('a batch that asks while the window is not focused is notified once, with the device and its fingerprint; a click brings the window forward', async () => {
  const { fake, window } = await startApp();
  const api = await loadPage(fake, window, APP_PAGE);
  const { endpoints } = await api['receiver.start']({ dir: await tempDir('zd-inbox'), bind: 'tcp://127.0.0.1:0' });
  const me = await api['trust.identity']();
  const sources = await tempDir('zd-src');

  window.focused = false;
  await api['sender.send']({ endpoint: endpoints[0]!, paths: [await randomFile(path.join(sources, 'a.bin'), 2_000), await randomFile(path.join(sources, 'b.bin'), 3_000)] });
  await until(() => fake.notifications.length === 1, 'a notification of the question');
  const [asked] = fake.notifications;
  assert.deepEqual(asked!.options, {
    title: `${me.name} wants to send you 2 files`,
    body: `5.0 KB · fingerprint ${me.fingerprint}. Open ZeroDrop to accept or decline.`,
    icon: appIconFile(),
  });
  assert.equal(asked!.shown, true);
  asked!.emit('click');
  assert.equal(window.focused, true);

  // The question is still open, and the window now shows it: nothing more.
  const [offer] = await api['consent.list']();
  await api['consent.answer']({ batch: offer!.batch, decision: 'decline' });
  await until(async () => (await api['consent.list']()).length === 0, 'the question to be withdrawn');

  // Asked while the window is focused: no notification.
  await api['sender.send']({ endpoint: endpoints[0]!, paths: [await randomFile(path.join(sources, 'c.bin'), 100)] });
  await until(async () => (await api['consent.list']()).length === 1, 'the next question');
  assert.equal(fake.notifications.length, 1);
});

test('a batch that fails while the window is not focused is notified on both sides, with what failed and where; a click brings the window forward', async () => {
  const { fake, window } = await startApp();
  const api = await loadPage(fake, window, APP_PAGE);
  await api['settings.setAccept']('anyone');
  const inbox = await tempDir('zd-inbox');
  const { endpoints } = await api['receiver.start']({ dir: inbox, bind: 'tcp://127.0.0.1:0' });
  const endpoint = endpoints[0]!;
  // The inbox becomes a file: the receiver cannot write there, and both sides fail the file.
  await fs.rm(inbox, { recursive: true });
  await fs.writeFile(inbox, 'not a folder');
  const sources = await tempDir('zd-src');

  window.focused = false;
  const paths = await Promise.all(['report.pdf', 'photo.jpg', 'notes.txt'].map((name) => randomFile(path.join(sources, name), 2_000)));
  await api['sender.send']({ endpoint, paths });
  await until(() => fake.notifications.length === 2, 'a notification for each side');
  const shown = fake.notifications.map(({ options, shown }) => ({ title: options.title, body: options.body, icon: options.icon, shown }));
  assert.deepEqual(shown.sort((a, b) => a.title!.localeCompare(b.title!)), [
    { title: '3 files did not arrive', body: 'Failed: report.pdf, photo.jpg and 1 more', icon: appIconFile(), shown: true },
    { title: '3 files not sent', body: `Failed to ${endpoint}: report.pdf, photo.jpg and 1 more`, icon: appIconFile(), shown: true },
  ]);
  fake.notifications[1]!.emit('click');
  assert.equal(window.focused, true);
});
