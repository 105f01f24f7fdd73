// Holding libuv's thread pool of this process, so that file calls made
// after the hold (an in-process receiver's large writes, which go to the
// pool) wait until the test lets go: "a write still under way" is then a
// fact the test arranges, not a bet on the disk being slow enough.
//
// Each of the pool's threads is given a read from its own named pipe, which
// blocks until the test writes a byte into it. libuv hands out work in the
// order it was queued, so nothing queued after the reads runs before one of
// them ends, even if a thread was still busy when they were queued.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp.js';

/** libuv's pool size: UV_THREADPOOL_SIZE when set at start, else 4. */
const POOL_THREADS = Number(process.env.UV_THREADPOOL_SIZE) || 4;

export interface HeldPool {
  /** Lets the held threads go and waits until each is free again. */
  release(): Promise<void>;
}

export async function holdThreadPool(): Promise<HeldPool> {
  const dir = await tempDir('zd-pool');
  const pipes = Array.from({ length: POOL_THREADS }, (_, i) => {
    const file = path.join(dir, `hold-${i}`);
    execFileSync('mkfifo', [file]);
    // Opening a pipe for reading and writing never blocks (Linux), and its reads do.
    return fs.openSync(file, fs.constants.O_RDWR);
  });
  const reads = pipes.map(
    (fd) =>
      new Promise<void>((resolve, reject) =>
        fs.read(fd, Buffer.alloc(1), 0, 1, null, (err) => {
          fs.closeSync(fd);
          if (err) reject(err);
          else resolve();
        }),
      ),
  );
  return {
    async release() {
      for (const fd of pipes) fs.writeSync(fd, Buffer.from('x'));
      await Promise.all(reads);
    },
  };
}
