// The Electron shell: the preload has put the API on window; IPC never drops.
import { BRIDGE_GLOBALS } from '../../shared/bridge.js';
import type { ZeroDropApi } from '../../shared/ipc.js';
import type { HostConnection } from './connection.js';

interface DroppedFiles {
  pathOf(file: File): string;
}

type BridgeWindow = Partial<Record<typeof BRIDGE_GLOBALS.api, ZeroDropApi> & Record<typeof BRIDGE_GLOBALS.droppedFiles, DroppedFiles>>;

export function electronConnection(): HostConnection | null {
  const bridge = window as unknown as BridgeWindow;
  const api = bridge[BRIDGE_GLOBALS.api];
  const dropped = bridge[BRIDGE_GLOBALS.droppedFiles];
  if (!api) return null;
  return {
    api,
    state: () => 'open',
    onState: () => () => undefined,
    pathOfDroppedFile: dropped ? (file) => dropped.pathOf(file) : null,
  };
}
