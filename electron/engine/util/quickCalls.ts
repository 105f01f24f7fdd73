// Short file-system calls (metadata, a small read or write of cached data)
// take microseconds when made synchronously, while handing each to libuv's
// thread pool costs a thread wake-up both ways: tens of microseconds on a
// virtual machine, which made a small file's handful of calls the cap on
// files per second. The engine's actors run in their own threads, so a short
// synchronous call stalls no window. A call that turns out slow (a cold
// read, a network share, a disk under pressure) would hold up everything
// else this thread does, so after one, calls go to the pool for a while,
// where they overlap with the rest.

/** Data moves at least this fast when cached (bytes per millisecond). */
const CACHED_BYTES_PER_MS = 1e6;
/** How long calls stay on the pool after a slow one. */
const POOL_FOR_MS = 1_000;
/**
 * ZERODROP_FILE_CALLS=pool sends every call to the pool: a way out for a
 * file system that misbehaves with direct calls, and how tests cover that path.
 */
const POOL_ONLY = process.env.ZERODROP_FILE_CALLS === 'pool';

export class QuickCalls {
  private poolUntil = 0;

  /** `budgetMs`: a call taking longer than this (plus its bytes' share) is slow. */
  constructor(private readonly budgetMs: number) {}

  /**
   * Runs `quick` in this thread while calls are fast, else `pooled`. `bytes`
   * is what a read or write moves: its budget grows with it.
   */
  async run<T>(quick: () => T, pooled: () => Promise<T>, bytes = 0): Promise<T> {
    const start = performance.now();
    if (POOL_ONLY || start < this.poolUntil) return pooled();
    try {
      return quick();
    } finally {
      const end = performance.now();
      if (end - start > this.budgetMs + bytes / CACHED_BYTES_PER_MS) this.poolUntil = end + POOL_FOR_MS;
    }
  }
}
