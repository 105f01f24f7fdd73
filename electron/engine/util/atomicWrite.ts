// Writes a file so that a crash or a full disk leaves either the old
// contents or the new ones, never a torn file: a temporary file beside it,
// fsync, then its name.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** `contents` in an owner-only temporary file beside `file`, flushed to disk; returns its path. */
async function writeTemp(file: string, contents: string): Promise<string> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Replaces `file` with `contents` in one step. */
export async function writeFileAtomic(file: string, contents: string): Promise<void> {
  const temp = await writeTemp(file, contents);
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Creates `file` with `contents` in one step, unless it exists: false then, and it is left as it is. */
export async function writeFileOnce(file: string, contents: string): Promise<boolean> {
  const temp = await writeTemp(file, contents);
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}
