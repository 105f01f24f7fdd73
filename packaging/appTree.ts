// The files of a packaged app, by path relative to its folder (with '/'),
// with their sizes: what every check of packaging/ reads.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type AppTree = ReadonlyMap<string, number>;

export async function readAppTree(appDir: string): Promise<AppTree> {
  const tree = new Map<string, number>();
  for (const relative of await fs.readdir(appDir, { recursive: true })) {
    const stat = await fs.lstat(path.join(appDir, relative));
    if (stat.isFile()) tree.set(relative.split(path.sep).join('/'), stat.size);
  }
  return tree;
}

/** The tree's own path of `file`, an absolute path inside `appDir`. */
export function treePath(appDir: string, file: string): string {
  return path.relative(appDir, file).split(path.sep).join('/');
}

export function totalBytes(tree: AppTree): number {
  let total = 0;
  for (const size of tree.values()) total += size;
  return total;
}
