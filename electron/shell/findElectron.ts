// Whether an Electron binary can run here: the electron npm package exports
// its downloaded binary's path, and throws when the download never happened.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronLookup = { binary: string } | { reason: string };

export function findElectron(): ElectronLookup {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: 'the electron package has no binary' };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}
