// The host on the real engine actors (worker threads, ZeroMQ on loopback,
// real files); only the operating system's open/reveal tools are recorded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { FileProgress, ReceiverStatus } from '../../shared/transfer.js';
import type { FilesPage } from '../../shared/ipc.js';
import { SettingsStore } from '../../electron/host/settings.js';
import { randomFile, sha256File } from '../support/files.js';
import { opened, startHost, untilFiles } from '../support/hosts.js';
import { tempDir } from '../support/tmp.js';

test('one host receives what another sends, reports it, and remembers folder and peer', async () => {
  const receiving = await startHost();
  const sending = await startHost();
  const inbox = await tempDir('zd-inbox');
  const source = await randomFile(path.join(await tempDir('zd-src'), 'data.bin'), 3 * 1024 * 1024 + 5);

  // This test is about moving files: the receiver takes them from anyone (hostTrust.test.ts asks).
  await receiving.host.call('settings.setAccept', ['anyone']);
  const status = (await receiving.host.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  assert.equal(status.listening, true);
  const endpoint = status.endpoints[0]!;
  assert.match(endpoint, /^tcp:\/\/127\.0\.0\.1:[1-9]\d*$/);

  const allDone = (files: Map<string, FileProgress>) => files.size > 0 && [...files.values()].every((f) => f.status === 'done');
  const received = untilFiles(receiving.host, allDone);
  const sent = untilFiles(sending.host, allDone);
  const { fileIds } = (await sending.host.call('sender.send', [{ endpoint, paths: [source], chunkBytes: 256 * 1024 }])) as { fileIds: string[] };
  assert.equal(fileIds.length, 1);
  const [receivedFiles] = await Promise.all([received, sent]);

  const stored = [...receivedFiles.values()][0]!;
  assert.equal(stored.storedAs, 'data.bin');
  assert.equal(await sha256File(stored.path!), await sha256File(source));
  assert.deepEqual(((await sending.host.call('files.list', [])) as FilesPage).files.map((f) => f.id), fileIds);

  // Opening is limited to the receive folder and the files that moved.
  await receiving.host.call('shell.openPath', [inbox]);
  await receiving.host.call('shell.revealPath', [stored.path]);
  await assert.rejects(receiving.host.call('shell.openPath', ['/etc']), /Only the receive folder/);
  await assert.rejects(receiving.host.call('shell.revealPath', ['/etc/passwd']), /Only a file that was sent or received/);
  assert.deepEqual(opened.splice(0), [`open ${inbox}`, `reveal ${stored.path}`]);

  assert.equal((await SettingsStore.open(receiving.configDir)).get().receiveDir, inbox);
  assert.deepEqual((await SettingsStore.open(sending.configDir)).get().recentPeers, [endpoint]);

  const stopped = (await receiving.host.call('receiver.stop', [])) as ReceiverStatus;
  assert.equal(stopped.listening, false);
});

test("of a received file only the folder it was received into opens: the folders below it are named by its peer", async () => {
  const receiving = await startHost();
  const sending = await startHost();
  const inbox = await tempDir('zd-inbox');
  const chosen = await tempDir('zd-src');
  await randomFile(path.join(chosen, 'Evil.app', 'Contents', 'run'), 100);
  await receiving.host.call('settings.setAccept', ['anyone']);
  const { endpoints } = (await receiving.host.call('receiver.start', [{ dir: inbox, bind: 'tcp://127.0.0.1:0' }])) as ReceiverStatus;
  const done = (files: Map<string, FileProgress>) => files.size > 0 && [...files.values()].every((f) => f.status === 'done');
  const received = untilFiles(receiving.host, done);
  await sending.host.call('sender.send', [{ endpoint: endpoints[0]!, paths: [path.join(chosen, 'Evil.app')] }]);
  await Promise.all([received, untilFiles(sending.host, done)]);
  opened.splice(0);
  await assert.rejects(receiving.host.call('shell.openPath', [path.join(inbox, 'Evil.app')]), /Only the receive folder/);
  await assert.rejects(receiving.host.call('shell.openPath', [path.join(inbox, 'Evil.app', 'Contents')]), /Only the receive folder/);
  // Received into a folder no longer the receive folder: that folder still opens.
  await receiving.host.call('receiver.stop', []);
  await receiving.host.call('receiver.start', [{ dir: await tempDir('zd-inbox2'), bind: 'tcp://127.0.0.1:0' }]);
  await receiving.host.call('shell.openPath', [inbox]);
  // The sender's own folders open: the one a batch was chosen from, and those inside it.
  await sending.host.call('shell.openPath', [chosen]);
  await sending.host.call('shell.openPath', [path.join(chosen, 'Evil.app', 'Contents')]);
  assert.deepEqual(opened.splice(0), [`open ${inbox}`, `open ${chosen}`, `open ${path.join(chosen, 'Evil.app', 'Contents')}`]);
});

test('commands are checked before they run, and failures read as sentences', async () => {
  const { host } = await startHost();
  await assert.rejects(host.call('receiver.start', [{ dir: '/no/such/folder' }]), /does not exist or is not a folder/);
  await assert.rejects(host.call('receiver.start', [{ dir: 'relative' }]), /absolute path/);
  await assert.rejects(host.call('sender.cancel', ['no-such-id']), /No file being sent has the id no-such-id/);
  await assert.rejects(host.call('nope', []), /unknown command/);
  assert.equal(((await host.call('receiver.status', [])) as ReceiverStatus).listening, false);
  assert.equal(await host.call('fs.pickFolder', []), '/picked');
  assert.equal(await host.call('fs.pickFolder', ['/srv']), '/srv/picked');
  await assert.rejects(host.call('fs.pickFolder', ['relative']), /absolute path/);
  await assert.rejects(host.call('settings.setReceiveDir', ['/no/such/folder']), /does not exist or is not a folder/);
});

test('a receive folder chosen before receiving is remembered across starts', async () => {
  const { host, configDir } = await startHost();
  const inbox = await tempDir('zd-inbox');
  const settings = (await host.call('settings.setReceiveDir', [inbox])) as { receiveDir: string };
  assert.equal(settings.receiveDir, inbox);
  assert.equal((await SettingsStore.open(configDir)).get().receiveDir, inbox);
});

test('fs.list shows a folder of the host, folders first, hidden entries left out', async () => {
  const { host } = await startHost();
  const dir = await tempDir('zd-list');
  await randomFile(path.join(dir, 'b.txt'), 3);
  await randomFile(path.join(dir, '.hidden'), 1);
  await randomFile(path.join(dir, 'sub', 'inner.txt'), 1);
  const listing = (await host.call('fs.list', [dir])) as { path: string; parent: string; entries: unknown[] };
  assert.equal(listing.path, dir);
  assert.equal(listing.parent, path.dirname(dir));
  assert.deepEqual(listing.entries, [
    { name: 'sub', path: path.join(dir, 'sub'), kind: 'dir' },
    { name: 'b.txt', path: path.join(dir, 'b.txt'), kind: 'file', size: 3 },
  ]);
});
