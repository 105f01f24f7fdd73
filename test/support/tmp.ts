// Temporary folders that a test removes when it ends.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

const made: string[] = [];
const enders: Array<() => Promise<void>> = [];

/**
 * Work to end before the folders go: an app still running writes into
 * them. Hooks of one file run in the order they were registered, and this
 * module's runs before those of any module that imports it.
 */
export function beforeRemoval(end: () => Promise<void>): void {
  enders.push(end);
}

after(async () => {
  for (const end of enders.splice(0)) await end();
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(label = 'zd'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}
