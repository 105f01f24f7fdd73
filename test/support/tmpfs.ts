// A small tmpfs, for what only a full or tiny file system shows (mounting
// needs root: without it the test is skipped and says what goes unexercised).
import { execFile } from 'node:child_process';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from './tmp.js';

const run = promisify(execFile);

/** Mounts a tmpfs with `options` (e.g. size=1m), unmounted when the test ends; null when the test was skipped. */
export async function smallTmpfs(t: TestContext, options: string, unexercised: string): Promise<string | null> {
  const mountPoint = await tempDir('zd-tmpfs');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', mountPoint]);
  } catch {
    t.skip(`cannot mount a small tmpfs here (needs root): ${unexercised} is not exercised`);
    return null;
  }
  t.after(() => run('umount', [mountPoint]).catch(() => undefined));
  return mountPoint;
}
