// The contract over Electron IPC: calls from the app's own page only, each
// checked by the host; events to the window.
import type { CallOutcome } from '../../shared/bridge.js';
import { IPC_CHANNELS } from '../../shared/bridge.js';
import type { EventName, Events } from '../../shared/ipc.js';
import type { Host } from '../host/host.js';
import { isAppPage } from '../host/senderCheck.js';
import { messageOf } from '../../shared/format.js';
import type { ElectronApi, WindowApi } from './electronApi.js';

export function serveCalls(ipcMain: ElectronApi['ipcMain'], host: Host, appUrl: string): void {
  ipcMain.handle(IPC_CHANNELS.call, async (event, command: unknown, args: unknown): Promise<CallOutcome> => {
    if (!isAppPage(event.senderFrame, appUrl)) return { ok: false, error: 'refused: not the app’s page' };
    try {
      return { ok: true, value: await host.call(command, args) };
    } catch (error) {
      return { ok: false, error: messageOf(error) };
    }
  });
}

/** Sends one event of the contract to the window's page, unless the window is gone. */
export function sendEvent<E extends EventName>(window: WindowApi, event: E, payload: Events[E]): void {
  if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, event, payload);
}

/** Forwards the host's events to `window` until it closes. */
export function forwardEvents(host: Host, window: WindowApi): void {
  const stop = host.events.listen((event, payload) => sendEvent(window, event, payload));
  window.once('closed', stop);
}
