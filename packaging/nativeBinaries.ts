// Native binaries in a packaged app: which system each was built for, read
// from its own header rather than from its path, and which of zeromq's the
// loader can pick for a target (cmake-ts's rule: an entry of
// build/manifest.json with the target's os, arch and C library).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { treePath, type AppTree } from './appTree.js';
import type { Target, TargetArch, TargetOs } from './targets.js';

export interface BinaryKind {
  os: TargetOs;
  /** 'ia32' and others ZeroDrop does not ship are named too, so that they can be refused. */
  arch: TargetArch | string;
}

const ELF_MACHINES: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

/** The system and architecture a binary's header names; null when it is no ELF, PE or 64-bit Mach-O file. */
export function binaryKind(header: Buffer): BinaryKind | null {
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) {
    return { os: 'linux', arch: ELF_MACHINES[header.readUInt16LE(18)] ?? 'unknown' };
  }
  if (header.length >= 64 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c);
    if (pe + 6 > header.length || header.readUInt32BE(pe) !== 0x50450000) return null;
    return { os: 'win32', arch: PE_MACHINES[header.readUInt16LE(pe + 4)] ?? 'unknown' };
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    return { os: 'darwin', arch: MACHO_CPUS[header.readUInt32LE(4)] ?? 'unknown' };
  }
  return null;
}

/** Enough of a file for binaryKind (a PE header sits within the first few hundred bytes). */
export async function readHeader(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

interface ManifestConfig {
  os: string;
  arch: string;
  libc: string;
}

/**
 * The zeromq addons its loader may pick on `target`, as paths below `buildDir`
 * with '/' (Windows entries are written with '\'); from its manifest's text.
 */
export function zeromqAddonsFor(manifestText: string, target: Target): string[] {
  const manifest = JSON.parse(manifestText) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([key]) => {
      const config = JSON.parse(key) as ManifestConfig;
      return config.os === target.os && config.arch === target.arch && config.libc === target.libc;
    })
    .map(([, file]) => file.replaceAll('\\', '/'));
}

export interface NativeFindings {
  problems: string[];
  /** zeromq's addons its loader may pick on the target, as packaged. */
  zeromqAddons: string[];
}

/**
 * Every binary in the app must be the target's (every file is read, in
 * node_modules or not and whatever its name: a package may carry a helper
 * program or library, and a build step may leave one among our files), and
 * zeromq must have an addon its loader can pick there and no other.
 */
export async function checkNativeBinaries(appDir: string, tree: AppTree, target: Target): Promise<NativeFindings> {
  const problems: string[] = [];
  const foreign = new Set<string>();
  for (const file of tree.keys()) {
    const kind = binaryKind(await readHeader(path.join(appDir, file)));
    if (kind === null && file.endsWith('.node')) problems.push(`${file} is no binary of a known kind`);
    else if (kind && (kind.os !== target.os || kind.arch !== target.arch)) {
      problems.push(`${file} is built for ${kind.os}/${kind.arch}`);
      foreign.add(file);
    }
  }
  const buildDir = path.join(appDir, 'node_modules', 'zeromq', 'build');
  const manifest = await fs.readFile(path.join(buildDir, 'manifest.json'), 'utf8').catch(() => null);
  if (manifest === null) return { problems: [...problems, 'zeromq\'s build/manifest.json is missing: its loader finds no addon'], zeromqAddons: [] };
  const loadable = new Set(zeromqAddonsFor(manifest, target).map((file) => treePath(appDir, path.join(buildDir, file))));
  const zeromqAddons = [...loadable].filter((file) => tree.has(file));
  if (zeromqAddons.length === 0) problems.push(`no zeromq addon its loader can pick on ${target.os}/${target.arch}/${target.libc}`);
  for (const file of tree.keys()) {
    // The target's own builds that no manifest entry names (other ABIs, another C library).
    if (file.startsWith('node_modules/zeromq/') && file.endsWith('.node') && !loadable.has(file) && !foreign.has(file)) {
      problems.push(`${file} is never loaded on ${target.id}`);
    }
  }
  return { problems, zeromqAddons };
}
