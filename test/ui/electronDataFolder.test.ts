// The desktop app keeps its settings and history in the app's data folder,
// the one the CLI uses by default (on Linux, Electron's own default would be
// ~/.config/ZeroDrop, named after the product, beside the CLI's
// ~/.config/zerodrop), and in --config-dir when given one.
import '../support/configHome.js';
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { defaultConfigDir } from '../../electron/host/appFiles.js';
import { startApp } from '../support/desktopApp.js';
import { TEST_CONFIG_HOME } from '../support/configHome.js';
import { tempDir } from '../support/tmp.js';

test('without --config-dir the app uses the data folder the CLI uses', async () => {
  // main.ts passes defaultConfigDir(): here the test's own, under its XDG_CONFIG_HOME.
  const { fake } = await startApp([], { defaultConfigDir: defaultConfigDir() });
  assert.equal(fake.app.getPath('userData'), defaultConfigDir());
  assert.ok(defaultConfigDir().startsWith(TEST_CONFIG_HOME) || process.platform !== 'linux', 'the test keeps to its own folder');
});

test('--config-dir DIR is the app’s data folder', async () => {
  const dir = await tempDir('zd-electron-cfg');
  const { fake } = await startApp([`--config-dir=${dir}`]);
  assert.equal(fake.app.getPath('userData'), path.resolve(dir));
});
