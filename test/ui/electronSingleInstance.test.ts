// One instance at a time (electron/main/singleInstance.ts), on a fake
// Electron with the real host, preload and renderer store: a second start
// hands its files over and quits; the running app brings its window forward
// and its Send view stages them.
import '../support/liveWorkers.js';
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { IPC_CHANNELS } from '../../shared/bridge.js';
import { keyText, loadOrCreateIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { createAppStore } from '../../renderer/store/appStore.js';
import { bindHost } from '../../renderer/store/controller.js';
import { APP_PAGE, launchApp, START_DIR, startApp } from '../support/desktopApp.js';
import { preventable } from '../support/fakeElectron.js';
import { loadPage } from '../support/fakePage.js';
import { liveWorkers } from '../support/liveWorkers.js';
import { tempDir } from '../support/tmp.js';
import { until, within } from '../support/wait.js';

test('a second start hands its files to the running app and quits without starting the engine', async () => {
  const before = liveWorkers();
  const fake = await launchApp(['notes.txt', path.resolve('/srv/clip.mov'), '--no-sandbox'], { secondStart: true });
  assert.equal(await within(fake.app.ended, 'the second start to end'), 0);
  assert.deepEqual(fake.app.singleInstanceData, { files: [path.join(START_DIR, 'notes.txt'), path.resolve('/srv/clip.mov')] });
  assert.equal(fake.windows.length, 0);
  assert.equal(liveWorkers(), before);
});

test('the running app brings its window forward and stages a second start’s files in its Send view', async () => {
  const { fake, window } = await startApp();
  const store = createAppStore({ mode: 'receive' });
  const api = await loadPage(fake, window, APP_PAGE);
  bindHost({ api, state: () => 'open', onState: () => () => undefined, pathOfDroppedFile: null }, store);
  window.focused = false;

  const wanted = [path.resolve('/srv/a.bin'), path.resolve('/srv/b.bin')];
  // Only absolute paths are taken from what a second start passes.
  fake.app.emit('second-instance', preventable(), [], START_DIR, { files: [...wanted, 'relative.txt', 42] });
  await until(() => store.getState().staged.length === 2, 'the files to be staged');
  assert.deepEqual(store.getState().staged, wanted);
  assert.equal(store.getState().mode, 'send');
  assert.equal(window.focused, true);

  window.focused = false;
  fake.app.emit('second-instance', preventable(), [], START_DIR, null);
  await until(() => window.focused, 'the window to come forward');
  assert.equal(store.getState().staged.length, 2, 'nothing more staged');
});

test('macOS: a file opened with the app (Open With, the dock icon) is staged in its Send view; a relative path is not', async () => {
  const { fake, window } = await startApp();
  const store = createAppStore({ mode: 'receive' });
  const api = await loadPage(fake, window, APP_PAGE);
  bindHost({ api, state: () => 'open', onState: () => () => undefined, pathOfDroppedFile: null }, store);
  const opened = preventable();
  fake.app.emit('open-file', opened, 'relative.txt');
  fake.app.emit('open-file', preventable(), path.resolve('/srv/movie.mov'));
  await until(() => store.getState().staged.length > 0, 'the file to be staged');
  assert.deepEqual(store.getState().staged, [path.resolve('/srv/movie.mov')]);
  assert.equal(store.getState().mode, 'send');
  assert.equal(opened.prevented, true, 'Electron is told the app took the file');
});

test('files given to the first start are staged once its page has loaded', async () => {
  const { window } = await startApp(['report.pdf']);
  const staged = () => window.webContents.sent.filter(([channel, event]) => channel === IPC_CHANNELS.event && event === 'files.staged');
  await until(() => staged().length > 0, 'the files.staged event');
  assert.deepEqual(staged(), [[IPC_CHANNELS.event, 'files.staged', [path.join(START_DIR, 'report.pdf')]]]);
});

test('without --config-dir the app keeps its data, and its lock, in the CLI’s config folder: one identity per machine', async () => {
  const configDir = await tempDir('zd-default-config');
  const { fake } = await startApp([], { defaultConfigDir: configDir });
  assert.equal(fake.app.lockedIn, configDir, 'the lock is taken in the shared folder');
  assert.equal(fake.app.getPath('userData'), configDir);
  // The host made this device's identity there, the one `zerodrop id` reads.
  const window = fake.windows[0]!;
  const api = await loadPage(fake, window, APP_PAGE);
  const shown = await api['trust.identity']();
  assert.equal(shown.key, keyText((await loadOrCreateIdentity(configDir)).publicKey));

  const given = await tempDir('zd-given-config');
  const { fake: other } = await startApp([`--config-dir=${given}`], { defaultConfigDir: configDir });
  assert.equal(other.app.lockedIn, given, '--config-dir keeps an instance apart');
});
