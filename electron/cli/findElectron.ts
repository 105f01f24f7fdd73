// Whether an Electron binary can run here: the electron npm package exports
// its downloaded binary's path, and throws when the download never happened.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronLookup = { binary: string } | { reason: string };

export function findElectron(): ElectronLookup {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: `no Electron binary at ${String(binary)}` };
  } catch {
    // The package throws when its postinstall download never ran (or was not allowed to).
    return { reason: 'no Electron binary is installed (node_modules/electron has not downloaded one)' };
  }
}
