// The listener's sending half: each peer's replies wait in a bounded queue
// of their own and go to libzmq a batch at a time, without ever waiting on
// a peer. libzmq's STREAM socket says at once when a peer's pipe is full
// (sendTimeout 0: EAGAIN); that peer waits for a retry, the others go on.
import type * as zmq from 'zeromq';
import type { Connection } from './connections.js';

export interface PumpLimits {
  /** Reply bytes waiting for one peer beyond what libzmq holds; past this the peer is gone. */
  maxQueuedReplyBytes: number;
  maxReplyBatchBytes: number;
}

export interface PumpEvents {
  /** The peer's queue is over its bound: it does not read its replies. */
  overflow(conn: Connection): void;
  /** The close of a connection dropped from this side has gone to libzmq. */
  closed(conn: Connection): void;
  /** libzmq no longer knows the connection. */
  unreachable(conn: Connection): void;
}

const RETRY_BLOCKED_MS = 20;

export class ReplyPump {
  private readonly pending = new Set<Connection>();
  private pumping = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly socket: zmq.Stream,
    private readonly limits: PumpLimits,
    private readonly events: PumpEvents,
  ) {}

  /** Queues `bytes` for `conn`; never waits on the peer. */
  queue(conn: Connection, bytes: Buffer): void {
    if (conn.gone) return;
    conn.out.push(bytes);
    conn.queued += bytes.length;
    if (conn.queued > this.limits.maxQueuedReplyBytes) return this.events.overflow(conn);
    this.pending.add(conn);
    this.pump();
  }

  /** Sends the close of `conn`, dropped from this side (its queue already emptied). */
  close(conn: Connection): void {
    this.pending.add(conn);
    this.pump();
  }

  /** `conn` ended: nothing more is sent to it. */
  forget(conn: Connection): void {
    this.pending.delete(conn);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /**
   * Sends what each peer has waiting, one batch per peer; a peer that would
   * block waits for a retry. It starts once the work at hand is done, so the
   * replies of one turn leave together, one send for each peer.
   */
  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    queueMicrotask(() => void this.pumpAll());
  }

  private async pumpAll(): Promise<void> {
    let blocked = false;
    // No await between the last look at `pending` and clearing `pumping`:
    // a peer queued after that look finds the pump stopped and starts it.
    try {
      for (;;) {
        const ready = [...this.pending].filter((c) => !c.blocked);
        if (ready.length === 0 || this.stopped) break;
        for (const conn of ready) {
          this.pending.delete(conn);
          if (!(await this.sendOne(conn))) blocked = true;
        }
      }
    } finally {
      this.pumping = false;
    }
    if (blocked) this.retrySoon();
  }

  /** Sends one batch of `conn`'s replies, or its close; false when it would block. */
  private async sendOne(conn: Connection): Promise<boolean> {
    // An empty message closes a STREAM connection.
    const closing = conn.gone;
    const sent = closing ? [] : this.takeBatch(conn);
    const bytes = sent.length === 1 ? sent[0]! : Buffer.concat(sent);
    try {
      await this.socket.send([conn.id, bytes]);
      // The peer may have been dropped while this was sent: its close is still to go.
      if (closing) this.events.closed(conn);
      else if (conn.gone || conn.out.length > 0) this.pending.add(conn);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EAGAIN') {
        this.events.unreachable(conn);
        return true;
      }
      if (!closing && !conn.gone) {
        conn.out = sent.concat(conn.out);
        conn.queued += bytes.length;
      }
      conn.blocked = true;
      this.pending.add(conn);
      return false;
    }
  }

  /** The replies waiting for `conn`, up to one batch, taken off its queue. */
  private takeBatch(conn: Connection): Buffer[] {
    let count = 0;
    let bytes = 0;
    while (count < conn.out.length && (count === 0 || bytes + conn.out[count]!.length <= this.limits.maxReplyBatchBytes)) {
      bytes += conn.out[count++]!.length;
    }
    conn.queued -= bytes;
    return conn.out.splice(0, count);
  }

  private retrySoon(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      for (const conn of this.pending) conn.blocked = false;
      this.pump();
    }, RETRY_BLOCKED_MS);
  }
}
