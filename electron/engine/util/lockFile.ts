// An exclusive lock between processes (the app and CLI commands) over a file
// in the config folder: a lock file made with O_EXCL beside it. Node has no
// portable advisory lock (flock), and a lock file works the same on every
// system; one left by a process that died is taken over once stale.
import { promises as fs } from 'node:fs';

export interface LockOptions {
  /** How long to wait for a lock held by another process; 0: try once. */
  waitMs: number;
  /** A lock file older than this was left by a process that died. */
  staleMs: number;
}

const DEFAULT_LOCK: LockOptions = { waitMs: 10_000, staleMs: 10_000 };

/** Takes the lock `lockFile`; resolves with its release, or null when another process still held it after `waitMs`. */
export async function acquireLock(lockFile: string, options: Partial<LockOptions> = {}): Promise<(() => Promise<void>) | null> {
  const { waitMs, staleMs } = { ...DEFAULT_LOCK, ...options };
  const deadline = Date.now() + waitMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      await (await fs.open(lockFile, 'wx', 0o600)).close();
      return () => fs.rm(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const age = await fs.stat(lockFile).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > staleMs) {
      await fs.rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
