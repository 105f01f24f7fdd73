// Temporary folders that a test removes when it ends.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

// Removed as the test file's process ends, after every test and every hook:
// a hook that quits an app, closes a host or stops a CLI runs in the order
// it was registered, and what it stops wrote into these folders until then
// (removed in an `after` of this module's, which runs first, a folder could
// gain a file while it went, and its removal fail).
process.once('exit', () => {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (err) {
      process.stderr.write(`could not remove ${dir}: ${(err as Error).message}\n`);
    }
  }
});

export async function tempDir(label = 'zd'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}
