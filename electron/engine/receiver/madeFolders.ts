// A failed transfer leaves nothing behind, not even the folders its HELLO
// made (a deep path that fails would otherwise leave thousands of empty
// ones). Only folders it made itself go, only when empty, never one that
// another transfer uses, and never one someone put in its place.
import type { FolderTree, MadeFolder } from './folderTree.js';

/** Removes the folders in `made`, deepest first, that may go. */
export async function removeMade(tree: FolderTree, made: readonly MadeFolder[]): Promise<void> {
  // One in use (a transfer's file is in it, or a walk is passing) is kept, and the folders above it stay full.
  for (const folder of [...made].reverse()) await tree.removeUnused(folder.rel, () => removeIfSame(tree, folder));
}

/** Removes the folder if it is still the one made, and empty. */
async function removeIfSame(tree: FolderTree, { rel, dev, ino }: MadeFolder): Promise<void> {
  const cut = rel.lastIndexOf('/');
  const parent = await tree.enter(cut < 0 ? [] : rel.slice(0, cut).split('/'), null).catch(() => null);
  if (!parent) return;
  try {
    const target = tree.at(parent, rel.slice(cut + 1));
    const stat = await tree.lstat(target);
    if (stat.isDirectory() && stat.dev === dev && stat.ino === ino) await tree.rmdir(target);
  } catch {
    // Not empty (another file arrived in it), or gone: left as it is.
  } finally {
    tree.release(parent);
  }
}
