// Holding libuv's thread pool of this process, so that file calls made
// after the hold (an in-process receiver's large writes, which go to the
// pool) wait until the test lets go: "a write still under way" is then a
// fact the test arranges, not a bet on the disk being slow enough.
//
// Each of the pool's threads is given a read from its own named pipe, which
// blocks until the test writes a byte into it. libuv hands out work in the
// order it was queued, so nothing queued after the reads runs before one of
// them ends, even if a thread was still busy when they were queued.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Receiver } from '../../electron/engine/receiver/receiver.js';
import { codeOf, type Frame, type RawPeer } from './rawPeer.js';
import { tempDir } from './tmp.js';
import { until } from './wait.js';

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

/**
 * Sends `requests` while the receiver's large writes wait on a held thread
 * pool, so that the first (a chunk over 1 MiB, written on the pool) is still
 * in transit when the others arrive, however fast the disk. A HELLO sent
 * last shows when the receiver has read them all (its transfer appears at
 * once); only then are the writes let go.
 */
export async function whileWritesWait(receiver: Receiver, peer: RawPeer, requests: Frame[][]): Promise<string[][]> {
  const marker = `marker-${randomBytes(4).toString('hex')}`;
  const pool = await holdThreadPool();
  const replies = peer.pipeline([...requests, ['HELLO', marker]]);
  await until(() => receiver.files().some((file) => file.name === marker), 'the receiver to read every request');
  await pool.release();
  const all = await replies;
  assert.equal(codeOf(all.at(-1)!), 'READY', 'the marker');
  return all.slice(0, -1);
}
