// The receiver's network side: a ZMQ_STREAM socket (raw TCP or IPC bytes)
// with ZeroDrop's own ZMTP 3 framing on top (../zmtp/).
//
// Why not a ROUTER: a ROUTER takes the routing id a peer claims in its
// handshake, and a claimed id equal to the one libzmq generates next for a
// peer without one makes libzmq abort the process (a duplicate-id assertion
// in socket_base.cpp). Here every connection is named by libzmq's STREAM
// counter alone; what a peer claims is read past. The same socket also
// gives what a ROUTER cannot: a reply to one peer that would block is
// known at once (per-peer queues, item 7 of the hardening issue), a
// connection can be closed, and connections can be counted.
import * as zmq from 'zeromq';
import type { FrameData } from '../../../shared/protocol.js';
import { encodeMessage } from '../zmtp/frameWriter.js';
import { openingBytes, PeerConnection } from '../zmtp/peerConnection.js';
import { Connection, handshakesOverdue, passedByCounter, quietest, slowestPartial } from './connections.js';

export interface ListenerLimits {
  maxConnections: number;
  /** Reply bytes waiting for one peer beyond what libzmq holds; past this the peer is gone. */
  maxQueuedReplyBytes: number;
  maxReplyBatchBytes: number;
  maxMessageBytes: number;
  /** Bytes of unfinished messages across all peers; past this the slowest is dropped. */
  maxPartialBytes: number;
  handshakeMs: number;
  readBatchBytes: number;
  kernelSendBufferBytes: number;
  receiveHwm: number;
  sendHwm: number;
}

/** One connection, as the receiver knows it: by a name libzmq gave it. */
export interface Peer {
  readonly key: string;
}

export interface ListenerEvents {
  /** Whether frame `index` of a message starting with `kept` is kept whole (a CHUNK's data). */
  keepWhole(index: number, kept: readonly FrameData[]): boolean;
  message(peer: Peer, frames: FrameData[], frameCount: number): void;
  /** The peer is gone: disconnected, or dropped for a reason given. */
  gone(peer: Peer, why: string): void;
  /** Whether a peer has work under way (replies owed, a transfer moving): it is not dropped for room. */
  busy(peer: Peer): boolean;
}

/** ZMQ_IN_BATCH_SIZE, a draft option: how much libzmq reads at a time. */
const ZMQ_IN_BATCH_SIZE = 101;
const RETRY_BLOCKED_MS = 20;
const RECONNECT_AFTER_STALL_MS = 15_000;
const MAX_CLOSED_REMEMBERED = 4_096;
export class Listener {
  private readonly socket: zmq.Stream;
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Set<Connection>();
  private pumping = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly sweepTimer: NodeJS.Timeout;
  private partialBytes = 0;
  /** Connections not yet gone: the ones that count against maxConnections. */
  private live = 0;
  /** Ids of connections closed from this side, newest last. */
  private readonly closedHere = new Set<string>();
  private paused: Promise<void> | null = null;
  private resume: (() => void) | null = null;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();
  readonly endpoints: string[] = [];

  private constructor(
    private readonly limits: ListenerLimits,
    private readonly events: ListenerEvents,
  ) {
    this.socket = new zmq.Stream({
      linger: 0,
      sendTimeout: 0,
      receiveHighWaterMark: limits.receiveHwm,
      sendHighWaterMark: limits.sendHwm,
      // A connection whose peer stops reading cannot be closed from here
      // (libzmq refuses even the close while its queue is full); the kernel
      // drops it once replies have waited this long (TCP_USER_TIMEOUT, which
      // Linux applies to a zero window too: measured, dropped within 2.5 s
      // of a 2 s setting). A network that stalls longer also ends it.
      tcpMaxRetransmitTimeout: RECONNECT_AFTER_STALL_MS,
      // Replies are small: a peer that has not read this much of them is not
      // reading. A small kernel buffer shows that after hundreds of replies,
      // not the tens of thousands an auto-tuned one would take first.
      sendBufferSize: limits.kernelSendBufferBytes,
    });
    (this.socket as unknown as { setInt32Option(option: number, value: number): void }).setInt32Option(ZMQ_IN_BATCH_SIZE, limits.readBatchBytes);
    this.sweepTimer = setInterval(() => this.sweepHandshakes(), Math.min(1_000, limits.handshakeMs));
  }

  static async open(endpoints: string[], limits: ListenerLimits, events: ListenerEvents): Promise<Listener> {
    const listener = new Listener(limits, events);
    try {
      for (const endpoint of endpoints) {
        if (endpoint.startsWith('inproc://')) throw new Error('inproc:// cannot carry raw ZMTP; use tcp:// or ipc://');
        await listener.socket.bind(endpoint);
        listener.endpoints.push(listener.socket.lastEndpoint ?? endpoint);
      }
    } catch (err) {
      listener.close();
      throw err;
    }
    listener.reading = listener.readLoop();
    return listener;
  }

  /** Settles when reading has ended (after close), or fails with what broke it. */
  get done(): Promise<void> {
    return this.reading;
  }

  /** Queues a reply; never waits on the peer. */
  send(peer: Peer, frames: ReadonlyArray<string | Uint8Array>): void {
    this.queue(peer as Connection, encodeMessage(frames));
  }

  /** Stops reading from every peer until resumed (the receiver's memory budget). */
  pause(): void {
    this.paused ??= new Promise((resolve) => (this.resume = resolve));
  }

  unpause(): void {
    this.resume?.();
    this.paused = null;
    this.resume = null;
  }

  /** Treats a peer as gone: nothing more is read from it or sent to it, and it is disconnected. */
  drop(peer: Peer, why: string): void {
    const conn = peer as Connection;
    if (conn.gone) return;
    conn.gone = true;
    this.live--;
    this.partialBytes -= conn.zmtp.buffered;
    conn.out = [];
    conn.queued = 0;
    this.events.gone(conn, why);
    this.pending.add(conn);
    this.pump();
  }

  get connectionCount(): number {
    return this.live;
  }

  /** Connections still open, those being closed included. */
  get openCount(): number {
    return this.connections.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.unpause();
    this.socket.close();
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      if (this.paused) await this.paused;
      let message: zmq.Message[];
      try {
        message = await this.socket.receive();
      } catch (err) {
        if (this.closed) return;
        throw err;
      }
      this.onBytes(message[0]!, message[1]!);
    }
  }

  private onBytes(id: Buffer, bytes: Buffer): void {
    const key = id.toString('hex');
    const conn = this.connections.get(key);
    // STREAM_NOTIFY: an empty message opens or ends a connection.
    if (bytes.length === 0) {
      if (conn) this.forget(conn, 'disconnected');
      else if (!this.closedHere.delete(key)) this.accept(id);
      return;
    }
    if (!conn || conn.gone) return;
    const before = conn.zmtp.buffered;
    const alive = conn.zmtp.push(bytes);
    if (!alive) return this.drop(conn, conn.zmtp.problem ?? 'a protocol error');
    const after = conn.zmtp.buffered;
    if (before === 0 && after > 0) conn.partialSince = Date.now();
    this.partialBytes += after - before;
    if (this.partialBytes > this.limits.maxPartialBytes) this.dropSlowestPartial();
  }

  private accept(id: Buffer): void {
    for (const old of passedByCounter(this.connections.values(), id)) this.drop(old, 'it has been connected through 4 billion newer connections');
    if (this.live >= this.limits.maxConnections) {
      const victim = quietest(this.connections.values(), (conn) => this.events.busy(conn));
      if (victim) this.drop(victim, `making room for a new connection (at most ${this.limits.maxConnections})`);
    }
    const conn: Connection = new Connection(
      id,
      new PeerConnection(
        { maxMessageBytes: this.limits.maxMessageBytes, maxFrames: 8, cappedFrameBytes: 4097, maxCommandBytes: 4096 },
        {
          keepWhole: (index, kept) => this.events.keepWhole(index, kept),
          message: (frames, count) => {
            conn.lastMessage = Date.now();
            // One read may hold several messages; the peer may be dropped at any of them.
            if (!conn.gone) this.events.message(conn, frames, count);
          },
          send: (bytes) => this.queue(conn, bytes),
        },
      ),
    );
    this.connections.set(conn.key, conn);
    this.live++;
    if (this.live > this.limits.maxConnections) return this.drop(conn, 'too many connections');
    this.queue(conn, openingBytes());
  }

  /**
   * A connection closed from this side: libzmq sends no notice of it, so it
   * is forgotten now; its id is remembered a while in case a notice of the
   * peer's own close crosses ours, which must not look like a new peer.
   */
  private closedByUs(conn: Connection): void {
    this.forget(conn, 'closed');
    this.closedHere.add(conn.key);
    if (this.closedHere.size > MAX_CLOSED_REMEMBERED) this.closedHere.delete(this.closedHere.values().next().value!);
  }

  private forget(conn: Connection, why: string): void {
    this.connections.delete(conn.key);
    this.pending.delete(conn);
    if (!conn.gone) {
      conn.gone = true;
      this.live--;
      this.partialBytes -= conn.zmtp.buffered;
      this.events.gone(conn, why);
    }
  }

  private queue(conn: Connection, bytes: Buffer): void {
    if (conn.gone) return;
    conn.out.push(bytes);
    conn.queued += bytes.length;
    if (conn.queued > this.limits.maxQueuedReplyBytes) return this.drop(conn, 'it does not read its replies');
    this.pending.add(conn);
    this.pump();
  }

  /** Sends what each peer has waiting, one batch per peer; a peer that would block waits for a retry. */
  private pump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void this.pumpAll();
  }

  private async pumpAll(): Promise<void> {
    let blocked = false;
    // No await between the last look at `pending` and clearing `pumping`:
    // a peer queued after that look finds the pump stopped and starts it.
    try {
      for (;;) {
        const ready = [...this.pending].filter((c) => !c.blocked);
        if (ready.length === 0 || this.closed) break;
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
      if (closing) this.closedByUs(conn);
      else if (conn.gone || conn.out.length > 0) this.pending.add(conn);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EAGAIN') {
        this.forget(conn, 'unreachable');
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
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      for (const conn of this.pending) conn.blocked = false;
      this.pump();
    }, RETRY_BLOCKED_MS);
  }

  /** A connection that has not finished its handshake in time holds a slot for nothing. */
  private sweepHandshakes(): void {
    for (const conn of handshakesOverdue(this.connections.values(), this.limits.handshakeMs)) this.drop(conn, 'no handshake in time');
  }

  /** Over the budget for unfinished messages: the one arriving slowest goes. */
  private dropSlowestPartial(): void {
    const slowest = slowestPartial(this.connections.values());
    if (slowest) this.drop(slowest, 'its message arrives too slowly for the memory it holds');
  }
}
