// Opens a folder, or shows a file in its folder, with the operating
// system's own tool: for hosts without Electron's `shell` module.
import { spawn } from 'node:child_process';
import path from 'node:path';

interface Launch {
  command: string;
  args: string[];
  /** Windows: the arguments as written, quotes included (explorer reads its own command line). */
  verbatim?: boolean;
}

/**
 * explorer.exe splits its command line at commas, which a received name may
 * hold (the rest of "recv\\a,\\Windows\\calc.exe" would be a second
 * argument): the path goes in quotes, which no Windows path contains, and
 * as written.
 */
const quotedForExplorer = (target: string) => `"${target}"`;

export function openCommand(target: string, platform = process.platform): Launch {
  if (platform === 'darwin') return { command: 'open', args: [target] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [quotedForExplorer(target)], verbatim: true };
  return { command: 'xdg-open', args: [target] };
}

/** Linux file managers have no common "select this file": open its folder. */
export function revealCommand(file: string, platform = process.platform): Launch {
  if (platform === 'darwin') return { command: 'open', args: ['-R', file] };
  if (platform === 'win32') return { command: 'explorer.exe', args: [`/select,${quotedForExplorer(file)}`], verbatim: true };
  return { command: 'xdg-open', args: [path.dirname(file)] };
}

/** Starts the tool detached; rejects only if it cannot be started at all. */
export function launch({ command, args, verbatim = false }: Launch): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: verbatim });
    child.once('error', (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
