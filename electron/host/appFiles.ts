// Where the app's own files are, from sources (tsx) and once built (dist/)
// alike: both sit below the folder that holds package.json.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
  return dir;
}

/** The renderer as vite builds it. */
export function rendererDir(root = packageRoot()): string {
  return path.join(root, 'dist', 'renderer');
}

/** The Electron preload as vite.preload.config.ts bundles it. */
export function preloadFile(root = packageRoot()): string {
  return path.join(root, 'dist', 'electron', 'preload', 'preload.cjs');
}

/** The app's icon, for its window and tray; electron-builder.yml packages it. */
export function appIconFile(root = packageRoot()): string {
  return path.join(root, 'build', 'icon.png');
}

/**
 * The app's data folder, where its settings and this device's identity are
 * kept: the same for the desktop app, the browser shell and every CLI
 * command, so that a machine has one identity. Each system's convention.
 */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir(), platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'ZeroDrop');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ZeroDrop');
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(base, 'zerodrop');
}
