// One DEALER connection to a receiver. Replies are matched to requests by
// order alone (PROTOCOL.md §3), so a reply that never comes poisons the
// whole connection: after a bounded wait every request in transit fails.
import * as zmq from 'zeromq';
import type { Reply, Request } from '../../../shared/protocol.js';
import { encodeRequest, parseReply } from '../protocol/codec.js';
import { SendQueue } from '../util/sendQueue.js';

export class ConnectionError extends Error {
  constructor(
    readonly code: 'unreachable' | 'timeout' | 'stopped',
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
  sentAt: number;
}

/** A receiver that has not answered at all within this time is deemed unreachable. */
const FIRST_REPLY_MS = 5_000;

export class Connection {
  private readonly socket: zmq.Dealer;
  private readonly writer: SendQueue;
  private readonly pending: Pending[] = [];
  private pendingHead = 0;
  private lastReplyAt = 0;
  private everReplied = false;
  private everConnected = false;
  private failure: ConnectionError | null = null;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    readonly endpoint: string,
    private readonly replyTimeoutMs: number,
  ) {
    this.socket = new zmq.Dealer({ linger: 0, sendHighWaterMark: 100_000, receiveHighWaterMark: 0 });
    this.socket.events.on('connect', () => (this.everConnected = true));
    // ZeroMQ neither resends what was in flight nor tells the receiver's
    // replies apart across a reconnect: requests owed a reply when the
    // receiver hung up will never have one. Failing them now says so at
    // once, instead of after the reply timeout.
    this.socket.events.on('disconnect', () => {
      if (this.pending.length > this.pendingHead) {
        this.fail(new ConnectionError('stopped', `the receiver at ${this.endpoint} closed the connection before answering: it stopped receiving, or dropped this sender`));
      }
    });
    this.socket.connect(endpoint);
    this.writer = new SendQueue(this.socket, (err) => this.fail(new ConnectionError('unreachable', `cannot send to ${endpoint}: ${String(err)}`)));
    this.watchdog = setInterval(() => this.checkTimeout(), Math.min(500, replyTimeoutMs / 4));
    void this.receiveLoop();
  }

  get broken(): ConnectionError | null {
    return this.failure;
  }

  request(request: Request): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({ resolve, reject, sentAt: Date.now() });
      this.writer.push(encodeRequest(request));
    });
  }

  close(): void {
    if (this.socket.closed) return;
    clearInterval(this.watchdog);
    this.fail(new ConnectionError('unreachable', 'the connection was closed'));
    this.socket.close();
  }

  private async receiveLoop(): Promise<void> {
    try {
      for await (const frames of this.socket) {
        const next = this.pending[this.pendingHead];
        if (!next) continue;
        this.pending[this.pendingHead++] = undefined as unknown as Pending;
        if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
          this.pending.splice(0, this.pendingHead);
          this.pendingHead = 0;
        }
        this.lastReplyAt = Date.now();
        this.everReplied = true;
        next.resolve(parseReply(frames));
      }
    } catch {
      // The socket was closed.
    }
  }

  private checkTimeout(): void {
    const oldest = this.pending[this.pendingHead];
    if (!oldest || this.failure) return;
    const waited = Date.now() - Math.max(oldest.sentAt, this.lastReplyAt);
    const limit = this.everReplied ? this.replyTimeoutMs : Math.min(FIRST_REPLY_MS, this.replyTimeoutMs);
    if (waited < limit) return;
    const seconds = Math.round(limit / 1000);
    if (this.everReplied) {
      this.fail(new ConnectionError('timeout', `the receiver at ${this.endpoint} stopped answering (no reply for ${seconds} s)`));
    } else if (this.everConnected) {
      this.fail(new ConnectionError('unreachable', `${this.endpoint} accepted the connection but did not answer in ${seconds} s: is it a ZeroDrop receiver?`));
    } else {
      this.fail(
        new ConnectionError(
          'unreachable',
          `cannot reach ${this.endpoint} (no connection in ${seconds} s): check that the receiver is listening and that no firewall blocks the port`,
        ),
      );
    }
  }

  private fail(error: ConnectionError): void {
    if (this.failure) return;
    this.failure = error;
    clearInterval(this.watchdog);
    for (let i = this.pendingHead; i < this.pending.length; i++) this.pending[i]!.reject(error);
    this.pending.length = 0;
    this.pendingHead = 0;
  }
}
