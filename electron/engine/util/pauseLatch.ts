// A read loop's pause: while paused, `wait` is a promise that settles when
// it is let go (the receiver's memory budget stops and restarts reading).
export class PauseLatch {
  private waiting: Promise<void> | null = null;
  private release: (() => void) | null = null;

  /** Null while not paused. */
  get wait(): Promise<void> | null {
    return this.waiting;
  }

  pause(): void {
    this.waiting ??= new Promise((resolve) => (this.release = resolve));
  }

  unpause(): void {
    this.release?.();
    this.waiting = null;
    this.release = null;
  }
}
