// Builds each target's unpacked app with electron-builder (its `dir` target,
// the config in electron-builder.yml) against stand-in Electron
// distributions, offline: nothing is downloaded, signed or published.
// Run as a script by check.ts, which keeps electron-builder's log for when
// something fails:
//   node --import tsx packaging/buildUnpacked.ts OUT_DIR ELECTRON_VERSION TARGET_ID…
import path from 'node:path';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { recordBranding } from './brandingRecord.js';
import { makeStandInElectron } from './standInElectron.js';
import { targetById, type Target, type TargetOs } from './targets.js';

const PLATFORMS: Record<TargetOs, Platform> = { darwin: Platform.MAC, win32: Platform.WINDOWS, linux: Platform.LINUX };
const ARCHES = { x64: Arch.x64, arm64: Arch.arm64 } as const;

async function buildUnpacked(projectDir: string, outDir: string, electronVersion: string, targets: readonly Target[]): Promise<void> {
  const standIns = new Map<string, string>();
  for (const os of new Set(targets.map((t) => t.os))) {
    standIns.set(os, await makeStandInElectron(path.join(outDir, 'stand-in-electron', os), os, electronVersion));
  }
  const platforms = new Map<Platform, Map<Arch, string[]>>();
  for (const target of targets) {
    const platform = PLATFORMS[target.os];
    const arches = platforms.get(platform) ?? new Map<Arch, string[]>();
    platforms.set(platform, arches.set(ARCHES[target.arch], ['dir']));
  }
  const config: Configuration = {
    electronVersion,
    electronDist: ({ platformName }) => standIns.get(platformName)!,
    directories: { output: outDir },
    // Signing a Windows program (and editing its resources) downloads
    // winCodeSign; macOS signing needs a Mac and a certificate.
    win: { signAndEditExecutable: false },
    mac: { identity: null },
    afterPack: recordBranding,
  };
  await build({ projectDir, targets: platforms, config, publish: 'never' });
}

const [outDir, electronVersion, ...targetIds] = process.argv.slice(2);
if (!outDir || !electronVersion || targetIds.length === 0) throw new Error('usage: buildUnpacked.ts OUT_DIR ELECTRON_VERSION TARGET_ID…');
await buildUnpacked(process.cwd(), outDir, electronVersion, targetIds.map(targetById));
