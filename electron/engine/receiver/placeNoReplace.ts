// Giving a stored file its final name without ever replacing one
// (PROTOCOL.md §7): the one place that decides whether a name is free.
import fsSync, { promises as fs } from 'node:fs';
import path from 'node:path';
import type { QuickCalls } from '../util/quickCalls.js';
import type { FolderTree } from './folderTree.js';
import { ioError } from './ioError.js';

/** Errors of a file system without hard links, where a checked rename is the way left. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Gives the file at `from` the name `to` (both as FolderTree.at() names
 * them) only if that name is free; a dangling link counts as taken. A hard
 * link fails when the name is taken, atomically; the caller then removes
 * `from`. Returns how the file was placed, or false when `to` is taken.
 */
export async function placeNoReplace(tree: FolderTree, calls: QuickCalls, from: string, to: string): Promise<'linked' | 'renamed' | false> {
  try {
    await calls.call(fsSync.linkSync, fs.link, from, to);
    return 'linked';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code ?? '')) throw ioError(err, `store ${path.basename(to)}`);
  }
  // No atomic no-replace rename in Node: a name made between the check and
  // the rename would be replaced (such file systems, FAT and the like, have
  // no links to swap in either).
  if (await tree.lstat(to).then(() => true, () => false)) return false;
  try {
    await fs.rename(from, to);
  } catch (err) {
    throw ioError(err, `store ${path.basename(to)}`);
  }
  return 'renamed';
}
