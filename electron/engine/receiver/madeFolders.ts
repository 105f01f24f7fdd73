// A failed transfer leaves nothing behind, not even the folders its HELLO
// made (a deep path that fails would otherwise leave thousands of empty
// ones). Only folders it made itself go, only when empty, never one that
// another transfer uses, and never one someone put in its place.
import type { FolderTree, MadeFolder } from './folderTree.js';

/** Removes the folders in `made`, deepest first, that may go. */
export async function removeMade(tree: FolderTree, made: readonly MadeFolder[]): Promise<void> {
  for (let i = made.length - 1; i >= 0; i--) {
    const { rel, dev, ino } = made[i]!;
    // In use (a transfer's file is in it, or a walk is passing): kept, and the folders above it stay full.
    await tree.removeUnused(rel, async () => {
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
    });
  }
}
