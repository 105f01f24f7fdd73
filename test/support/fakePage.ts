// The app's page as the bundled preload gives it the API: the preload runs as
// Electron's sandbox runs it (one script, `require('electron')` only), with
// the renderer's side of Electron faked and wired to a fake main process, so
// a call goes page → preload → IPC → main → host and events come back.
import type { ContextBridge, IpcRenderer, IpcRendererEvent, WebUtils } from 'electron';
import vm from 'node:vm';
import { BRIDGE_GLOBALS } from '../../shared/bridge.js';
import type { ZeroDropApi } from '../../shared/ipc.js';
import type { FakeElectron, FakeWindow } from './fakeElectron.js';
import { bundledPreload } from './preloadBundle.js';

/** What the preload uses of Electron's renderer-side API. */
interface RendererElectron {
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>;
  ipcRenderer: Pick<IpcRenderer, 'invoke'> & { on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown };
  webUtils: Pick<WebUtils, 'getPathForFile'>;
}

/** A frame as main's IPC handler sees it: its page's URL, and its parent (null for a window's top frame). */
export interface Frame {
  url: string;
  parent: object | null;
}

/** Runs the bundled preload in `frame` of `window`; resolves with the API it exposed to the page. */
export async function loadPage(fake: FakeElectron, window: FakeWindow, frame: Frame): Promise<ZeroDropApi> {
  const exposed = new Map<string, unknown>();
  const electron: RendererElectron = {
    contextBridge: {
      exposeInMainWorld: (name, value) => {
        exposed.set(name, value);
        window.webContents.pageGlobals[name] = value;
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => fake.invoke(channel, window, frame, ...args),
      on: (channel, listener) =>
        window.webContents.on('sent', (sentOn: string, ...args: unknown[]) => {
          if (sentOn === channel) listener({} as IpcRendererEvent, ...args);
        }),
    },
    webUtils: { getPathForFile: () => '' },
  };
  const require = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  vm.runInNewContext(await bundledPreload(), { require, module: { exports: {} }, exports: {} });
  return exposed.get(BRIDGE_GLOBALS.api) as ZeroDropApi;
}
