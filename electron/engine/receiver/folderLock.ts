// One receiver per folder on this machine: a second one would clear the
// first one's temporary files at start. The lock is a file, outside the
// receive folder so that it never clutters it, holding the owner's process
// id; one whose process is gone (a crash) is taken over.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LOCK_DIR = path.join(tmpdir(), 'zerodrop-receivers');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FolderLock {
  private constructor(
    private readonly file: string,
    private readonly content: string,
  ) {}

  static async acquire(root: string): Promise<FolderLock> {
    await fs.mkdir(LOCK_DIR, { recursive: true });
    const file = path.join(LOCK_DIR, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.lock`);
    const content = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fs.writeFile(file, content, { flag: 'wx' });
        return new FolderLock(file, content);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).split(' ')[0]);
      if (Number.isSafeInteger(owner) && owner > 0 && alive(owner)) {
        throw new Error(
          `another ZeroDrop receiver (process ${owner}) is receiving into ${root}: stop it or choose another folder (if none is running, delete ${file})`,
        );
      }
      await fs.rm(file, { force: true });
    }
    throw new Error(`cannot take the lock ${file}: another receiver is starting in the same folder`);
  }

  /** Removes the lock, unless another receiver has taken it over since. */
  async release(): Promise<void> {
    const current = await fs.readFile(this.file, 'utf8').catch(() => null);
    if (current === this.content) await fs.rm(this.file, { force: true });
  }
}
