// The systems ZeroDrop ships installers for, and where electron-builder puts
// each one's unpacked app in its output folder.
import path from 'node:path';

export type TargetOs = 'darwin' | 'win32' | 'linux';
export type TargetArch = 'x64' | 'arm64';

export interface Target {
  /** As the release workflow and `--target` name it. */
  id: string;
  os: TargetOs;
  arch: TargetArch;
  /** What zeromq's loader (cmake-ts) reads as this system's C library: its manifest is keyed by it. */
  libc: 'libc' | 'msvc' | 'glibc';
  /** The installer built for it (electron-builder's target name). */
  installer: 'dmg' | 'nsis' | 'AppImage';
}

export const TARGETS: readonly Target[] = [
  { id: 'mac-arm64', os: 'darwin', arch: 'arm64', libc: 'libc', installer: 'dmg' },
  { id: 'mac-x64', os: 'darwin', arch: 'x64', libc: 'libc', installer: 'dmg' },
  { id: 'win-x64', os: 'win32', arch: 'x64', libc: 'msvc', installer: 'nsis' },
  // AppImages run on glibc systems only, so the musl builds are left out.
  { id: 'linux-x64', os: 'linux', arch: 'x64', libc: 'glibc', installer: 'AppImage' },
];

export function targetById(id: string): Target {
  const target = TARGETS.find((t) => t.id === id);
  if (!target) throw new Error(`unknown target ${JSON.stringify(id)}: one of ${TARGETS.map((t) => t.id).join(', ')}`);
  return target;
}

/** The target this machine is, if it is one. */
export function hostTarget(): Target | null {
  return TARGETS.find((t) => t.os === process.platform && t.arch === process.arch) ?? null;
}

/** What electron-builder names the app's folder or bundle in `outDir` (x64 takes no suffix). */
function unpackedDir(outDir: string, target: Target, productName: string): string {
  const suffix = target.arch === 'x64' ? '' : `-${target.arch}`;
  if (target.os === 'darwin') return path.join(outDir, `mac${suffix}`, `${productName}.app`);
  return path.join(outDir, `${target.os === 'win32' ? 'win' : 'linux'}${suffix}-unpacked`);
}

export interface UnpackedApp {
  /** The folder or .app bundle electron-builder made. */
  root: string;
  /** The app's own files (package.json, dist/, node_modules/). */
  appDir: string;
  /** The program a person starts. */
  executable: string;
}

export function unpackedApp(outDir: string, target: Target, productName: string, executableName: string): UnpackedApp {
  const root = unpackedDir(outDir, target, productName);
  if (target.os === 'darwin') {
    return { root, appDir: path.join(root, 'Contents', 'Resources', 'app'), executable: path.join(root, 'Contents', 'MacOS', productName) };
  }
  const executable = path.join(root, target.os === 'win32' ? `${productName}.exe` : executableName);
  return { root, appDir: path.join(root, 'resources', 'app'), executable };
}
