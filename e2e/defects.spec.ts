// Defects found when the app was tried as a new user would, kept fixed.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { listFiles, randomFile, sha256File } from '../test/support/files.js';
import { addHostFiles, expectDone, fileList, fileRow, openRow, sendStaged, startReceiving, switchMode } from './support/app.js';
import { keepScreenshots } from './support/artifacts.js';
import { freeReceiverPort } from './support/net.js';
import { expect, test } from './support/fixtures.js';
import { openPair, pairWithFiles } from './support/pair.js';

test('sending: a staged path reads as its folder, the drop zone says what works here, a bad address is said in words', async ({ tempDir, startShell, openApp }, testInfo) => {
  const source = await tempDir('source');
  const file = await randomFile(path.join(source, 'x', 'a.txt'), 10);
  const page = await openApp(await startShell());
  await switchMode(page, 'Send');
  // A browser cannot give dropped files' paths: it says what works instead of "Drop files anywhere".
  await expect(page.getByText('Choose files and folders on the computer ZeroDrop runs on')).toBeVisible();
  await expect(page.getByText(/Drop files/)).toHaveCount(0);
  await addHostFiles(page, [file]);
  const staged = page.getByRole('list', { name: 'Ready to send' }).getByRole('listitem', { name: 'a.txt' });
  await expect(staged).toContainText(`in ${path.join(source, 'x')}`);
  await expect(staged).not.toContainText('a.txt/');

  const address = page.getByRole('combobox', { name: 'Receiver address' });
  await address.fill('not an address!');
  await expect(page.getByText('This is not an address')).toBeVisible();
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Send 1 item' })).toBeDisabled();
  await expect(page.getByText('sender.send')).toHaveCount(0);
  await keepScreenshots(page, testInfo, 'defect-bad-address');
  await address.fill('127.0.0.1:5999');
  await expect(page.getByText('This is not an address')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Send 1 item' })).toBeEnabled();
});

test('choosing files on the host shows names as they are: a bidi override is shown as an escape, not obeyed', async ({ tempDir, startShell, openApp }) => {
  const folder = await tempDir('names');
  // Reads as "invoiceexe.pdf" where U+202E is obeyed.
  await randomFile(path.join(folder, 'invoice\u202Efdp.exe'), 10);
  const page = await openApp(await startShell());
  await switchMode(page, 'Send');
  await page.getByRole('button', { name: 'Add files…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add files from this computer' });
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(folder);
  await dialog.getByRole('button', { name: 'Go' }).click();
  const listing = dialog.getByRole('list', { name: /^Contents of / });
  await expect(listing).toContainText('invoice\\u{202e}fdp.exe');
  expect(await listing.innerText()).not.toContain('\u202E');
});

test('two staged files with one name are both sent; the receiver numbers the second', async ({ tempDir, startShell, startOpenReceiver, openApp }) => {
  const { sender, port, inbox, source } = await openPair({ tempDir, startShell, startOpenReceiver, openApp });
  const first = await randomFile(path.join(source, 'one', 'same.txt'), 100);
  const second = await randomFile(path.join(source, 'two', 'same.txt'), 200);
  await addHostFiles(sender, [first]);
  await addHostFiles(sender, [second]);
  await expect(sender.getByRole('list', { name: 'Ready to send' }).getByRole('listitem')).toHaveCount(2);
  await sendStaged(sender, { address: `127.0.0.1:${port}` });
  const rows = fileRow(sender, 'send', 'same.txt');
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expectDone(row);
  await expect(sender.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => listFiles(inbox)).toEqual(['same (1).txt', 'same.txt']);
  const digests = [await sha256File(path.join(inbox, 'same.txt')), await sha256File(path.join(inbox, 'same (1).txt'))];
  expect(digests.sort()).toEqual([await sha256File(first), await sha256File(second)].sort());
});

test('receiving: a bad port is said in words, a port in use is said once, a missing folder is offered to be made', async ({ tempDir, startShell, openApp }, testInfo) => {
  const [hostA, hostB] = await Promise.all([startShell(), startShell()]);
  const [pageA, pageB] = [await openApp(hostA), await openApp(hostB)];
  const port = await freeReceiverPort();
  await startReceiving(pageA, await tempDir('inbox'), port);

  await switchMode(pageB, 'Receive');
  const portBox = pageB.getByRole('textbox', { name: 'Port' });
  await portBox.fill('70000');
  await expect(pageB.getByText('The port is a whole number from 1 to 65535.')).toBeVisible();
  await expect(pageB.getByRole('button', { name: 'Start receiving' })).toBeDisabled();

  // The same port as the other receiver: one message, not two.
  await portBox.fill(String(port));
  await pageB.getByRole('textbox', { name: 'Receive folder' }).fill(await tempDir('inbox-b'));
  await pageB.getByRole('button', { name: 'Start receiving' }).click();
  await expect(pageB.getByText(/cannot listen on/)).toHaveCount(1);
  await keepScreenshots(pageB, testInfo, 'defect-port-in-use');

  // A folder that does not exist yet is offered to be made, and receiving starts in it.
  const missing = path.join(await tempDir('parent'), 'new', 'inbox');
  await portBox.fill(String(await freeReceiverPort()));
  await pageB.getByRole('textbox', { name: 'Receive folder' }).fill(missing);
  await pageB.getByRole('button', { name: 'Start receiving' }).click();
  const offer = pageB.getByRole('alert').filter({ hasText: 'does not exist yet' });
  await expect(offer).toContainText(missing);
  await keepScreenshots(pageB, testInfo, 'defect-missing-folder');
  await offer.getByRole('button', { name: 'Create it and start receiving' }).click();
  await expect(pageB.getByRole('status').filter({ hasText: 'Receiving into' })).toContainText(missing);
});

test('the host’s folder browser reopens where it was, makes new folders, and uses a large screen', async ({ tempDir, startShell, openApp }) => {
  const parent = await tempDir('parent');
  await Promise.all(Array.from({ length: 30 }, (_, i) => mkdir(path.join(parent, `folder-${String(i).padStart(2, '0')}`))));
  const page = await openApp(await startShell());
  await page.setViewportSize({ width: 1440, height: 900 });
  await switchMode(page, 'Receive');
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Choose the receive folder' });
  // The home folder's listing first, as the helpers wait for it (app.ts): arriving during
  // fill(), it put its path back under the typed one (“/root/tmp/…”, a CI run).
  await expect(dialog.getByRole('list', { name: /^Contents of / })).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Folder path' }).fill(parent);
  await dialog.getByRole('button', { name: 'Go' }).click();
  const entries = dialog.getByRole('list', { name: `Contents of ${parent}` });
  await expect(entries).toBeVisible();
  // More than four rows on a large screen.
  expect((await entries.boundingBox())!.height).toBeGreaterThan(300);

  await dialog.getByRole('button', { name: 'New folder…' }).click();
  await dialog.getByRole('textbox', { name: 'New folder name' }).fill('made here');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByRole('list', { name: `Contents of ${path.join(parent, 'made here')}` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Opened again (for files this time), it starts in the folder it last showed, not the home folder.
  await switchMode(page, 'Send');
  await page.getByRole('button', { name: 'Add files…' }).click();
  await expect(page.getByRole('dialog', { name: 'Add files from this computer' }).getByRole('list', { name: `Contents of ${path.join(parent, 'made here')}` })).toBeVisible();
});

test('a finished chunk map is drawn in the finished bar’s colour', async ({ tempDir, startShell, startOpenReceiver, openApp }) => {
  // About something else than consent: the receiver takes files from anyone (pair.ts).
  const { sender, port } = await pairWithFiles({ tempDir, startShell, startOpenReceiver, openApp }, { 'm.bin': 1024 * 1024 });
  await sendStaged(sender, { address: `127.0.0.1:${port}`, chunkSize: '64 KiB' });
  const row = fileRow(sender, 'send', 'm.bin');
  await expectDone(row);
  await openRow(row);
  const canvas = row.getByRole('img');
  await expect(canvas).toHaveAttribute('aria-label', '16 of 16 chunks done');
  const [pixel, ok] = await canvas.evaluate((element: HTMLCanvasElement) => {
    const data = element.getContext('2d')!.getImageData(1, 1, 1, 1).data;
    const probe = document.createElement('div');
    probe.style.color = getComputedStyle(element).getPropertyValue('--ok');
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return [`rgb(${data[0]}, ${data[1]}, ${data[2]})`, colour];
  });
  expect(pixel).toBe(ok);
});

test('controls wait while the host is unreachable', async ({ tempDir, startShell, openApp }) => {
  const host = await startShell(await tempDir('config'));
  const page = await openApp(host);
  await switchMode(page, 'Receive');
  await expect(page.getByRole('button', { name: 'Choose folder…' })).toBeEnabled();
  await host.stop();
  await expect(page.getByRole('status').filter({ hasText: 'Host unreachable' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose folder…' })).toBeDisabled();
  await expect(page.getByRole('textbox', { name: 'Port' })).toBeDisabled();
  await expect(fileList(page, 'receive')).toBeVisible();
});
