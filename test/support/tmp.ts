// Temporary folders that a test removes when it ends.
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

// Removed as the test file's process ends, after every test and every hook:
// a hook that quits an app, closes a host or stops a CLI runs in the order
// it was registered, and what it stops wrote into these folders until then
// (removed in an `after` of this module's, which runs first, a folder could
// gain a file while it went, and its removal fail).
// `rm -rf`, not rmSync: a handler of 'exit' can only wait synchronously, and
// Node's rmSync recurses on the stack, which a test's deeply nested folders
// overflowed.
process.once('exit', () => {
  if (made.length === 0) return;
  const removed = spawnSync('rm', ['-rf', '--', ...made.splice(0)], { encoding: 'utf8' });
  if (removed.status !== 0) process.stderr.write(`could not remove every temporary folder: ${removed.stderr || removed.error}\n`);
});

export async function tempDir(label = 'zd'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}
