// Short file-system calls (metadata, a small read or write) take a few
// microseconds on a local disk when made synchronously, while handing each
// to libuv's thread pool costs a thread wake-up both ways: tens of
// microseconds on a virtual machine, which made a small file's handful of
// calls the cap on files per second. The engine's actors run in their own
// threads, so a short synchronous call stalls no window. A slow file system
// (a network share, a disk under pressure) is noticed by timing the calls:
// for a while after a slow one, calls go through the thread pool again.

/** A synchronous call slower than this sends the next calls to the pool. */
const SLOW_CALL_MS = 4;
/** How long calls stay on the pool after a slow one. */
const POOL_FOR_MS = 2_000;

export class QuickCalls {
  private poolUntil = 0;

  /** Runs `quick` in this thread while calls are fast, else `pooled`. */
  async run<T>(quick: () => T, pooled: () => Promise<T>): Promise<T> {
    const start = performance.now();
    if (start < this.poolUntil) return pooled();
    try {
      return quick();
    } finally {
      const end = performance.now();
      if (end - start > SLOW_CALL_MS) this.poolUntil = end + POOL_FOR_MS;
    }
  }
}
