// The desktop app's main process (electron/main/desktopApp.ts) on a fake
// Electron, with the real host: its actors run in worker threads and its
// settings live in a temporary folder. Every app still running when the test
// file ends is quit, which closes its host.
import { after } from 'node:test';
import { openHost } from '../../electron/host/openHost.js';
import { startDesktopApp } from '../../electron/main/desktopApp.js';
import { appPageUrl } from '../../electron/main/window.js';
import { createFakeElectron, type FakeElectron, type FakeWindow } from './fakeElectron.js';
import type { Frame } from './fakePage.js';
import { tempDir } from './tmp.js';
import { until, within } from './wait.js';

/** Where the person started the app from: relative file arguments are taken from here. */
export const START_DIR = '/home/someone/Documents';

/** The app's own page in its window's top frame. */
export const APP_PAGE: Frame = { url: appPageUrl(), parent: null };

const running: FakeElectron[] = [];
after(async () => {
  for (const fake of running.splice(0)) {
    if (fake.app.exitCode === null) fake.app.quit();
    await within(fake.app.ended, 'the app to end');
  }
});

/** Starts the app as `zerodrop ARGS…` would; `prepare` sets the fake system up first. */
export async function launchApp(args: string[] = [], prepare: (fake: FakeElectron) => void = () => undefined): Promise<FakeElectron> {
  const fake = createFakeElectron(await tempDir('zd-electron'));
  prepare(fake);
  running.push(fake);
  startDesktopApp({ electron: fake.electron, openHost, argv: ['/opt/electron/electron', '/opt/zerodrop', ...args], defaultApp: true, cwd: START_DIR });
  return fake;
}

/** Starts the app and resolves once its window's page has loaded. */
export async function startApp(args: string[] = [], prepare?: (fake: FakeElectron) => void): Promise<{ fake: FakeElectron; window: FakeWindow }> {
  const fake = await launchApp(args, prepare);
  await until(() => fake.windows[0]?.webContents.loaded === true, 'the window’s page to load');
  return { fake, window: fake.windows[0]! };
}
