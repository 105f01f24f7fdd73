// The listener's sending half: each peer's replies wait in a queue of their
// own and leave together once the work at hand is done (one write per peer
// per round of the event loop: the replies of every read, timer and file
// call that ended in it), and nothing ever waits on a peer. A peer whose socket still
// holds unread replies is not read from (it may only slow itself); past
// `maxQueuedReplyBytes` held, or unread for too long, it is gone.
import type { Connection } from './connections.js';

export interface PumpLimits {
  /** Reply bytes held for one peer (queued here or in its socket); past this the peer is gone. */
  maxQueuedReplyBytes: number;
}

export interface PumpEvents {
  /** The peer holds more replies than its bound: it does not read them. */
  overflow(conn: Connection): void;
  /** Whether the peer reads its replies changed (conn.unreadSince). */
  reading(conn: Connection): void;
}

/** Replies queued for one peer that leave at once, not at the end of the round. */
const WRITE_AT_BYTES = 16 * 1024;

export class ReplyPump {
  private readonly pending = new Set<Connection>();
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly limits: PumpLimits,
    private readonly events: PumpEvents,
  ) {}

  /** Queues `bytes` for `conn`; never waits on the peer. */
  queue(conn: Connection, bytes: Buffer): void {
    // Stopped: the port is closing, and nothing more leaves, at once or later.
    if (conn.gone || this.stopped) return;
    conn.out.push(bytes);
    conn.queued += bytes.length;
    if (conn.queued + conn.socket.writableLength > this.limits.maxQueuedReplyBytes) return this.events.overflow(conn);
    // Many replies in one round (a flood's refusals) go at once: the kernel's buffer takes them, not this queue's bound.
    if (conn.queued >= WRITE_AT_BYTES) {
      this.pending.delete(conn);
      return this.write(conn);
    }
    this.pending.add(conn);
    if (this.scheduled) return;
    this.scheduled = true;
    // Not at the next microtask: small files' CLOSE replies come as each
    // flush ends, one file call's completion after another in one poll of
    // the loop, and a write each cost the receiver a system call per file.
    setImmediate(() => this.flush());
  }

  /** A peer's socket took every reply it held. */
  drained(conn: Connection): void {
    conn.unreadSince = 0;
    this.events.reading(conn);
  }

  /** `conn` ended: nothing more is sent to it. */
  forget(conn: Connection): void {
    this.pending.delete(conn);
    conn.out = [];
    conn.queued = 0;
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private flush(): void {
    this.scheduled = false;
    for (const conn of this.pending) this.write(conn);
    this.pending.clear();
  }

  private write(conn: Connection): void {
    const bytes = conn.out.length === 1 ? conn.out[0]! : Buffer.concat(conn.out, conn.queued);
    conn.out = [];
    conn.queued = 0;
    // false: the socket holds more than its mark, the kernel's buffer being full — the peer is not reading.
    if (!conn.socket.write(bytes) && conn.unreadSince === 0) {
      conn.unreadSince = Date.now();
      this.events.reading(conn);
    }
  }
}
