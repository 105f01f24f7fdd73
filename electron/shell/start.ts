// `npm start`: the Electron app where an Electron binary is installed, and
// otherwise the browser shell, saying why and where.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runUi } from '../cli/ui.js';
import { packageRoot } from '../host/appFiles.js';

/** The Electron binary's path, or why there is none. */
export function findElectron(): { binary: string } | { reason: string } {
  try {
    // The electron package's main export is the path of its downloaded binary.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    if (typeof binary === 'string' && existsSync(binary)) return { binary };
    return { reason: 'the electron package has no binary' };
  } catch (error) {
    return { reason: `the Electron binary is not installed (${(error as Error).message.split('\n')[0]})` };
  }
}

async function start(argv: string[]): Promise<number> {
  const forceBrowser = argv[0] === '--browser';
  const found = forceBrowser ? { reason: '--browser was given' } : findElectron();
  if ('binary' in found) {
    const child = spawn(found.binary, [packageRoot(), ...argv], { stdio: 'inherit' });
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  }
  process.stdout.write(`Not starting the Electron app: ${found.reason}. Starting the browser shell instead.\n`);
  return runUi(forceBrowser ? argv.slice(1) : argv);
}

process.exitCode = await start(process.argv.slice(2));
