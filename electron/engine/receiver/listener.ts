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
//
// What it cannot do is stop reading one peer, so each connection decodes
// what it sent in turns (turns.ts).
import * as zmq from 'zeromq';
import type { FrameData } from '../../../shared/protocol.js';
import { encodeMessage } from '../zmtp/frameWriter.js';
import { openingBytes, PeerConnection } from '../zmtp/peerConnection.js';
import { Connection, handshakesOverdue, mostWaiting, passedByCounter, quietest, slowestPartial } from './connections.js';
import { ReplyPump, type PumpLimits } from './replyPump.js';
import { Turns, type TurnLimits } from './turns.js';
import { PauseLatch } from '../util/pauseLatch.js';

export interface ListenerLimits extends PumpLimits, TurnLimits {
  maxConnections: number;
  maxMessageBytes: number;
  /** Bytes of unfinished messages and of reads waiting for their turn, across all peers; past this one peer is dropped. */
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
  /** Whether frame `index`, of `size` bytes, of a message starting with `kept` is kept whole (a CHUNK's data). */
  keepWhole(index: number, kept: readonly FrameData[], size: number): boolean;
  /** A request: its first frames (capped unless kept whole), its number of frames, those frames' true sizes. */
  message(peer: Peer, frames: FrameData[], frameCount: number, sizes: number[]): void;
  /** The peer is gone: disconnected, or dropped for a reason given. */
  gone(peer: Peer, why: string): void;
  /** Whether a peer has work under way (replies owed, a transfer moving): it is not dropped for room. */
  busy(peer: Peer): boolean;
}

/** ZMQ_IN_BATCH_SIZE, a draft option: how much libzmq reads at a time. */
const ZMQ_IN_BATCH_SIZE = 101;
const RECONNECT_AFTER_STALL_MS = 15_000;
const MAX_CLOSED_REMEMBERED = 4_096;
/**
 * Reading lets the event loop run at least this often: zeromq.js resolves
 * up to 512 receives in a row without it, and a file write's completion (a
 * sender's reply) and the timers wait for it.
 */
const SLICE_MS = 5;
export class Listener {
  private readonly socket: zmq.Stream;
  private readonly pump: ReplyPump;
  private readonly connections = new Map<string, Connection>();
  private readonly turns: Turns;
  private readonly sweepTimer: NodeJS.Timeout;
  private partialBytes = 0;
  /** Connections not yet gone: the ones that count against maxConnections. */
  private live = 0;
  /** Ids of connections closed from this side, newest last. */
  private readonly closedHere = new Set<string>();
  private readonly latch = new PauseLatch();
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
    this.pump = new ReplyPump(this.socket, limits, {
      overflow: (conn) => this.drop(conn, 'it does not read its replies'),
      closed: (conn) => this.closedByUs(conn),
      unreachable: (conn) => this.forget(conn, 'unreachable'),
    });
    this.turns = new Turns(limits, {
      drop: (conn, why) => this.drop(conn, why),
      held: (conn) => this.held(conn),
    });
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
    this.pump.queue(peer as Connection, encodeMessage(frames));
  }

  /** Stops reading from every peer until resumed (the receiver's memory budget). */
  pause(): void {
    this.latch.pause();
  }

  unpause(): void {
    this.latch.unpause();
  }

  /** Treats a peer as gone: nothing more is read from it or sent to it, and it is disconnected. */
  drop(peer: Peer, why: string): void {
    const conn = peer as Connection;
    if (conn.gone) return;
    this.end(conn, why);
    this.pump.close(conn);
  }

  /** The message `peer` is sending now: its frames so far and the bytes of the frame it keeps whole. */
  unfinished(peer: Peer): { frames: readonly FrameData[]; bytes: number } {
    // Only this port's connections have a message under way here (an encrypted peer's arrive whole).
    const zmtp = this.connections.get(peer.key)?.zmtp;
    return zmtp ? { frames: zmtp.unfinished, bytes: zmtp.buffered } : { frames: [], bytes: 0 };
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
    this.pump.stop();
    this.unpause();
    this.socket.close();
  }

  private async readLoop(): Promise<void> {
    let slice = performance.now();
    while (!this.closed) {
      const paused = this.latch.wait;
      if (paused) await paused;
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      // Nothing new to read: the connections with bytes waiting take their turns.
      if (this.turns.pending && !this.closed && !this.socket.readable) {
        this.turns.next();
        continue;
      }
      let message: zmq.Message[];
      try {
        message = await this.socket.receive();
      } catch (err) {
        if (this.closed) return;
        throw err;
      }
      this.onBytes(message[0]!, message[1]!);
      this.turns.betweenReads();
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
    if (conn && !conn.gone) this.turns.read(conn, bytes);
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
          keepWhole: (index, kept, size) => this.events.keepWhole(index, kept, size),
          message: (frames, count, sizes) => {
            conn.lastMessage = Date.now();
            // One turn may hold several messages; the peer may be dropped at any of them.
            if (!conn.gone) this.events.message(conn, frames, count, sizes);
          },
          send: (bytes) => this.pump.queue(conn, bytes),
        },
      ),
    );
    this.connections.set(conn.key, conn);
    this.live++;
    if (this.live > this.limits.maxConnections) return this.drop(conn, 'too many connections');
    this.pump.queue(conn, openingBytes());
  }

  /** Marks `conn` gone: its unread bytes and unsent replies are let go, and the receiver told. */
  private end(conn: Connection, why: string): void {
    conn.gone = true;
    this.live--;
    conn.inbox = [];
    conn.waitingBytes = 0;
    this.count(conn);
    this.turns.forget(conn);
    conn.out = [];
    conn.queued = 0;
    this.events.gone(conn, why);
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
    this.pump.forget(conn);
    if (!conn.gone) this.end(conn, why);
  }

  /** After `conn`'s turn: its share of the partial budget, and the budget kept. */
  private held(conn: Connection): void {
    this.count(conn);
    if (this.partialBytes > this.limits.maxPartialBytes) this.dropForRoom();
  }

  /** Brings `conn`'s share of the partial budget up to date: its unfinished message and its waiting bytes. */
  private count(conn: Connection): void {
    const held = conn.gone ? 0 : conn.zmtp.buffered + conn.waitingBytes;
    this.partialBytes += held - conn.counted;
    conn.counted = held;
  }

  /** A connection that has not finished its handshake in time holds a slot for nothing. */
  private sweepHandshakes(): void {
    for (const conn of handshakesOverdue(this.connections.values(), this.limits.handshakeMs)) this.drop(conn, 'no handshake in time');
  }

  /**
   * Over the budget for bytes not yet made into requests: the peer with the
   * most bytes waiting for their turn goes (it sends faster than it is
   * served), else the one whose unfinished message arrives slowest.
   */
  private dropForRoom(): void {
    const waiting = mostWaiting(this.connections.values());
    if (waiting) return this.drop(waiting, 'it sends requests faster than its turns take them');
    const slowest = slowestPartial(this.connections.values());
    if (slowest) this.drop(slowest, 'its message arrives too slowly for the memory it holds');
  }
}
