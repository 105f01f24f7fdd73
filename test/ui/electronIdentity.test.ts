// The app's name and icon, the same in the installers (electron-builder.yml)
// and in what the running app shows: window, tray, notifications, and the
// id Windows files its notifications under. (npm run package:check checks
// each package's program name, macOS bundle name and icon, and the .desktop
// entry and .ico electron-builder would give the Linux and Windows installers.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { appIconFile, packageRoot } from '../../electron/host/appFiles.js';
import { APP_ID, PRODUCT_NAME } from '../../electron/main/appIdentity.js';
import { ReceivingTray } from '../../electron/main/tray.js';
import { readYaml } from '../../packaging/yaml.js';
import { startApp } from '../support/desktopApp.js';
import { createFakeElectron } from '../support/fakeElectron.js';

interface BuilderConfig {
  appId: string;
  productName: string;
  icon: string;
  files: string[];
}

test('the installers and the app name it alike, with the one icon, which every package carries', async () => {
  const config = (await readYaml(path.join(packageRoot(), 'electron-builder.yml'))) as BuilderConfig;
  assert.equal(config.productName, PRODUCT_NAME);
  assert.equal(config.appId, APP_ID);
  assert.equal(path.join(packageRoot(), config.icon), appIconFile());
  assert.ok(config.files.includes(path.relative(packageRoot(), appIconFile()).split(path.sep).join('/')));
});

test('on Windows the app files its notifications under the installer’s id; elsewhere it sets none', async () => {
  const { fake: windows } = await startApp([], { platform: 'win32' });
  assert.equal(windows.app.userModelId, APP_ID);
  const { fake: linux } = await startApp([], { platform: 'linux' });
  assert.equal(linux.app.userModelId, null);
});

test('the tray shows the app’s icon, at menu-bar size on macOS', () => {
  const status = { listening: false, dir: null, endpoints: [], addresses: [] };
  for (const [platform, size] of [['darwin', { width: 16, height: 16 }], ['linux', undefined]] as const) {
    const fake = createFakeElectron('/nowhere');
    new ReceivingTray(fake.electron, platform, { open: () => undefined, quit: () => undefined }).show(status);
    const image = fake.trays[0]!.image as unknown as { path: string; size?: object };
    assert.deepEqual({ path: image.path, size: image.size }, { path: appIconFile(), size }, platform);
    assert.equal(fake.trays[0]!.tooltip, 'ZeroDrop: not receiving');
  }
});
