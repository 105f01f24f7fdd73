// At start, in the background: removes what dead receivers left in this
// receive folder. Each record names a receiver's folders and its stem; a
// receiver is dead when its folder's lock no longer answers with that stem
// (folderLock.ts). Only its own temporary names are removed, only in the
// folders it recorded, so a live receiver's files are never touched,
// whichever folder above or below this one it receives into, and the cost
// is the dead receivers' folders, not the size of the tree.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX, TEMP_SUFFIX } from '../protocol/names.js';
import { lockOwner } from './folderLock.js';
import type { FolderTree } from './folderTree.js';
import { parseRecord, recordsDir, REWRITE_SUFFIX, STEM } from './tempRecord.js';

export interface SweepStats {
  /** Records of dead receivers in this folder, removed with their files. */
  dead: number;
  /** Folders listed, and the entries seen in them. */
  foldersRead: number;
  entriesSeen: number;
  /** Temporary files removed. */
  removed: number;
}

const COUNTER = /^[0-9a-z]+$/;

/** Whether `name` is a temporary file of the receiver with `stem`. */
function isTempOf(name: string, stem: string): boolean {
  const head = TEMP_PREFIX + stem;
  return name.startsWith(head) && name.endsWith(TEMP_SUFFIX) && COUNTER.test(name.slice(head.length, -TEMP_SUFFIX.length));
}

/** The parts of `inner` below `outer`, or null when it is not at or below it. */
function partsBelow(outer: string, inner: string): string[] | null {
  const rel = path.relative(outer, inner);
  if (rel === '') return [];
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep);
}

export async function sweepDeadReceivers(tree: FolderTree, ownStem: string): Promise<SweepStats> {
  const stats: SweepStats = { dead: 0, foldersRead: 0, entriesSeen: 0, removed: 0 };
  const dir = await recordsDir();
  for (const stem of await fs.readdir(dir)) {
    if (stem === ownStem || !STEM.test(stem)) continue;
    const file = path.join(dir, stem);
    // Empty while its receiver is writing its first line: not yet a record.
    const record = parseRecord(await fs.readFile(file, 'utf8').catch(() => ''));
    if (!record) continue;
    const rootParts = partsBelow(tree.root.abs, record.root);
    if (!rootParts) {
      // Another folder's: left to a receiver there, or dropped once that folder is gone.
      const gone = !(await fs.lstat(record.root).then(() => true, () => false));
      if (gone && !(await alive(record.root, stem))) await fs.rm(file, { force: true });
      continue;
    }
    // This folder's lock is ours: a receiver recorded for this very folder is dead.
    // (Asking the lock would ask us, and a silent answer under load counted as alive.)
    if (record.root !== tree.root.abs && (await alive(record.root, stem))) continue;
    for (const folderRel of record.folders) {
      await removeTemps(tree, [...rootParts, ...folderRel.split('/').filter(Boolean)], stem, stats);
    }
    // With the rewrite it was making when it died, if any (tempRecord.ts).
    await Promise.all([fs.rm(file, { force: true }), fs.rm(`${file}${REWRITE_SUFFIX}`, { force: true })]);
    stats.dead++;
  }
  return stats;
}

/** Whether the receiver with `stem` still holds the lock of `root`; a silent owner may be it. */
async function alive(root: string, stem: string): Promise<boolean> {
  const owner = await lockOwner(root);
  return owner !== null && (owner.stem === null || owner.stem === stem);
}

async function removeTemps(tree: FolderTree, parts: string[], stem: string, stats: SweepStats): Promise<void> {
  // Walked as any folder is (no link followed); a folder gone or replaced is skipped.
  const folder = await tree.enter(parts, null).catch(() => null);
  if (!folder) return;
  try {
    const names = await tree.list(folder);
    stats.foldersRead++;
    stats.entriesSeen += names.length;
    for (const name of names) {
      if (!isTempOf(name, stem)) continue;
      await fs.unlink(tree.at(folder, name)).then(
        () => stats.removed++,
        () => undefined,
      );
    }
  } catch {
    // Unreadable: left as it is.
  } finally {
    tree.release(folder);
  }
}
