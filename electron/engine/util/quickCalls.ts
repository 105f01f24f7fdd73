// Short file-system calls (metadata, a small read or write of cached data)
// take microseconds when made synchronously, while handing each to libuv's
// thread pool costs a thread wake-up both ways: tens of microseconds on a
// virtual machine, which made a small file's handful of calls the cap on
// files per second. The engine's actors run in their own threads, so a short
// synchronous call stalls no window. Calls that turn out slow (cold reads,
// a disk under pressure) would hold up everything else this thread does, so
// then calls go to the pool for a while, where they overlap with the rest.
// Calls a little over budget now and then are not slow: while small files
// are fsynced, the journal's commits hold metadata calls and writes a
// millisecond or two every few tens of milliseconds, and the scheduler of a
// busy machine pauses a thread mid-call. Sending every call to the pool
// after one of those (as this did) cost a fifth of the CPU per small file,
// measured. What counts is the time calls lose over their budgets. A
// network file system can hang a call outright, which would stop this
// thread (its socket and timers too): calls on one always go to the pool.
import { promises as fs } from 'node:fs';
// Imported, not the global: the global is a getter that code not yet optimized calls each time.
import { performance } from 'node:perf_hooks';

/** Data moves at least this fast when cached (bytes per millisecond). */
const CACHED_BYTES_PER_MS = 1e6;
/** How long calls stay on the pool once they turned out slow. */
const POOL_FOR_MS = 1_000;
/** Time lost by calls over their budgets fades with this time constant… */
const DEBT_FADE_MS = 250;
/**
 * …and calls are slow once it reaches this: calls that lose about 8 % of
 * the thread's time, or one call stalled this long.
 */
const MAX_DEBT_MS = 20;
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

/** Tells from calls' timings when they have turned out slow (see above). */
export class SlowCalls {
  /** Time lost over budgets, faded to `at`. */
  private debtMs = 0;
  private at = 0;

  /** Notes a call that ran from `start` to `end` (ms); true when calls have turned out slow. */
  note(start: number, end: number, budgetMs: number): boolean {
    const over = end - start - budgetMs;
    if (over <= 0) return false;
    this.debtMs = this.debtMs * Math.exp(-(end - this.at) / DEBT_FADE_MS) + over;
    this.at = end;
    if (this.debtMs < MAX_DEBT_MS) return false;
    this.debtMs = 0;
    return true;
  }
}

export class QuickCalls {
  private poolUntil = 0;
  private poolOnly = POOL_ONLY;
  private readonly slow = new SlowCalls();

  /**
   * `budgetMs`: a call taking longer than this (plus its bytes' share) is
   * over budget. `maxQuickBytes`: a larger read or write always goes to the
   * pool. `poolForMs`: how long calls stay on the pool once slow.
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

  /** The same call with the same arguments, in this thread or on the pool. */
  call<A extends unknown[], T>(quick: (...args: A) => T, pooled: (...args: A) => Promise<T>, ...args: A): Promise<T> {
    return this.run(
      () => quick(...args),
      () => pooled(...args),
    );
  }

  /**
   * Runs `quick` in this thread while calls are fast, else `pooled`. `bytes`
   * is what a read or write moves: its budget grows with it.
   */
  async run<T>(quick: () => T, pooled: () => Promise<T>, bytes = 0): Promise<T> {
    const start = performance.now();
    if (this.poolOnly || bytes > this.maxQuickBytes || start < this.poolUntil) return pooled();
    try {
      return quick();
    } finally {
      const end = performance.now();
      if (this.slow.note(start, end, this.budgetMs + bytes / CACHED_BYTES_PER_MS)) this.poolUntil = end + this.poolForMs;
    }
  }
}
