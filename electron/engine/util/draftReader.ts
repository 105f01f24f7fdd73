// Reading a thread-safe (draft) zeromq.js socket — ZMQ_SERVER, ZMQ_CLIENT,
// the encrypted port's — without leaving a receive() pending. zeromq.js
// waits on those through a zmq_poller's fd that libzmq signals and that
// zeromq.js never clears, so a pending receive spins a core for as long as
// it waits, idle or not (zeromq.js issue #429; measured here: an idle
// encrypted receiver at 100 % of a core, and a third of a transfer's CPU).
// So a message is taken only once `readable` says it is there (receive()
// then returns it at once, without the poller), and the socket is looked at
// on a timer: every millisecond while messages flow, backing off to
// QUIET_MS when it falls quiet.

export interface DraftSocket<T> {
  readonly closed: boolean;
  readonly readable: boolean;
  receive(): Promise<T>;
}

/** How long after its last message (or nudge) a socket is looked at every millisecond. */
const ACTIVE_MS = 250;
/** The longest wait between two looks at a quiet socket: the delay a first message may meet. */
export const QUIET_MS = 20;

export class DraftReader<T> {
  private lastActive = Date.now();
  private delay = 1;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly socket: DraftSocket<T>) {}

  /** Messages until the socket closes. */
  async *messages(): AsyncGenerator<T> {
    while (!this.socket.closed) {
      if (this.socket.readable) {
        this.lastActive = Date.now();
        this.delay = 1;
        yield await this.socket.receive();
      } else {
        await this.sleep();
      }
    }
  }

  /** A request just went out: its reply is near, so look often again (and now, if asleep). */
  nudge(): void {
    this.lastActive = Date.now();
    this.delay = 1;
    if (this.timer && this.wake) {
      clearTimeout(this.timer);
      this.timer = null;
      this.wake();
    }
  }

  private sleep(): Promise<void> {
    const active = Date.now() - this.lastActive < ACTIVE_MS;
    this.delay = active ? 1 : Math.min(this.delay * 2, QUIET_MS);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = null;
        resolve();
      }, this.delay);
    });
  }
}
