// One at a time, in the order asked: the lock for operations that must not
// overlap, such as binding and unbinding a receiver's socket.

/** Runs tasks one after another, each once the previous one has settled. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not stop the ones queued behind it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Requests that each replace the whole state (start with these options,
 * stop) run one at a time, in the order they came. A request still waiting
 * when a newer one arrives is skipped: running it would only be undone, and
 * a bind undone at once is a port that flickers. Its caller gets the
 * outcome of the newest request instead, so every caller ends up seeing the
 * same final state, whichever request it made.
 */
export class LatestWins<T> {
  private readonly serial = new Serial();
  private newest: Promise<T> | null = null;

  request(apply: () => Promise<T>): Promise<T> {
    // Wrapped, so that the lock never waits on a later request (which waits on the lock).
    const ran = this.serial.run(async () => (this.newest === mine ? { value: await apply() } : null));
    const mine: Promise<T> = ran.then((outcome) => (outcome ? outcome.value : this.newest!));
    this.newest = mine;
    return mine;
  }
}
