// The contract over Electron IPC: calls from the app's own page only, each
// checked by the host; the host's events to the window.
import { ipcMain, type BrowserWindow } from 'electron';
import type { CallOutcome } from '../../shared/bridge.js';
import { IPC_CHANNELS } from '../../shared/bridge.js';
import type { Host } from '../host/host.js';
import { isAppPage } from '../host/senderCheck.js';
import { messageOf } from '../../shared/format.js';

export function serveCalls(host: Host, appUrl: string): void {
  ipcMain.handle(IPC_CHANNELS.call, async (event, command: unknown, args: unknown): Promise<CallOutcome> => {
    if (!isAppPage(event.senderFrame, appUrl)) return { ok: false, error: 'refused: not the app’s page' };
    try {
      return { ok: true, value: await host.call(command, args) };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  });
}

/** Forwards the host's events to `window` until it closes. */
export function forwardEvents(host: Host, window: BrowserWindow): void {
  const stop = host.events.listen((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, event, payload);
  });
  window.once('closed', stop);
}
