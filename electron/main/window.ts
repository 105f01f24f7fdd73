// The app's window: sandboxed, isolated, no Node in the page, the built
// renderer from disk; sized for 800 × 600 and up.
import type { WebPreferences } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appIconFile, preloadFile, rendererDir } from '../host/appFiles.js';
import { PRODUCT_NAME } from './appIdentity.js';
import type { ElectronApi, WindowApi } from './electronApi.js';

export function appPageUrl(): string {
  return pathToFileURL(path.join(rendererDir(), 'index.html')).href;
}

/** The page's powers: only what the preload exposes, and no way out of the sandbox. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  webviewTag: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/** A new window on the app's page; `show: false` keeps it hidden (the smoke test). */
export function createAppWindow(electron: Pick<ElectronApi, 'BrowserWindow' | 'nativeTheme'>, { show }: { show: boolean }): WindowApi {
  const window = new electron.BrowserWindow({
    width: 1040,
    height: 760,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: PRODUCT_NAME,
    // Windows and Linux show it in the title bar and task bar (macOS takes the bundle's).
    icon: appIconFile(),
    // The page's own background, so that no white flash shows in dark mode.
    backgroundColor: electron.nativeTheme.shouldUseDarkColors ? '#131619' : '#f5f6f8',
    webPreferences: { ...WEB_PREFERENCES, preload: preloadFile() },
  });
  if (show) window.once('ready-to-show', () => window.show());
  void window.loadURL(appPageUrl());
  return window;
}
