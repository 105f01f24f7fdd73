// Keeping on receiving in the tray (electron/main/tray.ts), opt-in, on a fake
// Electron with the real host and preload: the window closes, the receiver
// keeps answering, and the tray brings a window back or quits.
import '../support/liveWorkers.js';
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { appIconFile } from '../../electron/host/appFiles.js';
import { APP_PAGE, startApp } from '../support/desktopApp.js';
import { loadPage } from '../support/fakePage.js';
import { liveWorkers } from '../support/liveWorkers.js';
import { tempDir } from '../support/tmp.js';
import { until, within } from '../support/wait.js';

/** Starts the app, turns the setting on, starts receiving and closes the window; resolves once the tray shows. */
async function closeToTray() {
  const before = liveWorkers();
  const { fake, window } = await startApp();
  const api = await loadPage(fake, window, APP_PAGE);
  assert.equal((await api['settings.setKeepInTray'](true)).keepInTray, true);
  const inbox = await tempDir('zd-inbox');
  const { endpoints } = await api['receiver.start']({ dir: inbox, bind: 'tcp://127.0.0.1:0' });
  window.close();
  await until(() => fake.trays.length === 1, 'the tray icon');
  return { fake, tray: fake.trays[0]!, inbox, port: Number(/:(\d+)$/.exec(endpoints[0]!)![1]), before };
}

test('with the setting on, closing the window leaves the app receiving in the tray, which opens a window again', async () => {
  const { fake, tray, inbox, port, before } = await closeToTray();
  assert.equal(tray.tooltip, `ZeroDrop: receiving into ${inbox}`);
  assert.equal((tray.image as unknown as { path: string }).path, appIconFile());
  assert.equal(fake.app.exitCode, null, 'the app runs on');
  assert.equal(liveWorkers(), before + 2);
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.destroy();

  tray.pick('Open ZeroDrop');
  await until(() => fake.windows[1]?.webContents.loaded === true, 'a new window');
  assert.equal(tray.destroyed, true, 'the tray icon goes with the window back');
});

test('Quit in the tray ends the app, after every socket and worker is closed', async () => {
  const { fake, tray, before } = await closeToTray();
  tray.pick('Quit ZeroDrop');
  assert.equal(await within(fake.app.ended, 'the app to end'), 0);
  await until(() => liveWorkers() === before, 'both workers to end');
  assert.equal(tray.destroyed, true);
});
