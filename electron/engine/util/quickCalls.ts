// Short file-system calls (metadata, a small read or write of cached data)
// take microseconds when made synchronously, while handing each to libuv's
// thread pool costs a thread wake-up both ways: tens of microseconds on a
// virtual machine, which made a small file's handful of calls the cap on
// files per second. The engine's actors run in their own threads, so a short
// synchronous call stalls no window. A call that turns out slow (a cold
// read, a network share, a disk under pressure) would hold up everything
// else this thread does, so after one, calls go to the pool for a while,
// where they overlap with the rest. A network file system can hang a call
// outright, which would stop this thread (its socket and timers too): calls
// on one always go to the pool.
import { promises as fs } from 'node:fs';

/** Data moves at least this fast when cached (bytes per millisecond). */
const CACHED_BYTES_PER_MS = 1e6;
/** How long calls stay on the pool after a slow one. */
const POOL_FOR_MS = 1_000;
/**
 * ZERODROP_FILE_CALLS=pool sends every call to the pool: a way out for a
 * file system that misbehaves with direct calls, and how tests cover that path.
 */
const POOL_ONLY = process.env.ZERODROP_FILE_CALLS === 'pool';

/** Linux statfs f_type of file systems whose calls may wait on a network. */
const NETWORK_FILE_SYSTEMS = new Set([
  0x6969, // NFS
  0x517b, // SMB
  0xfe534d42, // SMB2
  0xff534d42, // CIFS
  0x65735546, // FUSE (sshfs, cloud drives…)
  0x00c36400, // Ceph
  0x5346414f, // AFS
  0x01021997, // 9P
  0x564c, // NCP
  0x73757245, // Coda
]);

/**
 * Whether calls on `file`'s file system may wait on a network. Only Linux
 * tells the kind of file system this way; elsewhere the timing rule alone
 * protects this thread.
 */
export async function onNetworkFileSystem(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  const stats = await fs.statfs(file).catch(() => null);
  return stats !== null && NETWORK_FILE_SYSTEMS.has(stats.type);
}

export class QuickCalls {
  private poolUntil = 0;
  private poolOnly = POOL_ONLY;

  /**
   * `budgetMs`: a call taking longer than this (plus its bytes' share) is
   * slow. `maxQuickBytes`: a larger read or write always goes to the pool.
   * `poolForMs`: how long calls stay on the pool after a slow one.
   */
  constructor(
    private readonly budgetMs: number,
    private readonly maxQuickBytes = Infinity,
    private readonly poolForMs = POOL_FOR_MS,
  ) {}

  /** From now on every call goes to the pool (a network file system). */
  usePoolOnly(): void {
    this.poolOnly = true;
  }

  /**
   * Runs `quick` in this thread while calls are fast, else `pooled`. `bytes`
   * is what a read or write moves: its budget grows with it.
   */
  /** The same call with the same arguments, in this thread or on the pool. */
  call<A extends unknown[], T>(quick: (...args: A) => T, pooled: (...args: A) => Promise<T>, ...args: A): Promise<T> {
    return this.run(
      () => quick(...args),
      () => pooled(...args),
    );
  }

  async run<T>(quick: () => T, pooled: () => Promise<T>, bytes = 0): Promise<T> {
    const start = performance.now();
    if (this.poolOnly || bytes > this.maxQuickBytes || start < this.poolUntil) return pooled();
    try {
      return quick();
    } finally {
      const end = performance.now();
      if (end - start > this.budgetMs + bytes / CACHED_BYTES_PER_MS) this.poolUntil = end + this.poolForMs;
    }
  }
}
