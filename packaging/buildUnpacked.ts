// Builds each target's unpacked app with electron-builder (its `dir` target,
// the config in electron-builder.yml) against stand-in Electron
// distributions, offline: nothing is downloaded, signed or published.
// Run as a script by check.ts, which keeps electron-builder's log for when
// something fails:
//   node --import tsx packaging/buildUnpacked.ts OUT_DIR ELECTRON_VERSION TARGET_ID…
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { makeStandInElectron } from './standInElectron.js';
import { targetById, targetOutputDir, type Target, type TargetOs } from './targets.js';

const PLATFORMS: Record<TargetOs, Platform> = { darwin: Platform.MAC, win32: Platform.WINDOWS, linux: Platform.LINUX };
const ARCHES = { x64: Arch.x64, arm64: Arch.arm64 } as const;

async function buildUnpacked(projectDir: string, outDir: string, electronVersion: string, targets: readonly Target[]): Promise<void> {
  const standIns = new Map<string, string>();
  for (const os of new Set(targets.map((t) => t.os))) {
    standIns.set(os, await makeStandInElectron(path.join(outDir, 'stand-in-electron', os), os, electronVersion));
  }
  const config: Configuration = {
    electronVersion,
    electronDist: ({ platformName }) => standIns.get(platformName)!,
    directories: { output: outDir },
    // Signing a Windows program (and editing its resources) downloads
    // winCodeSign; macOS signing needs a Mac and a certificate.
    win: { signAndEditExecutable: false },
    mac: { identity: null },
  };
  // One target per run, one after the other; a run that fails is tried once
  // more from an empty folder: electron-builder's hard-linking copier has
  // failed with EEXIST on files it had linked already (the first run in a
  // fresh clone, now and then), which a second run does not repeat.
  for (const target of targets) {
    const targets = new Map([[PLATFORMS[target.os], new Map([[ARCHES[target.arch], ['dir']]])]]);
    try {
      await build({ projectDir, targets, config, publish: 'never' });
    } catch (err) {
      process.stderr.write(`electron-builder failed for ${target.id}, trying once more: ${(err as Error).message.split('\n')[0]}\n`);
      await rm(targetOutputDir(outDir, target), { recursive: true, force: true });
      await build({ projectDir, targets, config, publish: 'never' });
    }
  }
}

const [outDir, electronVersion, ...targetIds] = process.argv.slice(2);
if (!outDir || !electronVersion || targetIds.length === 0) throw new Error('usage: buildUnpacked.ts OUT_DIR ELECTRON_VERSION TARGET_ID…');
await buildUnpacked(process.cwd(), outDir, electronVersion, targetIds.map(targetById));
