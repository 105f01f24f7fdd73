// Electron's main process, given Electron itself (main.ts passes the real
// one, tests a fake): owns the host, and so the engine's actors; opens the
// window; closes every socket and worker before it quits.
import type { Settings } from '../../shared/ipc.js';
import type { ReceiverStatus } from '../../shared/transfer.js';
import type { Host, HostPlatform } from '../host/host.js';
import type { AppApi, ElectronApi } from './electronApi.js';
import { APP_ID } from './appIdentity.js';
import { notifyConsentAsks } from './consentNotifications.js';
import { forwardEvents, sendEvent, serveCalls } from './ipc.js';
import { appArguments, parseLaunch } from './launch.js';
import { notifyEndedBatches } from './notifications.js';
import { electronPlatform } from './platform.js';
import { guardWebContents } from './security.js';
import { claimSingleInstance, onOpenFile, onSecondStart } from './singleInstance.js';
import { runSmokeTest, smokeTestDataDir } from './smokeTest.js';
import { ReceivingTray } from './tray.js';
import { appPageUrl, createAppWindow } from './window.js';
import { WindowKeeper } from './windowKeeper.js';

export interface DesktopDeps {
  electron: ElectronApi;
  openHost(configDir: string, platform: HostPlatform): Promise<Host>;
  /** The config folder the CLI uses too (defaultConfigDir()): one identity per machine. */
  defaultConfigDir: string;
  argv: readonly string[];
  /** process.defaultApp: Electron was given the app's folder (development) rather than being the app. */
  defaultApp: boolean;
  cwd: string;
  platform: NodeJS.Platform;
}

export function startDesktopApp({ electron, openHost, defaultConfigDir, argv, defaultApp, cwd, platform }: DesktopDeps): void {
  const { app } = electron;
  const launch = parseLaunch(appArguments(argv, defaultApp), cwd);
  const configDir = launch.smokeTest ? smokeTestDataDir(app) : (launch.configDir ?? defaultConfigDir);
  let host: Host | null = null;
  const quit = quitAfterClosingHost(app, () => host);
  const tray = new ReceivingTray(electron, platform, { open: () => void windows.open(), quit: () => app.quit() });
  const windows = new WindowKeeper(
    () => createAppWindow(electron, { show: !launch.smokeTest }),
    (window) => {
      forwardEvents(host!, window);
      tray.hide();
    },
  );

  // Before the lock: Electron's lock belongs to the settings folder, so one
  // instance runs per config folder (and so per device identity).
  app.setPath('userData', configDir);
  // The smoke test runs beside a running app.
  if (!launch.smokeTest && !claimSingleInstance(app, launch.files)) {
    app.quit();
    return;
  }
  guardWebContents(electron);
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  const started = app.whenReady().then(async () => {
    host = await openHost(app.getPath('userData'), electronPlatform(electron, () => windows.current()));
    serveCalls(electron.ipcMain, host, appPageUrl());
    host.events.listen((event, payload) => {
      if (event === 'receiver.status') tray.update(payload as ReceiverStatus);
    });
    const notify = { isWatching: () => windows.isFocused(), onClick: () => void windows.open() };
    const stopNotifying = [notifyEndedBatches(electron, host, notify), notifyConsentAsks(electron, host, notify)];
    // Transfers that quitting cuts short, and questions it withdraws, are no news.
    app.on('before-quit', () => stopNotifying.forEach((stop) => stop()));
    // macOS: a click on the dock icon with no window open.
    app.on('activate', () => void windows.open());
  });
  /** Opens the window once the host is ready, and stages `files` in its Send view. */
  const openAndStage = async (files: string[]) => {
    await started;
    const window = await windows.open();
    if (files.length > 0) sendEvent(window, 'files.staged', files);
  };
  const run = launch.smokeTest ? started.then(() => runSmokeTest(windows.open(), quit)) : openAndStage(launch.files);
  run.catch((error: unknown) => {
    console.error(`zerodrop: cannot start: ${String(error)}`);
    quit(1);
  });
  // A start that failed has been reported once, just above.
  onSecondStart(app, (files) => void openAndStage(files).catch(() => undefined));
  onOpenFile(app, (files) => void openAndStage(files).catch(() => undefined));

  // Sending and receiving live in this process: closing the window ends
  // them, unless the person chose to keep receiving in the tray.
  const trayOrQuit = async () => {
    if (!host || !((await host.call('settings.get', [])) as Settings).keepInTray) app.quit();
    else tray.show((await host.call('receiver.status', [])) as ReceiverStatus);
  };
  app.on('window-all-closed', () => void trayOrQuit());
  app.on('will-quit', () => tray.hide());
}

/**
 * However the app quits, the host closes first: the receiver stops (partial
 * files removed), the sender cancels, both workers end. Then the app quits
 * for real, or ends with the code given to the returned function.
 */
function quitAfterClosingHost(app: AppApi, currentHost: () => Host | null): (exitCode: number) => void {
  let exitCode = 0;
  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= (currentHost()?.close() ?? Promise.resolve())
      .catch((error: unknown) => console.error(`zerodrop: closing: ${String(error)}`))
      .then(() => {
        closed = true;
        if (exitCode === 0) app.quit();
        else app.exit(exitCode);
      });
  });
  return (code) => {
    exitCode = code;
    app.quit();
  };
}
