// Electron's main process: owns the host (and so the engine's actors),
// opens the window, and closes every socket before it quits.
// `--config-dir DIR` keeps settings apart, e.g. for two instances on one machine.
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import type { Host } from '../host/host.js';
import { openHost } from '../host/openHost.js';
import { forwardEvents, serveCalls } from './ipc.js';
import { electronPlatform } from './platform.js';
import { guardWebContents } from './security.js';
import { appPageUrl, createAppWindow } from './window.js';

function configDirArgument(argv: string[]): string | null {
  const index = argv.findIndex((arg) => arg === '--config-dir' || arg.startsWith('--config-dir='));
  if (index < 0) return null;
  const value = argv[index]!.includes('=') ? argv[index]!.split('=').slice(1).join('=') : argv[index + 1];
  return value ? path.resolve(value) : null;
}

const configDir = configDirArgument(process.argv);
if (configDir) app.setPath('userData', configDir);
guardWebContents();

let host: Host | null = null;
let window: BrowserWindow | null = null;

function openWindow(): void {
  window = createAppWindow();
  forwardEvents(host!, window);
  window.once('closed', () => (window = null));
}

app.whenReady().then(async () => {
  host = await openHost(app.getPath('userData'), electronPlatform(() => window));
  serveCalls(host, appPageUrl());
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

// Sending and receiving live in this process: closing the window ends them.
app.on('window-all-closed', () => app.quit());

let closed = false;
app.on('before-quit', (event) => {
  if (closed || !host) return;
  // Stop the receiver (partial files removed) and the sender, then quit for real.
  event.preventDefault();
  void host.close().finally(() => {
    closed = true;
    app.quit();
  });
});
