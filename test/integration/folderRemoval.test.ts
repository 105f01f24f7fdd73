// A failed transfer's clean-up removes the folders it made (madeFolders.ts)
// while other transfers walk into the same folders. Seen in CI's fuzz run: a
// HELLO found a folder just before the clean-up removed it and could not make
// its file there (ENOENT). A walk that reaches a folder being removed waits
// for the removal, then makes the folder anew. Real files, real folders.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FolderTree, type MadeFolder } from '../../electron/engine/receiver/folderTree.js';
import { removeMade } from '../../electron/engine/receiver/madeFolders.js';
import { QuickCalls } from '../../electron/engine/util/quickCalls.js';
import { tempDir } from '../support/tmp.js';

const ROUNDS = 300;

// Calls made directly end within microtasks; on the pool they end in later
// turns of the loop, where the walk's turns really shift the interleaving.
for (const [byPath, pooled] of [false, true].flatMap((p) => [false, true].map((q) => [p, q] as const))) {
  test(`a walk into folders a failed transfer is removing makes its file there, every time (${byPath ? 'by path' : 'with handles'}, calls ${pooled ? 'on the pool' : 'direct'})`, async () => {
    const root = await tempDir('zd-removal');
    const calls = new QuickCalls(1);
    if (pooled) calls.usePoolOnly();
    const tree = await FolderTree.open(root, calls, byPath);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const parts = [`r${round % 7}`, 'd'];
        const made: MadeFolder[] = [];
        tree.release((await tree.enter(parts, made))!);
        // The failed transfer's clean-up starts; another transfer walks the same way.
        const removal = removeMade(tree, made);
        // At once, or a few turns of the loop into the removal.
        for (let turn = 0; turn < round % 4; turn++) await new Promise(setImmediate);
        const walked: MadeFolder[] = [];
        const folder = (await tree.enter(parts, walked))!;
        try {
          const handle = await fs.open(tree.at(folder, `f${round}`), constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
          await handle.close();
        } finally {
          tree.release(folder);
        }
        await removal;
        await fs.access(path.join(root, ...parts, `f${round}`));
        await fs.rm(path.join(root, parts[0]!), { recursive: true });
        tree.forget(parts);
      }
    } finally {
      await tree.close();
    }
  });
}
