// The desktop app's main process (electron/main/desktopApp.ts) on a fake
// Electron, with the real host: its actors run in worker threads and its
// settings live in a temporary folder. Every app still running when the test
// file ends is quit, which closes its host.
import { after } from 'node:test';
import { openHost } from '../../electron/host/openHost.js';
import { startDesktopApp } from '../../electron/main/desktopApp.js';
import { appPageUrl } from '../../electron/main/window.js';
import { createFakeElectron, type FakeElectron, type FakeWindow } from './fakeElectron.js';
import { loadPage, type Frame } from './fakePage.js';
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

export interface LaunchOptions {
  /** false: the page gets no API, as when the preload is broken. */
  preload?: boolean;
  /** Another instance runs already (it holds the lock). */
  secondStart?: boolean;
  /** The system the app believes it runs on. */
  platform?: NodeJS.Platform;
  /** The CLI's default config folder, as main.ts passes it; by default a new temporary one, never the person's own. */
  defaultConfigDir?: string;
}

/** Starts the app as `zerodrop ARGS…` would. */
export async function launchApp(args: string[] = [], { preload = true, secondStart = false, platform = process.platform, defaultConfigDir }: LaunchOptions = {}): Promise<FakeElectron> {
  // Every window's page gets the API from the bundled preload, as in Electron.
  const fake: FakeElectron = createFakeElectron('/fake/electron-userData', async (window) => preload && loadPage(fake, window, APP_PAGE));
  fake.app.lockFree = !secondStart;
  running.push(fake);
  startDesktopApp({ electron: fake.electron, openHost, defaultConfigDir: defaultConfigDir ?? (await tempDir('zd-electron')), argv: ['/opt/electron/electron', '/opt/zerodrop', ...args], defaultApp: true, cwd: START_DIR, platform });
  return fake;
}

/** Starts the app and resolves once its window's page has loaded. */
export async function startApp(args: string[] = [], options?: LaunchOptions): Promise<{ fake: FakeElectron; window: FakeWindow }> {
  const fake = await launchApp(args, options);
  await until(() => fake.windows[0]?.webContents.loaded === true, 'the window’s page to load');
  return { fake, window: fake.windows[0]! };
}
