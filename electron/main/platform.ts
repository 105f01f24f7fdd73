// The host's platform in Electron: the system's own pickers and file manager.
import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { HostPlatform } from '../host/host.js';

export function electronPlatform(currentWindow: () => BrowserWindow | null): HostPlatform {
  const open = async (options: OpenDialogOptions): Promise<string[] | null> => {
    const window = currentWindow();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };
  return {
    shell: 'electron',
    pickFolder: async (startDir) => {
      const picked = await open({ title: 'Choose the receive folder', defaultPath: startDir, properties: ['openDirectory', 'createDirectory'] });
      return picked?.[0] ?? null;
    },
    // Folders can be picked along with files only on macOS; elsewhere they are dropped.
    pickFiles: () =>
      open({ title: 'Add files to send', properties: process.platform === 'darwin' ? ['openFile', 'openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'] }),
    openPath: async (target) => {
      const error = await shell.openPath(target);
      if (error) throw new Error(error);
    },
    revealPath: async (target) => shell.showItemInFolder(target),
  };
}
