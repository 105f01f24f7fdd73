// The host's platform in Electron: the system's own pickers and file manager.
import type { BaseWindow, OpenDialogOptions } from 'electron';
import type { HostPlatform } from '../host/host.js';
import type { ElectronApi, WindowApi } from './electronApi.js';

export function electronPlatform({ dialog, shell }: Pick<ElectronApi, 'dialog' | 'shell'>, currentWindow: () => WindowApi | null): HostPlatform {
  const open = async (options: OpenDialogOptions): Promise<string[] | null> => {
    const window = currentWindow();
    // Attached to the window, the dialog is modal to it. Every window is one
    // that electron.BrowserWindow made, so in Electron it is a BaseWindow.
    const result = window ? await dialog.showOpenDialog(window as unknown as BaseWindow, options) : await dialog.showOpenDialog(options);
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
