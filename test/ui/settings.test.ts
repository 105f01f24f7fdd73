import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { defaultSettings } from '../../shared/contract/results.js';
import { MAX_RECENT_PEERS, parseSettings, SETTINGS_FILE, SettingsStore } from '../../electron/host/settings.js';
import { tempDir } from '../support/tmp.js';

test('settings survive a reopen, and the last change wins on disk', async () => {
  const dir = await tempDir('zd-settings');
  const store = await SettingsStore.open(dir);
  assert.deepEqual(store.get(), { receiveDir: null, recentPeers: [], keepInTray: false, accept: 'ask', acceptPlain: false, askSeconds: 60 });
  void store.setReceiveDir('/srv/first');
  void store.addRecentPeer('tcp://a:5670');
  void store.addRecentPeer('tcp://b:5670');
  await store.setReceiveDir('/srv/inbox');
  await store.addRecentPeer('tcp://a:5670');
  await store.setKeepInTray(true);
  await store.setAccept('known');
  await store.setAcceptPlain(true);
  await store.setAskSeconds(120);
  const reopened = await SettingsStore.open(dir);
  assert.deepEqual(reopened.get(), { receiveDir: '/srv/inbox', recentPeers: ['tcp://a:5670', 'tcp://b:5670'], keepInTray: true, accept: 'known', acceptPlain: true, askSeconds: 120 });
  // Nothing but the settings file is left: temporary files were renamed.
  assert.deepEqual(await readdir(dir), [SETTINGS_FILE]);
});

test('recent peers are kept most recent first, once each, and bounded', async () => {
  const store = await SettingsStore.open(await tempDir('zd-settings'));
  for (let i = 0; i < MAX_RECENT_PEERS + 3; i++) await store.addRecentPeer(`tcp://h${i}:5670`);
  await store.addRecentPeer('tcp://h5:5670');
  const peers = store.get().recentPeers;
  assert.equal(peers.length, MAX_RECENT_PEERS);
  assert.equal(peers[0], 'tcp://h5:5670');
  assert.equal(new Set(peers).size, peers.length);
});

test('a damaged settings file gives defaults and is replaced on the next change', async () => {
  const dir = await tempDir('zd-settings');
  await writeFile(path.join(dir, SETTINGS_FILE), '{"receiveDir": ');
  const store = await SettingsStore.open(dir);
  assert.deepEqual(store.get(), defaultSettings());
  await store.setReceiveDir('/srv/in');
  assert.equal(JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8')).receiveDir, '/srv/in');
});

test('only well-formed fields are read', () => {
  const defaults = defaultSettings();
  assert.deepEqual(defaults, { receiveDir: null, recentPeers: [], keepInTray: false, accept: 'ask', acceptPlain: false, askSeconds: 60 });
  assert.deepEqual(parseSettings('{"receiveDir": "relative", "recentPeers": ["tcp://a:1", 7], "keepInTray": "yes", "accept": "everyone", "acceptPlain": 1, "askSeconds": 0.5}'), { ...defaults, recentPeers: ['tcp://a:1'] });
  assert.deepEqual(parseSettings('{"keepInTray": true, "accept": "anyone", "acceptPlain": true, "askSeconds": 5}'), { ...defaults, keepInTray: true, accept: 'anyone', acceptPlain: true, askSeconds: 5 });
  assert.equal(parseSettings('{"askSeconds": 601}').askSeconds, 60);
  assert.deepEqual(parseSettings('null'), defaults);
  assert.deepEqual(parseSettings(null), defaults);
});
