// Temporary folders that a test removes when it ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
after(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(label = 'zd'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}
