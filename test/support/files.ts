// Real files of random bytes, and their digests, for byte-identical checks.
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import path from 'node:path';

const BLOCK = 8 * 1024 * 1024;

export async function randomFile(file: string, size: number): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  const block = Buffer.allocUnsafe(Math.min(BLOCK, Math.max(size, 1)));
  for (let written = 0; written < size; ) {
    const n = Math.min(block.length, size - written);
    randomFillSync(block, 0, n);
    await handle.write(block, 0, n, written);
    written += n;
  }
  await handle.close();
  return file;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: BLOCK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file below `dir`, as relative paths with `/`, hidden ones included. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() || entry.isSymbolicLink()) {
      out.push(path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    }
  }
  return out.sort();
}
