// The app's window: sandboxed, isolated, no Node in the page, the built
// renderer from disk; sized for 800 × 600 and up.
import { BrowserWindow, nativeTheme } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { preloadFile, rendererDir } from '../host/appFiles.js';

export function appPageUrl(): string {
  return pathToFileURL(path.join(rendererDir(), 'index.html')).href;
}

export function createAppWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1040,
    height: 760,
    minWidth: 800,
    minHeight: 600,
    show: false,
    title: 'ZeroDrop',
    // The page's own background, so that no white flash shows in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#131619' : '#f5f6f8',
    webPreferences: {
      preload: preloadFile(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appPageUrl());
  return window;
}
