// Where there are no folder handles (macOS, Windows; Linux without /proc),
// calls go by path: each folder is checked with lstat before it is used, and
// re-checked with realpath after a file is made in it and before a file is
// named in it. A link swapped in between a check and the call it guards
// still redirects that call: the residual race of SECURITY.md.
import fsSync, { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Folder, MadeFolder } from './folderTree.js';
import { notAFolder } from './ioError.js';

const fstat = promisify(fsSync.fstat);

/**
 * A path one component below `dir`. Components here are parts of checked
 * wire names (no separator, no `..`), so no normalising is needed, which
 * path.join would spend time on for every file.
 */
export function below(dir: string, component: string): string {
  return dir.endsWith(path.sep) ? dir + component : dir + path.sep + component;
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code;

/**
 * Checks that `folder` is a real folder, making it when missing (and
 * adding it to `made`), unless `made` is null: then 'missing'.
 */
export async function checkFolderByPath(folder: Folder, made: MadeFolder[] | null, lstat: (file: string) => Promise<Stats>): Promise<'missing' | void> {
  let stat = await lstat(folder.abs).catch((err: unknown) => {
    if (codeOf(err) !== 'ENOENT') throw err;
    return null;
  });
  if (!stat) {
    if (!made) return 'missing';
    const making = await fs.mkdir(folder.abs).then(
      () => true,
      (err: unknown) => {
        if (codeOf(err) === 'EEXIST') return false;
        throw err;
      },
    );
    stat = await lstat(folder.abs);
    if (making && stat.isDirectory()) made.push({ rel: folder.rel, dev: stat.dev, ino: stat.ino });
  }
  if (!stat.isDirectory()) throw notAFolder(folder.rel, stat.isSymbolicLink());
}

/**
 * Whether `folder` is still where it was (its real path unchanged: no link
 * swapped in above it) and, given `name` and the `fd` opened as it, whether
 * that name is still that very file.
 */
export async function unmovedByPath(folder: Folder, name?: string, fd?: number): Promise<boolean> {
  try {
    if ((await fs.realpath(folder.abs)) !== folder.abs) return false;
    if (name === undefined || fd === undefined) return true;
    const [open, named] = await Promise.all([fstat(fd), fs.lstat(below(folder.abs, name))]);
    return open.dev === named.dev && open.ino === named.ino;
  } catch {
    return false;
  }
}
