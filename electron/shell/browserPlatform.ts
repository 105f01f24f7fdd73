// The host's platform in the browser shell: no system pickers (the UI
// browses the host's folders through fs.list instead), and the operating
// system's own tools to open folders.
import type { HostPlatform } from '../host/host.js';
import { launch, openCommand, revealCommand } from '../host/desktopOpen.js';

export function browserPlatform(): HostPlatform {
  return {
    shell: 'browser',
    pickFolder: async () => null,
    pickFiles: async () => null,
    openPath: (target) => launch(openCommand(target)),
    revealPath: (target) => launch(revealCommand(target)),
  };
}
