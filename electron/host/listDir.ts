// One folder of the host, for the browser shell's own folder and file
// pickers (a browser cannot browse the host's disk).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DirEntry, DirListing } from '../../shared/ipc.js';

const MAX_ENTRIES = 5_000;

export async function listDir(dir: string): Promise<DirListing> {
  const full = path.resolve(dir);
  const dirents = await fs.readdir(full, { withFileTypes: true });
  const entries: DirEntry[] = [];
  // Hidden entries stay hidden, as in a desktop file manager; so do the
  // receiver's temporary files, which are hidden too.
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.') || entries.length >= MAX_ENTRIES) continue;
    const entryPath = path.join(full, dirent.name);
    // Links are shown as what they point to; broken ones are left out.
    const stat = await fs.stat(entryPath).catch(() => null);
    if (stat?.isDirectory()) entries.push({ name: dirent.name, path: entryPath, kind: 'dir' });
    else if (stat?.isFile()) entries.push({ name: dirent.name, path: entryPath, kind: 'file', size: stat.size });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(full);
  return { path: full, parent: parent === full ? null : parent, entries };
}
