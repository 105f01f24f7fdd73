// Electron's main process, given Electron itself (main.ts passes the real
// one, tests a fake): owns the host, and so the engine's actors; opens the
// window; closes every socket and worker before it quits.
import type { Host, HostPlatform } from '../host/host.js';
import type { ElectronApi } from './electronApi.js';
import { forwardEvents, serveCalls } from './ipc.js';
import { appArguments, parseLaunch } from './launch.js';
import { electronPlatform } from './platform.js';
import { guardWebContents } from './security.js';
import { appPageUrl, createAppWindow } from './window.js';
import { WindowKeeper } from './windowKeeper.js';

export interface DesktopDeps {
  electron: ElectronApi;
  openHost(configDir: string, platform: HostPlatform): Promise<Host>;
  argv: readonly string[];
  /** process.defaultApp: Electron was given the app's folder (development) rather than being the app. */
  defaultApp: boolean;
  cwd: string;
}

export function startDesktopApp({ electron, openHost, argv, defaultApp, cwd }: DesktopDeps): void {
  const { app } = electron;
  const launch = parseLaunch(appArguments(argv, defaultApp), cwd);
  if (launch.configDir) app.setPath('userData', launch.configDir);
  guardWebContents(electron);

  let host: Host | null = null;
  const windows = new WindowKeeper(
    () => createAppWindow(electron, { show: true }),
    (window) => forwardEvents(host!, window),
  );

  app
    .whenReady()
    .then(async () => {
      host = await openHost(app.getPath('userData'), electronPlatform(electron, () => windows.current()));
      serveCalls(electron.ipcMain, host, appPageUrl());
      void windows.open();
      // macOS: a click on the dock icon with no window open.
      app.on('activate', () => void windows.open());
    })
    .catch((error: unknown) => {
      console.error(`zerodrop: cannot start: ${String(error)}`);
      app.exit(1);
    });

  // Sending and receiving live in this process: closing the window ends them.
  app.on('window-all-closed', () => app.quit());
  closeHostBeforeQuitting(app, () => host);
}

/** Stops the receiver (partial files removed) and the sender, ends both workers, then quits for real. */
function closeHostBeforeQuitting(app: ElectronApi['app'], currentHost: () => Host | null): void {
  let closed = false;
  app.on('before-quit', (event) => {
    const host = currentHost();
    if (closed || !host) return;
    event.preventDefault();
    void host.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
