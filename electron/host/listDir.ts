// One folder of the host, for the browser shell's own folder and file
// pickers (a browser cannot browse the host's disk).
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import type { DirEntry, DirListing } from '../../shared/ipc.js';

const MAX_ENTRIES = 5_000;

export async function listDir(dir: string): Promise<DirListing> {
  const full = path.resolve(dir);
  const dirents = await fs.readdir(full, { withFileTypes: true });
  // Hidden entries stay hidden, as in a desktop file manager; so do the
  // receiver's temporary files, which are hidden too.
  const shown = dirents.filter((dirent) => !dirent.name.startsWith('.')).slice(0, MAX_ENTRIES);
  const listed = await Promise.all(shown.map((dirent) => entryOf(full, dirent)));
  const entries = listed.filter((entry): entry is DirEntry => entry !== null);
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = path.dirname(full);
  return { path: full, parent: parent === full ? null : parent, entries };
}

async function entryOf(dir: string, dirent: Dirent): Promise<DirEntry | null> {
  const entryPath = path.join(dir, dirent.name);
  if (dirent.isDirectory()) return { name: dirent.name, path: entryPath, kind: 'dir' };
  // Files need their size; links are shown as what they point to, broken ones left out.
  const stat = await fs.stat(entryPath).catch(() => null);
  if (stat?.isDirectory()) return { name: dirent.name, path: entryPath, kind: 'dir' };
  if (stat?.isFile()) return { name: dirent.name, path: entryPath, kind: 'file', size: stat.size };
  return null;
}
