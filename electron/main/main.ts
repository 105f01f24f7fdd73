// Electron's main process: hands the real Electron to the app (desktopApp.ts),
// which tests run against a fake one.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, nativeTheme, Notification, session, shell, Tray } from 'electron';
import { defaultConfigDir } from '../host/appFiles.js';
import { openHost } from '../host/openHost.js';
import { startDesktopApp } from './desktopApp.js';

startDesktopApp({
  electron: { app, BrowserWindow, ipcMain, dialog, shell, session, nativeTheme, nativeImage, Tray, Menu, Notification },
  openHost,
  defaultConfigDir: defaultConfigDir(),
  argv: process.argv,
  defaultApp: process.defaultApp === true,
  cwd: process.cwd(),
  platform: process.platform,
});
