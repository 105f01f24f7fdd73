// Bulk transfer work must never starve the thread that serves the UI. On a
// small machine the engine's worker threads (checksums, disk, ZeroMQ I/O)
// can keep every core busy; run at a lower priority, they yield to the
// host's event loop and to the browser whenever those have work.
//
// Linux gives each thread its own nice value, and a thread created later
// (a ZeroMQ I/O thread started by a worker) inherits its creator's, so the
// threads that appear while the actors start are the ones to lower.
import { readdirSync } from 'node:fs';
import os from 'node:os';

/** Nice value of the engine's threads: well below the UI, still far from idle. */
const BULK_NICE = 10;

/** This process's thread ids, or null where the system does not list them. */
export function threadIds(): Set<number> | null {
  try {
    return new Set(readdirSync('/proc/self/task').map(Number));
  } catch {
    return null;
  }
}

/** Lowers the priority of the threads started since `before` was taken. */
export function lowerNewThreads(before: Set<number> | null): void {
  const now = threadIds();
  if (!before || !now) return;
  for (const tid of now) {
    if (before.has(tid)) continue;
    try {
      os.setPriority(tid, BULK_NICE);
    } catch {
      // The thread has ended already: nothing to lower.
    }
  }
}

/**
 * Starts the engine's actors as every shell runs them: their threads (a
 * worker each, and what it starts) at the lower priority. A round trip to
 * each shows its worker running.
 */
export async function startLowered<T extends ReadonlyArray<{ files(): Promise<unknown> }>>(start: () => T): Promise<T> {
  const before = threadIds();
  const actors = start();
  await Promise.all(actors.map((actor) => actor.files()));
  lowerNewThreads(before);
  return actors;
}
