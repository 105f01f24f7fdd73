// A stand-in Electron distribution for each system, for electron-builder's
// `electronDist`: the files it copies, renames and edits, with placeholder
// bytes for programs, so that an app can be packaged for any system offline
// and without the Electron binary. What it packages cannot start; it is for
// checking what the package contains.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TargetOs } from './targets.js';

/** The helper apps Electron's macOS bundle carries (electron-builder renames each). */
const MAC_HELPERS = ['', ' (GPU)', ' (Renderer)', ' (Plugin)'];

function plist(executable: string, version: string): string {
  const entries = { CFBundleExecutable: executable, CFBundleIdentifier: 'com.github.Electron', CFBundleName: executable, CFBundleVersion: version };
  const body = Object.entries(entries)
    .map(([key, value]) => `<key>${key}</key><string>${value}</string>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>${body}</dict></plist>\n`;
}

async function write(file: string, contents: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, contents, { mode: 0o755 });
}

async function makeMac(dir: string, version: string): Promise<void> {
  const contents = path.join(dir, 'Electron.app', 'Contents');
  await write(path.join(contents, 'Info.plist'), plist('Electron', version));
  await write(path.join(contents, 'MacOS', 'Electron'), 'stand-in\n');
  await write(path.join(contents, 'Resources', 'default_app.asar'), 'stand-in\n');
  for (const suffix of MAC_HELPERS) {
    const name = `Electron Helper${suffix}`;
    const helper = path.join(contents, 'Frameworks', `${name}.app`, 'Contents');
    await write(path.join(helper, 'Info.plist'), plist(name, version));
    await write(path.join(helper, 'MacOS', name), 'stand-in\n');
  }
}

async function makeWinOrLinux(dir: string, os: 'win32' | 'linux', version: string): Promise<void> {
  await write(path.join(dir, os === 'win32' ? 'electron.exe' : 'electron'), 'stand-in\n');
  await write(path.join(dir, 'version'), `${version}\n`);
  await write(path.join(dir, 'LICENSE'), 'stand-in\n');
  await write(path.join(dir, 'resources', 'default_app.asar'), 'stand-in\n');
}

/** Makes the stand-in for `os` in `dir` (which it creates) and returns `dir`. */
export async function makeStandInElectron(dir: string, os: TargetOs, version: string): Promise<string> {
  if (os === 'darwin') await makeMac(dir, version);
  else await makeWinOrLinux(dir, os, version);
  return dir;
}
