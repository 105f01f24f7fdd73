// `npm start`: the Electron app where an Electron binary is installed, and
// otherwise the browser shell, saying why and where. `--browser` forces the
// browser shell; other arguments go to it (see `zerodrop ui`).
import { spawn } from 'node:child_process';
import { runUi } from './ui.js';
import { packageRoot } from '../host/appFiles.js';
import { findElectron } from './findElectron.js';

async function start(argv: string[]): Promise<number> {
  const forceBrowser = argv[0] === '--browser';
  const found = forceBrowser ? { reason: '--browser was given' } : findElectron();
  if ('binary' in found) {
    const child = spawn(found.binary, [packageRoot()], { stdio: 'inherit' });
    return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  }
  process.stdout.write(`Not starting the Electron app: ${found.reason}. Starting the browser shell instead.\n`);
  return runUi(forceBrowser ? argv.slice(1) : argv);
}

process.exitCode = await start(process.argv.slice(2));
