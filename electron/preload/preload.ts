// The sandboxed preload: the renderer's one narrow API object over IPC.
// A sandboxed preload can require 'electron' but none of the project's
// modules, so this file is bundled (vite.preload.config.ts) into one
// CommonJS file that carries what it takes from shared/.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBALS, IPC_CHANNELS, type CallOutcome } from '../../shared/bridge.js';
import type { EventName } from '../../shared/ipc.js';
import { apiOver, EventListeners, type TransportCall } from '../../shared/uiApi.js';

const call: TransportCall = async (command, args) => {
  const outcome = (await ipcRenderer.invoke(IPC_CHANNELS.call, command, args)) as CallOutcome;
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value;
};

const events = new EventListeners();
ipcRenderer.on(IPC_CHANNELS.event, (_event, name: EventName, payload: unknown) => events.emit(name, payload));

contextBridge.exposeInMainWorld(BRIDGE_GLOBALS.api, apiOver(call, events));
contextBridge.exposeInMainWorld(BRIDGE_GLOBALS.droppedFiles, { pathOf: (file: File) => webUtils.getPathForFile(file) });
